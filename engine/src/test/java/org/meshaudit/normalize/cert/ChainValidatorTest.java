package org.meshaudit.normalize.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jcajce.interfaces.BCX509Certificate;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.meshaudit.collect.cert.Bc;
import org.meshaudit.collect.cert.CertBlob;
import org.meshaudit.collect.cert.CertLimits;
import org.meshaudit.collect.cert.CertReader;
import org.meshaudit.collect.cert.CertSource;
import org.meshaudit.testkit.TestCerts;

/**
 * What is shared between the builds of one validation (converted CAs, decoded public keys, verification outcomes)
 * changes no outcome: each leaf gets the answer it gets when validated alone, failures included.
 */
class ChainValidatorTest {
    static final Instant AS_OF = Instant.parse("2026-12-01T00:00:00Z");
    static final KeyPair ROOT_KEY = TestCerts.ec("P-256");
    static final KeyPair CA_KEY = TestCerts.ec("P-256");
    static final KeyPair FORGER = TestCerts.ec("P-256");
    static final KeyPair LEAF_KEY = TestCerts.rsa(2048);
    static final X509CertificateHolder ROOT = TestCerts.cert().subject("CN=root").key(ROOT_KEY).ca(1).issue();
    static final X509CertificateHolder CA = TestCerts.cert().subject("CN=issuing").key(CA_KEY).ca(0)
            .issuedBy(ROOT, ROOT_KEY).issue();

    /** The certificates of {@code pem} as the engine reads them. */
    static List<CertBlob> read(String pem) {
        List<CertBlob> out = new ArrayList<>();
        new CertReader(CertLimits.defaults(), null).read(pem.getBytes(StandardCharsets.US_ASCII),
                new CertReader.Origin("in.pem", "file", "", "in.pem", "", CertSource.CHAIN), new CertReader.Sink() {
                    @Override
                    public void certificate(CertBlob b) {
                        out.add(b);
                    }

                    @Override
                    public void issue(String source, String kind, String message) {
                        throw new AssertionError(message);
                    }
                });
        return out;
    }

    /** A leaf of CN=issuing with an RSA key whose modulus is even: BouncyCastle refuses to decode it. */
    static X509CertificateHolder undecodableKey(long serial) throws Exception {
        SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(
                PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), new org.bouncycastle.asn1.pkcs.RSAPublicKey(
                BigInteger.ONE.shiftLeft(2047).add(BigInteger.TWO), BigInteger.valueOf(65537)));
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(CA.getSubject(), BigInteger.valueOf(serial),
                java.util.Date.from(Instant.parse("2026-11-01T00:00:00Z")),
                java.util.Date.from(Instant.parse("2027-01-15T00:00:00Z")), new X500Name("CN=bad key " + serial), spki);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.PROVIDER)
                .build(CA_KEY.getPrivate()));
    }

    @Test
    void sharedStateChangesNoOutcome() throws Exception {
        List<X509CertificateHolder> leaves = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // one key, four certificates: its decoding is shared
            leaves.add(TestCerts.cert().subject("CN=leaf " + i).serial(10 + i).key(LEAF_KEY).issuedBy(CA, CA_KEY)
                    .issue());
        }
        for (int i = 0; i < 2; i++) { // the same key and issuer name, signed by another key: never valid
            leaves.add(TestCerts.cert().subject("CN=forged " + i).serial(20 + i).key(LEAF_KEY)
                    .issuedBy(CA, FORGER).issue());
        }
        leaves.add(undecodableKey(30));
        leaves.add(undecodableKey(31));
        // issued by a CA that was not read: after the failures above, the builder each thread reuses still says so
        X509CertificateHolder elsewhere = TestCerts.cert().subject("CN=elsewhere").key(FORGER).ca(0)
                .issuedBy(ROOT, ROOT_KEY).issue();
        leaves.add(TestCerts.cert().subject("CN=orphan").serial(40).key(LEAF_KEY).issuedBy(elsewhere, FORGER).issue());
        List<CertBlob> anchors = read(TestCerts.pem(ROOT));
        List<CertBlob> cas = read(TestCerts.pem(CA));
        Map<String, CertBlob> bySha = new LinkedHashMap<>();
        for (X509CertificateHolder l : leaves) {
            CertBlob b = read(TestCerts.pem(l)).get(0);
            bySha.put(b.sha256(), b);
        }
        Map<String, List<CertBlob>> anchorsBySha = new LinkedHashMap<>();
        bySha.keySet().forEach(sha -> anchorsBySha.put(sha, anchors));
        Map<String, ChainValidator.Outcome> together = new ChainValidator(AS_OF, 50)
                .validateAll(anchorsBySha, bySha::get, cas);

        Map<String, String> statusBySubject = new LinkedHashMap<>();
        for (var e : together.entrySet()) {
            String sha = e.getKey();
            ChainValidator.Outcome alone = new ChainValidator(AS_OF, 50)
                    .validateAll(Map.of(sha, anchors), bySha::get, cas).get(sha);
            assertEquals(alone, e.getValue(), bySha.get(sha).info().subject());
            statusBySubject.put(bySha.get(sha).info().subject(), e.getValue().status());
        }
        for (int i = 0; i < 4; i++) {
            assertEquals("valid", statusBySubject.get("CN=leaf " + i));
        }
        for (int i = 0; i < 2; i++) {
            assertEquals("invalid", statusBySubject.get("CN=forged " + i));
        }
        assertEquals("invalid", statusBySubject.get("CN=bad key 30"));
        assertEquals("invalid", statusBySubject.get("CN=bad key 31"));
        assertEquals("invalid", statusBySubject.get("CN=orphan"));
        ChainValidator.Outcome orphan = together.values().stream().filter(o -> o.status().equals("invalid")
                && o.reason().startsWith("issuer not found")).findFirst().orElseThrow();
        assertEquals("issuer not found among the trust bundle and the intermediates read", orphan.reason());
    }

    @Test
    void onlyCertificatesInDerAreReadNatively() throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509", Bc.PROVIDER);
        byte[] der = TestCerts.cert().subject("CN=leaf").key(LEAF_KEY).issuedBy(CA, CA_KEY).issue().getEncoded();
        assertInstanceOf(BCX509Certificate.class, VerifiedOnce.of(x509(cf, der), der, null, null, null, null));

        // the same certificate with the TBSCertificate's length in a longer form than needed (a leading zero octet)
        org.bouncycastle.asn1.x509.Certificate c = org.bouncycastle.asn1.x509.Certificate.getInstance(der);
        byte[] tbs = c.getTBSCertificate().getEncoded();
        int n = tbs[1] & 0x7f; // the RSA key makes it longer than 127 octets: 0x8n and n length octets
        java.io.ByteArrayOutputStream longer = new java.io.ByteArrayOutputStream();
        longer.write(0x30);
        longer.write(0x80 | (n + 1));
        longer.write(0);
        longer.write(tbs, 2, tbs.length - 2);
        byte[] rest = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            c.getSignatureAlgorithm(), c.getSignature()}).getEncoded();
        byte[] body = org.bouncycastle.util.Arrays.concatenate(longer.toByteArray(), java.util.Arrays.copyOfRange(rest,
                2, rest.length));
        byte[] nonMinimal = org.bouncycastle.util.Arrays.concatenate(new byte[] {0x30, (byte) 0x82,
            (byte) (body.length >> 8), (byte) body.length}, body);
        assertFalse(VerifiedOnce.of(x509(cf, nonMinimal), nonMinimal, null, null, null, null)
                instanceof BCX509Certificate);

        // a subject with a multi-valued RDN whose values are not in DER order
        org.bouncycastle.asn1.ASN1Encodable[] cnThenO = {
            new org.bouncycastle.asn1.x500.AttributeTypeAndValue(org.bouncycastle.asn1.x500.style.BCStyle.O,
                    new org.bouncycastle.asn1.DERUTF8String("org")),
            new org.bouncycastle.asn1.x500.AttributeTypeAndValue(org.bouncycastle.asn1.x500.style.BCStyle.CN,
                    new org.bouncycastle.asn1.DERUTF8String("cn"))};
        org.bouncycastle.asn1.ASN1EncodableVector t = new org.bouncycastle.asn1.ASN1EncodableVector();
        org.bouncycastle.asn1.ASN1Sequence parsed = c.getTBSCertificate().toASN1Primitive() instanceof
                org.bouncycastle.asn1.ASN1Sequence q ? q : null;
        for (int i = 0; i < parsed.size(); i++) {
            t.add(i == 5 ? new org.bouncycastle.asn1.DLSequence(new org.bouncycastle.asn1.DLSet(cnThenO))
                    : parsed.getObjectAt(i));
        }
        byte[] unsorted = new org.bouncycastle.asn1.DLSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            new org.bouncycastle.asn1.DLSequence(t), c.getSignatureAlgorithm(), c.getSignature()})
                .getEncoded(org.bouncycastle.asn1.ASN1Encoding.DL);
        assertFalse(VerifiedOnce.of(x509(cf, unsorted), unsorted, null, null, null, null)
                instanceof BCX509Certificate);
    }

    static X509Certificate x509(CertificateFactory cf, byte[] der) throws Exception {
        return (X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    @Test
    void keysAreSharedByEncodingAndFailuresAreNotRemembered() throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509", Bc.PROVIDER);
        PublicKeys keys = new PublicKeys();
        List<X509Certificate> same = new ArrayList<>();
        List<byte[]> spki = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CertBlob b = read(TestCerts.pem(TestCerts.cert().subject("CN=leaf " + i).key(LEAF_KEY)
                    .issuedBy(CA, CA_KEY).issue())).get(0);
            same.add((X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(b.der())));
            spki.add(b.publicKeyInfo());
        }
        PublicKey first = keys.of(spki.get(0), same.get(0));
        assertEquals(same.get(0).getPublicKey(), first);
        assertSame(first, keys.of(spki.get(1), same.get(1)));
        CertBlob ca = read(TestCerts.pem(CA)).get(0);
        X509Certificate caCert = (X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(ca.der()));
        assertNotSame(first, keys.of(ca.publicKeyInfo(), caCert));
        assertEquals(CA_KEY.getPublic(), keys.of(ca.publicKeyInfo(), caCert));

        CertBlob bad = read(TestCerts.pem(undecodableKey(40))).get(0);
        X509Certificate badCert = (X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(bad.der()));
        RuntimeException expected = assertThrows(RuntimeException.class, badCert::getPublicKey);
        for (int i = 0; i < 2; i++) { // the same failure each time: nothing was stored for it
            RuntimeException e = assertThrows(RuntimeException.class, () -> keys.of(bad.publicKeyInfo(), badCert));
            assertEquals(expected.getClass(), e.getClass());
            assertEquals(expected.getMessage(), e.getMessage());
        }
    }
}
