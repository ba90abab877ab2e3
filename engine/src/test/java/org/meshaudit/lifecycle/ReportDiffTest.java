package org.meshaudit.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meshaudit.lifecycle.Reports.port;
import static org.meshaudit.lifecycle.Reports.report;
import static org.meshaudit.lifecycle.Reports.result;
import static org.meshaudit.lifecycle.Reports.workload;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;

/** Drift on crafted report pairs: findings by id, status changes, posture and certificates. */
class ReportDiffTest {
    @TempDir
    Path dir;

    static final AuditReport OLD = report("run-old", "2026-11-01T00:00:00Z", "manifests: shop", List.of(
            result("MTLS-002", "Deployment/shop/ledger:8080", Status.FAIL, Severity.HIGH),
            result("MTLS-003", "DestinationRule/shop/plain", Status.FAIL, Severity.HIGH),
            result("NET-001", "Namespace/shop", Status.FAIL, Severity.MEDIUM),
            result("AUTHZ-001", "Deployment/shop/web", Status.PASS, Severity.HIGH),
            result("MTLS-004", "Deployment/shop/batch", Status.FAIL, Severity.LOW)),
            List.of(workload("shop", "ledger", "istio-sidecar", port("8080", true, "STRICT"), port("9090", false, "PERMISSIVE")),
                    workload("shop", "web", "istio-sidecar", port("8080", true, "STRICT")),
                    workload("shop", "old", "none", port("80", false, "none"))));

    static final AuditReport NEW = report("run-new", "2026-11-29T00:00:00Z", "manifests: shop", List.of(
            result("MTLS-002", "Deployment/shop/ledger:8080", Status.FAIL, Severity.HIGH),
            result("MTLS-003", "DestinationRule/shop/plain", Status.PASS, Severity.HIGH),
            result("AUTHZ-001", "Deployment/shop/web", Status.ERROR, Severity.HIGH),
            result("MTLS-004", "Deployment/shop/batch", Status.WAIVED, Severity.LOW),
            result("MTLS-005", "Deployment/shop/web:9000", Status.FAIL, Severity.CRITICAL),
            result("NET-002", "Ingress/shop/www", Status.FAIL, Severity.MEDIUM)),
            List.of(workload("shop", "ledger", "istio-sidecar", port("8080", false, "DISABLE"), port("9090", true, "STRICT")),
                    workload("shop", "web", "istio-ambient", port("8080", true, "STRICT"), port("9000", false, "STRICT")),
                    workload("shop", "api", "linkerd", port("8080", true, "all-authenticated"))));

    @Test
    void findingsByStableId() {
        ReportDiff.Diff d = ReportDiff.diff(OLD, NEW);
        assertEquals(List.of("MTLS-005 CRITICAL", "NET-002 MEDIUM"),
                d.newFindings().stream().map(f -> f.ruleId() + " " + f.severity().toUpperCase()).toList());
        assertEquals("absent", d.newFindings().get(0).was());
        assertEquals(Map.of("MTLS-003", "PASS", "NET-001", "absent", "MTLS-004", "WAIVED"),
                Map.copyOf(d.resolved().stream().collect(java.util.stream.Collectors.toMap(f -> f.ruleId(), f -> f.now()))));
        assertEquals(List.of("MTLS-002"), d.persisting().stream().map(ReportDiff.Finding::ruleId).toList());
        assertEquals(1, d.statusChanges().size());
        ReportDiff.StatusChange c = d.statusChanges().get(0);
        assertEquals("AUTHZ-001 PASS ERROR", c.ruleId() + " " + c.was() + " " + c.now());
        assertEquals(new ReportDiff.Counts(2, 3, 1, 1, d.posture().size(), 0), d.counts());
    }

    @Test
    void postureChanges() {
        List<String> changes = ReportDiff.diff(OLD, NEW).posture().stream()
                .map(p -> p.change() + " " + p.workload() + (p.port() == null ? "" : ":" + p.port())).toList();
        assertEquals(java.util.Set.of(
                "workload-added Deployment/shop/api",
                "mtls-lost Deployment/shop/ledger:8080/TCP",
                "mtls-gained Deployment/shop/ledger:9090/TCP",
                "workload-removed Deployment/shop/old",
                "dataplane-changed Deployment/shop/web",
                "port-added Deployment/shop/web:9000/TCP"), java.util.Set.copyOf(changes));
        assertEquals(6, changes.size());
        ReportDiff.PostureChange lost = ReportDiff.diff(OLD, NEW).posture().stream()
                .filter(p -> p.change().equals("mtls-lost")).findFirst().orElseThrow();
        assertEquals("STRICT", lost.was());
        assertEquals("DISABLE", lost.now());
    }

    @Test
    void certificateChanges() throws IOException {
        AuditReport a = Reports.withCertificates(OLD, dir, "sha256:aa|CN=web|2026-12-01T00:00:00Z",
                "sha256:bb|CN=old-ca|2030-01-01T00:00:00Z", "sha256:dd|CN=same|2027-01-01T00:00:00Z");
        AuditReport b = Reports.withCertificates(NEW, dir, "sha256:cc|CN=web|2027-03-01T00:00:00Z",
                "sha256:ee|CN=new-ca|2031-01-01T00:00:00Z", "sha256:dd|CN=same|2027-01-01T00:00:00Z");
        List<String> got = ReportDiff.diff(a, b).certificates().stream()
                .map(c -> c.change() + " " + c.subject() + " " + c.notAfter()
                        + (c.previousNotAfter() == null ? "" : " was " + c.previousNotAfter())).toList();
        assertEquals(List.of("added CN=new-ca 2031-01-01T00:00:00Z", "removed CN=old-ca 2030-01-01T00:00:00Z",
                "expiry-moved CN=web 2027-03-01T00:00:00Z was 2026-12-01T00:00:00Z"), got);
    }

    @Test
    void identicalReportsHaveNoDrift() {
        ReportDiff.Diff d = ReportDiff.diff(OLD, OLD);
        assertEquals(new ReportDiff.Counts(0, 0, 4, 0, 0, 0), d.counts());
        assertFalse(ReportDiff.hasNewAtOrAbove(d, Severity.INFO));
    }

    @Test
    void thresholdAndRendering() {
        ReportDiff.Diff d = ReportDiff.diff(OLD, NEW);
        assertTrue(ReportDiff.hasNewAtOrAbove(d, Severity.HIGH));
        assertTrue(ReportDiff.hasNewAtOrAbove(d, Severity.CRITICAL));
        assertFalse(ReportDiff.hasNewAtOrAbove(ReportDiff.diff(OLD, report("r", "2026-11-29T00:00:00Z", "s",
                List.of(result("NET-002", "Ingress/shop/www", Status.FAIL, Severity.MEDIUM)), List.of())),
                Severity.HIGH));
        assertFalse(ReportDiff.hasNewAtOrAbove(d, null));
        StringWriter w = new StringWriter();
        ReportDiff.table(d, new PrintWriter(w));
        String t = w.toString();
        assertTrue(t.contains("Findings: 2 new, 3 resolved, 1 persisting"), t);
        assertTrue(t.contains("CRITICAL MTLS-005"), t);
        assertTrue(t.contains("mtls-lost"), t);
        assertArrayEquals(ReportDiff.json(d), ReportDiff.json(ReportDiff.diff(OLD, NEW)), "deterministic JSON");
        assertTrue(new String(ReportDiff.json(d)).contains("AuditDiff"));
    }
}
