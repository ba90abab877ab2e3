package org.meshaudit.testkit;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.meshaudit.collect.cert.Bc;

/**
 * Generates test certificates with BouncyCastle: any key (RSA, EC curves, Ed25519, DSA), signature, lifetime, CA flag,
 * EKU and SAN shape. Test code only; private keys stay in memory.
 */
public final class TestCerts {
    private TestCerts() {
    }

    public static KeyPair rsa(int bits) {
        return rsa(bits, RSAKeyGenParameterSpec.F4);
    }

    public static KeyPair rsa(int bits, BigInteger exponent) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", Bc.PROVIDER);
            g.initialize(new RSAKeyGenParameterSpec(bits, exponent));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An EC key whose encoding carries the curve's parameters in full instead of naming the curve (for a binary-field
     * curve such as {@code sect233k1}: the CVE-2024-29857 class of input).
     */
    public static KeyPair ecExplicit(String curve) {
        try {
            org.bouncycastle.asn1.x9.X9ECParameters x9 = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName(curve);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
            g.initialize(new org.bouncycastle.jce.spec.ECParameterSpec(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(),
                    x9.getSeed()));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519", Bc.PROVIDER).generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair dsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("DSA", Bc.PROVIDER);
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate under construction; {@link #issue()} signs it. */
    public static final class Spec {
        String subject = "CN=test";
        KeyPair key;
        X509CertificateHolder issuer;
        PrivateKey issuerKey;
        Instant notBefore = Instant.parse("2026-11-01T00:00:00Z");
        Instant notAfter = Instant.parse("2027-01-15T00:00:00Z");
        boolean ca;
        int pathLen = -1;
        String sigAlg;
        final List<KeyPurposeId> eku = new ArrayList<>();
        final List<GeneralName> sans = new ArrayList<>();
        long serial = 1;
        final List<Extension> extra = new ArrayList<>();

        public Spec subject(String dn) { subject = dn; return this; }
        public Spec key(KeyPair k) { key = k; return this; }
        public Spec issuedBy(X509CertificateHolder cert, KeyPair k) { issuer = cert; issuerKey = k.getPrivate(); return this; }
        public Spec validity(String from, String to) { notBefore = Instant.parse(from); notAfter = Instant.parse(to); return this; }
        public Spec ca(int pathLength) { ca = true; pathLen = pathLength; return this; }
        public Spec sig(String alg) { sigAlg = alg; return this; }
        public Spec serverAuth() { eku.add(KeyPurposeId.id_kp_serverAuth); return this; }
        public Spec clientAuth() { eku.add(KeyPurposeId.id_kp_clientAuth); return this; }
        public Spec anyEku() { eku.add(KeyPurposeId.anyExtendedKeyUsage); return this; }
        public Spec dns(String name) { sans.add(new GeneralName(GeneralName.dNSName, name)); return this; }
        public Spec uri(String uri) { sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri)); return this; }
        public Spec serial(long s) { serial = s; return this; }
        public Spec extension(String oid, boolean critical, byte[] value) {
            extra.add(new Extension(new ASN1ObjectIdentifier(oid), critical, new DEROctetString(value)));
            return this;
        }

        public X509CertificateHolder issue() {
            try {
                X500Name subj = new X500Name(subject);
                X500Name iss = issuer == null ? subj : issuer.getSubject();
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(iss, BigInteger.valueOf(serial),
                        Date.from(notBefore), Date.from(notAfter), subj, key.getPublic());
                JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
                b.addExtension(Extension.basicConstraints, true, ca ? (pathLen >= 0 ? new BasicConstraints(pathLen)
                        : new BasicConstraints(true)) : new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                        | KeyUsage.digitalSignature : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(key.getPublic()));
                if (issuer != null) {
                    b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(issuer));
                }
                if (!eku.isEmpty()) {
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku.toArray(new KeyPurposeId[0])));
                }
                if (!sans.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
                }
                for (Extension e : extra) {
                    b.addExtension(e);
                }
                PrivateKey signer = issuerKey != null ? issuerKey : key.getPrivate();
                String alg = sigAlg != null ? sigAlg : defaultSig(signer);
                return b.build(new JcaContentSignerBuilder(alg).setProvider(Bc.PROVIDER).build(signer));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static Spec cert() {
        return new Spec();
    }

    static String defaultSig(PrivateKey k) {
        return switch (k.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519" -> "Ed25519";
            case "DSA" -> "SHA256withDSA";
            default -> "SHA256withRSA";
        };
    }

    public static String pem(X509CertificateHolder... certs) {
        try {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter p = new JcaPEMWriter(w)) {
                for (X509CertificateHolder c : certs) {
                    p.writeObject(c);
                }
            }
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A readable dump committed beside a PEM fixture (style.md: "a committed PEM gets a text dump beside it"). */
    public static String dump(X509CertificateHolder... certs) {
        StringBuilder b = new StringBuilder();
        for (X509CertificateHolder c : certs) {
            b.append("subject:    ").append(c.getSubject()).append('\n');
            b.append("issuer:     ").append(c.getIssuer()).append('\n');
            b.append("serial:     ").append(c.getSerialNumber().toString(16)).append('\n');
            b.append("notBefore:  ").append(c.getNotBefore().toInstant()).append('\n');
            b.append("notAfter:   ").append(c.getNotAfter().toInstant()).append('\n');
            b.append("key:        ").append(c.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().getId());
            if (c.getSubjectPublicKeyInfo().getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier o) {
                b.append(" ").append(o.getId());
            }
            b.append('\n');
            b.append("signature:  ").append(c.getSignatureAlgorithm().getAlgorithm().getId()).append('\n');
            if (c.getExtensions() != null) {
                for (ASN1ObjectIdentifier oid : c.getExtensions().getExtensionOIDs()) {
                    Extension e = c.getExtension(oid);
                    b.append("extension:  ").append(oid.getId()).append(e.isCritical() ? " critical" : "")
                            .append(' ').append(e.getParsedValue()).append('\n');
                }
            }
            b.append('\n');
        }
        return b.toString();
    }
}
