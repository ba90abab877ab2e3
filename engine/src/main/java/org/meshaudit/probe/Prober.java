package org.meshaudit.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.meshaudit.probe.TlsCatalog.Version;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bounded active prober. Per target, one connection at a time: (1) plaintext TCP with a minimal
 * {@code HEAD / HTTP/1.0} request, (2) a JSSE handshake without a client certificate (trust-all, observation only),
 * (3) hand-built ClientHellos per version, suite and group ({@link RawHello}) that stop at the server's first flight.
 * Every attempt is appended to the target's transcript. Targets run on at most {@code concurrency} threads; each
 * connection has connect and read timeouts; attempts not started before the overall deadline are recorded as skipped.
 */
public final class Prober {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int PREVIEW = 64;
    private static final int MAX_ATTEMPTS_PER_VERSION = 24;

    private final ProbeOptions options;
    private final long deadlineNanos;

    public Prober(ProbeOptions options) {
        this.options = options;
        this.deadlineNanos = System.nanoTime() + options.deadline().toNanos();
    }

    /** Probes every target; returns one {@code meshaudit.org/v1 ProbeTranscript} document per target, in input order. */
    public List<ObjectNode> run(List<ProbeTarget> targets) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.concurrency(), Math.max(1, targets.size())),
                r -> {
                    Thread t = new Thread(r, "meshaudit-probe");
                    t.setDaemon(true);
                    return t;
                });
        List<Future<ObjectNode>> futures = new ArrayList<>();
        for (ProbeTarget t : targets) {
            futures.add(pool.submit(() -> probe(t)));
        }
        pool.shutdown();
        List<ObjectNode> out = new ArrayList<>();
        try {
            long grace = TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadlineNanos - System.nanoTime()))
                    + options.connectTimeout().toMillis() + options.readTimeout().toMillis() + 1000;
            if (!pool.awaitTermination(grace, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
            for (int i = 0; i < targets.size(); i++) {
                Future<ObjectNode> f = futures.get(i);
                if (f.isDone() && !f.isCancelled()) {
                    try {
                        out.add(f.get());
                        continue;
                    } catch (java.util.concurrent.ExecutionException e) {
                        out.add(failed(targets.get(i), "probe failed: " + e.getCause()));
                        continue;
                    }
                }
                f.cancel(true);
                out.add(failed(targets.get(i), "overall probe deadline passed before the target finished"));
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private ObjectNode failed(ProbeTarget t, String why) {
        Transcript tr = new Transcript(t);
        tr.log("abandoned: " + why);
        tr.doc.put("error", why);
        return tr.finish();
    }

    /** The transcript document under construction. */
    private final class Transcript {
        final ObjectNode doc = JSON.objectNode();
        final ObjectNode spec;
        final ArrayNode lines;
        final ProbeTarget target;

        Transcript(ProbeTarget t) {
            this.target = t;
            doc.put("apiVersion", "meshaudit.org/v1");
            doc.put("kind", "ProbeTranscript");
            ObjectNode meta = doc.putObject("metadata");
            String ns = t.service() == null ? "" : t.service().substring(0, t.service().indexOf('/'));
            meta.put("name", ProbeTranscripts.objectName(t));
            if (!ns.isEmpty()) {
                meta.put("namespace", ns);
            }
            spec = doc.putObject("spec");
            ObjectNode target = spec.putObject("target");
            target.put("host", t.host());
            target.put("port", t.port());
            target.put("address", t.address().getHostAddress());
            if (t.service() != null) {
                ObjectNode svc = spec.putObject("service");
                svc.put("namespace", ns);
                svc.put("name", t.service().substring(t.service().indexOf('/') + 1));
                svc.put("uid", t.serviceUid() == null ? "" : t.serviceUid());
                svc.put("port", t.port());
            }
            if (t.expectMtls() != null) {
                spec.put("expectMtls", t.expectMtls());
            }
            if (t.expectation() != null) {
                spec.put("expectation", t.expectation());
            }
            spec.put("startedAt", now());
            lines = spec.putArray("transcript");
        }

        void log(String line) {
            lines.add(now() + " " + line);
        }

        ObjectNode finish() {
            if (doc.has("error")) {
                spec.put("error", doc.get("error").asString());
                doc.remove("error");
            }
            spec.put("finishedAt", now());
            return doc;
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private boolean expired() {
        return System.nanoTime() >= deadlineNanos;
    }

    private int connectMs() {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(1, Math.min(options.connectTimeout().toMillis(), left));
    }

    private void pace() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ObjectNode probe(ProbeTarget t) {
        Transcript tr = new Transcript(t);
        String plain = plaintext(t, tr);
        String anon = anonymous(t, tr);
        boolean silent = Set.of("TIMEOUT", "SILENT", "UNREACHABLE", "SKIPPED").contains(plain)
                && Set.of("TIMEOUT", "UNREACHABLE", "SKIPPED").contains(anon);
        if (silent) {
            tr.log("enumeration skipped: the target answered neither attempt");
            tr.spec.put("error", "target did not answer (plaintext " + plain + ", TLS " + anon
                    + "); a NetworkPolicy drop looks the same, so nothing can be concluded");
        } else {
            enumerate(t, tr);
        }
        return tr.finish();
    }

    // ---------------------------------------------------------------- plaintext

    private String plaintext(ProbeTarget t, Transcript tr) {
        ObjectNode o = tr.spec.putObject("plaintext");
        String outcome;
        String detail = null;
        if (expired()) {
            outcome = "SKIPPED";
            detail = "overall deadline";
        } else {
            long t0 = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(t.address(), t.port()), connectMs());
                s.setSoTimeout((int) options.readTimeout().toMillis());
                String req = "HEAD / HTTP/1.0\r\nHost: " + hostHeader(t) + "\r\n\r\n";
                OutputStream out = s.getOutputStream();
                try {
                    out.write(req.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (SocketException e) {
                    // a server may reset as soon as it sees bytes
                }
                byte[] buf = new byte[PREVIEW];
                int n = s.getInputStream().read(buf);
                if (n <= 0) {
                    outcome = "CLOSED";
                    detail = "connection closed without an answer";
                } else {
                    o.put("bytes", n);
                    o.put("preview", preview(buf, n));
                    int b0 = buf[0] & 0xff;
                    String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    if (b0 == 0x15 && n > 1 && (buf[1] & 0xff) == 3) {
                        outcome = "TLS_ALERT";
                        detail = "answered with a TLS alert: the port speaks only TLS";
                    } else if (b0 == 0x16 && n > 1 && (buf[1] & 0xff) == 3) {
                        outcome = "TLS_ALERT";
                        detail = "answered with a TLS record: the port speaks only TLS";
                    } else if (text.contains("HTTP request to an HTTPS server") || text.contains("plain HTTP request was sent to HTTPS")) {
                        outcome = "HTTPS_HINT";
                        detail = "HTTP error saying the port expects TLS";
                    } else {
                        outcome = "DATA";
                        detail = "plaintext request answered with " + n + "+ byte(s)";
                    }
                }
            } catch (SocketTimeoutException e) {
                outcome = e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect") ? "TIMEOUT" : "SILENT";
                detail = outcome.equals("TIMEOUT") ? "connect timed out" : "connected, but no answer within the read timeout";
            } catch (ConnectException e) {
                String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
                outcome = m.contains("refused") ? "REFUSED" : m.contains("timed out") ? "TIMEOUT" : "UNREACHABLE";
                detail = e.getMessage();
            } catch (NoRouteToHostException e) {
                outcome = "UNREACHABLE";
                detail = e.getMessage();
            } catch (SocketException e) {
                String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
                outcome = m.contains("reset") || m.contains("broken pipe") ? "RESET" : "UNREACHABLE";
                detail = e.getMessage();
            } catch (IOException e) {
                outcome = "UNREACHABLE";
                detail = e.toString();
            }
            o.put("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        o.put("outcome", outcome);
        if (detail != null) {
            o.put("detail", detail);
        }
        tr.log("plaintext " + t.address().getHostAddress() + ":" + t.port() + " HEAD / -> " + outcome
                + (detail == null ? "" : " (" + detail + ")"));
        return outcome;
    }

    private static String hostHeader(ProbeTarget t) {
        return TargetGuard.isLiteral(t.host()) ? t.address().getHostAddress() : t.host();
    }

    /** Printable ASCII only; everything else as {@code \xNN}. */
    static String preview(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02x", c));
            }
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- anonymous TLS

    private String anonymous(ProbeTarget t, Transcript tr) {
        ObjectNode o = tr.spec.putObject("anonymousTls");
        RecordingKeyManager km = new RecordingKeyManager();
        RecordingTrustManager tm = new RecordingTrustManager();
        String outcome;
        String detail = null;
        if (expired()) {
            outcome = "SKIPPED";
            detail = "overall deadline";
        } else {
            try (Socket raw = new Socket()) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(new KeyManager[] {km}, new TrustManager[] {tm}, null);
                try {
                    raw.connect(new InetSocketAddress(t.address(), t.port()), connectMs());
                } catch (SocketTimeoutException e) {
                    throw new ConnectException("connect timed out");
                }
                raw.setSoTimeout((int) options.readTimeout().toMillis());
                boolean name = !TargetGuard.isLiteral(t.host()) && !t.host().equalsIgnoreCase("localhost");
                try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw,
                        name ? t.host() : t.address().getHostAddress(), t.port(), false)) {
                    SSLParameters p = s.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm(null);
                    if (name) {
                        p.setServerNames(List.of(new SNIHostName(t.host())));
                    }
                    s.setSSLParameters(p);
                    s.startHandshake();
                    String proto = s.getSession().getProtocol();
                    o.put("protocol", proto);
                    o.put("cipherSuite", s.getSession().getCipherSuite());
                    OutputStream out = s.getOutputStream();
                    try {
                        out.write(("HEAD / HTTP/1.0\r\nHost: " + hostHeader(t) + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (SocketException e) {
                        // the server may already have sent its alert and closed: the read below reports it
                    }
                    byte[] buf = new byte[PREVIEW];
                    try {
                        int n = s.getInputStream().read(buf);
                        if (n > 0) {
                            outcome = "COMPLETED";
                            detail = "handshake without a client certificate completed; the server answered "
                                    + n + "+ byte(s) of application data";
                            o.put("preview", preview(buf, n));
                        } else if ("TLSv1.3".equals(proto)) {
                            outcome = "CLOSED_AFTER_HANDSHAKE";
                            detail = "TLS 1.3 handshake finished on the client side, then the server closed without"
                                    + " an alert; whether it accepted the anonymous client is unknown";
                        } else {
                            outcome = "COMPLETED";
                            detail = proto + " handshake without a client certificate completed (the server sent its"
                                    + " Finished), then it closed";
                        }
                    } catch (SocketTimeoutException e) {
                        outcome = "COMPLETED";
                        detail = "handshake without a client certificate completed and no alert arrived within the read"
                                + " timeout";
                    } catch (SSLException e) {
                        outcome = "REJECTED";
                        detail = "server rejected the anonymous client after the handshake: " + e.getMessage();
                    }
                }
            } catch (SSLException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("Received fatal alert")) {
                    outcome = km.requested || m.contains("certificate_required") || m.contains("bad_certificate")
                            ? "REJECTED" : "TLS_FAILED";
                    detail = m;
                } else if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext")) {
                    outcome = "NOT_TLS";
                    detail = "the port does not speak TLS: " + m;
                } else if (m.contains("terminated the handshake") || m.contains("closed")) {
                    outcome = km.requested ? "REJECTED" : "CLOSED";
                    detail = m;
                } else if (e.getCause() instanceof SocketTimeoutException || m.contains("timed out")) {
                    outcome = "TIMEOUT";
                    detail = "no handshake answer within the read timeout";
                } else {
                    outcome = "TLS_FAILED";
                    detail = m;
                }
            } catch (SocketTimeoutException e) {
                outcome = "TIMEOUT";
                detail = "no handshake answer within the read timeout";
            } catch (ConnectException e) {
                String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
                outcome = m.contains("refused") ? "REFUSED" : m.contains("timed out") ? "TIMEOUT" : "UNREACHABLE";
                detail = e.getMessage();
            } catch (SocketException e) {
                String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
                boolean reset = m.contains("reset") || m.contains("broken pipe");
                outcome = reset && km.requested ? "REJECTED" : reset ? "RESET" : "UNREACHABLE";
                detail = (reset && km.requested ? "connection dropped after the server requested a client certificate: "
                        : "") + e.getMessage();
            } catch (IOException | java.security.GeneralSecurityException e) {
                outcome = "TLS_FAILED";
                detail = e.toString();
            }
        }
        o.put("outcome", outcome);
        if (detail != null) {
            o.put("detail", detail);
        }
        o.put("clientCertRequested", km.requested);
        if (!km.issuers.isEmpty()) {
            ArrayNode a = o.putArray("acceptedIssuers");
            km.issuers.forEach(a::add);
        }
        if (!tm.chain.isEmpty()) {
            putChain(tr.spec, tm.chain, "anonymous handshake");
        }
        tr.log("tls handshake without client certificate -> " + outcome + (km.requested ? " (server requested a client"
                + " certificate)" : "") + (detail == null ? "" : " (" + detail + ")"));
        return outcome;
    }

    private static void putChain(ObjectNode spec, List<byte[]> ders, String from) {
        if (spec.has("chain") || ders.isEmpty()) {
            return;
        }
        ObjectNode c = spec.putObject("chain");
        c.put("from", from);
        ArrayNode a = c.putArray("der");
        for (byte[] d : ders) {
            a.add(Base64.getEncoder().encodeToString(d));
        }
    }

    /** Never presents a certificate; records whether the server asked for one and which issuers it accepts. */
    static final class RecordingKeyManager extends X509ExtendedKeyManager {
        volatile boolean requested;
        final Set<String> issuers = new LinkedHashSet<>();

        private String record(Principal[] accepted) {
            requested = true;
            if (accepted != null) {
                for (Principal p : accepted) {
                    if (issuers.size() < 16) {
                        issuers.add(p.getName());
                    }
                }
            }
            return null;
        }

        @Override public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) { return record(issuers); }
        @Override public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) { return record(issuers); }
        @Override public String[] getClientAliases(String keyType, Principal[] issuers) { return null; }
        @Override public String[] getServerAliases(String keyType, Principal[] issuers) { return null; }
        @Override public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) { return null; }
        @Override public X509Certificate[] getCertificateChain(String alias) { return null; }
        @Override public PrivateKey getPrivateKey(String alias) { return null; }
    }

    /** Trusts everything, for observation only (no data is sent beyond one minimal request); records the chain. */
    static final class RecordingTrustManager extends X509ExtendedTrustManager {
        final List<byte[]> chain = new ArrayList<>();

        private void record(X509Certificate[] certs) {
            if (certs != null && chain.isEmpty()) {
                for (X509Certificate c : certs) {
                    try {
                        if (chain.size() < 10) {
                            chain.add(c.getEncoded());
                        }
                    } catch (CertificateEncodingException e) {
                        // unencodable certificates are left out of the record
                    }
                }
            }
        }

        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) { record(c); }
        @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) { record(c); }
        @Override public void checkServerTrusted(X509Certificate[] c, String a) { record(c); }
        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) { }
        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) { }
        @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }

    // ---------------------------------------------------------------- enumeration

    private RawHello.Answer hello(ProbeTarget t, Transcript tr, Version v, List<Integer> suites, List<Integer> groups,
                                  String purpose) {
        if (expired()) {
            tr.log("hello " + v.label + " " + purpose + " -> SKIPPED (overall deadline)");
            return null;
        }
        pace();
        boolean name = !TargetGuard.isLiteral(t.host()) && !t.host().equalsIgnoreCase("localhost");
        byte[] hello = RawHello.clientHello(v, suites, groups, name ? t.host() : null);
        RawHello.Answer a;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(t.address(), t.port()), connectMs());
            s.setSoTimeout((int) options.readTimeout().toMillis());
            s.getOutputStream().write(hello);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            a = RawHello.read(in);
        } catch (SocketTimeoutException e) {
            a = new RawHello.Answer("TIMEOUT", null, -1, -1, -1, false, List.of(), null);
        } catch (ConnectException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            a = new RawHello.Answer(m.contains("refused") ? "REFUSED" : "UNREACHABLE", null, -1, -1, -1, false,
                    List.of(), null);
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            a = new RawHello.Answer(m.contains("reset") || m.contains("broken pipe") ? "RESET" : "UNREACHABLE", null,
                    -1, -1, -1, false, List.of(), null);
        } catch (IOException e) {
            a = new RawHello.Answer("MALFORMED", null, -1, -1, -1, false, List.of(), e.getMessage());
        }
        StringBuilder line = new StringBuilder("hello " + v.label + " " + purpose + " (" + suites.size() + " suites, "
                + groups.size() + " groups) -> " + a.outcome());
        if (a.accepted()) {
            line.append(' ').append(a.version() == null ? "?" : a.version().label).append(' ')
                    .append(TlsCatalog.suite(a.suite()).name());
            if (a.group() >= 0) {
                line.append(' ').append(TlsCatalog.group(a.group()).name());
            }
            if (a.dhBits() > 0) {
                line.append(" dhe-").append(a.dhBits());
            }
            if (a.certRequested()) {
                line.append(" CertificateRequest");
            }
        }
        if (a.alert() != null) {
            line.append(" alert ").append(a.alert());
        }
        tr.log(line.toString());
        return a;
    }

    private void enumerate(ProbeTarget t, Transcript tr) {
        ArrayNode versions = tr.spec.putArray("versions");
        ArrayNode suitesOut = tr.spec.putArray("cipherSuites");
        ArrayNode groupsOut = tr.spec.putArray("groups");
        List<Integer> allGroups = TlsCatalog.groups().stream().map(TlsCatalog.Group::code).toList();
        List<Integer> ecGroups = TlsCatalog.groups().stream().filter(g -> !g.ffdhe() && g.code() != 0x11ec)
                .map(TlsCatalog.Group::code).toList();
        boolean anyCertRequest = false;
        boolean anyHandshake = false;
        for (Version v : Version.values()) {
            List<Integer> remaining = new ArrayList<>(TlsCatalog.candidates(v).stream().map(TlsCatalog.Suite::code).toList());
            List<Integer> accepted = new ArrayList<>();
            String outcome = null;
            String why = null;
            for (int i = 0; i < MAX_ATTEMPTS_PER_VERSION && !remaining.isEmpty(); i++) {
                RawHello.Answer a = hello(t, tr, v, remaining, v == Version.TLS13 ? allGroups : ecGroups,
                        i == 0 ? "version" : "suites");
                if (a == null) {
                    outcome = outcome == null ? "UNKNOWN" : outcome;
                    why = "overall deadline";
                    break;
                }
                if (a.accepted() && a.version() == v && remaining.contains(a.suite())) {
                    outcome = "ACCEPTED";
                    accepted.add(a.suite());
                    remaining.remove(Integer.valueOf(a.suite()));
                    if (v != Version.TLS13) { // a TLS 1.3 CertificateRequest is encrypted: not visible here
                        anyCertRequest |= a.certRequested();
                        anyHandshake = true;
                    }
                    if (!a.chain().isEmpty()) {
                        putChain(tr.spec, a.chain(), v.label + " hello");
                    }
                    continue;
                }
                if (outcome == null) {
                    if (a.accepted()) {
                        outcome = "REFUSED";
                        why = "server answered with " + (a.version() == null ? "an unknown version" : a.version().label);
                    } else if (Set.of("ALERT", "CLOSED", "RESET", "NOT_TLS", "REFUSED").contains(a.outcome())) {
                        outcome = "REFUSED";
                        why = a.outcome() + (a.alert() == null ? "" : " " + a.alert());
                    } else {
                        outcome = "UNKNOWN";
                        why = a.outcome() + (a.alert() == null ? "" : " " + a.alert());
                    }
                }
                break;
            }
            ObjectNode vn = versions.addObject();
            vn.put("version", v.label);
            vn.put("outcome", outcome == null ? "UNKNOWN" : outcome);
            if (why != null) {
                vn.put("detail", why);
            }
            for (int code : accepted) {
                ObjectNode s = suitesOut.addObject();
                s.put("version", v.label);
                s.put("name", TlsCatalog.suite(code).name());
                s.put("code", TlsCatalog.suite(code).hex());
            }
            if (!accepted.isEmpty()) {
                groups(t, tr, v, accepted, groupsOut);
            }
        }
        if (anyHandshake) {
            tr.spec.put("certificateRequestSeen", anyCertRequest);
        }
    }

    /**
     * Offers {@code groups}, drops the one the server picks and offers the rest again, at most {@code rounds} times:
     * every group the server accepts with these suites, in its order of preference.
     */
    private void offerUntilRefused(ProbeTarget t, Transcript tr, Version v, List<Integer> suites, List<Integer> groups,
                                   int rounds, String purpose, ArrayNode out) {
        List<Integer> remaining = new ArrayList<>(groups);
        for (int i = 0; i < rounds && !remaining.isEmpty(); i++) {
            RawHello.Answer a = hello(t, tr, v, suites, remaining, purpose);
            if (a == null || !a.accepted() || a.group() < 0 || !remaining.contains(a.group())) {
                break;
            }
            addGroup(out, v, TlsCatalog.group(a.group()));
            remaining.remove(Integer.valueOf(a.group()));
        }
    }

    private void groups(ProbeTarget t, Transcript tr, Version v, List<Integer> acceptedSuites, ArrayNode out) {
        if (v == Version.TLS13) {
            offerUntilRefused(t, tr, v, acceptedSuites, TlsCatalog.groups().stream().map(TlsCatalog.Group::code).toList(),
                    16, "groups", out);
            return;
        }
        if (v != Version.TLS12 && v != Version.TLS11 && v != Version.TLS10) {
            return;
        }
        List<Integer> ecdhe = acceptedSuites.stream().filter(c -> TlsCatalog.suite(c).name().contains("_ECDHE_")).toList();
        List<Integer> dhe = acceptedSuites.stream().filter(c -> TlsCatalog.suite(c).name().contains("_DHE_")).toList();
        if (!ecdhe.isEmpty()) {
            offerUntilRefused(t, tr, v, ecdhe, TlsCatalog.groups().stream()
                    .filter(g -> !g.ffdhe() && g.code() != 0x11ec).map(TlsCatalog.Group::code).toList(),
                    12, "ecdhe-groups", out);
        }
        if (!dhe.isEmpty()) {
            List<Integer> ec = TlsCatalog.groups().stream().filter(g -> !g.ffdhe()).map(TlsCatalog.Group::code).toList();
            RawHello.Answer a = hello(t, tr, v, dhe, ec, "dhe-parameters");
            if (a != null && a.accepted() && a.dhBits() > 0) {
                addGroup(out, v, TlsCatalog.customDh(a.dhBits()));
            }
        }
    }

    private static void addGroup(ArrayNode out, Version v, TlsCatalog.Group g) {
        for (var n : out) {
            if (n.path("version").asString("").equals(v.label) && n.path("name").asString("").equals(g.name())) {
                return;
            }
        }
        ObjectNode o = out.addObject();
        o.put("version", v.label);
        o.put("name", g.name());
        o.put("bits", g.bits());
    }
}
