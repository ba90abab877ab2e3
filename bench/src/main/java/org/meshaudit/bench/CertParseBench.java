package org.meshaudit.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.meshaudit.collect.cert.Bc;
import org.meshaudit.collect.cert.CertBlob;
import org.meshaudit.collect.cert.CertLimits;
import org.meshaudit.collect.cert.CertReader;
import org.meshaudit.normalize.cert.CertificateExtractor;

/**
 * Certificate parse + fact-extraction rate against BouncyCastle's bare {@code new X509CertificateHolder(der)} in the
 * same run (performance.md 3.1 corpus shape: 70 % EC P-256 SPIFFE leaves, 30 % RSA-2048 with CN and two DNS SANs,
 * one RSA-2048 issuer). Single thread. Usage: {@code java -cp <engine classpath> CertParseBench [certs] [rounds]}.
 */
public final class CertParseBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<byte[]> ders = corpus(n);
        StringBuilder pem = new StringBuilder();
        long bytes = 0;
        for (byte[] d : ders) {
            bytes += d.length;
            pem.append("-----BEGIN CERTIFICATE-----\n").append(Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(d)).append("\n-----END CERTIFICATE-----\n");
        }
        byte[] bundle = pem.toString().getBytes(StandardCharsets.US_ASCII);
        System.out.printf("corpus: %d certificates, %.0f B DER average, %.1f MB PEM bundle%n", n,
                bytes / (double) n, bundle.length / 1e6);
        CertLimits limits = new CertLimits(64L << 20, n, 64 * 1024, 32, 16 * 1024, 1000, 1_000_000, 1000);
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (byte[] d : ders) {
                sink += new X509CertificateHolder(d).getSerialNumber().intValue();
            }
            long t1 = System.nanoTime();
            List<CertBlob> blobs = new ArrayList<>(n);
            new CertReader(limits, null).read(bundle, new CertReader.Origin("bench.pem", "file", "", "bench.pem", "",
                    "chain"), new CertReader.Sink() {
                        @Override
                        public void certificate(CertBlob blob) {
                            blobs.add(blob);
                        }

                        @Override
                        public void issue(String source, String kind, String message) {
                            throw new IllegalStateException(kind + ": " + message);
                        }
                    });
            long tr = System.nanoTime();
            for (CertBlob b : blobs) {
                sink += CertificateExtractor.extract(b.certificate(), b.sha256(), 1000, 32).keyBits();
            }
            long t2 = System.nanoTime();
            System.out.printf("  read (split, budgets, sha256, parse) %,.0f certs/s; extract %,.0f certs/s%n",
                    n / ((tr - t1) / 1e9), n / ((t2 - tr) / 1e9));
            double bare = n / ((t1 - t0) / 1e9);
            double ours = n / ((t2 - t1) / 1e9);
            System.out.printf("round %d: bare X509CertificateHolder %,.0f certs/s | meshaudit PEM split + budgets + "
                    + "sha256 + parse + extract %,.0f certs/s | ratio %.2f%n", r + 1, bare, ours, ours / bare);
        }
        System.out.println("(checksum " + sink + ")");
    }

    static List<byte[]> corpus(int n) throws Exception {
        KeyPairGenerator rg = KeyPairGenerator.getInstance("RSA", Bc.PROVIDER);
        rg.initialize(2048);
        KeyPair issuerKey = rg.generateKeyPair();
        KeyPair rsaLeaf = rg.generateKeyPair();
        KeyPairGenerator eg = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
        eg.initialize(new ECGenParameterSpec("P-256"));
        KeyPair ecLeaf = eg.generateKeyPair();
        X500Name issuer = new X500Name("CN=Bench Issuing CA,O=meshaudit");
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").setProvider(Bc.PROVIDER)
                .build(issuerKey.getPrivate());
        JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
        var aki = u.createAuthorityKeyIdentifier(issuerKey.getPublic());
        Date nb = new Date(1_790_000_000_000L);
        Date na = new Date(1_790_000_000_000L + 86_400_000L);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean ec = i % 10 < 7;
            KeyPair k = ec ? ecLeaf : rsaLeaf;
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(1000L + i), nb, na,
                    ec ? new X500Name("") : new X500Name("CN=svc-" + i + ".shop.svc"), k.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.authorityKeyIdentifier, false, aki);
            GeneralNames sans = ec
                    ? new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                            "spiffe://cluster.local/ns/ns-" + (i % 50) + "/sa/sa-" + i))
                    : new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "svc-" + i + ".shop.svc"),
                        new GeneralName(GeneralName.dNSName, "svc-" + i + ".shop.svc.cluster.local")});
            b.addExtension(Extension.subjectAlternativeName, ec, sans);
            out.add(b.build(signer).getEncoded());
        }
        return out;
    }

    private CertParseBench() {
    }
}
