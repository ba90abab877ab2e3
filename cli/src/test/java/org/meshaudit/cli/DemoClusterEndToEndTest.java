package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.api.Status;
import org.meshaudit.evaluate.PackLoader;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.PortEntry;
import org.meshaudit.report.ReportJson;
import org.meshaudit.report.Result;
import org.meshaudit.report.WorkloadEntry;

/** The demo cluster's known findings (examples/demo-cluster/README.md), exit codes and determinism. */
class DemoClusterEndToEndTest {
    static final String AS_OF = "2026-11-29T00:00:00Z";
    static AuditReport report;
    static CliRunner.Run run;

    @TempDir
    static Path shared;

    @BeforeAll
    static void scan() {
        run = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "--output", shared.resolve("a").toString());
        report = ReportJson.read(shared.resolve("a/audit.json"));
    }

    static Result result(String ruleId, String key) {
        return report.results().stream().filter(r -> r.ruleId().equals(ruleId) && r.subject().key().equals(key))
                .findFirst().orElse(null);
    }

    static Stream<Arguments> findings() {
        return Stream.of(
                Arguments.of("MTLS-001", "Namespace/checkout", "high", "PERMISSIVE"),
                Arguments.of("MTLS-001", "Namespace/inventory", "high", "DISABLE"),
                Arguments.of("MTLS-002", "Deployment/checkout/ledger:8080", "high", "DISABLE"),
                Arguments.of("MTLS-003", "DestinationRule/checkout/ledger-plaintext", "high", "DISABLE"),
                Arguments.of("MTLS-004", "Deployment/payments-batch/settlement-export", "high", "sidecar.istio.io/inject"),
                Arguments.of("MTLS-004", "Deployment/legacy/billing", "high", "not in a mesh"),
                Arguments.of("MTLS-004", "Deployment/legacy/sftp-bridge", "high", "not in a mesh"),
                Arguments.of("MTLS-005", "Deployment/checkout/payments", "high", "9000"),
                Arguments.of("MTLS-005", "Pod/analytics/events-collector-5f7d9c8b6d-h8m2s", "high", "8125"),
                Arguments.of("AUTHZ-002", "AuthorizationPolicy/checkout/allow-all-debug", "high", "empty"),
                Arguments.of("AUTHZ-002", "Pod/analytics/events-db-0", "high", "9187"),
                Arguments.of("AUTHZ-002", "Pod/analytics/events-collector-5f7d9c8b6d-h8m2s", "high", "8080"),
                Arguments.of("NET-002", "Gateway/legacy/billing-edge:80", "high", "HTTP"),
                Arguments.of("NET-002", "Ingress/legacy/billing-legacy", "high", "without TLS"),
                Arguments.of("NET-001", "Namespace/checkout", "high", "ingress and egress"),
                Arguments.of("NET-001", "Namespace/analytics", "high", "egress"),
                Arguments.of("NET-001", "Namespace/legacy", "high", "no NetworkPolicy"),
                Arguments.of("AUTHZ-001", "Pod/analytics/events-collector-5f7d9c8b6d-h8m2s", "high", "no authorization"),
                Arguments.of("PCI-EGR-001", "ServiceEntry/checkout/fraud-score:80", "critical", "unencrypted"),
                Arguments.of("PCI-TLS-001", "Ingress/legacy/billing-legacy", "critical", "accepts HTTP"),
                Arguments.of("PCI-TLS-001", "Gateway/storefront/shop-gateway:80", "high", "redirects"),
                // row 18: the edge certificate (Secret/istio-system/shop-tls) names shop.example.com only
                Arguments.of("CERT-005", "X509Certificate/2f6a3ddc220fee90", "medium",
                        "api.shop.example.com (Gateway/storefront/shop-gateway:443); billing.shop.example.com"
                                + " (Gateway/legacy/billing-edge:443); www.shop.example.com"
                                + " (Ingress/storefront/storefront-www)"));
    }

    @ParameterizedTest(name = "{0} fails on {1}")
    @MethodSource("findings")
    void reportsEveryPlantedViolation(String ruleId, String subject, String severity, String detail) {
        Result r = result(ruleId, subject);
        assertNotNull(r, ruleId + " has no result for " + subject);
        assertEquals(Status.FAIL, r.status(), r.message());
        assertEquals(severity, r.severity().label());
        assertTrue(r.message().contains(detail), r.message());
        assertNotNull(r.remediation());
        assertFalse(r.controls().isEmpty());
    }

    static Stream<Arguments> compliant() {
        return Stream.of(
                Arguments.of("MTLS-001", "Namespace/storefront"),
                Arguments.of("MTLS-001", "Namespace/reporting"),
                Arguments.of("MTLS-001", "Namespace/analytics"),
                Arguments.of("MTLS-001", "Namespace/payments-batch"),
                Arguments.of("MTLS-002", "Deployment/checkout/ledger:9090"),
                Arguments.of("NET-001", "Namespace/storefront"),
                Arguments.of("NET-001", "Namespace/inventory"),
                Arguments.of("AUTHZ-001", "Pod/analytics/events-db-0"),
                Arguments.of("MTLS-004", "CronJob/payments-batch/nightly-reconcile"),
                Arguments.of("NET-002", "Ingress/storefront/storefront-www"),
                Arguments.of("CERT-004", "X509Certificate/2f6a3ddc220fee90"),
                Arguments.of("CERT-007", "X509Certificate/2f6a3ddc220fee90"));
    }

    @ParameterizedTest(name = "{0} passes on {1}")
    @MethodSource("compliant")
    void passesCompliantSubjects(String ruleId, String subject) {
        Result r = result(ruleId, subject);
        assertNotNull(r, ruleId + " has no result for " + subject);
        assertEquals(Status.PASS, r.status(), r.message());
    }

    @Test
    void exitsOneForHighFindingsAndPrintsASummary() {
        assertEquals(ExitCodes.FINDINGS, run.code(), run.err());
        assertTrue(run.out().contains("Workloads:"), run.out());
        assertTrue(run.out().contains("MTLS-003"), run.out());
        assertTrue(run.out().contains("Exit 1"), run.out());
        assertFalse(run.err().contains("INFO"), "library INFO logging leaks: " + run.err());
        assertTrue(report.complete());
    }

    @Test
    void sameInputAndAsOfGiveByteIdenticalJson() throws IOException {
        CliRunner.Run again = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "--output", shared.resolve("b").toString(), "-q");
        assertEquals(ExitCodes.FINDINGS, again.code());
        assertArrayEquals(Files.readAllBytes(shared.resolve("a/audit.json")), Files.readAllBytes(shared.resolve("b/audit.json")));
    }

    @Test
    void aTurkishLocaleAndAnotherTimeZoneChangeNothing() throws IOException {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        try {
            // under tr-TR, "I".toLowerCase() is a dotless ı: rule ids such as SIG-001 no longer match their folders
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertEquals(List.of("gdpr", "hipaa", "pci-dss", "zero-trust"), PackLoader.fromClasspath(
                    getClass().getClassLoader()).stream().map(p -> p.id()).sorted().toList());
            CliRunner.Run r = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                    "--output", shared.resolve("tr").toString(), "-q");
            assertEquals(ExitCodes.FINDINGS, r.code(), r.err());
            assertArrayEquals(Files.readAllBytes(shared.resolve("a/audit.json")),
                    Files.readAllBytes(shared.resolve("tr/audit.json")));
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void postureHasEveryWorkloadWithPortsAndCatchAll() {
        WorkloadEntry frontend = report.posture().workloads().stream()
                .filter(w -> w.name().equals("frontend-7d9c6b8f5d-4xk2p")).findFirst().orElseThrow();
        assertEquals("istio-sidecar", frontend.dataplane());
        assertEquals("observed", frontend.dataplaneSource());
        PortEntry p8080 = frontend.ports().stream().filter(p -> p.port().equals("8080")).findFirst().orElseThrow();
        assertEquals("STRICT", p8080.serverMode());
        assertTrue(p8080.mtlsRequired());
        assertEquals("MESH", p8080.decidedAt());
        assertEquals(List.of("PeerAuthentication/istio-system/default"), p8080.decidedBy());
        assertEquals("*", frontend.ports().get(frontend.ports().size() - 1).port());
        WorkloadEntry ledger = report.posture().workloads().stream()
                .filter(w -> w.kind().equals("Deployment") && w.name().equals("ledger")).findFirst().orElseThrow();
        assertEquals("predicted", ledger.dataplaneSource());
        PortEntry l8080 = ledger.ports().stream().filter(p -> p.port().equals("8080")).findFirst().orElseThrow();
        assertEquals("DISABLE", l8080.serverMode());
        assertEquals("PORT", l8080.decidedAt());
        assertTrue(report.summary().workloadPorts() > report.summary().mtlsEnforcedPorts());
    }

    @Test
    void failOnThresholdControlsTheExitCode(@TempDir Path out) {
        assertEquals(ExitCodes.FINDINGS, CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "-o", out.toString(), "--fail-on", "critical", "-q").code(), "PCI-EGR-001 is critical");
        assertEquals(ExitCodes.OK, CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "-o", out.toString(), "--fail-on", "critical", "--framework", "zero-trust", "-q").code());
        assertEquals(ExitCodes.OK, CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "-o", out.toString(), "--fail-on", "none", "-q").code());
        assertEquals(ExitCodes.FINDINGS, CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of",
                AS_OF, "-o", out.toString(), "--fail-on", "medium", "-q").code());
    }

    @Test
    void reportReRendersFromSavedJson(@TempDir Path out) throws IOException {
        CliRunner.Run r = CliRunner.run("report", "--from", shared.resolve("a/audit.json").toString(), "-o", out.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertArrayEquals(Files.readAllBytes(shared.resolve("a/audit.json")), Files.readAllBytes(out.resolve("audit.json")));
    }

    @Test
    void postureCommandPrintsTheTable() {
        CliRunner.Run r = CliRunner.run("posture", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF);
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("Deployment/checkout/ledger"), r.out());
        assertTrue(r.out().contains("PeerAuthentication/checkout/ledger-legacy-http"), r.out());
    }
}
