package org.meshaudit.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Random;
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
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Certificate material for the synthetic clusters: one EC P-384 root, an EC P-256 mesh intermediate, an RSA-3072
 * legacy intermediate (for SHA-1 signed leaves) and an expired intermediate. Leaf key pairs come from a small pool
 * (key generation is not what is benchmarked; parsing is). Never a real private key in the output: {@code tls.key}
 * is a placeholder.
 */
final class Certs {
    /** What a leaf is planted with; {@code NONE} is a compliant leaf. */
    enum Flaw {
        NONE(null), RSA_1024("KEY-001"), SHA1("SIG-001"), EXPIRING("CERT-002"), NO_SAN("CERT-005"),
        WRONG_TRUST_DOMAIN("CERT-005"), EXPIRED_INTERMEDIATE("CERT-003"),
        /** A CA:TRUE workload certificate is judged as a CA: its short remaining validity trips CERT-003. */
        CA_LEAF("CERT-003");

        final String ruleId;

        Flaw(String ruleId) {
            this.ruleId = ruleId;
        }
    }

    record Issued(String leafPem, String chainPem, String caPem, byte[] leafDer) {
    }

    private final Instant asOf;
    private final SecureRandom keyRandom;
    private final List<KeyPair> ec = new ArrayList<>();
    private final List<KeyPair> rsa = new ArrayList<>();
    private final KeyPair rsa1024;
    private final KeyPair rootKey;
    private final KeyPair meshKey;
    private final X509CertificateHolder root;
    private final X509CertificateHolder mesh;
    private final X509CertificateHolder legacy;
    private final X509CertificateHolder expired;
    private final String rootPem;
    private final String meshPem;
    private final String legacyPem;
    private final String expiredPem;
    private final ContentSigner meshSigner;
    private final ContentSigner legacySigner;
    private final ContentSigner expiredSigner;
    private long serial = 1000;

    Certs(long seed, Instant asOf) throws Exception {
        this.asOf = asOf;
        keyRandom = SecureRandom.getInstance("SHA1PRNG");
        keyRandom.setSeed(seed);
        for (int i = 0; i < 4; i++) {
            ec.add(ecKey("secp256r1"));
        }
        rsa.add(rsaKey(3072)); // one RSA key: prime search dominates generation time otherwise
        rsa1024 = rsaKey(1024);
        rootKey = ecKey("secp384r1");
        meshKey = ec.get(0);
        KeyPair legacyKey = rsa.get(0);
        Date rootFrom = Date.from(asOf.minusSeconds(86400L * 400));
        Date rootTo = Date.from(asOf.plusSeconds(86400L * 3000));
        X500Name rootName = new X500Name("O=meshaudit bench,CN=bench root CA");
        root = ca(rootName, rootName, rootKey, rootKey, rootFrom, rootTo, "SHA384withECDSA");
        mesh = ca(new X500Name("O=cluster.local,CN=istio intermediate"), rootName, meshKey, rootKey,
                Date.from(asOf.minusSeconds(86400L * 100)), Date.from(asOf.plusSeconds(86400L * 900)), "SHA384withECDSA");
        legacy = ca(new X500Name("O=meshaudit bench,CN=legacy intermediate"), rootName, legacyKey, rootKey,
                Date.from(asOf.minusSeconds(86400L * 300)), Date.from(asOf.plusSeconds(86400L * 900)), "SHA384withECDSA");
        expired = ca(new X500Name("O=meshaudit bench,CN=expired intermediate"), rootName, ec.get(1), rootKey,
                Date.from(asOf.minusSeconds(86400L * 800)), Date.from(asOf.minusSeconds(86400L * 5)), "SHA384withECDSA");
        rootPem = pem(root.getEncoded());
        meshPem = pem(mesh.getEncoded());
        legacyPem = pem(legacy.getEncoded());
        expiredPem = pem(expired.getEncoded());
        meshSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(meshKey.getPrivate());
        legacySigner = new JcaContentSignerBuilder("SHA1withRSA").build(legacyKey.getPrivate());
        expiredSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(ec.get(1).getPrivate());
    }

    private KeyPair ecKey(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve), keyRandom);
        return g.generateKeyPair();
    }

    private KeyPair rsaKey(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), keyRandom);
        return g.generateKeyPair();
    }

    private X509CertificateHolder ca(X500Name subject, X500Name issuer, KeyPair key, KeyPair issuerKey, Date from,
                                     Date to, String alg) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial++), from, to,
                subject, key.getPublic());
        JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(key.getPublic()));
        return b.build(new JcaContentSignerBuilder(alg).build(issuerKey.getPrivate()));
    }

    /**
     * Issues one leaf for a workload.
     *
     * @param spiffe  true: mesh-style SVID (empty subject, one critical SPIFFE URI SAN); false: CN + two DNS SANs
     * @param lifetimeHours validity
     */
    Issued leaf(Random r, String ns, String sa, String host, boolean spiffe, int lifetimeHours, Flaw flaw)
            throws IOException, OperatorCreationException {
        return leaf(r, ns, sa, host, spiffe, lifetimeHours, flaw, List.of());
    }

    /** As above; {@code edgeHosts} are extra DNS SANs of a non-SPIFFE leaf that an Ingress serves. */
    Issued leaf(Random r, String ns, String sa, String host, boolean spiffe, int lifetimeHours, Flaw flaw,
                List<String> edgeHosts) throws IOException, OperatorCreationException {
        KeyPair key = flaw == Flaw.RSA_1024 ? rsa1024
                : spiffe ? ec.get(r.nextInt(ec.size())) : rsa.get(r.nextInt(rsa.size()));
        X509CertificateHolder issuer = flaw == Flaw.SHA1 ? legacy : flaw == Flaw.EXPIRED_INTERMEDIATE ? expired : mesh;
        ContentSigner signer = flaw == Flaw.SHA1 ? legacySigner
                : flaw == Flaw.EXPIRED_INTERMEDIATE ? expiredSigner : meshSigner;
        long lifetime = lifetimeHours * 3600L;
        // expiring: under 7 days left for lifetimes over 7 days, under a third of the lifetime for shorter ones
        // (controls-catalog.md 7.9)
        long left = Math.min(86400L * 3, lifetime / 4);
        Instant notBefore = flaw == Flaw.EXPIRING
                ? asOf.minusSeconds(lifetime - left)
                : asOf.minusSeconds(Math.min(lifetime / 3, 3600L * 2 + r.nextInt(3600)));
        Instant notAfter = notBefore.plusSeconds(lifetime);
        if (flaw == Flaw.EXPIRED_INTERMEDIATE) {
            // outlives its expired issuer; a long-lived leaf stays outside the CERT-002 windows (30 d Medium, 45 d
            // Info), which would otherwise be an unplanted finding
            notAfter = asOf.plusSeconds(lifetime <= 7 * 86400L ? lifetime / 2 : Math.max(lifetime / 2, 46L * 86400));
        }
        X500Name subject = spiffe && flaw != Flaw.NO_SAN ? new X500Name(new org.bouncycastle.asn1.x500.RDN[0])
                : new X500Name("O=" + ns + ",CN=" + host);
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer.getSubject(), BigInteger.valueOf(serial++),
                Date.from(notBefore), Date.from(notAfter), subject,
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(flaw == Flaw.CA_LEAF));
        b.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | (spiffe ? 0 : KeyUsage.keyEncipherment)));
        b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        b.addExtension(Extension.authorityKeyIdentifier, false,
                new org.bouncycastle.asn1.x509.AuthorityKeyIdentifier(
                        org.bouncycastle.asn1.x509.SubjectKeyIdentifier.fromExtensions(issuer.getExtensions())
                                .getKeyIdentifier()));
        if (flaw != Flaw.NO_SAN) {
            GeneralNames sans;
            if (spiffe) {
                String td = flaw == Flaw.WRONG_TRUST_DOMAIN ? "other.example" : "cluster.local";
                sans = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                        "spiffe://" + td + "/ns/" + ns + "/sa/" + sa));
            } else {
                List<GeneralName> names = new java.util.ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, host),
                        new GeneralName(GeneralName.dNSName, host.substring(0, host.indexOf('.')) + "." + ns + ".svc")));
                for (String h : edgeHosts) {
                    names.add(new GeneralName(GeneralName.dNSName, h));
                }
                sans = new GeneralNames(names.toArray(new GeneralName[0]));
            }
            b.addExtension(Extension.subjectAlternativeName, spiffe, sans);
        }
        X509CertificateHolder leaf = b.build(signer);
        byte[] der = leaf.getEncoded();
        String leafPem = pem(der);
        String chain = leafPem + (issuer == legacy ? legacyPem : issuer == expired ? expiredPem : meshPem);
        return new Issued(leafPem, chain, rootPem, der);
    }

    static String pem(byte[] der) throws IOException {
        StringWriter w = new StringWriter(1500);
        try (PemWriter pw = new PemWriter(w)) {
            pw.writeObject(new PemObject("CERTIFICATE", der));
        }
        return w.toString();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
