package org.meshaudit.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an active probe observed on one endpoint (issue 10): the plaintext attempt, the handshake without a client
 * certificate, the versions, suites and key-exchange groups the server accepted, the chain it presented and the full
 * attempt transcript. Built from a {@code meshaudit.org/v1 ProbeTranscript} document, whether the probe ran in this
 * process or the transcript was read as input (replay, rule fixtures).
 *
 * <p>Traits: {@code mtls-expected} when the effective posture (or {@code --expect-mtls}) says mTLS is required;
 * {@code posture-unknown} (with {@code mtls-expected}) when a Service port's posture could not be computed, so that
 * MTLS-006 is ERROR rather than not applicable; {@code service} or {@code ad-hoc}.
 */
public final class ProbedEndpoint implements Subject {
    /** Plaintext outcomes that show the port refused plaintext. */
    public static final Set<String> PLAINTEXT_REFUSED = Set.of("REFUSED", "RESET", "CLOSED", "TLS_ALERT", "HTTPS_HINT");
    /** Outcomes of the handshake without a client certificate that show it was not completed. */
    public static final Set<String> ANONYMOUS_REFUSED = Set.of("REJECTED", "REFUSED", "RESET", "CLOSED", "NOT_TLS");
    private static final List<String> LEGACY = List.of("SSLv3", "TLSv1", "TLSv1.1");

    private final SubjectRef ref;
    private final String target;
    private final String expectation;
    private final boolean expectMtls;
    private final String plaintext;
    private final String plaintextDetail;
    private final String anonymous;
    private final String anonymousDetail;
    private final boolean clientCertRequested;
    private final Boolean certificateRequestSeen;
    private final Map<String, String> versions;
    private final List<String> suites;
    private final Map<String, String> suiteWeakness;
    private final List<String> groups;
    private final List<String> weakGroups;
    private final List<PresentedCertificate> chain;
    private final List<String> transcript;
    private final String error;
    private final Set<String> traits;

    /**
     * @param ref                    the Service port, or a {@code meshaudit.org/v1 ProbeTarget} for ad hoc targets
     * @param target                 {@code host:port (address)}
     * @param expectation            where {@code expectMtls} came from, or null
     * @param expectMtls             the posture says mTLS is required
     * @param plaintext              plaintext outcome: DATA, REFUSED, RESET, CLOSED, TLS_ALERT, HTTPS_HINT, SILENT,
     *                               TIMEOUT, UNREACHABLE, SKIPPED
     * @param plaintextDetail        one line, or null
     * @param anonymous              handshake without a client certificate: COMPLETED, REJECTED, REFUSED, RESET,
     *                               CLOSED, NOT_TLS, CLOSED_AFTER_HANDSHAKE, TLS_FAILED, TIMEOUT, UNREACHABLE, SKIPPED
     * @param anonymousDetail        one line, or null
     * @param clientCertRequested    the server sent a CertificateRequest in the JSSE handshake
     * @param certificateRequestSeen whether a TLS 1.2-or-older hello saw a CertificateRequest; null when none completed
     * @param versions               version label → ACCEPTED, REFUSED or UNKNOWN
     * @param suites                 accepted suites as {@code version name}
     * @param suiteWeakness          accepted weak suites ({@code version name}) → HIGH, MEDIUM or LOW plus reason
     * @param groups                 observed groups as {@code version name}
     * @param weakGroups             the weak ones among them, with reason
     * @param chain                  presented certificates, leaf first
     * @param transcript             every attempt, one line each
     * @param error                  why nothing can be concluded (the target did not answer), or null
     * @param traits                 classification
     */
    public ProbedEndpoint(SubjectRef ref, String target, String expectation, boolean expectMtls, String plaintext,
                          String plaintextDetail, String anonymous, String anonymousDetail, boolean clientCertRequested,
                          Boolean certificateRequestSeen, Map<String, String> versions, List<String> suites,
                          Map<String, String> suiteWeakness, List<String> groups, List<String> weakGroups,
                          List<PresentedCertificate> chain, List<String> transcript, String error, Set<String> traits) {
        this.ref = ref;
        this.target = target;
        this.expectation = expectation;
        this.expectMtls = expectMtls;
        this.plaintext = plaintext;
        this.plaintextDetail = plaintextDetail;
        this.anonymous = anonymous;
        this.anonymousDetail = anonymousDetail;
        this.clientCertRequested = clientCertRequested;
        this.certificateRequestSeen = certificateRequestSeen;
        this.versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        this.suites = List.copyOf(suites);
        this.suiteWeakness = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(suiteWeakness));
        this.groups = List.copyOf(groups);
        this.weakGroups = List.copyOf(weakGroups);
        this.chain = List.copyOf(chain);
        this.transcript = List.copyOf(transcript);
        this.error = error;
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    @Override public String getError() { return error; }
    @Override public Set<String> getTraits() { return traits; }
    public String getTarget() { return target; }
    public boolean isExpectMtls() { return expectMtls; }
    /** Where the expectation came from, or why it is unknown; may be null for ad hoc targets. */
    public String getExpectation() { return expectation; }
    public String getPlaintext() { return plaintext; }
    public String getAnonymousTls() { return anonymous; }
    public Map<String, String> getVersions() { return versions; }
    public List<String> getSuites() { return suites; }
    public List<String> getGroups() { return groups; }
    public List<String> getWeakGroups() { return weakGroups; }
    public List<String> getTranscript() { return transcript; }

    /** The presented chain, leaf first, with the DER as observed: the seam for the certificate inventory. */
    public List<PresentedCertificate> getChain() { return chain; }

    /** Plaintext request answered with bytes that are not a TLS refusal. */
    public boolean isPlaintextAccepted() {
        return "DATA".equals(plaintext);
    }

    /**
     * A client without a certificate was let in: the JSSE handshake completed, or (when JSSE could not speak the
     * server's only versions) a TLS 1.2-or-older handshake reached ServerHelloDone without a CertificateRequest.
     */
    public boolean isAnonymousAccepted() {
        return "COMPLETED".equals(anonymous)
                || ("TLS_FAILED".equals(anonymous) && Boolean.FALSE.equals(certificateRequestSeen));
    }

    /** FAIL, PASS or INCONCLUSIVE for "STRICT really refuses plaintext and anonymous TLS". */
    public String getMtlsVerdict() {
        if (isPlaintextAccepted() || isAnonymousAccepted()) {
            return "FAIL";
        }
        if (PLAINTEXT_REFUSED.contains(plaintext) && ANONYMOUS_REFUSED.contains(anonymous)) {
            return "PASS";
        }
        return "INCONCLUSIVE";
    }

    /** One line for the MTLS-006 result. */
    public String getMtlsSummary() {
        List<String> parts = new ArrayList<>();
        if (isPlaintextAccepted()) {
            parts.add("plaintext accepted (" + plaintextDetail + ")");
        } else {
            parts.add("plaintext " + plaintext + (plaintextDetail == null ? "" : " (" + plaintextDetail + ")"));
        }
        if (isAnonymousAccepted()) {
            parts.add("handshake without a client certificate completed" + ("COMPLETED".equals(anonymous)
                    ? (anonymousDetail == null ? "" : " (" + anonymousDetail + ")")
                    : " (the server never sent a CertificateRequest in a TLS 1.2-or-older handshake)"));
        } else {
            parts.add("TLS without a client certificate " + anonymous
                    + (anonymousDetail == null ? "" : " (" + anonymousDetail + ")"));
        }
        return target + ": " + String.join("; ", parts);
    }

    /** SPEAKS_TLS (some version accepted), NO_TLS (every version refused, no handshake) or UNKNOWN. */
    public String getTlsStatus() {
        if (versions.containsValue("ACCEPTED")) {
            return "SPEAKS_TLS";
        }
        if (!versions.isEmpty() && versions.values().stream().allMatch("REFUSED"::equals)
                && Set.of("NOT_TLS", "REFUSED", "RESET", "CLOSED", "TLS_FAILED").contains(anonymous)) {
            return "NO_TLS";
        }
        return "UNKNOWN";
    }

    /** Accepted versions below TLS 1.2. */
    public List<String> getLegacyVersions() {
        List<String> out = new ArrayList<>();
        for (String v : LEGACY) {
            if ("ACCEPTED".equals(versions.get(v))) {
                out.add(v);
            }
        }
        return out;
    }

    /** Versions below TLS 1.2 whose acceptance could not be decided. */
    public List<String> getUndecidedLegacyVersions() {
        List<String> out = new ArrayList<>();
        for (String v : LEGACY) {
            if (!"ACCEPTED".equals(versions.get(v)) && !"REFUSED".equals(versions.get(v))) {
                out.add(v);
            }
        }
        return out;
    }

    public boolean isSsl3Accepted() {
        return "ACCEPTED".equals(versions.get("SSLv3"));
    }

    /** ACCEPTED, REFUSED or UNKNOWN for TLS 1.3. */
    public String getTls13() {
        return versions.getOrDefault("TLSv1.3", "UNKNOWN");
    }

    /** Weak accepted suites as {@code version name: CLASS reason}. */
    public List<String> getWeakSuites() {
        List<String> out = new ArrayList<>();
        suiteWeakness.forEach((k, v) -> out.add(k + ": " + v));
        return out;
    }

    /** The worst weakness among accepted suites: HIGH, MEDIUM, LOW or OK. */
    public String getWorstSuiteWeakness() {
        for (String level : List.of("HIGH", "MEDIUM", "LOW")) {
            for (String v : suiteWeakness.values()) {
                if (v.startsWith(level)) {
                    return level;
                }
            }
        }
        return "OK";
    }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("target", target);
        if (expectation != null) {
            e.put("expectation", expectation);
        }
        e.put("expectMtls", expectMtls);
        e.put("plaintext", plaintext + (plaintextDetail == null ? "" : ": " + plaintextDetail));
        e.put("anonymousTls", anonymous + (anonymousDetail == null ? "" : ": " + anonymousDetail));
        e.put("clientCertRequested", clientCertRequested);
        List<String> v = new ArrayList<>();
        versions.forEach((k, o) -> v.add(k + "=" + o));
        e.put("versions", v);
        e.put("cipherSuites", suites);
        e.put("groups", groups);
        List<String> c = new ArrayList<>();
        chain.forEach(p -> c.add(p.summary()));
        e.put("chain", c);
        e.put("transcript", transcript);
        return e;
    }

    @Override
    public String toString() {
        return ref.key() + " " + getMtlsVerdict() + (error == null ? "" : " ERROR " + error);
    }
}
