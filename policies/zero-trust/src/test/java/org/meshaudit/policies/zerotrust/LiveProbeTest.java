package org.meshaudit.policies.zerotrust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.api.Status;
import org.meshaudit.api.UsageException;
import org.meshaudit.probe.ProbeOptions;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Result;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real servers inside this JVM on 127.0.0.1, probed end to end (prober → ProbeTranscript → ProbedEndpoint → rules).
 *
 * <p>The legacy-version and weak-suite servers need JSSE algorithms the JDK disables by default. This class relaxes
 * {@code jdk.tls.disabledAlgorithms} (a Security property) and sets {@code jdk.tls.ephemeralDHKeySize} for THIS TEST JVM
 * ONLY, programmatically, before any TLS class is loaded (the JDK reads both once). The pack module's only other test
 * uses no TLS, so the relaxation is in place before first use. The prober itself does not depend on it: it enumerates
 * with hand-built ClientHellos. bctls is not used (not served past 1.84, dependencies.md).
 */
class LiveProbeTest {
    static {
        Security.setProperty("jdk.tls.disabledAlgorithms", "");
        System.setProperty("jdk.tls.ephemeralDHKeySize", "1024");
    }

    /** The JDK default set; legacy versions are re-enabled in this JVM by the relaxation above. */
    private static final String[] MODERN = {"TLSv1.3", "TLSv1.2"};
    private static final List<Closeable> OPEN = new CopyOnWriteArrayList<>();
    private static KeyStore ecServer;
    private static KeyStore rsaServer;
    private static KeyStore trust;

    @BeforeAll
    static void pki() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ca = ec.generateKeyPair();
        X509Certificate caCert = cert("CN=meshaudit test CA", ca, "CN=meshaudit test CA", ca, true, null, "SHA256withECDSA");
        KeyPair leaf = ec.generateKeyPair();
        X509Certificate leafCert = cert("CN=api.pay.svc", leaf, "CN=meshaudit test CA", ca, false,
                "spiffe://cluster.local/ns/pay/sa/api", "SHA256withECDSA");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaLeaf = rsa.generateKeyPair();
        X509Certificate rsaCert = cert("CN=legacy.pay.svc", rsaLeaf, "CN=meshaudit test CA", ca, false, null,
                "SHA256withECDSA");
        ecServer = KeyStore.getInstance("PKCS12");
        ecServer.load(null, null);
        ecServer.setKeyEntry("k", leaf.getPrivate(), new char[0], new X509Certificate[] {leafCert, caCert});
        rsaServer = KeyStore.getInstance("PKCS12");
        rsaServer.load(null, null);
        rsaServer.setKeyEntry("k", rsaLeaf.getPrivate(), new char[0], new X509Certificate[] {rsaCert, caCert});
        trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCert);
    }

    private static X509Certificate cert(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                        boolean ca, String spiffe, String alg) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (spiffe != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, spiffe)));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(alg).build(issuerKeys.getPrivate())));
    }

    @AfterAll
    static void close() {
        for (Closeable c : OPEN) {
            try {
                c.close();
            } catch (IOException e) {
                // best effort
            }
        }
    }

    // ------------------------------------------------------------------ servers

    private static ServerSocket listen(ServerSocket ss, Handler h) {
        OPEN.add(ss);
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    OPEN.add(s);
                    Thread w = new Thread(() -> {
                        try {
                            h.handle(s);
                        } catch (Exception e) {
                            // probes end handshakes early: expected
                        }
                    });
                    w.setDaemon(true);
                    w.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return ss;
    }

    interface Handler {
        void handle(Socket s) throws Exception;
    }

    private static void answer(Socket s) throws IOException {
        try (s) {
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[512];
            in.read(buf);
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    static ServerSocket plaintextServer() throws IOException {
        return listen(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), LiveProbeTest::answer);
    }

    static ServerSocket silentServer() throws IOException {
        return listen(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), s -> { });
    }

    static ServerSocket resetServer() throws IOException {
        return listen(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), s -> {
            s.setSoLinger(true, 0);
            s.close();
        });
    }

    static ServerSocket tlsServer(KeyStore keys, boolean needClientAuth, String[] protocols, String[] suites)
            throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, new char[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        if (protocols != null) {
            ss.setEnabledProtocols(protocols);
        }
        if (suites != null) {
            ss.setEnabledCipherSuites(suites);
        }
        ss.setNeedClientAuth(needClientAuth);
        return listen(ss, s -> {
            ((SSLSocket) s).startHandshake();
            answer(s);
        });
    }

    // ------------------------------------------------------------------ runs

    private static final AtomicInteger RUNS = new AtomicInteger();

    private record Run(AuditReport report, List<ObjectNode> transcripts) {
        Map<String, Result> byRule() {
            Map<String, Result> out = new TreeMap<>();
            report.results().forEach(r -> out.put(r.ruleId(), r));
            return out;
        }

        Result rule(String id) {
            Result r = byRule().get(id);
            assertNotNull(r, "no " + id + " result: " + report.results());
            return r;
        }
    }

    private static Run probe(int port, boolean expectMtls) {
        List<ObjectNode> docs = new ArrayList<>();
        ProbeOptions o = ProbeOptions.defaults().withTargets(List.of("127.0.0.1:" + port), expectMtls)
                .withAllowLoopback(true)
                .withLimits(4, Duration.ofMillis(2000), Duration.ofMillis(3000), Duration.ofSeconds(30))
                .withSink(docs::addAll);
        AuditRequest req = new AuditRequest(List.of(), null, Instant.parse("2026-11-29T00:00:00Z"), Set.of(),
                "baseline", null, List.of(Path.of(System.getProperty("meshaudit.pack.dir"))),
                Set.of("MTLS-006", "TLS-001", "TLS-002", "TLS-003", "TLS-004"), false, null).withProbe(o);
        RUNS.incrementAndGet();
        return new Run(new AuditEngine().run(req), docs);
    }

    private static String why(Run r) {
        return r.report.results().toString() + "\n" + r.transcripts;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void plaintextServerIsCriticalWhereMtlsIsExpected() throws Exception {
        Run r = probe(plaintextServer().getLocalPort(), true);
        Result m = r.rule("MTLS-006");
        assertEquals(Status.FAIL, m.status(), why(r));
        assertEquals("critical", m.severity().label());
        assertTrue(m.message().contains("plaintext accepted"), m.message());
        assertTrue(m.evidence().get("transcript").toString().contains("HEAD /"), "transcript is evidence");
        assertEquals(Status.NOT_APPLICABLE, r.rule("TLS-001").status(), "a plaintext-only port speaks no TLS: " + why(r));
    }

    @Test
    void tlsWithoutClientAuthCompletesAnonymousHandshake() throws Exception {
        Run r = probe(tlsServer(ecServer, false, MODERN, null).getLocalPort(), true);
        Result m = r.rule("MTLS-006");
        assertEquals(Status.FAIL, m.status(), why(r));
        assertTrue(m.message().contains("handshake without a client certificate completed"), m.message());
        assertEquals(Status.PASS, r.rule("TLS-001").status(), why(r));
        assertEquals(Status.PASS, r.rule("TLS-003").status(), "JDK 17 offers TLS 1.3: " + why(r));
        assertTrue(String.valueOf(m.evidence().get("chain")).contains("spiffe://cluster.local/ns/pay/sa/api"),
                "presented chain with SPIFFE id: " + m.evidence().get("chain"));
        ObjectNode spec = (ObjectNode) r.transcripts.get(0).get("spec");
        assertEquals(2, spec.path("chain").path("der").size(), "DER chain kept for the certificate inventory");
    }

    @Test
    void serverRequiringClientCertificateIsEvidenceForStrict() throws Exception {
        Run r = probe(tlsServer(ecServer, true, MODERN, null).getLocalPort(), true);
        Result m = r.rule("MTLS-006");
        assertEquals(Status.PASS, m.status(), why(r));
        assertTrue(String.valueOf(m.evidence().get("verdict")).contains("REJECTED"), m.evidence().toString());
        assertEquals(Boolean.TRUE, m.evidence().get("clientCertRequested"));
        // the chain is recorded although the handshake is refused, and joins the certificate inventory (CERT-007)
        ObjectNode spec = (ObjectNode) r.transcripts.get(0).get("spec");
        assertEquals(2, spec.path("chain").path("der").size(), "chain of a STRICT port: " + spec.path("chain"));
        List<String> presented = new ArrayList<>();
        r.report.certificates().forEach(c -> c.sources().forEach(s -> presented.add(s.location())));
        String port = "127.0.0.1:" + spec.path("target").path("port").asInt();
        String endpoint = "ProbeTarget/" + port + "[presented by " + port + "]";
        assertTrue(presented.contains(endpoint + "#1") && presented.contains(endpoint + "#2"),
                "inventory sources: " + presented);
        assertTrue(String.valueOf(m.evidence().get("groups")).contains("x25519"), "groups from HelloRetryRequest: "
                + m.evidence().get("groups"));
        // the JDK's default TLS 1.2 list still carries ECDHE + CBC suites: a real (low) TLS-002 finding
        assertEquals(Status.FAIL, r.rule("TLS-002").status(), why(r));
        assertEquals("low", r.rule("TLS-002").severity().label(), r.rule("TLS-002").message());
        assertTrue(r.rule("TLS-002").message().contains("CBC mode"), r.rule("TLS-002").message());
        assertEquals(Status.PASS, r.rule("TLS-004").status(), why(r));
    }

    @Test
    void legacyOnlyServerFailsTls001AndTls003() throws Exception {
        Run r = probe(tlsServer(rsaServer, true, new String[] {"TLSv1", "TLSv1.1"},
                new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"}).getLocalPort(), true);
        Result v = r.rule("TLS-001");
        assertEquals(Status.FAIL, v.status(), why(r));
        assertEquals("high", v.severity().label());
        assertTrue(v.message().contains("TLSv1, TLSv1.1"), v.message());
        assertEquals(Status.FAIL, r.rule("TLS-003").status(), why(r));
        assertEquals(Status.FAIL, r.rule("TLS-002").status(), "CBC with ECDHE: " + why(r));
        assertEquals("low", r.rule("TLS-002").severity().label());
        Result g = r.rule("TLS-004");
        assertEquals(Status.FAIL, g.status(), "DHE 1024 (jdk.tls.ephemeralDHKeySize relaxed in-test): " + why(r));
        // the JSSE client cannot speak TLS 1.0/1.1 here, but the raw hello saw the CertificateRequest
        assertFalse(r.rule("MTLS-006").status() == Status.FAIL, why(r));
    }

    @Test
    void weakSuiteServerFailsTls002High() throws Exception {
        Run r = probe(tlsServer(rsaServer, false, new String[] {"TLSv1.2"},
                new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA",
                        "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}).getLocalPort(), false);
        Result s = r.rule("TLS-002");
        assertEquals(Status.FAIL, s.status(), why(r));
        assertEquals("high", s.severity().label(), s.message());
        assertTrue(s.message().contains("TLS_ECDH_anon_WITH_AES_128_CBC_SHA") && s.message().contains("3DES")
                && s.message().contains("static RSA"), s.message());
        assertEquals(Status.NOT_APPLICABLE, r.rule("MTLS-006").status(), "not expected to require mTLS");
    }

    @Test
    void silentServerIsErrorNeverPass() throws Exception {
        long t0 = System.nanoTime();
        Run r = probe(silentServer().getLocalPort(), true);
        for (Result x : r.report.results()) {
            assertEquals(Status.ERROR, x.status(), x.ruleId() + ": " + why(r));
        }
        assertTrue(r.rule("MTLS-006").message().contains("did not answer"), r.rule("MTLS-006").message());
        assertFalse(r.report.complete());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 15, "bounded by the timeouts");
    }

    @Test
    void resetIsEvidenceNotAcceptance() throws Exception {
        Run r = probe(resetServer().getLocalPort(), true);
        Result m = r.rule("MTLS-006");
        assertEquals(Status.PASS, m.status(), "reset on plaintext and TLS: " + why(r));
        assertEquals(Status.NOT_APPLICABLE, r.rule("TLS-001").status(), why(r));
    }

    @Test
    void refusedTargetsAreUsageErrors() {
        for (String t : List.of("169.254.169.254:80", "8.8.8.8:443", "example.com:443", "127.0.0.1:80", "[fe80::1]:80",
                "0.0.0.0:80")) {
            ProbeOptions o = ProbeOptions.defaults().withTargets(List.of(t), true);
            AuditRequest req = new AuditRequest(List.of(), null, Instant.now(), Set.of(), "baseline", null, List.of(),
                    Set.of(), false, null).withProbe(o);
            assertThrows(UsageException.class, () -> new AuditEngine().run(req), t);
        }
    }
}
