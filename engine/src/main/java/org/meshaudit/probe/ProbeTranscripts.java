package org.meshaudit.probe;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.PresentedCertificate;
import org.meshaudit.facts.ProbedEndpoint;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.model.KubeObject;
import tools.jackson.databind.JsonNode;

/**
 * The {@code meshaudit.org/v1 ProbeTranscript} document: what a probe writes ({@code DIR/probe-transcript.yaml}) and
 * what the engine reads back as input. One format for live probes, offline replay ({@code scan --manifests
 * cluster/ probe-transcript.yaml}) and rule fixtures, so all three are judged by the same code:
 * <pre>
 * apiVersion: meshaudit.org/v1
 * kind: ProbeTranscript
 * metadata: {name: api-8080, namespace: pay}
 * spec:
 *   target: {host: 10.96.0.12, port: 8080, address: 10.96.0.12}
 *   service: {namespace: pay, name: api, uid: "", port: 8080}   # optional; absent for ad hoc targets
 *   expectMtls: true               # optional; absent: taken from the Service's effective posture in the input
 *   expectation: "--expect-mtls"   # optional, free text for the evidence
 *   plaintext: {outcome: RESET, detail: "..."}
 *   anonymousTls: {outcome: REJECTED, detail: "...", clientCertRequested: true, acceptedIssuers: [...]}
 *   versions: [{version: TLSv1.3, outcome: ACCEPTED}, ...]
 *   cipherSuites: [{version: TLSv1.3, name: TLS_AES_128_GCM_SHA256}, ...]
 *   groups: [{version: TLSv1.3, name: x25519}, ...]
 *   certificateRequestSeen: true   # optional: a TLS 1.2-or-older hello saw a CertificateRequest
 *   chain: {from: "...", der: [BASE64, ...]}
 *   error: "..."                   # optional: the target did not answer (every rule is ERROR)
 *   transcript: ["2026-...Z plaintext ... -> RESET", ...]
 * </pre>
 */
public final class ProbeTranscripts {
    public static final String API_VERSION = "meshaudit.org/v1";
    public static final String KIND = "ProbeTranscript";

    private ProbeTranscripts() {
    }

    /** A DNS-label-like object name for a target. */
    static String objectName(ProbeTarget t) {
        String base = t.service() != null ? t.service().substring(t.service().indexOf('/') + 1) : t.host();
        String n = (base + "-" + t.port()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        return n.length() > 63 ? n.substring(0, 63) : n;
    }

    /** Facts for every ProbeTranscript document of the snapshot. */
    public static List<ProbedEndpoint> fromSnapshot(Snapshot snapshot, List<WorkloadPosture> workloads) {
        List<ProbedEndpoint> out = new ArrayList<>();
        for (KubeObject o : snapshot.ofKind("meshaudit.org", KIND)) {
            out.add(toFact(o.spec(), o.uid(), snapshot, workloads));
        }
        return out;
    }

    /** One fact from a transcript's {@code spec}. */
    public static ProbedEndpoint toFact(JsonNode spec, String uid, Snapshot snapshot, List<WorkloadPosture> workloads) {
        JsonNode target = spec.path("target");
        String host = target.path("host").asString("");
        int port = target.path("port").asInt(0);
        String address = target.path("address").asString(host);
        JsonNode svc = spec.get("service");
        SubjectRef ref;
        Set<String> traits = new TreeSet<>();
        Boolean expect = spec.has("expectMtls") ? spec.path("expectMtls").asBoolean(false) : null;
        String expectation = spec.has("expectation") ? spec.path("expectation").asString("") : null;
        List<String> problems = new ArrayList<>();
        if (svc != null && svc.isObject()) {
            String ns = svc.path("namespace").asString("");
            String name = svc.path("name").asString("");
            int sport = svc.path("port").asInt(port);
            ref = new SubjectRef("v1", "Service", ns, name, svc.path("uid").asString(""), String.valueOf(sport));
            traits.add("service");
            if (expect == null) {
                ServiceTargets.Candidate c = snapshot == null ? null
                        : ServiceTargets.find(snapshot, workloads, ns, name, sport);
                if (c == null) {
                    expectation = "Service " + ns + "/" + name + ":" + sport + " is not in the input: posture unknown";
                } else {
                    expect = c.expectMtls();
                    expectation = c.expectation();
                }
            }
        } else {
            ref = new SubjectRef(API_VERSION, "ProbeTarget", "", host, uid == null ? "" : uid, String.valueOf(port));
            traits.add("ad-hoc");
        }
        if (Boolean.TRUE.equals(expect)) {
            traits.add("mtls-expected");
        } else if (expect == null && traits.contains("service")) {
            // GEN-3: the posture this Service port should have could not be computed; MTLS-006 is ERROR, not N/A
            traits.add("mtls-expected");
            traits.add("posture-unknown");
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            problems.add("transcript has no valid target host and port");
        }
        JsonNode plain = spec.path("plaintext");
        JsonNode anon = spec.path("anonymousTls");
        Map<String, String> versions = new LinkedHashMap<>();
        for (JsonNode v : spec.path("versions")) {
            String label = v.path("version").asString("");
            if (TlsCatalog.Version.ofLabel(label) == null) {
                problems.add("unknown TLS version '" + label + "'");
                continue;
            }
            versions.put(TlsCatalog.Version.ofLabel(label).label, v.path("outcome").asString("UNKNOWN"));
        }
        List<String> suites = new ArrayList<>();
        Map<String, String> weak = new LinkedHashMap<>();
        for (JsonNode s : spec.path("cipherSuites")) {
            String v = s.path("version").asString("");
            String name = s.path("name").asString("");
            suites.add(v + " " + name);
            TlsCatalog.Suite known = TlsCatalog.suiteNamed(name);
            if (known == null) {
                problems.add("unknown cipher suite '" + name + "'");
            } else if (known.weakness() != TlsCatalog.Weakness.OK) {
                weak.put(v + " " + name, known.weakness() + " (" + known.why() + ")");
            }
        }
        List<String> groups = new ArrayList<>();
        List<String> weakGroups = new ArrayList<>();
        for (JsonNode g : spec.path("groups")) {
            String v = g.path("version").asString("");
            String name = g.path("name").asString("");
            TlsCatalog.Group known = TlsCatalog.groupNamed(name);
            if (known == null && name.startsWith("dhe-") && name.substring(4).matches("\\d{1,5}")) {
                known = TlsCatalog.customDh(Integer.parseInt(name.substring(4)));
            }
            groups.add(v + " " + name);
            if (known == null) {
                problems.add("unknown key-exchange group '" + name + "'");
            } else if (known.weak()) {
                weakGroups.add(v + " " + name + " (" + (known.ffdhe() ? "finite-field DH " : "EC group ") + known.bits()
                        + " bits)");
            }
        }
        List<PresentedCertificate> chain = new ArrayList<>();
        int i = 0;
        for (JsonNode d : spec.path("chain").path("der")) {
            try {
                chain.add(PresentedCertificate.parse(Base64.getDecoder().decode(d.asString("")), i++));
            } catch (IllegalArgumentException e) {
                chain.add(new PresentedCertificate(new byte[0], i - 1, null, null, null, null, null, "DER is not base64"));
            }
        }
        List<String> transcript = new ArrayList<>();
        for (JsonNode l : spec.path("transcript")) {
            transcript.add(l.asString(""));
        }
        String error = spec.has("error") ? spec.path("error").asString("") : null;
        if (error == null && !problems.isEmpty()) {
            error = "invalid probe transcript: " + String.join("; ", problems);
        }
        Boolean crSeen = spec.has("certificateRequestSeen") ? spec.path("certificateRequestSeen").asBoolean(false) : null;
        return new ProbedEndpoint(ref, host + ":" + port + (address.equals(host) ? "" : " (" + address + ")"),
                expectation, Boolean.TRUE.equals(expect), plain.path("outcome").asString("UNKNOWN"),
                plain.has("detail") ? plain.path("detail").asString("") : null,
                anon.path("outcome").asString("UNKNOWN"), anon.has("detail") ? anon.path("detail").asString("") : null,
                anon.path("clientCertRequested").asBoolean(false), crSeen, versions, suites, weak, groups, weakGroups,
                chain, transcript, error, traits);
    }
}
