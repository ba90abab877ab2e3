package org.meshaudit.normalize.cert;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x509.Certificate;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.collect.cert.CertBlob;
import org.meshaudit.facts.CertManagerCertificate;
import org.meshaudit.facts.CertManagerIssuer;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Workload;
import tools.jackson.databind.JsonNode;

/** cert-manager lifecycle facts (mesh-semantics.md section 3). */
final class CertManagerFacts {
    static final String GROUP = "cert-manager.io";
    /** Issuance is considered stuck when the renewal time has passed by more than this. */
    static final Duration RENEWAL_GRACE = Duration.ofHours(1);

    private CertManagerFacts() {
    }

    static List<Subject> build(Snapshot snapshot, CryptoProfile profile) {
        List<Subject> out = new ArrayList<>();
        Map<String, String> issuerReady = new LinkedHashMap<>();
        for (String kind : List.of("Issuer", "ClusterIssuer")) {
            for (KubeObject o : snapshot.ofKind(GROUP, kind)) {
                JsonNode status = snapshot.status(o);
                String[] ready = condition(status, "Ready");
                Set<String> traits = new TreeSet<>();
                if (status == null) {
                    traits.add("no-status");
                }
                String type = "unknown";
                for (String t : List.of("acme", "ca", "vault", "selfSigned", "venafi")) {
                    if (o.spec().has(t)) {
                        type = t;
                    }
                }
                issuerReady.put(kind + "/" + o.namespace() + "/" + o.name(), ready[0]);
                out.add(new CertManagerIssuer(ref(o), type, ready[0], ready[1], traits));
            }
        }
        String version = certManagerVersion(snapshot);
        List<KubeObject> certificates = snapshot.ofKind(GROUP, "Certificate");
        // the first certificate of each Secret's tls.crt, by namespace/name (the last one read wins, as before)
        Map<String, CertBlob> served = new java.util.HashMap<>();
        if (!certificates.isEmpty()) {
            for (CertBlob b : snapshot.certificates()) {
                if (b.source().origin().equals("Secret") && b.source().key().equals("tls.crt")
                        && b.source().index() == 1) {
                    served.put(b.source().namespace() + "/" + b.source().name(), b);
                }
            }
        }
        // each Certificate's requests, by namespace and the certificate-name annotation, in input order
        Map<List<String>, List<KubeObject>> requests = new java.util.HashMap<>();
        for (KubeObject cr : certificates.isEmpty() ? List.<KubeObject>of()
                : snapshot.ofKind(GROUP, "CertificateRequest")) {
            String name = cr.annotation("cert-manager.io/certificate-name");
            if (name != null) {
                requests.computeIfAbsent(List.of(cr.namespace(), name), k -> new ArrayList<>()).add(cr);
            }
        }
        for (KubeObject o : certificates) {
            List<KubeObject> mine = requests.getOrDefault(List.of(o.namespace(), o.name()), List.of());
            out.add(certificate(o, snapshot, served, profile, issuerReady, version, mine));
        }
        return out;
    }

    private static SubjectRef ref(KubeObject o) {
        return new SubjectRef(o.apiVersion(), o.kind(), o.namespace(), o.name(), o.uid(), null);
    }

    /** @param requests the CertificateRequests naming this Certificate ({@link #failedRequests}) */
    private static CertManagerCertificate certificate(KubeObject o, Snapshot snapshot,
                                                      Map<String, CertBlob> servedBlobs, CryptoProfile profile,
                                                      Map<String, String> issuerReady, String version,
                                                      List<KubeObject> requests) {
        JsonNode spec = o.spec();
        JsonNode status = snapshot.status(o);
        Set<String> traits = new TreeSet<>();
        Map<String, Object> ev = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String tags = "";

        JsonNode pk = spec.path("privateKey");
        String alg = pk.path("algorithm").asString("RSA");
        int size = pk.path("size").asInt(0);
        if (size == 0) {
            size = alg.equals("ECDSA") ? 256 : alg.equals("Ed25519") ? 255 : 2048;
        }
        traits.add(alg.equals("ECDSA") ? "key-ec" : alg.equals("Ed25519") ? "key-eddsa" : "key-rsa");
        ev.put("privateKey", alg + " " + size);

        String rotation = pk.path("rotationPolicy").asString("");
        String effective;
        if (!rotation.isEmpty()) {
            effective = rotation;
        } else if (version == null) {
            effective = "unknown";
        } else {
            effective = versionAtLeast(version, 1, 18) ? "Always" : "Never";
        }
        ev.put("rotationPolicy", rotation.isEmpty() ? "(unset)" : rotation);
        ev.put("rotationPolicyEffective", effective + (rotation.isEmpty() && version != null
                ? " (default of cert-manager " + version + ")" : ""));
        if (spec.path("renewal").path("policy").asString("").equals("Disabled")) {
            traits.add("renewal-disabled");
        }
        if (status == null) {
            traits.add("no-status");
        }

        // the issued validity: prefer the served certificate over status (CM-3)
        Instant notBefore = null;
        Instant notAfter = null;
        String served = "";
        String secretName = spec.path("secretName").asString("");
        CertBlob b = servedBlobs.get(o.namespace() + "/" + secretName);
        if (b != null) {
            notBefore = b.info().notBefore();
            notAfter = b.info().notAfter();
            served = b.source().location();
        }
        if (notAfter == null && status != null) {
            notBefore = instant(status.path("notBefore").asString(""));
            notAfter = instant(status.path("notAfter").asString(""));
            served = notAfter == null ? "" : "status";
        }
        // the Secret's certificate is there but could not be read, and status does not say either: the renewal
        // cannot be judged from what was read, so the Certificate is not evaluated (never a PASS on unread material)
        String error = null;
        if (notAfter == null && !secretName.isEmpty()) {
            String at = "Secret/" + o.namespace() + "/" + secretName + "[tls.crt]";
            for (var issue : snapshot.issues()) {
                if (issue.source().equals(at)) {
                    error = "the served certificate " + at + " could not be read: " + issue.message();
                    break;
                }
            }
        }
        String renewalTime = "";
        String renewBefore = "";
        if (notBefore != null && notAfter != null) {
            ev.put("notBefore", CertificateFacts.iso(notBefore));
            ev.put("notAfter", CertificateFacts.iso(notAfter));
            ev.put("validityFrom", served);
            Integer pct = spec.has("renewBeforePercentage") ? spec.path("renewBeforePercentage").asInt() : null;
            RenewalTime.Result r = RenewalTime.compute(notBefore, notAfter,
                    RenewalTime.parseGoDuration(spec.path("renewBefore").asString(null)), pct);
            renewalTime = CertificateFacts.iso(r.at());
            renewBefore = CryptoProfile.human(r.renewBefore().getSeconds()) + " (" + r.basis() + ")";
            ev.put("renewalTime", renewalTime);
            ev.put("renewBeforeEffective", renewBefore);
            if (status != null && status.has("renewalTime")) {
                ev.put("statusRenewalTime", status.path("renewalTime").asString(""));
            }
            if (notAfter.isBefore(profile.asOf())) {
                tags = "served-expired";
                problems.add("the served certificate expired at " + CertificateFacts.iso(notAfter));
            } else if (!traits.contains("renewal-disabled") && status != null
                    && profile.asOf().isAfter(r.at().plus(RENEWAL_GRACE))) {
                problems.add("renewal overdue: the effective renewal time " + renewalTime + " has passed");
            }
        }
        if (status != null) {
            String[] ready = condition(status, "Ready");
            ev.put("ready", ready[0]);
            if (!ready[0].equals("True")) {
                problems.add("Ready is " + ready[0] + (ready[1].isEmpty() ? "" : ": " + ready[1]));
            }
            int failed = status.path("failedIssuanceAttempts").asInt(0);
            if (failed > 0) {
                problems.add(failed + " failed issuance attempt(s)");
            }
        }
        for (String f : failedRequests(snapshot, requests)) {
            problems.add(f);
        }
        JsonNode issuerRef = spec.path("issuerRef");
        String ik = issuerRef.path("kind").asString("Issuer");
        String in = issuerRef.path("name").asString("");
        String group = issuerRef.path("group").asString(GROUP);
        ev.put("issuerRef", ik + "/" + in + (group.equals(GROUP) ? "" : " (" + group + ")"));
        String iready = issuerReady.get(ik + "/" + (ik.equals("ClusterIssuer") ? "" : o.namespace()) + "/" + in);
        if (iready != null && !iready.equals("True") && !iready.equals("absent")) {
            problems.add(ik + " " + in + " is not Ready (" + iready + ")");
        }
        return new CertManagerCertificate(ref(o), alg, size, rotation, effective, renewalTime, renewBefore,
                problems, tags, ev, traits, error);
    }

    /**
     * Failed or denied CertificateRequests of the Certificate's latest revision.
     *
     * @param mine the CertificateRequests of the Certificate's namespace that name it, in input order
     */
    private static List<String> failedRequests(Snapshot snapshot, List<KubeObject> mine) {
        List<String> out = new ArrayList<>();
        int latest = -1;
        for (KubeObject cr : mine) {
            latest = Math.max(latest, revision(cr));
        }
        for (KubeObject cr : mine) {
            if (revision(cr) != latest) {
                continue;
            }
            JsonNode st = snapshot.status(cr);
            if (condition(st, "Denied")[0].equals("True")) {
                out.add("CertificateRequest " + cr.name() + " was denied");
            }
            String[] ready = condition(st, "Ready");
            if (ready[0].equals("False") && ready[1].startsWith("Failed")) {
                out.add("CertificateRequest " + cr.name() + " failed: " + ready[1]);
            }
        }
        out.sort(null);
        return out;
    }

    private static int revision(KubeObject cr) {
        try {
            return Integer.parseInt(cr.annotations().getOrDefault("cert-manager.io/certificate-revision", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {status, "reason: message"} of a condition; status {@code absent} when there is none. */
    static String[] condition(JsonNode status, String type) {
        if (status != null) {
            for (JsonNode c : status.path("conditions")) {
                if (type.equals(c.path("type").asString(""))) {
                    String reason = c.path("reason").asString("");
                    String msg = c.path("message").asString("");
                    String text = reason.isEmpty() ? msg : msg.isEmpty() ? reason : reason + ": " + msg;
                    return new String[] {c.path("status").asString("Unknown"), text};
                }
            }
        }
        return new String[] {"absent", ""};
    }

    /** cert-manager's version from its controller's {@code app.kubernetes.io/version} label, or null. */
    static String certManagerVersion(Snapshot snapshot) {
        for (Workload w : snapshot.workloads()) {
            if (isController(w)) {
                String v = w.meta().labels().get("app.kubernetes.io/version");
                if (v != null && v.matches("v?\\d+\\.\\d+.*")) {
                    return v.startsWith("v") ? v : "v" + v;
                }
            }
        }
        return null;
    }

    /** The object kinds {@link #build} reads, as {@code group/Kind}. */
    static final Set<String> READS = Set.of(GROUP + "/Issuer", GROUP + "/ClusterIssuer", GROUP + "/Certificate",
            GROUP + "/CertificateRequest");

    /** Whether a workload is cert-manager's controller (the only workloads {@link #build} looks at). */
    static boolean isController(Workload w) {
        KubeObject m = w.meta();
        String name = m.labels().getOrDefault("app.kubernetes.io/name", m.name());
        String component = m.labels().getOrDefault("app.kubernetes.io/component", "controller");
        return name.equals("cert-manager") && component.equals("controller");
    }

    static boolean versionAtLeast(String v, int major, int minor) {
        String[] p = v.replaceFirst("^v", "").split("[.\\-+]");
        int ma = Integer.parseInt(p[0]);
        int mi = p.length > 1 ? Integer.parseInt(p[1]) : 0;
        return ma > major || (ma == major && mi >= minor);
    }

    private static Instant instant(String s) {
        try {
            return s.isEmpty() ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
