package org.meshaudit.collect.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The byte-level shortcuts agree with BouncyCastle's full parse, and decline anything of another shape. */
class DerSlicesTest {

    @ParameterizedTest
    @CsvSource({"1024,65537", "2047,3", "2048,65537", "4096,65537", "3072,4294967297", "8,1",
        "2048,9223372036854775807"})
    void rsaModulusBitsAndExponentAsBouncyCastle(int bits, String exponent) throws Exception {
        BigInteger n = BigInteger.ONE.shiftLeft(bits - 1).add(BigInteger.valueOf(12345));
        BigInteger e = new BigInteger(exponent);
        byte[] der = new RSAPublicKey(n, e).getEncoded();
        long[] fast = DerSlices.rsaModulusBitsAndExponent(der);
        assertNotNull(fast);
        assertEquals(n.bitLength(), fast[0]);
        assertEquals(e.bitLength() > 62 ? Long.MAX_VALUE : e.longValue(), fast[1]);
    }

    @Test
    void hugeExponentIsCapped() throws Exception {
        byte[] der = new RSAPublicKey(BigInteger.ONE.shiftLeft(2047), BigInteger.ONE.shiftLeft(100)).getEncoded();
        assertEquals(Long.MAX_VALUE, DerSlices.rsaModulusBitsAndExponent(der)[1]);
    }

    @Test
    void otherShapesAreDeclined() throws Exception {
        byte[] der = new RSAPublicKey(BigInteger.valueOf(1000), BigInteger.valueOf(3)).getEncoded();
        assertNull(DerSlices.rsaModulusBitsAndExponent(Arrays.copyOf(der, der.length + 1)), "trailing byte");
        assertNull(DerSlices.rsaModulusBitsAndExponent(Arrays.copyOf(der, der.length - 1)), "truncated");
        assertNull(DerSlices.rsaModulusBitsAndExponent(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05}), "one integer");
        assertNull(DerSlices.rsaModulusBitsAndExponent(new RSAPublicKey(BigInteger.valueOf(-7), BigInteger.valueOf(3))
                .getEncoded()), "negative modulus goes the general way");
        assertNull(DerSlices.rsaModulusBitsAndExponent(new byte[] {0x30, (byte) 0x85, 0, 0, 0, 0, 0}), "length form");
        assertNull(DerSlices.rsaModulusBitsAndExponent(new byte[0]));
        assertNull(DerSlices.rsaModulusBitsAndExponent(new byte[] {0x30, 0x07, 0x02, 0x02, 0x00, 0x05, 0x02, 0x01, 0x03}),
                "non-minimal modulus (a leading zero before a positive byte) goes to BouncyCastle, which refuses it");
        assertNotNull(DerSlices.rsaModulusBitsAndExponent(new byte[] {0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03}),
                "a minimal key is still read by the shortcut");
    }

    @Test
    void subjectPublicKeyInfoSliceIsTheKeyEncoding() throws Exception {
        KeyPair k = p256();
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.PROVIDER)
                .build(k.getPrivate());
        X500Name name = new X500Name("CN=" + "x".repeat(60) + ",OU=" + "y".repeat(60) + ",O=" + "z".repeat(60));
        Date nb = new Date(1_790_000_000_000L);
        Date na = new Date(1_790_000_000_000L + 86_400_000L);
        for (byte[] der : new byte[][] {
            new JcaX509v1CertificateBuilder(name, BigInteger.TEN, nb, na, name, k.getPublic()).build(signer)
                    .getEncoded(),
            new JcaX509v3CertificateBuilder(name, BigInteger.TEN, nb, na, new X500Name(""), k.getPublic())
                    .build(signer).getEncoded()}) {
            int[] at = DerSlices.subjectPublicKeyInfo(der);
            assertNotNull(at);
            assertArrayEquals(k.getPublic().getEncoded(), Arrays.copyOfRange(der, at[0], at[1]));
            assertArrayEquals(k.getPublic().getEncoded(), new CertBlob(der, "x", null, null).publicKeyInfo());
            assertNull(DerSlices.subjectPublicKeyInfo(Arrays.copyOf(der, at[1] - 1)), "truncated");
        }
        assertNull(DerSlices.subjectPublicKeyInfo(new byte[] {0x30, 0x02, 0x05, 0x00}));
        assertNull(new CertBlob(new byte[0], "x", null, null).publicKeyInfo());
    }

    @Test
    void issuerAndSubjectSlicesAreTheNameEncodings() throws Exception {
        KeyPair k = p256();
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.PROVIDER)
                .build(k.getPrivate());
        X500Name issuer = new X500Name("CN=Issuing CA,O=meshaudit,C=DE");
        X500Name subject = new X500Name("CN=" + "x".repeat(60) + ",OU=" + "y".repeat(60) + ",O=long names need long-form lengths");
        Date nb = new Date(1_790_000_000_000L);
        Date na = new Date(1_790_000_000_000L + 86_400_000L);
        X509v1CertificateBuilder v1 = new JcaX509v1CertificateBuilder(issuer, BigInteger.TEN, nb, na, subject,
                k.getPublic());
        for (byte[] der : new byte[][] {v1.build(signer).getEncoded(),
            new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(Long.MAX_VALUE).pow(3), nb, na,
                    new X500Name(""), k.getPublic()).build(signer).getEncoded()}) {
            Certificate c = Certificate.getInstance(der);
            int[] at = DerSlices.issuerAndSubject(der);
            assertNotNull(at);
            assertArrayEquals(c.getIssuer().getEncoded(), Arrays.copyOfRange(der, at[0], at[1]));
            assertArrayEquals(c.getSubject().getEncoded(), Arrays.copyOfRange(der, at[2], at[3]));
            var info = CertificateExtractor.extract(c, der, "x", 10, 32);
            var general = CertificateExtractor.extract(c, "x", 10, 32);
            assertEquals(general, info);
        }
        assertNull(DerSlices.issuerAndSubject(new byte[] {0x30, 0x02, 0x05, 0x00}));
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
        g.initialize(new ECGenParameterSpec("P-256"));
        return g.generateKeyPair();
    }
}
