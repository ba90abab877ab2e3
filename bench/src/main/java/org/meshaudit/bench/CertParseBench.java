package org.meshaudit.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.meshaudit.collect.cert.CertificateExtractor;

/**
 * Certificate parse + fact-extraction rate against BouncyCastle's bare {@code new X509CertificateHolder(der)} in the
 * same run (performance.md 3.1 corpus shape: 70 % EC P-256 SPIFFE leaves, 30 % RSA-2048 with CN and two DNS SANs,
 * one RSA-2048 issuer). Single thread. Usage: {@code java -cp <engine classpath> CertParseBench [certs] [rounds]}.
 */
public final class CertParseBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        List<byte[]> ders = corpus(n);
        long bytes = 0;
        for (byte[] d : ders) {
            bytes += d.length;
        }
        System.out.printf("corpus: %d certificates, %.0f B DER average%n", n, bytes / (double) n);
        Map<String, Object> r = measure(ders, rounds);
        r.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-28s %s%n", k, v));
    }

    /**
     * Best-round rates (certificates per second of this thread's CPU time, i.e. per core, warm; CPU time rather
     * than wall time so that other processes on a shared box do not count) over the same certificates, interleaved per round
     * so that machine noise hits every contender alike:
     * <ul>
     *   <li>{@code bcHolderDer}: BouncyCastle's bare {@code new X509CertificateHolder(der)};</li>
     *   <li>{@code bcHolderExtractDer}: the holder plus notAfter, SANs, key algorithm and subject text (the floor of
     *       performance.md 3.1);</li>
     *   <li>{@code bcPemParserBundle}: BouncyCastle's {@code PEMParser} over the PEM bundle, to holders;</li>
     *   <li>{@code meshauditDer}: our reader on each DER (budgets, DER scan, sha256, parse once per distinct
     *       certificate) and the fact extraction (once per distinct certificate, as the engine does: the same
     *       intermediate in thousands of Secrets is parsed and extracted once);</li>
     *   <li>{@code meshauditPemBundle}: the same from the PEM bundle.</li>
     * </ul>
     */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory
            .getThreadMXBean();

    public static Map<String, Object> measure(List<byte[]> ders, int rounds) throws Exception {
        int n = ders.size();
        StringBuilder pem = new StringBuilder();
        for (byte[] d : ders) {
            pem.append("-----BEGIN CERTIFICATE-----\n").append(Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(d)).append("\n-----END CERTIFICATE-----\n");
        }
        byte[] bundle = pem.toString().getBytes(StandardCharsets.US_ASCII);
        CertLimits limits = new CertLimits(Math.max(64L << 20, bundle.length + 1L), n + 1, 64 * 1024, 32, 16 * 1024,
                1000, 1_000_000, 1000);
        String[] names = {"bcHolderDer", "bcHolderExtractDer", "bcPemParserBundle", "meshauditDer",
            "meshauditPemBundle"};
        double[] best = new double[names.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            for (int which = 0; which < names.length; which++) {
                int w = (which + round) % names.length; // rotate the order too
                long t0 = CPU.getCurrentThreadCpuTime();
                sink += switch (w) {
                    case 0 -> bareHolders(ders);
                    case 1 -> holderExtract(ders);
                    case 2 -> pemParser(bundle);
                    case 3 -> ours(ders, limits);
                    default -> ours(List.of(bundle), limits);
                };
                best[w] = Math.min(best[w], (CPU.getCurrentThreadCpuTime() - t0) / 1e9);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("certificates", n);
        out.put("rounds", rounds);
        for (int i = 0; i < names.length; i++) {
            out.put(names[i] + "PerSecond", Math.round(n / best[i]));
        }
        out.put("ratioDerVsBareHolder", Math.round(best[0] / best[3] * 100) / 100.0);
        out.put("ratioDerVsHolderExtract", Math.round(best[1] / best[3] * 100) / 100.0);
        out.put("ratioPemVsPemParser", Math.round(best[2] / best[4] * 100) / 100.0);
        out.put("checksum", sink);
        return out;
    }

    private static long bareHolders(List<byte[]> ders) throws Exception {
        long v = 0;
        for (byte[] d : ders) {
            v += new X509CertificateHolder(d).getSerialNumber().intValue();
        }
        return v;
    }

    private static long holderExtract(List<byte[]> ders) throws Exception {
        long v = 0;
        for (byte[] d : ders) {
            v += Harness.extract(d);
        }
        return v;
    }

    private static long pemParser(byte[] bundle) throws Exception {
        long v = 0;
        try (org.bouncycastle.openssl.PEMParser p = new org.bouncycastle.openssl.PEMParser(
                new java.io.InputStreamReader(new java.io.ByteArrayInputStream(bundle), StandardCharsets.US_ASCII))) {
            Object o;
            while ((o = p.readObject()) != null) {
                v += ((X509CertificateHolder) o).getSerialNumber().intValue();
            }
        }
        return v;
    }

    /**
     * Our path: {@link CertReader}, which checks each certificate and reads its facts ({@link CertificateExtractor}).
     * The sink only adds up a fact of each certificate handed over, as the BouncyCastle contenders add up a field:
     * collecting the blobs and counting distinct sha256 texts in a set was bookkeeping of the harness, timed with
     * ours alone (about a twentieth of it). The corpus is distinct, so the checksum is the same.
     */
    private static long ours(List<byte[]> blobs, CertLimits limits) {
        long[] v = {0};
        CertReader reader = new CertReader(limits, null);
        CertReader.Origin origin = new CertReader.Origin("bench.pem", "file", "", "bench.pem", "", "chain");
        CertReader.Sink sink = new CertReader.Sink() {
            @Override
            public void certificate(CertBlob blob) {
                v[0] += blob.info().keyBits();
            }

            @Override
            public void issue(String source, String kind, String message) {
                throw new IllegalStateException(kind + ": " + message);
            }
        };
        for (byte[] b : blobs) {
            reader.read(b, origin, sink);
        }
        return v[0];
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
