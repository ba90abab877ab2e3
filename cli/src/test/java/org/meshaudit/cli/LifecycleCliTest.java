package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;
import org.meshaudit.report.Requirement;
import org.meshaudit.report.Result;
import org.meshaudit.report.WaiverEntry;

/** The audit lifecycle end to end on the demo cluster: waivers, history, diff, evidence bundles, fleet merge. */
class LifecycleCliTest {
    static final String AS_OF = "2026-11-29T00:00:00Z";
    static final String LEDGER = "DestinationRule/checkout/ledger-plaintext";

    @TempDir
    static Path shared;
    static Path waivers;
    static Path plainJson;
    static Path waivedJson;
    static CliRunner.Run waivedRun;

    @BeforeAll
    static void scans() throws IOException {
        waivers = Files.writeString(shared.resolve("waivers.yaml"), """
                waivers:
                  - id: W-2026-014
                    rules: [MTLS-003]
                    subject: {kind: DestinationRule, namespace: checkout, name: "ledger-*"}
                    justification: legacy ledger client, migration tracked in PAY-812
                    owner: payments-platform
                    ticket: PAY-812
                    approvedBy: ciso
                    created: 2026-01-15
                    expires: 2027-03-31
                  - id: W-2025-003
                    rules: [NET-001]
                    subject: {kind: Namespace, name: legacy}
                    justification: legacy namespace being decommissioned
                    owner: platform
                    expires: 2026-06-30
                  - id: W-2026-020
                    rules: [MTLS-002]
                    subject: {namespace: storefront, labels: {app: frontend}}
                    justification: temporary
                    owner: web
                    expires: 2027-01-31
                """);
        CliRunner.Run plain = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "-o", shared.resolve("plain").toString(), "-q");
        assertEquals(ExitCodes.FINDINGS, plain.code(), plain.err());
        plainJson = shared.resolve("plain/audit.json");
        waivedRun = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "-o", shared.resolve("waived").toString(), "--waivers", waivers.toString());
        waivedJson = shared.resolve("waived/audit.json");
    }

    static Result result(AuditReport r, String ruleId, String key) {
        return r.results().stream().filter(x -> x.ruleId().equals(ruleId) && x.subject().key().equals(key))
                .findFirst().orElseThrow(() -> new AssertionError("no " + ruleId + " on " + key));
    }

    @Test
    void waivedFailStaysListedWithItsWaiver() {
        assertEquals(ExitCodes.FINDINGS, waivedRun.code(), waivedRun.err());
        AuditReport r = ReportJson.read(waivedJson);
        Result x = result(r, "MTLS-003", LEDGER);
        assertEquals(Status.WAIVED, x.status());
        assertEquals("high", x.severity().label());
        assertEquals(result(ReportJson.read(plainJson), "MTLS-003", LEDGER).evidence(), x.evidence());
        assertEquals("W-2026-014", x.waiver().id());
        assertEquals("2027-03-31", x.waiver().expires());
        assertEquals(1, r.summary().byStatus().get("WAIVED"));
        assertEquals(Map.of("active", 1, "expired", 1, "stale", 1, "not-yet-valid", 0), r.summary().waivers());
        Map<String, String> statuses = new java.util.TreeMap<>();
        for (WaiverEntry w : r.waivers()) {
            statuses.put(w.id(), w.status());
        }
        assertEquals(Map.of("W-2026-014", "active", "W-2025-003", "expired", "W-2026-020", "stale"), statuses);
        WaiverEntry expired = r.waivers().get(1);
        assertEquals(List.of(result(r, "NET-001", "Namespace/legacy").id()), expired.resultIds());
        assertEquals(Status.FAIL, result(r, "NET-001", "Namespace/legacy").status(), "an expired waiver does not apply");
        assertTrue(waivedRun.out().contains("Waivers: 1 active, 1 expired, 1 stale"), waivedRun.out());
        assertTrue(waivedRun.out().contains("EXPIRED       W-2025-003"), waivedRun.out());
        assertNotNull(r.metadata().options().get("waivers"));
        assertNull(ReportJson.read(plainJson).waivers(), "no waivers section without waivers");
    }

    @Test
    void waivedFailsDoNotFailRequirementsOrTheExitCode() {
        CliRunner.Run without = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "--rule", "MTLS-003", "-o", shared.resolve("r1").toString(), "-q");
        CliRunner.Run with = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "--rule", "MTLS-003", "-o", shared.resolve("r2").toString(), "-q", "--waivers", waivers.toString());
        assertEquals(ExitCodes.FINDINGS, without.code());
        assertEquals(ExitCodes.OK, with.code(), with.err());
        AuditReport a = ReportJson.read(shared.resolve("r1/audit.json"));
        AuditReport b = ReportJson.read(shared.resolve("r2/audit.json"));
        String id = result(b, "MTLS-003", LEDGER).id();
        int checked = 0;
        for (int f = 0; f < a.frameworks().size(); f++) {
            for (int i = 0; i < a.frameworks().get(f).requirements().size(); i++) {
                Requirement before = a.frameworks().get(f).requirements().get(i);
                Requirement after = b.frameworks().get(f).requirements().get(i);
                if (before.kind().equals("automated") && before.resultIds().contains(id)) {
                    assertEquals(Status.FAIL, before.status(), before.id());
                    assertEquals(Status.PASS, after.status(), after.id() + " must not fail on a waived FAIL");
                    assertEquals(1, after.counts().get("WAIVED"));
                    checked++;
                }
            }
        }
        assertTrue(checked > 0, "the waived result evidences at least one requirement");
    }

    @Test
    void errorIsNeverWaived() throws IOException {
        Path in = Files.createDirectories(shared.resolve("nomesh"));
        Files.writeString(in.resolve("app.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n"
                + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop, uid: u1}\nspec:\n  containers:\n"
                + "  - {name: app, ports: [{containerPort: 8080}]}\n  - {name: istio-proxy}\nstatus: {phase: Running}\n");
        Path all = Files.writeString(shared.resolve("all.yaml"), "waivers:\n  - {id: W-ALL, rules: ['*'], "
                + "justification: everything, owner: me, expires: 2030-01-01}\n");
        CliRunner.Run r = CliRunner.run("scan", "--manifests", in.toString(), "-o", shared.resolve("e").toString(), "-q",
                "--as-of", AS_OF, "--waivers", all.toString());
        assertEquals(ExitCodes.INCOMPLETE, r.code(), r.err());
        AuditReport report = ReportJson.read(shared.resolve("e/audit.json"));
        assertTrue(report.results().stream().anyMatch(x -> x.status() == Status.ERROR));
        assertTrue(report.results().stream().noneMatch(x -> x.status() == Status.ERROR && x.waiver() != null));
        assertTrue(report.waivers().get(0).note().contains("ERROR is never waived"), report.waivers().get(0).note());
    }

    @Test
    void malformedWaiversFileIsExitTwoWithTheLine() throws IOException {
        Path bad = Files.writeString(shared.resolve("bad-waivers.yaml"),
                "waivers:\n  - id: W-1\n    rules: [MTLS-003]\n    owner: o\n    justification: j\n    expires: soon\n");
        CliRunner.Run r = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--waivers", bad.toString(),
                "-o", shared.resolve("bad").toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("meshaudit: error: waivers "), r.err());
        assertTrue(r.err().contains("bad-waivers.yaml:6:"), r.err());
        assertTrue(r.err().contains("not a date"), r.err());
    }

    @Test
    void waiversFromTheConfig() throws IOException {
        Path cfg = Files.writeString(shared.resolve("cfg.yaml"), "waivers: waivers.yaml\n");
        CliRunner.Run r = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "--config", cfg.toString(), "-o", shared.resolve("cfg").toString(), "-q");
        assertEquals(ExitCodes.FINDINGS, r.code(), r.err());
        assertArrayEquals(Files.readAllBytes(waivedJson), Files.readAllBytes(shared.resolve("cfg/audit.json")),
                "same waivers, same bytes");
    }

    @Test
    void historyKeepsTheLastRunsAndTheReportShowsTheTrend() throws IOException {
        Path hist = shared.resolve("history");
        for (String day : List.of("2026-11-27", "2026-11-28", "2026-11-29", "2026-11-29")) {
            CliRunner.Run r = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", day,
                    "-o", shared.resolve("h").toString(), "--history", hist.toString(), "--history-keep", "2");
            assertEquals(ExitCodes.FINDINGS, r.code(), r.err());
            assertTrue(r.out().contains("History: "), r.out());
        }
        assertEquals(2, Files.readAllLines(hist.resolve("history.jsonl")).size());
        AuditReport r = ReportJson.read(shared.resolve("h/audit.json"));
        assertEquals(2, r.trend().size());
        assertEquals(List.of("2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z"),
                r.trend().stream().map(t -> t.asOf()).toList());
        assertEquals(r.summary().mtlsEnforcedShare(), r.trend().get(1).mtlsEnforcedShare());
        assertEquals(r.summary().failuresBySeverity().get("high"), r.trend().get(1).openFindings().get("high"));
    }

    @Test
    void diffShowsTheWaivedFindingAsResolvedAndGatesOnNewFindings() throws IOException {
        CliRunner.Run d = CliRunner.run("diff", plainJson.toString(), waivedJson.toString());
        assertEquals(ExitCodes.OK, d.code(), d.err());
        assertTrue(d.out().contains("Findings: 0 new, 1 resolved"), d.out());
        assertTrue(d.out().contains("MTLS-003"), d.out());
        assertTrue(d.out().contains("now WAIVED"), d.out());
        CliRunner.Run back = CliRunner.run("diff", waivedJson.toString(), plainJson.toString(), "--format", "json",
                "-o", shared.resolve("diff.json").toString());
        assertEquals(ExitCodes.FINDINGS, back.code(), "a new high finding fails the diff");
        String json = Files.readString(shared.resolve("diff.json"));
        assertTrue(json.contains("\"newFindings\""), json);
        assertTrue(json.contains(LEDGER), json);
        assertEquals(ExitCodes.OK, CliRunner.run("diff", waivedJson.toString(), plainJson.toString(),
                "--fail-on", "critical").code());
        assertEquals(ExitCodes.USAGE, CliRunner.run("diff", plainJson.toString(), shared.resolve("nope.json").toString()).code());
        assertEquals(ExitCodes.USAGE, CliRunner.run("diff", plainJson.toString(), plainJson.toString(), "--format", "xml").code());
    }

    @Test
    void signedBundleVerifiesAndTamperingIsCaught() throws Exception {
        Instant now = Instant.now();
        KeyPair caKeys = ec();
        X509Certificate ca = cert("CN=audit root", caKeys.getPublic(), "CN=audit root", caKeys, now, true);
        KeyPair signerKeys = ec();
        X509Certificate signer = cert("CN=audit cronjob", signerKeys.getPublic(), "CN=audit root", caKeys, now, false);
        Path key = pem(shared.resolve("signer.key"), signerKeys.getPrivate());
        Path crt = pem(shared.resolve("signer.crt"), signer, ca);
        Path roots = pem(shared.resolve("roots.pem"), ca);
        KeyPair otherKeys = ec();
        Path otherRoots = pem(shared.resolve("other.pem"),
                cert("CN=other", otherKeys.getPublic(), "CN=other", otherKeys, now, true));
        Path bundle = shared.resolve("bundle");
        CliRunner.Run scan = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--as-of", AS_OF,
                "--bundle", bundle.toString(), "--sign-key", key.toString(), "--sign-cert", crt.toString(), "-q");
        assertEquals(ExitCodes.FINDINGS, scan.code(), scan.err());
        assertTrue(Files.exists(bundle.resolve("audit.json")));
        assertTrue(Files.exists(bundle.resolve("manifest.json.p7s")));
        assertArrayEquals(Files.readAllBytes(plainJson), Files.readAllBytes(bundle.resolve("audit.json")));

        CliRunner.Run ok = CliRunner.run("verify", bundle.toString(), "--trust", roots.toString());
        assertEquals(ExitCodes.OK, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("OK: "), ok.out());

        CliRunner.Run untrusted = CliRunner.run("verify", bundle.toString(), "--trust", otherRoots.toString());
        assertEquals(ExitCodes.VERIFY_FAILED, untrusted.code());
        assertTrue(untrusted.out().startsWith("UNTRUSTED signer CN=audit cronjob"), untrusted.out());

        byte[] b = Files.readAllBytes(bundle.resolve("audit.json"));
        b[b.length / 2] ^= 0x20;
        Files.write(bundle.resolve("audit.json"), b);
        Files.writeString(bundle.resolve("notes.txt"), "added later");
        CliRunner.Run tampered = CliRunner.run("verify", bundle.toString(), "--trust", roots.toString());
        assertEquals(ExitCodes.VERIFY_FAILED, tampered.code());
        assertTrue(tampered.out().contains("CHANGED audit.json"), tampered.out());
        assertTrue(tampered.out().contains("EXTRA notes.txt"), tampered.out());
        assertTrue(tampered.out().contains("FAILED: 2 problem(s)"), tampered.out());

        assertEquals(ExitCodes.USAGE, CliRunner.run("verify", shared.resolve("no-such-dir").toString()).code());
        CliRunner.Run half = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--bundle",
                bundle.toString(), "--sign-key", key.toString());
        assertEquals(ExitCodes.USAGE, half.code());
        assertTrue(half.err().contains("--sign-cert"), half.err());
        CliRunner.Run noBundle = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--sign-key",
                key.toString(), "--sign-cert", crt.toString(), "-o", shared.resolve("nb").toString());
        assertEquals(ExitCodes.USAGE, noBundle.code());
    }

    @Test
    void mergeCombinesClustersWithProvenance() throws IOException {
        Path out1 = shared.resolve("fleet1");
        CliRunner.Run m = CliRunner.run("merge", plainJson.toString(), waivedJson.toString(),
                "--name", plainJson + "=prod-eu", "--name", waivedJson + "=prod-us", "-o", out1.toString());
        assertEquals(ExitCodes.OK, m.code(), m.err());
        assertTrue(m.out().contains("Merged 2 report(s): fleet: prod-eu, prod-us"), m.out());
        AuditReport a = ReportJson.read(plainJson);
        AuditReport b = ReportJson.read(waivedJson);
        AuditReport f = ReportJson.read(out1.resolve("audit.json"));
        assertEquals(a.results().size() + b.results().size(), f.results().size());
        assertEquals(a.summary().byStatus().get("FAIL") + b.summary().byStatus().get("FAIL"),
                f.summary().byStatus().get("FAIL"));
        assertEquals(1, f.summary().byStatus().get("WAIVED"));
        assertEquals(a.summary().workloadPorts() * 2, f.summary().workloadPorts());
        assertEquals(f.results().size(), f.results().stream().map(Result::id).distinct().count(), "ids stay unique");
        assertEquals(List.of("prod-eu", "prod-us"), f.metadata().inputs().stream().map(i -> i.cluster()).toList());
        assertEquals(a.metadata().runId(), f.metadata().inputs().get(0).runId());
        assertEquals(b.metadata().inputDigest(), f.metadata().inputs().get(1).inputDigest());
        assertEquals("prod-us", f.waivers().get(0).cluster());

        Path out2 = shared.resolve("fleet2");
        assertEquals(ExitCodes.OK, CliRunner.run("merge", waivedJson.toString(), plainJson.toString(),
                "--name", waivedJson + "=prod-us", "--name", plainJson + "=prod-eu", "-o", out2.toString()).code());
        assertArrayEquals(Files.readAllBytes(out1.resolve("audit.json")), Files.readAllBytes(out2.resolve("audit.json")),
                "same inputs give the same bytes");

        CliRunner.Run same = CliRunner.run("merge", plainJson.toString(), waivedJson.toString(), "-o",
                shared.resolve("fleet3").toString());
        assertEquals(ExitCodes.USAGE, same.code(), "both inputs default to the name demo-cluster");
        assertTrue(same.err().contains("--name"), same.err());

        Path v2 = Files.writeString(shared.resolve("v2.json"),
                Files.readString(plainJson).replace("\"meshaudit.org/v1\"", "\"meshaudit.org/v2\""));
        CliRunner.Run incompatible = CliRunner.run("merge", plainJson.toString(), v2.toString(), "-o",
                shared.resolve("fleet4").toString());
        assertEquals(ExitCodes.USAGE, incompatible.code());
        assertTrue(incompatible.err().contains("incompatible apiVersion meshaudit.org/v2"), incompatible.err());
    }

    // ---- test PKI (made on the fly; no key is committed) ----

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static X509Certificate cert(String subject, java.security.PublicKey key, String issuer, KeyPair issuerKeys,
                                Instant now, boolean ca) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli() + subject.hashCode()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(30, ChronoUnit.DAYS)), new X500Name(subject), key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    static Path pem(Path file, Object... objects) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                // keys as PKCS#8 "PRIVATE KEY" (the form openssl genpkey writes)
                p.writeObject(o instanceof java.security.PrivateKey k
                        ? new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", k.getEncoded()) : o);
            }
        }
        return Files.writeString(file, w.toString());
    }
}
