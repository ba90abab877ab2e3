package org.meshaudit.collect.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.meshaudit.testkit.TestCerts;

/** Hostile and malformed certificate input (security-reliability.md A11-A13, A16, A19, A20): issues, never crashes. */
class CertReaderTest {
    static final KeyPair KEY = TestCerts.ec("P-256");
    static final X509CertificateHolder CERT = TestCerts.cert().subject("CN=ok.internal").key(KEY).dns("ok.internal").issue();

    static final class Capture implements CertReader.Sink {
        final List<CertBlob> certs = new ArrayList<>();
        final List<String> issues = new ArrayList<>();

        @Override
        public void certificate(CertBlob blob) {
            certs.add(blob);
        }

        @Override
        public void issue(String source, String kind, String message) {
            issues.add(kind + ": " + message);
        }
    }

    static Capture read(byte[] bytes) {
        return read(bytes, null);
    }

    static Capture read(byte[] bytes, char[] password) {
        Capture c = new Capture();
        new CertReader(CertLimits.defaults(), password).read(bytes, new CertReader.Origin("in.pem", "file", "", "in.pem",
                "", CertSource.CHAIN), c);
        return c;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsPemBundleAndSkipsTextAround() {
        Capture c = read(utf8("subject=CN=ok\n" + TestCerts.pem(CERT, CERT) + "trailing text\n"));
        assertEquals(2, c.certs.size());
        assertTrue(c.issues.isEmpty(), c.issues.toString());
        assertEquals("in.pem#2", c.certs.get(1).source().location());
    }

    @Test
    void reportsTruncatedPem() throws Exception {
        String pem = TestCerts.pem(CERT);
        Capture c = read(utf8(pem.substring(0, pem.length() / 2)));
        assertTrue(c.certs.isEmpty());
        assertTrue(c.issues.get(0).contains("truncated"), c.issues.toString());
    }

    @Test
    void reportsBadBase64() {
        String pem = TestCerts.pem(CERT).replaceFirst("\n[A-Za-z0-9+/]{10}", "\n!!!!@@@@##");
        Capture c = read(utf8(pem));
        assertTrue(c.certs.isEmpty());
        assertTrue(c.issues.get(0).contains("invalid base64"), c.issues.toString());
    }

    @Test
    void reportsGarbageDer() {
        byte[] garbage = new byte[512];
        new java.util.Random(7).nextBytes(garbage);
        garbage[0] = 0x30;
        Capture c = read(garbage);
        assertTrue(c.certs.isEmpty());
        assertEquals(1, c.issues.size(), c.issues.toString());
        assertTrue(c.issues.get(0).startsWith("parse-error"));
    }

    @Test
    void reportsDerTruncatedAtEveryOffset() throws Exception {
        byte[] der = CERT.getEncoded();
        for (int n = 1; n < der.length; n++) {
            Capture c = read(Arrays.copyOf(der, n));
            assertTrue(c.certs.isEmpty(), "offset " + n);
            assertFalse(c.issues.isEmpty(), "offset " + n);
        }
    }

    @Test
    void reportsLengthClaimingGigabytes() {
        byte[] lying = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02, 0x01, 0x01};
        Capture c = read(lying);
        assertTrue(c.issues.get(0).contains("exceeds"), c.issues.toString());
    }

    @Test
    void reportsDeeplyNestedAsn1() {
        Capture c = read(nestedSequences(10_000)); // 60 KB: under the certificate size limit, over the nesting budget
        assertTrue(c.certs.isEmpty());
        assertTrue(c.issues.get(0).contains("nesting deeper than"), c.issues.toString());
    }

    @Test
    void reportsDeeplyNestedAsn1AboveTheSizeLimitBySize() {
        Capture c = read(nestedSequences(100_000));
        assertTrue(c.certs.isEmpty());
        assertTrue(c.issues.get(0).contains("above the"), c.issues.toString());
    }

    /**
     * {@code depth} nested SEQUENCE headers with 4-byte definite lengths (indefinite-free nesting: 0x30 0x80 is
     * refused, and a chain of headers is enough to exceed the depth budget before any content).
     */
    private static byte[] nestedSequences(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) {
            int len = (depth - i - 1) * 6;
            out.write(0x30);
            out.write(0x84);
            out.write(len >>> 24);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        }
        return out.toByteArray();
    }

    @Test
    void reportsOneMegabyteExtension() {
        X509CertificateHolder big = TestCerts.cert().subject("CN=big").key(KEY).dns("big.internal")
                .extension("1.3.6.1.4.1.99999.1", false, new byte[1024 * 1024]).issue();
        Capture c = read(utf8(TestCerts.pem(big)));
        assertTrue(c.certs.isEmpty());
        assertTrue(c.issues.get(0).startsWith("limit-exceeded"), c.issues.toString());
    }

    @Test
    void reportsExtensionAboveBudgetButCertificateUnderIt() {
        X509CertificateHolder fat = TestCerts.cert().subject("CN=fat").key(KEY).dns("fat.internal")
                .extension("1.3.6.1.4.1.99999.2", false, new byte[20_000]).issue();
        Capture c = read(utf8(TestCerts.pem(fat)));
        assertTrue(c.certs.isEmpty());
        assertTrue(c.issues.get(0).contains("extension of"), c.issues.toString());
    }

    @Test
    void reportsEmptyBundle() {
        assertTrue(read(new byte[0]).issues.get(0).startsWith("empty"));
        assertTrue(read(utf8("\n  \n")).issues.get(0).startsWith("empty"));
    }

    @Test
    void enforcesBundleCap() {
        String one = TestCerts.pem(CERT);
        Capture c = new Capture();
        new CertReader(new CertLimits(16L << 20, 100, 64 * 1024, 32, 16 * 1024, 1000, 1_000_000, 1000), null)
                .read(utf8(one.repeat(150)), new CertReader.Origin("ca.crt", "file", "", "ca.crt", "", "trust"), c);
        assertEquals(100, c.certs.size());
        assertTrue(c.issues.get(0).contains("more than 100"), c.issues.toString());
    }

    @Test
    void dropsPrivateKeysUnreadAndNeverEchoesThem() throws Exception {
        java.io.StringWriter w = new java.io.StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(KEY.getPrivate());
        }
        String keyPem = w.toString();
        String body = keyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        Capture onlyKey = read(utf8(keyPem));
        assertTrue(onlyKey.certs.isEmpty());
        assertTrue(onlyKey.issues.get(0).startsWith("private-key"), onlyKey.issues.toString());
        assertFalse(String.join("\n", onlyKey.issues).contains(body.substring(0, 16)));
        Capture mixed = read(utf8(keyPem + TestCerts.pem(CERT)));
        assertEquals(1, mixed.certs.size());
        assertTrue(mixed.issues.isEmpty(), mixed.issues.toString());
        // the label lies: a key wrapped as CERTIFICATE is a parse error that does not echo it
        Capture lying = read(utf8(keyPem.replace("PRIVATE KEY", "CERTIFICATE")));
        assertTrue(lying.certs.isEmpty());
        assertFalse(String.join("\n", lying.issues).contains(body.substring(0, 16)));
    }

    @Test
    void readsPkcs12WithPasswordAndReportsWrongOne() throws Exception {
        byte[] p12 = pkcs12("s3cret".toCharArray());
        Capture ok = read(p12, "s3cret".toCharArray());
        assertEquals(1, ok.certs.size(), ok.issues.toString());
        assertEquals("pkcs12", ok.certs.get(0).source().format());
        Capture wrong = read(p12, "nope".toCharArray());
        assertTrue(wrong.certs.isEmpty());
        assertTrue(wrong.issues.get(0).startsWith("wrong-password"), wrong.issues.toString());
        Capture none = read(p12, null);
        assertTrue(none.issues.get(0).contains("--pkcs12-password"), none.issues.toString());
    }

    @Test
    void refusesAbsurdPkcs12IterationCountBeforeDerivingKeys() throws Exception {
        Pfx real = Pfx.getInstance(pkcs12("pw".toCharArray()));
        MacData mac = real.getMacData();
        MacData absurd = new MacData(new DigestInfo(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1), new byte[20]),
                mac.getSalt(), 100_000_000);
        byte[] hostile = new Pfx(real.getAuthSafe(), absurd).getEncoded();
        long start = System.nanoTime();
        Capture c = read(hostile, "pw".toCharArray());
        assertTrue(c.issues.get(0).contains("iteration count 100000000"), c.issues.toString());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "no key derivation at 10^8 iterations");
    }

    @Test
    void readsPkcs7AndJks() throws Exception {
        org.bouncycastle.cms.CMSSignedDataGenerator g = new org.bouncycastle.cms.CMSSignedDataGenerator();
        g.addCertificate(CERT);
        byte[] p7 = g.generate(new org.bouncycastle.cms.CMSProcessableByteArray(new byte[0])).getEncoded();
        assertEquals(1, read(p7).certs.size());
        String p7pem = "-----BEGIN PKCS7-----\n" + Base64.getMimeEncoder().encodeToString(p7) + "\n-----END PKCS7-----\n";
        assertEquals(1, read(utf8(p7pem)).certs.size());

        KeyStore ks = KeyStore.getInstance("JKS");
        ks.load(null, null);
        ks.setCertificateEntry("ca", jca(CERT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, "changeit".toCharArray());
        assertEquals(1, read(out.toByteArray()).certs.size());
        assertEquals(1, read(out.toByteArray(), "changeit".toCharArray()).certs.size());
        assertTrue(read(out.toByteArray(), "wrong".toCharArray()).issues.get(0).startsWith("wrong-password"));
    }

    @Test
    void dedupesIdenticalCertificatesByParsedIdentity() {
        Capture c = read(utf8(TestCerts.pem(CERT, CERT)));
        assertEquals(c.certs.get(0).sha256(), c.certs.get(1).sha256());
        assertTrue(c.certs.get(0).der() == c.certs.get(1).der());
        assertTrue(c.certs.get(0).info() == c.certs.get(1).info());
    }

    static X509Certificate jca(X509CertificateHolder h) throws Exception {
        return new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(h);
    }

    static byte[] pkcs12(char[] pw) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", KEY.getPrivate(), pw, new java.security.cert.Certificate[] {jca(CERT)});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, pw);
        return out.toByteArray();
    }

    @SuppressWarnings("unused")
    private static Object unused() {
        return new Object[] {new ASN1Integer(BigInteger.ONE), new DEROctetString(new byte[0]), new DERSequence(new ASN1EncodableVector()),
            ContentInfo.class, PKCSObjectIdentifiers.data};
    }
}
