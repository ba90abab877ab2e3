package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;

/** Usage errors, bad input and incomplete runs: clear one-line messages and the right exit codes. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(CliRunner.Run r) {
        assertTrue(r.err().startsWith("meshaudit: error: "), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
    }

    @Test
    void missingInputPathIsExitTwo() {
        CliRunner.Run r = CliRunner.run("scan", "--manifests", dir.resolve("missing").toString(), "-o", dir.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertOneLineError(r);
        assertTrue(r.err().contains("not found"));
    }

    @Test
    void unknownOptionSeverityFormatAndFrameworkAreExitTwo() {
        String demo = CliRunner.demo().toString();
        for (String[] args : new String[][] {
                {"scan", "--bogus"},
                {"scan", "--manifests", demo, "--fail-on", "severe"},
                {"scan", "--manifests", demo, "--format", "docx", "-o", dir.toString()},
                {"scan", "--manifests", demo, "--framework", "sox", "-o", dir.toString()},
                {"scan", "--manifests", demo, "--as-of", "yesterday"},
                {"scan"}}) {
            CliRunner.Run r = CliRunner.run(args);
            assertEquals(ExitCodes.USAGE, r.code(), String.join(" ", args) + " → " + r.err());
            assertOneLineError(r);
        }
    }

    @Test
    void mistypedOptionAfterAListOptionIsNotTakenForAPath() {
        // --manifests takes several paths; "--out" (for --output) must not become one of them
        CliRunner.Run r = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--out", dir.toString());
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertOneLineError(r);
        assertTrue(r.err().contains("Unknown option: '--out'"), r.err());
    }

    @Test
    void malformedConfigIsExitTwoWithLine() throws IOException {
        Path cfg = Files.writeString(dir.resolve("meshaudit.yaml"), "frameworks:\n  pci-dss: [unclosed\n");
        CliRunner.Run r = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--config", cfg.toString(),
                "-o", dir.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("meshaudit.yaml:"), r.err());
    }

    @Test
    void unreadableDocumentMakesTheRunIncomplete() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("ok.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
        Files.writeString(in.resolve("bad.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: [oops\n");
        CliRunner.Run r = CliRunner.run("scan", "--manifests", in.toString(), "-o", dir.resolve("out").toString(),
                "--as-of", "2026-11-29");
        assertEquals(ExitCodes.INCOMPLETE, r.code(), r.out() + r.err());
        AuditReport report = ReportJson.read(dir.resolve("out/audit.json"));
        assertFalse(report.complete());
        assertEquals(1, report.collection().issues().size());
        assertTrue(report.collection().issues().get(0).source().contains("bad.yaml:"));
    }

    @Test
    void missingMeshConfigIsErrorNotPass() throws IOException {
        Path in = Files.createDirectories(dir.resolve("app"));
        Files.writeString(in.resolve("app.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n"
                + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop, uid: u1}\nspec:\n  containers:\n"
                + "  - {name: app, ports: [{containerPort: 8080}]}\n  - {name: istio-proxy}\nstatus: {phase: Running}\n");
        CliRunner.Run r = CliRunner.run("scan", "--manifests", in.toString(), "-o", dir.resolve("out").toString(), "-q");
        assertEquals(ExitCodes.INCOMPLETE, r.code());
        AuditReport report = ReportJson.read(dir.resolve("out/audit.json"));
        assertTrue(report.results().stream().anyMatch(x -> x.status() == org.meshaudit.api.Status.ERROR
                && x.message().contains("mesh config")), "expected ERROR citing the missing mesh config");
        assertTrue(report.results().stream().noneMatch(x -> x.ruleId().equals("MTLS-002")
                && x.status() == org.meshaudit.api.Status.PASS));
        // with the documented defaults assumed explicitly the same input is evaluated
        CliRunner.Run assumed = CliRunner.run("scan", "--manifests", in.toString(), "-o", dir.resolve("out2").toString(),
                "-q", "--assume-mesh-defaults");
        assertEquals(ExitCodes.FINDINGS, assumed.code(), assumed.err());
    }

    @Test
    void stdinIsRead() {
        CliRunner.Run r = CliRunner.runWithStdin("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n",
                "scan", "--manifests", "-", "-o", dir.toString(), "--fail-on", "none");
        assertEquals(ExitCodes.OK, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("stdin"), r.out());
    }

    @Test
    void versionListsEngineAndPacks() {
        CliRunner.Run r = CliRunner.run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("meshaudit 0.1.0"), r.out());
        assertTrue(r.out().contains("zero-trust"), r.out());
    }

    @Test
    void scanHelpMatchesGolden() throws IOException {
        CliRunner.Run r = CliRunner.run("scan", "--help");
        assertEquals(0, r.code());
        Path golden = CliRunner.repoRoot().resolve("cli/src/test/resources/golden/scan-help.txt");
        if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
            Files.writeString(golden, r.out());
        }
        assertEquals(Files.readString(golden), r.out());
    }

    @Test
    void policiesValidateAndList() {
        CliRunner.Run v = CliRunner.run("policies", "validate");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("ok  zero-trust"));
        CliRunner.Run l = CliRunner.run("policies", "list");
        assertTrue(l.out().contains("MTLS-001"));
        CliRunner.Run s = CliRunner.run("policies", "show", "NET-002");
        assertTrue(s.out().contains("Remediation"), s.out());
    }

    @Test
    void brokenPackDirIsExitTwoNamingThePath() throws IOException {
        Path pack = Files.createDirectories(dir.resolve("pack/rules/mtls-001-x"));
        Files.writeString(dir.resolve("pack/pack.yaml"), "id: broken\nversion: 0.0.1\n");
        Files.writeString(pack.resolve("rule.yaml"), "id: MTLS-001\nslug: x\n");
        Files.writeString(pack.resolve("rule.drl"), "rule broken");
        CliRunner.Run r = CliRunner.run("policies", "validate", dir.resolve("pack").toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("rule.yaml"), r.err());
    }

    @Test
    void selectorMatchingNothingIsANoticeNotAnIncompleteRun() throws IOException {
        Path in = Files.createDirectories(dir.resolve("sel"));
        Files.writeString(in.resolve("a.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n"
                + "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ghost, namespace: shop}\n"
                + "spec: {selector: {matchLabels: {app: ghost}}, mtls: {mode: DISABLE}}\n");
        CliRunner.Run r = CliRunner.run("scan", "--manifests", in.toString(), "-o", dir.resolve("out").toString(),
                "--assume-mesh-defaults", "--fail-on", "none");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PeerAuthentication/shop/ghost: selector"), r.out());
        AuditReport report = ReportJson.read(dir.resolve("out/audit.json"));
        assertTrue(report.complete());
        assertEquals(1, report.collection().notices().size());
    }

    @Test
    void unknownPeerAuthenticationModeIsAnIssueAndError() throws IOException {
        Path in = Files.createDirectories(dir.resolve("mode"));
        Files.writeString(in.resolve("a.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n---\n"
                + "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: typo, namespace: shop}\n"
                + "spec: {mtls: {mode: STRCT}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n"
                + "spec:\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, ports: [{containerPort: 8080}]}]}\n");
        CliRunner.Run r = CliRunner.run("scan", "--manifests", in.toString(), "-o", dir.resolve("out").toString(),
                "--assume-mesh-defaults");
        assertEquals(ExitCodes.INCOMPLETE, r.code(), r.out() + r.err());
        AuditReport report = ReportJson.read(dir.resolve("out/audit.json"));
        assertTrue(report.collection().issues().stream().anyMatch(i -> i.message().contains("STRCT")), report.collection().issues().toString());
        assertTrue(report.results().stream().anyMatch(x -> x.ruleId().equals("MTLS-002")
                && x.status() == org.meshaudit.api.Status.ERROR));
        assertTrue(report.results().stream().noneMatch(x -> x.ruleId().equals("MTLS-002")
                && x.status() == org.meshaudit.api.Status.PASS), "no PASS for ports the broken policy decides");
    }

    @Test
    void duplicateKeyInAPeerAuthenticationIsIncompleteNeverPass() throws IOException {
        // the demo's storefront has no PeerAuthentication and passes with the mesh-wide STRICT; read as its last value,
        // this PERMISSIVE-then-STRICT policy would keep it passing (threat A07)
        AuditReport report = demoWith("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
                + "metadata: {name: default, namespace: storefront}\nspec:\n  mtls:\n    mode: PERMISSIVE\n"
                + "    mode: STRICT\n");
        assertTrue(report.collection().issues().stream().anyMatch(i -> i.source().endsWith("99-extra.yaml:7")
                && i.kind().equals("parse-error") && i.message().contains("duplicate key \"mode\"")),
                report.collection().issues().toString());
        assertStorefrontNeverPasses(report);
    }

    @Test
    void aPeerAuthenticationThatDoesNotParseIsIncompleteNeverPass() throws IOException {
        // not even its kind could be read by a parser: its lines say what it was, and that kind is not fully read
        AuditReport report = demoWith("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
                + "metadata: {name: default, namespace: storefront}\nspec:\n  mtls: {mode: PERMISSIVE\n");
        assertTrue(report.collection().issues().stream().anyMatch(i -> i.source().contains("99-extra.yaml")
                && i.kind().equals("parse-error")), report.collection().issues().toString());
        assertStorefrontNeverPasses(report);
    }

    /** Scans the demo plus {@code extra} as 99-extra.yaml: exit 3, the report incomplete. */
    private AuditReport demoWith(String extra) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        try (var files = Files.list(CliRunner.demo())) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".json")).toList()) {
                Files.copy(f, in.resolve(f.getFileName()));
            }
        }
        Files.writeString(in.resolve("99-extra.yaml"), extra);
        CliRunner.Run r = CliRunner.run("scan", "--manifests", in.toString(), "-o", dir.resolve("out").toString(),
                "--as-of", "2026-03-01");
        assertEquals(ExitCodes.INCOMPLETE, r.code(), r.out() + r.err());
        AuditReport report = ReportJson.read(dir.resolve("out/audit.json"));
        assertFalse(report.complete());
        return report;
    }

    private static void assertStorefrontNeverPasses(AuditReport report) {
        var storefront = report.results().stream().filter(x -> (x.ruleId().equals("MTLS-001")
                || x.ruleId().equals("MTLS-002")) && "storefront".equals(x.subject().namespace())
                || x.ruleId().equals("MTLS-001") && x.subject().key().equals("Namespace/storefront")).toList();
        assertFalse(storefront.isEmpty(), "storefront is judged");
        assertTrue(storefront.stream().noneMatch(x -> x.status() == org.meshaudit.api.Status.PASS),
                storefront.stream().map(x -> x.ruleId() + " " + x.subject().key() + " " + x.status()).toList().toString());
    }
}
