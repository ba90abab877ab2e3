package org.meshaudit.policies.zerotrust;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.meshaudit.testkit.TestCerts;

/**
 * Writes the certificate rule fixtures (PEM + text dump + expected.yaml). Run on purpose only:
 * {@code mvn -o test -pl policies/zero-trust -Dtest=CertificateFixtureGenerator -Dfixtures.generate=true}. The output is
 * committed; no private key is written.
 */
@EnabledIfSystemProperty(named = "fixtures.generate", matches = "true")
class CertificateFixtureGenerator {
    private static final String SCT = "1.3.6.1.4.1.11129.2.4.2";
    private final Path rules = Path.of(System.getProperty("meshaudit.pack.dir")).resolve("rules");
    private KeyPair rootKey;
    private X509CertificateHolder root;
    private KeyPair rsaRootKey;
    private X509CertificateHolder rsaRoot;

    @Test
    void generate() throws Exception {
        rootKey = TestCerts.ec("P-256");
        root = TestCerts.cert().subject("CN=Fixture Root CA,O=meshaudit-test").key(rootKey).ca(1)
                .validity("2024-01-01T00:00:00Z", "2034-01-01T00:00:00Z").serial(100).issue();
        rsaRootKey = TestCerts.rsa(3072);
        rsaRoot = TestCerts.cert().subject("CN=Fixture RSA Root CA,O=meshaudit-test").key(rsaRootKey).ca(1)
                .validity("2024-01-01T00:00:00Z", "2034-01-01T00:00:00Z").serial(101).issue();

        // KEY-001
        leaf("key-001-rsa-minimum-size", "pass-rsa-3072", TestCerts.rsa(3072), "PASS", null, null);
        leaf("key-001-rsa-minimum-size", "fail-rsa-1024", TestCerts.rsa(1024), "FAIL", "critical", "RSA 1024-bit");
        leaf("key-001-rsa-minimum-size", "na-ec-p256", TestCerts.ec("P-256"), "NOT_APPLICABLE", null, null);
        // KEY-002
        leaf("key-002-rsa-112-bit-strength", "pass-rsa-3072", TestCerts.rsa(3072), "PASS", null, null);
        KeyPair rsa2048 = TestCerts.rsa(2048);
        leaf("key-002-rsa-112-bit-strength", "fail-rsa-2048-baseline", rsa2048, "FAIL", "info", "deprecated after 2030");
        write("key-002-rsa-112-bit-strength", "fail-rsa-2048-profile-bsi", leafOf(rsa2048), "FAIL", "high",
                "112-bit", "options: {profile: bsi}\n");
        write("key-002-rsa-112-bit-strength", "fail-rsa-2048-after-2030", leafOf(rsa2048), "FAIL", "medium",
                "112-bit", "options: {asOf: \"2031-02-01T00:00:00Z\"}\n");
        leaf("key-002-rsa-112-bit-strength", "na-ec-p384", TestCerts.ec("P-384"), "NOT_APPLICABLE", null, null);
        // KEY-003
        leaf("key-003-approved-curves", "pass-p384", TestCerts.ec("P-384"), "PASS", null, null);
        leaf("key-003-approved-curves", "fail-p224", TestCerts.ec("P-224"), "FAIL", "high", "P-224");
        leaf("key-003-approved-curves", "fail-ed25519-private", TestCerts.ed25519(), "FAIL", "info", "Ed25519");
        leaf("key-003-approved-curves", "fail-secp256k1", TestCerts.ec("secp256k1"), "FAIL", "high", "secp256k1");
        write("key-003-approved-curves", "na-rsa-3072", rsaLeaf("SHA256withRSA"), "NOT_APPLICABLE", null, null, "",
                rsaRoot);
        // explicit binary-field parameters are never parsed (CVE-2024-29857 class): not evaluated, never PASS
        leaf("key-003-approved-curves", "error-explicit-f2m-parameters", TestCerts.ecExplicit("sect233k1"), "ERROR",
                null, "explicit curve parameters is not evaluated");
        // KEY-004
        leaf("key-004-dsa-and-rsa-exponent", "pass-rsa-f4", TestCerts.rsa(3072), "PASS", null, null);
        leaf("key-004-dsa-and-rsa-exponent", "fail-rsa-exponent-3", TestCerts.rsa(2048, BigInteger.valueOf(3)),
                "FAIL", "high", "exponent 3");
        leaf("key-004-dsa-and-rsa-exponent", "fail-dsa", TestCerts.dsa(1024), "FAIL", "high", "DSA");
        leaf("key-004-dsa-and-rsa-exponent", "na-ec-p256", TestCerts.ec("P-256"), "NOT_APPLICABLE", null, null);
        // SIG-001
        leaf("sig-001-signature-hash", "pass-sha256-ecdsa", TestCerts.ec("P-256"), "PASS", null, null);
        write("sig-001-signature-hash", "fail-sha1-rsa", rsaLeaf("SHA1withRSA"), "FAIL", "high", "SHA1", "", rsaRoot);
        write("sig-001-signature-hash", "fail-md5-rsa", rsaLeaf("MD5withRSA"), "FAIL", "critical", "MD5", "", rsaRoot);
        write("sig-001-signature-hash", "fail-sha224-rsa", rsaLeaf("SHA224withRSA"), "FAIL", "low", "SHA224", "", rsaRoot);
        X509CertificateHolder sha1Root = TestCerts.cert().subject("CN=Legacy SHA-1 Root").key(rsaRootKey).ca(0)
                .sig("SHA1withRSA").validity("2024-01-01T00:00:00Z", "2034-01-01T00:00:00Z").issue();
        onlyCa("sig-001-signature-hash", "na-root-self-signature", sha1Root);

        // CERT-001
        write("cert-001-leaf-lifetime", "pass-private-60d", spec(TestCerts.ec("P-256")).dns("api.internal")
                .validity("2026-11-01T00:00:00Z", "2026-12-31T00:00:00Z").issue(), "PASS", null, null, "", root);
        write("cert-001-leaf-lifetime", "fail-private-400d", spec(TestCerts.ec("P-256")).dns("api.internal")
                .validity("2026-06-01T00:00:00Z", "2027-07-06T00:00:00Z").issue(), "FAIL", "medium", "maximum 366d", "", root);
        write("cert-001-leaf-lifetime", "fail-mesh-30d", spec(TestCerts.ec("P-256")).subject("O=cluster.local")
                .uri("spiffe://cluster.local/ns/shop/sa/web").serverAuth().clientAuth()
                .validity("2026-11-20T00:00:00Z", "2026-12-20T00:00:00Z").issue(), "FAIL", "info", "mesh-workload", "", root);
        write("cert-001-leaf-lifetime", "fail-public-250d-after-sc081", spec(TestCerts.ec("P-256")).dns("shop.example.com")
                .serverAuth().extension(SCT, false, new byte[] {4, 2, 0, 0})
                .validity("2026-06-01T00:00:00Z", "2027-02-06T00:00:00Z").issue(), "FAIL", "high", "maximum 200d", "", root);
        onlyCa("cert-001-leaf-lifetime", "na-ca-only", root);
        // CERT-002
        write("cert-002-leaf-expiry", "pass-valid", leafOf(TestCerts.ec("P-256")), "PASS", null, null, "", root);
        write("cert-002-leaf-expiry", "fail-expired", spec(TestCerts.ec("P-256")).dns("old.internal")
                .validity("2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z").issue(), "FAIL", "critical", "expired", "", root);
        write("cert-002-leaf-expiry", "fail-not-yet-valid", spec(TestCerts.ec("P-256")).dns("new.internal")
                .validity("2026-12-10T00:00:00Z", "2027-02-01T00:00:00Z").issue(), "FAIL", "critical", "not-yet-valid", "", root);
        write("cert-002-leaf-expiry", "fail-5-days-left", spec(TestCerts.ec("P-256")).dns("soon.internal")
                .validity("2026-10-01T00:00:00Z", "2026-12-04T00:00:00Z").issue(), "FAIL", "high", "window-7d", "", root);
        write("cert-002-leaf-expiry", "fail-mesh-rotation-stalled", spec(TestCerts.ec("P-256")).subject("O=cluster.local")
                .uri("spiffe://cluster.local/ns/shop/sa/web").serverAuth().clientAuth()
                .validity("2026-11-28T06:00:00Z", "2026-11-29T06:00:00Z").issue(), "FAIL", "high", "rotation-stalled", "", root);
        onlyCa("cert-002-leaf-expiry", "na-ca-only", root);
        // CERT-003
        write("cert-003-ca-validity", "pass-root-10y", leafOf(TestCerts.ec("P-256")), null, null, null, "", root);
        expectCa("cert-003-ca-validity", "pass-root-10y", root, "PASS", null, null);
        KeyPair intKey = TestCerts.ec("P-256");
        X509CertificateHolder dying = TestCerts.cert().subject("CN=Dying Issuing CA").key(intKey).issuedBy(root, rootKey)
                .ca(0).validity("2025-12-01T00:00:00Z", "2026-12-19T00:00:00Z").serial(7).issue();
        onlyCaTrusted("cert-003-ca-validity", "fail-intermediate-20-days-left", dying, "FAIL", "critical", "window-30d");
        KeyPair shortKey = TestCerts.ec("P-256");
        X509CertificateHolder shortCa = TestCerts.cert().subject("CN=Short Issuing CA").key(shortKey).issuedBy(root, rootKey)
                .ca(0).validity("2026-06-01T00:00:00Z", "2027-09-01T00:00:00Z").serial(8).issue();
        X509CertificateHolder outliving = TestCerts.cert().subject("CN=outliving.internal").key(TestCerts.ec("P-256"))
                .issuedBy(shortCa, shortKey).dns("outliving.internal").validity("2026-11-01T00:00:00Z", "2027-10-01T00:00:00Z")
                .serial(9).issue();
        writeAll("cert-003-ca-validity", "fail-ca-expires-before-leaf", new X509CertificateHolder[] {outliving, shortCa},
                shortCa, "FAIL", "medium", "before the leaf", "", root);
        X509CertificateHolder selfLeaf = TestCerts.cert().subject("CN=self.internal").key(TestCerts.ec("P-256"))
                .dns("self.internal").serial(10).issue();
        writeAll("cert-003-ca-validity", "na-self-signed-leaf-only", new X509CertificateHolder[] {selfLeaf}, selfLeaf,
                "NOT_APPLICABLE", null, null, "", null);
        // CERT-004
        write("cert-004-extended-key-usage", "pass-server-auth", spec(TestCerts.ec("P-256")).dns("api.internal").serverAuth()
                .issue(), "PASS", null, null, "", root);
        write("cert-004-extended-key-usage", "fail-dns-client-only", spec(TestCerts.ec("P-256")).dns("api.internal")
                .clientAuth().issue(), "FAIL", "medium", "without serverAuth", "", root);
        write("cert-004-extended-key-usage", "fail-svid-server-only", spec(TestCerts.ec("P-256"))
                .uri("spiffe://cluster.local/ns/shop/sa/web").serverAuth().issue(), "FAIL", "medium", "clientAuth", "", root);
        onlyCa("cert-004-extended-key-usage", "na-ca-only", root);
        // CERT-005
        write("cert-005-identity-names", "pass-dns-san", spec(TestCerts.ec("P-256")).dns("api.internal").issue(),
                "PASS", null, null, "", root);
        write("cert-005-identity-names", "fail-cn-only", TestCerts.cert().subject("CN=cn-only.internal")
                .key(TestCerts.ec("P-256")).issuedBy(root, rootKey).serial(11).issue(), "FAIL", "medium",
                "no subjectAltName", "", root);
        write("cert-005-identity-names", "fail-svid-two-spiffe-ids", spec(TestCerts.ec("P-256"))
                .uri("spiffe://cluster.local/ns/shop/sa/web").uri("spiffe://cluster.local/ns/shop/sa/admin")
                .serverAuth().clientAuth().issue(), "FAIL", "high", "2 spiffe", "", root);
        onlyCa("cert-005-identity-names", "na-ca-only", root);
        // CERT-006
        write("cert-006-self-signed-leaf", "pass-ca-issued", leafOf(TestCerts.ec("P-256")), "PASS", null, null, "", root);
        writeAll("cert-006-self-signed-leaf", "fail-self-signed", new X509CertificateHolder[] {selfLeaf}, selfLeaf,
                "FAIL", "medium", "self-signed", "", null);
        onlyCa("cert-006-self-signed-leaf", "na-ca-only", root);
        // CERT-007
        write("cert-007-chain-validates", "pass-chains-to-trust-bundle", leafOf(TestCerts.ec("P-256")), "PASS", null,
                null, "", root);
        KeyPair strangerKey = TestCerts.ec("P-256");
        X509CertificateHolder stranger = TestCerts.cert().subject("CN=Unknown CA").key(strangerKey).ca(0)
                .validity("2024-01-01T00:00:00Z", "2030-01-01T00:00:00Z").issue();
        write("cert-007-chain-validates", "fail-unknown-issuer", TestCerts.cert().subject("CN=stray.internal")
                .key(TestCerts.ec("P-256")).issuedBy(stranger, strangerKey).dns("stray.internal").serial(12).issue(),
                "FAIL", "high", "issuer not found", "", root);
        KeyPair oldIntKey = TestCerts.ec("P-256");
        X509CertificateHolder oldInt = TestCerts.cert().subject("CN=Expired Issuing CA").key(oldIntKey)
                .issuedBy(root, rootKey).ca(0).validity("2024-01-01T00:00:00Z", "2026-10-01T00:00:00Z").serial(13).issue();
        X509CertificateHolder underOld = TestCerts.cert().subject("CN=orphan.internal").key(TestCerts.ec("P-256"))
                .issuedBy(oldInt, oldIntKey).dns("orphan.internal").validity("2026-09-01T00:00:00Z", "2026-12-31T00:00:00Z")
                .serial(14).issue();
        writeAll("cert-007-chain-validates", "fail-expired-intermediate", new X509CertificateHolder[] {underOld, oldInt},
                underOld, "FAIL", "high", "chain does not validate", "", root);
        onlyCa("cert-007-chain-validates", "na-trust-anchor-only", root);
    }

    private TestCerts.Spec spec(KeyPair k) {
        return TestCerts.cert().subject("CN=leaf").key(k).issuedBy(root, rootKey).serial(2);
    }

    private X509CertificateHolder leafOf(KeyPair k) {
        return spec(k).dns("app.internal").serverAuth().issue();
    }

    private X509CertificateHolder rsaLeaf(String sig) {
        return TestCerts.cert().subject("CN=leaf").key(TestCerts.rsa(3072)).issuedBy(rsaRoot, rsaRootKey)
                .dns("app.internal").serverAuth().sig(sig).serial(3).issue();
    }

    private void leaf(String rule, String fixture, KeyPair k, String status, String severity, String detail)
            throws IOException {
        write(rule, fixture, leafOf(k), status, severity, detail, "", root);
    }

    private void write(String rule, String fixture, X509CertificateHolder leaf, String status, String severity,
                       String detail, String options) throws IOException {
        write(rule, fixture, leaf, status, severity, detail, options, root);
    }

    private void write(String rule, String fixture, X509CertificateHolder leaf, String status, String severity,
                       String detail, String options, X509CertificateHolder trust) throws IOException {
        writeAll(rule, fixture, new X509CertificateHolder[] {leaf}, leaf, status, severity, detail, options, trust);
    }

    private void onlyCa(String rule, String fixture, X509CertificateHolder ca) throws IOException {
        Path dir = reset(rule, fixture);
        Files.createDirectories(dir.resolve("input"));
        Files.writeString(dir.resolve("input/trust-anchor.pem"), TestCerts.pem(ca));
        Files.writeString(dir.resolve("input/trust-anchor.pem.txt"), TestCerts.dump(ca));
        Files.writeString(dir.resolve("expected.yaml"), "results:\n" + expect(ca, "NOT_APPLICABLE", null, null));
    }

    private void onlyCaTrusted(String rule, String fixture, X509CertificateHolder ca, String status, String severity,
                               String detail) throws IOException {
        writeAll(rule, fixture, new X509CertificateHolder[] {ca}, ca, status, severity, detail, "", root);
    }

    private void expectCa(String rule, String fixture, X509CertificateHolder ca, String status, String severity,
                          String detail) throws IOException {
        Path f = rules.resolve(rule).resolve("fixtures").resolve(fixture).resolve("expected.yaml");
        Files.writeString(f, "results:\n" + expect(ca, status, severity, detail));
    }

    private void writeAll(String rule, String fixture, X509CertificateHolder[] chain, X509CertificateHolder subject,
                          String status, String severity, String detail, String options, X509CertificateHolder trust)
            throws IOException {
        Path dir = reset(rule, fixture);
        Files.createDirectories(dir.resolve("input"));
        Files.writeString(dir.resolve("input/chain.pem"), TestCerts.pem(chain));
        Files.writeString(dir.resolve("input/chain.pem.txt"), TestCerts.dump(chain));
        if (trust != null) {
            Files.createDirectories(dir.resolve("trust"));
            Files.writeString(dir.resolve("trust/root.pem"), TestCerts.pem(trust));
            Files.writeString(dir.resolve("trust/root.pem.txt"), TestCerts.dump(trust));
        }
        Files.writeString(dir.resolve("expected.yaml"), options
                + (status == null ? "results: []\n" : "results:\n" + expect(subject, status, severity, detail)));
    }

    private Path reset(String rule, String fixture) throws IOException {
        Path dir = rules.resolve(rule).resolve("fixtures").resolve(fixture);
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** One expected.yaml entry for the certificate {@code c} (shared with the other fixture generators). */
    static String expect(X509CertificateHolder c, String status, String severity, String detail)
            throws IOException {
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return "  - resource: X509Certificate/" + sha.substring(0, 16) + "\n    status: " + status + "\n"
                + (severity == null ? "" : "    severity: " + severity + "\n")
                + (detail == null ? "" : "    detail_contains: \"" + detail + "\"\n");
    }

    @SuppressWarnings("unused")
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
