package org.meshaudit.collect.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.Test;
import org.meshaudit.testkit.TestCerts;

/**
 * The direct readings of certificate fields and extension values ({@link DerSlices}, {@link CertificateExtractor}
 * given the DER) agree with BouncyCastle's general path on well-formed, odd and mutated (hostile) input: whenever a
 * shortcut answers, BouncyCastle accepts the same bytes and reads the same facts; everything else is declined and
 * read by BouncyCastle, which accepts or rejects it as before.
 */
class ExtractorShortcutsTest {
    static final KeyPair EC = TestCerts.ec("P-256");
    static final int[] KU_BITS = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment,
        KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign, KeyUsage.cRLSign,
        KeyUsage.encipherOnly, KeyUsage.decipherOnly};

    /** A signer that does not sign: the extractor never looks at the signature value. */
    static final ContentSigner FAKE = new ContentSigner() {
        final ByteArrayOutputStream sink = new ByteArrayOutputStream();

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.2"));
        }

        @Override
        public OutputStream getOutputStream() {
            sink.reset();
            return sink;
        }

        @Override
        public byte[] getSignature() {
            return new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
        }
    };

    /** A certificate carrying exactly the given raw extension values. */
    static byte[] certWith(String subject, long serial, Map<ASN1ObjectIdentifier, byte[]> exts) throws IOException {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Issuer,O=meshaudit"),
                BigInteger.valueOf(serial), new Date(1_790_000_000_000L), new Date(1_790_000_000_000L + 86_400_000L),
                new X500Name(subject), EC.getPublic());
        for (Map.Entry<ASN1ObjectIdentifier, byte[]> e : exts.entrySet()) {
            b.addExtension(e.getKey(), false, e.getValue());
        }
        return b.build(FAKE).getEncoded();
    }

    static byte[] enc(ASN1Encodable e) {
        try {
            return e.toASN1Primitive().getEncoded("DER");
        } catch (IOException x) {
            throw new IllegalStateException(x);
        }
    }

    static byte[] hex(String h) {
        return java.util.HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** The outcome of a reading: its value, or the class of what it threw. */
    static Object outcome(java.util.concurrent.Callable<?> f) {
        try {
            return f.call();
        } catch (Exception | StackOverflowError e) {
            return e.getClass().getName();
        }
    }

    /** Extraction with the DER (shortcuts) equals extraction from BouncyCastle's objects alone, value or failure. */
    static boolean sameExtraction(byte[] der) {
        Certificate c;
        try {
            DerScanner.exactlyOne(der, 32);
            c = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (Exception | StackOverflowError e) {
            return false; // the reader reports such bytes before any extraction
        }
        Object general = outcome(() -> CertificateExtractor.extract(c, "x", 3, 32));
        Object fast = outcome(() -> CertificateExtractor.extract(c, der, "x", 3, 32));
        assertEquals(general, fast, () -> java.util.HexFormat.of().formatHex(der));
        return true;
    }

    static List<byte[]> mutants(byte[] v, Random r, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] m = v.clone();
            int kind = r.nextInt(6);
            if (m.length == 0 || kind == 5) {
                m = Arrays.copyOf(m, m.length + 1 + r.nextInt(3));
                m[m.length - 1] = (byte) r.nextInt(256);
            } else if (kind == 4) {
                m = Arrays.copyOf(m, r.nextInt(m.length));
            } else {
                int flips = 1 + r.nextInt(2);
                for (int f = 0; f < flips; f++) {
                    int at = r.nextInt(m.length);
                    m[at] = switch (kind) {
                        case 0 -> (byte) r.nextInt(256);
                        case 1 -> (byte) (m[at] ^ (1 << r.nextInt(8)));
                        case 2 -> (byte) (m[at] + (r.nextBoolean() ? 1 : -1));
                        default -> new byte[] {0x00, (byte) 0x80, (byte) 0x81, (byte) 0xff, 0x01, 0x02, 0x30}[r.nextInt(7)];
                    };
                }
            }
            out.add(m);
        }
        return out;
    }

    // ---- one extension value at a time ----------------------------------------------------------------------------

    static List<byte[]> basicConstraintsValues() {
        List<byte[]> v = new ArrayList<>(List.of(enc(new BasicConstraints(true)), enc(new BasicConstraints(false)),
                enc(new BasicConstraints(0)), enc(new BasicConstraints(3)), enc(new BasicConstraints(127)),
                enc(new BasicConstraints(128)), enc(new BasicConstraints(70_000)), enc(new BasicConstraints(8_388_607)),
                enc(new BasicConstraints(Integer.MAX_VALUE)), hex("3000"), hex("3003010100"), hex("30030101ff"),
                hex("3003010101"), hex("3003020105"), hex("3006010100020105"), hex("30060101ff020180"),
                hex("30070101ff02020005"), hex("30060101ff020105 00"), hex("3081030101ff"), hex("30040101ff00"),
                hex("3006020105010lff".replace("l", "1")), hex("30050101ff0200"), hex("30060101ff0a0105")));
        return v;
    }

    @Test
    void basicConstraintsAsBouncyCastle() {
        Random r = new Random(1);
        int fast = 0;
        List<byte[]> all = new ArrayList<>();
        for (byte[] v : basicConstraintsValues()) {
            all.add(v);
            all.addAll(mutants(v, r, 3000));
        }
        for (byte[] v : all) {
            int[] mine = DerSlices.basicConstraints(v);
            if (mine == null) {
                continue;
            }
            fast++;
            BasicConstraints bc = BasicConstraints.getInstance(parse(v));
            assertEquals(bc.isCA(), mine[0] == 1, java.util.HexFormat.of().formatHex(v));
            assertEquals(bc.isCA() && bc.getPathLenConstraint() != null ? bc.getPathLenConstraint().intValue() : -1,
                    mine[1], java.util.HexFormat.of().formatHex(v));
        }
        assertTrue(fast > 8, "common shapes take the shortcut");
        assertNotNull(DerSlices.basicConstraints(enc(new BasicConstraints(true))));
        assertNotNull(DerSlices.basicConstraints(enc(new BasicConstraints(false))));
        assertNotNull(DerSlices.basicConstraints(enc(new BasicConstraints(0))));
    }

    @Test
    void keyUsageAsBouncyCastle() {
        Random r = new Random(2);
        List<byte[]> all = new ArrayList<>();
        for (int set = 0; set < 512; set++) {
            int bits = 0;
            for (int i = 0; i < KU_BITS.length; i++) {
                bits |= (set & (1 << i)) != 0 ? KU_BITS[i] : 0;
            }
            byte[] v = enc(new KeyUsage(bits));
            assertTrue(set == 0 || DerSlices.keyUsage(v) >= 0, "every non-empty DER key usage takes the shortcut");
            all.add(v);
            all.addAll(mutants(v, r, 40));
        }
        all.addAll(List.of(hex("030100"), hex("030107"), hex("03020780"), hex("03020081"), hex("0303078000"),
                hex("03030080ff"), hex("0304008000ff"), hex("0302"), hex("03020880"), hex("2304030200ff"),
                hex("0381020080")));
        for (byte[] v : all) {
            int mine = DerSlices.keyUsage(v);
            if (mine < 0) {
                continue;
            }
            KeyUsage ku = KeyUsage.getInstance(parse(v));
            for (int bit : KU_BITS) {
                assertEquals(ku.hasUsages(bit), (mine & bit) == bit, java.util.HexFormat.of().formatHex(v));
            }
        }
    }

    @Test
    void keyIdentifiersAsBouncyCastle() throws Exception {
        Random r = new Random(3);
        KeyPair k = TestCerts.ec("P-256");
        var u = new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils();
        var issuer = TestCerts.cert().subject("CN=issuer").key(k).ca(0).issue();
        List<byte[]> akis = new ArrayList<>(List.of(enc(u.createAuthorityKeyIdentifier(k.getPublic())),
                enc(u.createAuthorityKeyIdentifier(issuer)), enc(new AuthorityKeyIdentifier(new byte[0])),
                hex("3000"), hex("30028000"), hex("3003800100"), hex("3003a00100"), hex("30058003010203 00")));
        List<byte[]> skis = new ArrayList<>(List.of(enc(u.createSubjectKeyIdentifier(k.getPublic())),
                enc(new SubjectKeyIdentifier(new byte[0])), hex("0400"), hex("2403040100"), hex("04020102 00")));
        int fastAki = 0;
        for (byte[] v : withMutants(akis, r, 3000)) {
            int[] mine = DerSlices.authorityKeyId(v);
            if (mine == null) {
                continue;
            }
            fastAki++;
            AuthorityKeyIdentifier a = AuthorityKeyIdentifier.getInstance(parse(v));
            assertEquals(a.getKeyIdentifierObject() == null ? "" : java.util.HexFormat.of().formatHex(
                    a.getKeyIdentifierObject().getOctets()), mine.length == 0 ? ""
                    : java.util.HexFormat.of().formatHex(v, mine[0], mine[1]), java.util.HexFormat.of().formatHex(v));
        }
        int fastSki = 0;
        for (byte[] v : withMutants(skis, r, 3000)) {
            int[] mine = DerSlices.subjectKeyId(v);
            if (mine == null) {
                continue;
            }
            fastSki++;
            SubjectKeyIdentifier s = SubjectKeyIdentifier.getInstance(parse(v));
            assertEquals(java.util.HexFormat.of().formatHex(s.getKeyIdentifier()),
                    java.util.HexFormat.of().formatHex(v, mine[0], mine[1]), java.util.HexFormat.of().formatHex(v));
        }
        assertTrue(fastAki > 3 && fastSki > 3);
        assertNotNull(DerSlices.authorityKeyId(akis.get(0)));
        assertNotNull(DerSlices.subjectKeyId(skis.get(0)));
    }

    static List<byte[]> withMutants(List<byte[]> base, Random r, int each) {
        List<byte[]> all = new ArrayList<>();
        for (byte[] v : base) {
            all.add(v);
            all.addAll(mutants(v, r, each));
        }
        return all;
    }

    /** BouncyCastle's reading of an extension value (as {@code Extension.getParsedValue}); throws when it refuses. */
    static ASN1Primitive parse(byte[] v) {
        try {
            return ASN1Primitive.fromByteArray(v);
        } catch (IOException e) {
            throw new AssertionError("the shortcut accepted what BouncyCastle refuses: "
                    + java.util.HexFormat.of().formatHex(v), e);
        }
    }

    // ---- whole certificates ---------------------------------------------------------------------------------------

    static List<byte[]> sanValues() throws Exception {
        ASN1EncodableVector other = new ASN1EncodableVector();
        other.add(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"));
        other.add(new DERTaggedObject(true, 0, new DERIA5String("upn@example.org")));
        return List.of(
                enc(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                        "spiffe://cluster.local/ns/shop/sa/checkout"))),
                enc(new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "a.example.org"),
                    new GeneralName(GeneralName.dNSName, "b.example.org"), new GeneralName(GeneralName.rfc822Name,
                        "ops@example.org"), new GeneralName(GeneralName.iPAddress, "10.1.2.3"),
                    new GeneralName(GeneralName.iPAddress, "2001:db8::1"),
                    new GeneralName(GeneralName.uniformResourceIdentifier, "https://x.example.org/p")})),
                enc(new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "x".repeat(200)),
                    new GeneralName(GeneralName.directoryName, new X500Name("CN=dir,O=x")),
                    new GeneralName(GeneralName.registeredID, "1.2.3.4"),
                    new GeneralName(GeneralName.otherName, new DERSequence(other))})),
                enc(new DERSequence(new ASN1Encodable[] {new DERTaggedObject(false, 7,
                    new DEROctetString(new byte[] {1, 2, 3, 4, 5})), new DERTaggedObject(false, 2,
                    new DEROctetString("h\u00e9llo\u00ff.example".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))})),
                hex("3000"), hex("30028200"), hex("3003820100"), hex("3004a2028200"), hex("30038701 01"),
                hex("3081038201 61"));
    }

    static List<byte[]> ekuValues() {
        return List.of(enc(new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth,
                    KeyPurposeId.id_kp_clientAuth})), enc(new ExtendedKeyUsage(KeyPurposeId.anyExtendedKeyUsage)),
                enc(new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_codeSigning,
                    KeyPurposeId.id_kp_emailProtection, KeyPurposeId.id_kp_timeStamping, KeyPurposeId.id_kp_OCSPSigning,
                    KeyPurposeId.id_kp_ipsecIKE})), hex("3000"), hex("300a06082b06010505070301 00"),
                hex("300b0681082b06010505070301"));
    }

    @Test
    void extensionValuesInCertificatesAsBouncyCastle() throws Exception {
        Random r = new Random(4);
        Map<ASN1ObjectIdentifier, List<byte[]>> values = new LinkedHashMap<>();
        values.put(Extension.basicConstraints, basicConstraintsValues());
        values.put(Extension.subjectAlternativeName, sanValues());
        values.put(Extension.extendedKeyUsage, ekuValues());
        values.put(Extension.keyUsage, List.of(enc(new KeyUsage(KeyUsage.digitalSignature | KeyUsage.decipherOnly)),
                hex("03020780"), hex("03020081")));
        values.put(Extension.subjectKeyIdentifier, List.of(hex("04020102"), hex("0400"), hex("2403040100")));
        values.put(Extension.authorityKeyIdentifier, List.of(hex("300480020102"), hex("3000"), hex("3003a00100")));
        int compared = 0;
        for (Map.Entry<ASN1ObjectIdentifier, List<byte[]>> e : values.entrySet()) {
            for (byte[] v : withMutants(e.getValue(), r, 200)) {
                Map<ASN1ObjectIdentifier, byte[]> one = new LinkedHashMap<>();
                one.put(e.getKey(), v);
                compared += sameExtraction(certWith("CN=leaf", 7, one)) ? 1 : 0;
            }
        }
        assertTrue(compared > 4000, "compared " + compared);
    }

    @Test
    void serialsNamesAndTimesAsBouncyCastle() throws Exception {
        for (long serial : new long[] {0, 1, 15, 16, 127, 128, 255, 256, 4096, Long.MAX_VALUE, -1, -128, -129}) {
            for (String subject : new String[] {"", "CN=a", "CN=Issuer,O=meshaudit"}) {
                assertTrue(sameExtraction(certWith(subject, serial, Map.of())));
            }
        }
    }

    /** Real certificates (the rule fixtures, TestCerts' kinds) and random mutations of them. */
    @Test
    void mutatedCertificatesAsBouncyCastle() throws Exception {
        Random r = new Random(5);
        int compared = 0;
        for (byte[] der : baseCertificates()) {
            assertTrue(sameExtraction(der));
            for (byte[] m : mutants(der, r, 400)) {
                compared += sameExtraction(m) ? 1 : 0;
            }
        }
        assertTrue(compared > 1000, "compared " + compared);
    }

    /** Names print as BouncyCastle prints them, whether from the caches (read twice) or not, empty ones too. */
    @Test
    void namesAsBouncyCastlePrintsThem() throws Exception {
        List<byte[]> all = new ArrayList<>(baseCertificates());
        all.add(certWith("", 12, Map.of()));
        all.add(certWith("CN=a+OU=b,O=\\,x\\+y,C=DE", 13, Map.of()));
        for (int round = 0; round < 2; round++) {
            for (byte[] der : all) {
                Certificate c = Certificate.getInstance(der);
                CertificateInfo info = CertificateExtractor.extract(c, der, "x", 3, 32);
                assertEquals(c.getTBSCertificate().getSubject().toString(), info.subject());
                assertEquals(c.getTBSCertificate().getIssuer().toString(), info.issuer());
            }
        }
        assertEquals("", new X500Name("").toString());
    }

    /** The rule fixtures' certificates and TestCerts' kinds, each once. */
    static List<byte[]> baseCertificates() throws Exception {
        List<byte[]> base = new ArrayList<>();
        Path policies = Path.of("..", "policies");
        if (Files.isDirectory(policies)) {
            Pattern block = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);
            try (Stream<Path> files = Files.walk(policies)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".pem")).sorted().toList()) {
                    Matcher m = block.matcher(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
                    while (m.find()) {
                        base.add(Base64.getMimeDecoder().decode(m.group(1)));
                    }
                }
            }
        }
        KeyPair rsa = TestCerts.rsa(2048);
        var ca = TestCerts.cert().subject("CN=CA,O=x").key(rsa).ca(1).issue();
        base.add(ca.getEncoded());
        base.add(TestCerts.cert().subject("CN=leaf").key(EC).issuedBy(ca, rsa).serverAuth().clientAuth().anyEku()
                .dns("leaf.example.org").uri("spiffe://td/ns/a/sa/b").serial(-5).issue().getEncoded());
        base.add(TestCerts.cert().subject("CN=ed").key(TestCerts.ed25519()).dns("e").issue().getEncoded());
        java.util.Set<String> seen = new java.util.HashSet<>();
        base.removeIf(der -> !seen.add(Base64.getEncoder().encodeToString(der)));
        return base;
    }

    /** Certificates with extensions of every kind the layout locates, unknown ones, and odd but accepted shapes. */
    static List<byte[]> extensionCertificates() throws Exception {
        List<byte[]> out = new ArrayList<>(baseCertificates());
        Map<ASN1ObjectIdentifier, byte[]> all = new LinkedHashMap<>();
        all.put(Extension.basicConstraints, enc(new BasicConstraints(2)));
        all.put(Extension.keyUsage, enc(new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
        all.put(Extension.extendedKeyUsage, ekuValues().get(0));
        all.put(Extension.subjectAlternativeName, sanValues().get(1));
        all.put(Extension.subjectKeyIdentifier, hex("04020102"));
        all.put(Extension.authorityKeyIdentifier, hex("300480020304"));
        all.put(Extension.nameConstraints, hex("3008a006300482022e78"));
        all.put(new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2"), hex("0403010203"));
        all.put(new ASN1ObjectIdentifier("1.2.3.4.5"), new byte[300]);
        all.put(new ASN1ObjectIdentifier("2.5.29.99"), hex("0500"));
        out.add(certWith("CN=all", 9, all));
        out.add(certWith("CN=none", 10, Map.of()));
        Map<ASN1ObjectIdentifier, byte[]> malformed = new LinkedHashMap<>();
        malformed.put(Extension.subjectAlternativeName, hex("3005820361"));
        malformed.put(Extension.basicConstraints, hex("30 30 30 30 00"));
        out.add(certWith("CN=malformed", 11, malformed));
        return out;
    }

    /**
     * The extension slots of {@link DerSlices#layout(byte[])}, when filled, are BouncyCastle's extensions: each known
     * one present exactly when BouncyCastle has it, with the same value octets, and the largest value as large.
     */
    @Test
    void extensionSlotsAsBouncyCastle() throws Exception {
        Random r = new Random(8);
        Map<Integer, ASN1ObjectIdentifier> known = Map.of(DerSlices.SAN, Extension.subjectAlternativeName,
                DerSlices.BASIC_CONSTRAINTS, Extension.basicConstraints, DerSlices.KEY_USAGE, Extension.keyUsage,
                DerSlices.EXTENDED_KEY_USAGE, Extension.extendedKeyUsage, DerSlices.AUTHORITY_KEY_ID,
                Extension.authorityKeyIdentifier, DerSlices.SUBJECT_KEY_ID, Extension.subjectKeyIdentifier,
                DerSlices.NAME_CONSTRAINTS, Extension.nameConstraints, DerSlices.SCT,
                new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2"));
        int located = 0;
        for (byte[] der : withMutants(extensionCertificates(), r, 150)) {
            Certificate c;
            try {
                DerScanner.exactlyOne(der, 32);
                c = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
            } catch (Exception | StackOverflowError e) {
                continue;
            }
            int[] at = DerSlices.layout(der);
            if (at == null || at[DerSlices.EXTENSIONS] == 0) {
                continue;
            }
            located++;
            org.bouncycastle.asn1.x509.Extensions exts = c.getTBSCertificate().getExtensions();
            for (Map.Entry<Integer, ASN1ObjectIdentifier> k : known.entrySet()) {
                Extension e = exts == null ? null : exts.getExtension(k.getValue());
                int from = at[DerSlices.KNOWN + 2 * k.getKey()];
                int to = at[DerSlices.KNOWN + 2 * k.getKey() + 1];
                String where = k.getValue() + " in " + java.util.HexFormat.of().formatHex(der);
                assertEquals(e == null ? null : java.util.HexFormat.of().formatHex(e.getExtnValue().getOctets()),
                        from < 0 ? null : java.util.HexFormat.of().formatHex(der, from, to), where);
            }
            int largest = 0;
            for (ASN1ObjectIdentifier oid : exts == null ? new ASN1ObjectIdentifier[0] : exts.getExtensionOIDs()) {
                largest = Math.max(largest, exts.getExtension(oid).getExtnValue().getOctets().length);
            }
            assertEquals(largest, at[DerSlices.LARGEST_EXTENSION], () -> java.util.HexFormat.of().formatHex(der));
        }
        assertTrue(located > 500, "located " + located);
    }

    /**
     * The reader's check of the extensions from the located slices names the same problem (or none) as the check
     * through BouncyCastle's objects, under budgets tight enough to be hit.
     */
    @Test
    void extensionCheckAsBouncyCastle() throws Exception {
        Random r = new Random(9);
        List<CertLimits> budgets = List.of(CertLimits.defaults(), new CertLimits(1 << 20, 10, 1 << 16, 3, 16, 10,
                1000, 10), new CertLimits(1 << 20, 10, 1 << 16, 2, 100, 10, 1000, 10));
        int problems = 0;
        int checked = 0;
        for (byte[] der : withMutants(extensionCertificates(), r, 150)) {
            Certificate c;
            try {
                DerScanner.exactlyOne(der, 32);
                c = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
            } catch (Exception | StackOverflowError e) {
                continue;
            }
            int[] at = DerSlices.layout(der);
            for (CertLimits limits : budgets) {
                String general = CertReader.checkExtensions(c, limits);
                assertEquals(general, CertReader.checkExtensions(c, der, at, limits),
                        () -> java.util.HexFormat.of().formatHex(der));
                problems += general == null ? 0 : 1;
                checked++;
            }
        }
        assertTrue(problems > 50 && checked - problems > 500, problems + " problems in " + checked);
    }

    @Test
    void readerUsesTheShortcutsOnCommonCertificates() throws Exception {
        byte[] der = TestCerts.cert().subject("CN=leaf").key(EC).serverAuth().dns("leaf").issue().getEncoded();
        assertNotNull(DerSlices.layout(der));
        Certificate c = Certificate.getInstance(der);
        CertificateInfo info = CertificateExtractor.extract(c, der, "x", 3, 32);
        assertEquals(CertificateExtractor.extract(c, "x", 3, 32), info);
        assertEquals(List.of("leaf"), info.dns());
        assertEquals(List.of("serverAuth"), info.eku());
    }

}
