package org.meshaudit.lifecycle;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and certificates made on the fly for the signing tests; nothing is committed. */
final class TestPki {
    private static long serial = 1;

    record Issued(KeyPair keys, X509Certificate cert) {
    }

    private TestPki() {
    }

    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String alg(KeyPair k) {
        return k.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /** A self-signed CA. */
    static Issued ca(String cn, KeyPair keys, Instant from, Instant to) throws Exception {
        return issue(cn, keys, cn, keys, from, to, true);
    }

    /** A certificate for {@code keys} issued by {@code issuer}. */
    static Issued leaf(String cn, KeyPair keys, Issued issuer, Instant from, Instant to) throws Exception {
        return issue(cn, keys, issuer.cert().getSubjectX500Principal().getName(), issuer.keys(), from, to, false);
    }

    private static Issued issue(String cn, KeyPair keys, String issuerDn, KeyPair issuerKeys, Instant from, Instant to,
                                boolean ca) throws IOException, OperatorCreationException, GeneralSecurityException {
        X500Name subject = new X500Name(cn.startsWith("CN=") ? cn : "CN=" + cn);
        X500Name issuer = new X500Name(issuerDn.startsWith("CN=") ? issuerDn : "CN=" + issuerDn);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial++),
                Date.from(from), Date.from(to), subject, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        return new Issued(keys, new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(alg(issuerKeys)).build(issuerKeys.getPrivate()))));
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
