package org.meshaudit.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meshaudit.lifecycle.Reports.port;
import static org.meshaudit.lifecycle.Reports.report;
import static org.meshaudit.lifecycle.Reports.result;
import static org.meshaudit.lifecycle.Reports.workload;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.api.UsageException;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;
import org.meshaudit.report.Requirement;
import org.meshaudit.report.Result;

/** Fleet merge: counts, unique and stable ids, recomputed roll-ups, provenance, determinism. */
class ReportMergeTest {
    static final AuditReport EU = report("run-eu", "2026-11-29T00:00:00Z", "manifests: clusters/prod-eu", List.of(
            result("MTLS-002", "Deployment/shop/ledger:8080", Status.FAIL, Severity.HIGH),
            result("AUTHZ-001", "Deployment/shop/web", Status.PASS, Severity.HIGH)),
            List.of(workload("shop", "ledger", "istio-sidecar", port("8080", false, "DISABLE")),
                    workload("shop", "web", "istio-sidecar", port("8080", true, "STRICT"))));
    static final AuditReport US = report("run-us", "2026-11-28T00:00:00Z", "manifests: clusters/prod-us/", List.of(
            result("MTLS-002", "Deployment/shop/ledger:8080", Status.PASS, Severity.HIGH),
            result("AUTHZ-001", "Deployment/shop/web", Status.PASS, Severity.HIGH),
            result("NET-001", "Namespace/shop", Status.FAIL, Severity.MEDIUM)),
            List.of(workload("shop", "ledger", "istio-sidecar", port("8080", true, "STRICT"))));

    static List<ReportMerge.Input> inputs() {
        return List.of(new ReportMerge.Input(US, ReportMerge.defaultName(US), "sha-us"),
                new ReportMerge.Input(EU, ReportMerge.defaultName(EU), "sha-eu"));
    }

    @Test
    void keepsCountsAndAddsTheCluster() {
        AuditReport m = ReportMerge.merge(inputs());
        assertEquals(5, m.results().size());
        assertEquals(5, m.summary().results());
        assertEquals(2, m.summary().byStatus().get("FAIL"));
        assertEquals(3, m.summary().byStatus().get("PASS"));
        assertEquals(1, m.summary().failuresBySeverity().get("high"));
        assertEquals(1, m.summary().failuresBySeverity().get("medium"));
        assertEquals(3, m.summary().workloads());
        assertEquals(3, m.summary().workloadPorts());
        assertEquals(2, m.summary().mtlsEnforcedPorts());
        assertEquals(0.6667, m.summary().mtlsEnforcedShare());
        assertEquals(Set.of("prod-eu", "prod-us"), Set.copyOf(m.results().stream().map(Result::cluster).toList()));
        assertEquals(List.of("prod-eu", "prod-eu", "prod-us"),
                m.posture().workloads().stream().map(w -> w.cluster()).toList());
        assertEquals(List.of("prod-eu/rootNamespace", "prod-us/rootNamespace"), List.copyOf(m.posture().mesh().keySet()));
    }

    @Test
    void idsAreUniqueStableAndDerivedFromClusterAndOriginalId() {
        AuditReport m = ReportMerge.merge(inputs());
        Set<String> ids = new HashSet<>();
        m.results().forEach(r -> ids.add(r.id()));
        assertEquals(5, ids.size(), "the same rule and subject in two clusters get two ids");
        Result eu = m.results().stream().filter(r -> r.cluster().equals("prod-eu") && r.ruleId().equals("MTLS-002"))
                .findFirst().orElseThrow();
        assertEquals(ReportMerge.mergedId("prod-eu", EU.results().get(0).id()), eu.id());
        assertNotEquals(EU.results().get(0).id(), eu.id());
    }

    @Test
    void rollUpIsRecomputedAcrossClusters() {
        AuditReport m = ReportMerge.merge(inputs());
        Requirement r = m.frameworks().get(0).requirements().get(0);
        assertEquals(Status.FAIL, r.status(), "a FAIL in any cluster fails the fleet requirement");
        assertEquals(5, r.resultIds().size());
        assertTrue(r.resultIds().contains(ReportMerge.mergedId("prod-us", US.results().get(2).id())));
        assertEquals(List.of("prod-eu/shop", "prod-us/shop"), m.frameworks().get(0).scope().namespaces());
    }

    @Test
    void metadataListsEveryInputAsProvenance() {
        AuditReport m = ReportMerge.merge(inputs());
        assertEquals(2, m.metadata().inputs().size());
        var first = m.metadata().inputs().get(0);
        assertEquals("prod-eu", first.cluster());
        assertEquals("run-eu", first.runId());
        assertEquals("2026-11-29T00:00:00Z", first.asOf());
        assertEquals("manifests: clusters/prod-eu", first.source());
        assertEquals("sha-run-eu", first.inputDigest());
        assertEquals("sha-eu", first.sha256());
        assertEquals("2026-11-29T00:00:00Z", m.metadata().asOf(), "the latest input's clock");
        assertEquals("fleet: prod-eu, prod-us", m.metadata().source());
        assertTrue(m.metadata().runId().startsWith("merge-"));
        assertEquals(1, m.metadata().packs().size(), "the same pack is listed once");
    }

    @Test
    void sameInputsInAnyOrderGiveTheSameBytes() {
        byte[] a = ReportJson.toBytes(ReportMerge.merge(inputs()));
        byte[] b = ReportJson.toBytes(ReportMerge.merge(List.of(inputs().get(1), inputs().get(0))));
        assertArrayEquals(a, b);
    }

    @Test
    void duplicateNamesAndForeignApiVersionsAreRejected() {
        assertThrows(UsageException.class, () -> ReportMerge.merge(List.of(new ReportMerge.Input(EU, "x", "1"),
                new ReportMerge.Input(US, "x", "2"))));
        AuditReport v2 = new AuditReport("meshaudit.org/v2", EU.kind(), EU.metadata(), EU.summary(), EU.frameworks(),
                EU.results(), EU.posture(), List.of(), EU.collection());
        UsageException e = assertThrows(UsageException.class, () -> ReportMerge.merge(List.of(
                new ReportMerge.Input(EU, "eu", "1"), new ReportMerge.Input(v2, "v2", "2"))));
        assertTrue(e.getMessage().contains("meshaudit.org/v2"), e.getMessage());
    }
}
