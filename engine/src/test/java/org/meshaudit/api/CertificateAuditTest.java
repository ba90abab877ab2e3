package org.meshaudit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.CertificateEntry;
import org.meshaudit.report.ReportJson;
import org.meshaudit.report.Result;
import org.meshaudit.testkit.TestCerts;

/** End to end through the engine: Secrets and ConfigMaps with certificate material, and the key-safety promise. */
class CertificateAuditTest {
    static final Instant AS_OF = Instant.parse("2026-11-29T00:00:00Z");
    static final List<Path> PACK = List.of(Path.of("../policies/zero-trust"));

    @TempDir
    Path dir;

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String keyPem(KeyPair k) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(k.getPrivate());
        }
        return w.toString();
    }

    @Test
    void inventoriesSecretAndTrustBundleWithoutKeepingAnyPrivateKey() throws Exception {
        KeyPair rootKey = TestCerts.ec("P-256");
        X509CertificateHolder root = TestCerts.cert().subject("CN=Root,O=cluster.local").key(rootKey).ca(1)
                .validity("2024-01-01T00:00:00Z", "2034-01-01T00:00:00Z").issue();
        KeyPair leafKey = TestCerts.ec("P-256");
        X509CertificateHolder leaf = TestCerts.cert().subject("CN=web").key(leafKey).issuedBy(root, rootKey)
                .dns("web.shop.svc").serverAuth().serial(5).issue();
        String leafKeyPem = keyPem(leafKey);
        String rootKeyPem = keyPem(rootKey);
        String yaml = "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata: {name: web-tls, namespace: shop}\n"
                + "data:\n  tls.crt: " + b64(TestCerts.pem(leaf)) + "\n  tls.key: " + b64(leafKeyPem)
                + "\n  ca.crt: " + b64(TestCerts.pem(root)) + "\n"
                + "---\napiVersion: v1\nkind: Secret\ntype: Opaque\nmetadata: {name: istio-ca-secret, namespace: istio-system}\n"
                + "data:\n  ca-cert.pem: " + b64(TestCerts.pem(root)) + "\n  ca-key.pem: " + b64(rootKeyPem) + "\n"
                + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-ca-root-cert, namespace: shop}\n"
                + "data:\n  root-cert.pem: |\n" + TestCerts.pem(root).indent(4)
                + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config, namespace: shop}\n"
                + "data:\n  leaked.pem: |\n" + (keyPem(leafKey) + TestCerts.pem(root)).indent(4);
        Files.writeString(dir.resolve("objects.yaml"), yaml);
        AuditReport report = new AuditEngine().run(new AuditRequest(List.of(dir.toString()), null, AS_OF, Set.of(),
                "baseline", null, List.of(Path.of("../policies/zero-trust")), Set.of(), true, null));

        assertTrue(report.collection().issues().isEmpty(), report.collection().issues().toString());
        assertEquals(2, report.certificates().size());
        CertificateEntry leafEntry = report.certificates().stream().filter(c -> c.subject().equals("CN=web")).findFirst()
                .orElseThrow();
        assertEquals("valid", leafEntry.chain().status(), String.valueOf(leafEntry.chain().reason()));
        assertEquals(List.of("Secret/shop/web-tls[tls.crt]#1"), leafEntry.sources().stream()
                .map(CertificateEntry.Source::location).toList());
        CertificateEntry rootEntry = report.certificates().stream().filter(c -> c.ca()).findFirst().orElseThrow();
        assertEquals(4, rootEntry.sources().size(), "root deduplicated across all four places it appears");
        Result chain = report.results().stream().filter(r -> r.ruleId().equals("CERT-007")
                && r.subject().name().equals(leafEntry.fingerprint().substring(7, 23))).findFirst().orElseThrow();
        assertEquals(Status.PASS, chain.status(), chain.message());
        assertTrue(chain.evidence().get("sources").toString().contains("Secret/shop/web-tls[tls.crt]#1"));

        // D01-style canary sweep: no private key bytes in any form reach the report
        String json = new String(ReportJson.toBytes(report), StandardCharsets.UTF_8);
        for (String pem : List.of(leafKeyPem, rootKeyPem)) {
            String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
            byte[] der = Base64.getDecoder().decode(body);
            for (String canary : List.of(body.substring(0, 40), b64(pem).substring(0, 40),
                    HexFormat.of().formatHex(der).substring(0, 40))) {
                assertFalse(json.contains(canary), "private key material in the report");
            }
        }
        assertFalse(json.contains("PRIVATE KEY"));
        assertFalse(json.contains("tls.key") || json.contains("ca-key.pem"));
    }

    @Test
    void certificateFilesOnlyRunJudgesAgainstTheAsOfClock() throws Exception {
        KeyPair k = TestCerts.rsa(1024);
        X509CertificateHolder weak = TestCerts.cert().subject("CN=weak").key(k).dns("weak.internal").sig("SHA1withRSA")
                .validity("2025-01-01T00:00:00Z", "2026-06-01T00:00:00Z").issue();
        Path f = dir.resolve("weak.pem");
        Files.writeString(f, TestCerts.pem(weak));
        AuditReport report = new AuditEngine().run(new AuditRequest(List.of(), null, AS_OF, Set.of("zero-trust"),
                "baseline", null, PACK, Set.of(), false, null, List.of(f.toString()), List.of(), null));
        assertEquals(1, report.certificates().size());
        assertEquals("expired", report.certificates().get(0).validity().state());
        for (String rule : List.of("KEY-001", "SIG-001", "CERT-002", "CERT-006")) {
            Result r = report.results().stream().filter(x -> x.ruleId().equals(rule)).findFirst().orElseThrow();
            assertEquals(Status.FAIL, r.status(), rule + ": " + r.message());
            assertTrue(r.message().contains(f.toString()), rule + " names the file: " + r.message());
        }
        byte[] again = ReportJson.toBytes(new AuditEngine().run(new AuditRequest(List.of(), null, AS_OF,
                Set.of("zero-trust"), "baseline", null, PACK, Set.of(), false, null, List.of(f.toString()),
                List.of(), null)));
        assertEquals(new String(ReportJson.toBytes(report), StandardCharsets.UTF_8), new String(again,
                StandardCharsets.UTF_8), "deterministic");
    }
}
