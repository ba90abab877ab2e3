package org.meshaudit.normalize.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.meshaudit.collect.cert.Bc;

/** Remembering verification outcomes never turns a failure into a success, nor the reverse. */
class VerifiedOnceTest {

    @Test
    void remembersBothOutcomesPerKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
        g.initialize(new ECGenParameterSpec("P-256"));
        KeyPair issuer = g.generateKeyPair();
        KeyPair other = g.generateKeyPair();
        X509Certificate bc = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(
                new JcaX509v3CertificateBuilder(new X500Name("CN=CA"), BigInteger.ONE, new Date(0),
                        new Date(86_400_000L), new X500Name("CN=leaf"), other.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.PROVIDER)
                                .build(issuer.getPrivate())));
        VerifiedOnce c = new VerifiedOnce(bc);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> c.verify(issuer.getPublic()));
            assertDoesNotThrow(() -> c.verify(issuer.getPublic(), Bc.PROVIDER));
            GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> c.verify(other.getPublic()));
            assertEquals(java.security.SignatureException.class, e.getClass());
        }
        assertArrayEquals(bc.getEncoded(), c.getEncoded());
        assertEquals(bc, c);
        assertEquals(bc.hashCode(), c.hashCode());
    }

    @Test
    void validityAnswersAsTheDelegateAtEveryBoundary() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
        g.initialize(new ECGenParameterSpec("P-256"));
        KeyPair k = g.generateKeyPair();
        Date from = new Date(1_700_000_000_000L);
        Date to = new Date(1_700_086_400_000L);
        X509Certificate bc = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(
                new JcaX509v3CertificateBuilder(new X500Name("CN=CA"), BigInteger.ONE, from, to,
                        new X500Name("CN=leaf"), k.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.PROVIDER)
                                .build(k.getPrivate())));
        VerifiedOnce c = new VerifiedOnce(bc, from.toInstant(), to.toInstant());
        for (long t : new long[] {from.getTime() - 1, from.getTime(), from.getTime() + 1, to.getTime() - 1,
                to.getTime(), to.getTime() + 1, 0, Long.MAX_VALUE / 2}) {
            Date d = new Date(t);
            Exception expected = null;
            try {
                bc.checkValidity(d);
            } catch (Exception e) {
                expected = e;
            }
            Exception actual = null;
            try {
                c.checkValidity(d);
            } catch (Exception e) {
                actual = e;
            }
            assertEquals(expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass(),
                    "at " + t);
            assertEquals(expected == null ? null : expected.getMessage(), actual == null ? null : actual.getMessage());
        }
    }
}
