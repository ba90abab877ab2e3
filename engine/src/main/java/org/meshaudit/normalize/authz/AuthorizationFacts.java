package org.meshaudit.normalize.authz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.AuthorizationCoverage;
import org.meshaudit.facts.AuthorizationPolicyFact;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.normalize.LabelIndex;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/**
 * Authorization facts: which policies select each workload (IST-AZ-1, LKD-POL-4/5) and which policies admit any
 * caller (IST-AZ-3/4/5, LKD-POL-5/6).
 */
public final class AuthorizationFacts {
    private static final String ISTIO = "security.istio.io";
    private static final String LINKERD = "policy.linkerd.io";
    private static final Set<String> UNAUTHENTICATED_DEFAULTS = Set.of("all-unauthenticated",
            "cluster-unauthenticated", "audit");

    private AuthorizationFacts() {
    }

    /**
     * @param istioRoot  the default control plane's root namespace, or null when unknown
     * @param istioRoots IST-MC-3: the root namespace of the revision each Istio workload is attached to, by workload key
     */
    public static List<Subject> build(Snapshot snapshot, List<WorkloadPosture> workloads, String istioRoot,
                                      java.util.Map<String, String> istioRoots, Set<String> system) {
        List<Subject> out = new ArrayList<>();
        List<KubeObject> istioPolicies = snapshot.ofKind(ISTIO, "AuthorizationPolicy");
        for (KubeObject ap : istioPolicies) {
            out.add(istioPolicy(ap, system));
        }
        Set<List<String>> authentications = new java.util.HashSet<>(); // kind, namespace, name
        for (String kind : List.of("MeshTLSAuthentication", "NetworkAuthentication")) {
            for (KubeObject o : snapshot.ofKind(kind)) {
                authentications.add(List.of(kind, o.namespace(), o.name()));
            }
        }
        for (KubeObject ap : snapshot.ofKind(LINKERD, "AuthorizationPolicy")) {
            out.add(linkerdPolicy(ap, authentications, system));
        }
        for (KubeObject sa : snapshot.ofKind(LINKERD, "ServerAuthorization")) {
            out.add(serverAuthorization(sa, system));
        }
        Map<String, LabelIndex.Selectors<KubeObject>> byNamespace = new java.util.HashMap<>();
        Function<String, LabelIndex.Selectors<KubeObject>> policiesIn = namespace ->
                byNamespace.computeIfAbsent(namespace, ns -> LabelIndex.Selectors.ofSpecs(
                        snapshot.ofKind(ISTIO, "AuthorizationPolicy", ns), "selector", "matchLabels"));
        for (WorkloadPosture w : workloads) {
            out.add(coverage(w, snapshot, policiesIn, istioRoots.getOrDefault(w.getRef().key(), istioRoot)));
        }
        return out;
    }

    private static Set<String> traits(KubeObject o, String mesh, Set<String> system) {
        Set<String> t = new TreeSet<>();
        t.add(mesh);
        if (system.contains(o.namespace())) {
            t.add("system");
        }
        if ("true".equalsIgnoreCase(o.annotation("istio.io/dry-run"))) {
            t.add("dry-run");
        }
        return t;
    }

    static SubjectRef ref(KubeObject o) {
        return new SubjectRef(o.apiVersion(), o.kind(), o.namespace(), o.name(), o.uid(), null);
    }

    /** IST-AZ-3/4: an ALLOW policy admits any caller when a rule is empty, has no sources, or a source needs no identity. */
    static AuthorizationPolicyFact istioPolicy(KubeObject ap, Set<String> system) {
        JsonNode spec = ap.spec();
        String action = spec.path("action").asString("ALLOW");
        List<String> reasons = new ArrayList<>();
        if (action.equals("ALLOW")) {
            JsonNode rules = spec.get("rules");
            if (rules != null && rules.isArray()) {
                int i = 0;
                for (JsonNode rule : rules) {
                    JsonNode from = rule.get("from");
                    String httpOnly = httpOnlyFields(rule);
                    String onTcp = httpOnly == null ? "" : " on HTTP ports; on TCP ports the rule is dropped because of "
                            + httpOnly + " (IST-AZ-5)";
                    if (rule.isEmpty()) {
                        reasons.add("rules[" + i + "] is empty: it matches every request (IST-AZ-3)");
                    } else if (from == null || !from.isArray() || from.isEmpty()) {
                        reasons.add("rules[" + i + "] has no 'from': any source, authenticated or not, is allowed"
                                + onTcp);
                    } else {
                        int j = 0;
                        for (JsonNode f : from) {
                            JsonNode src = f.path("source");
                            if (!hasIdentity(src)) {
                                reasons.add("rules[" + i + "].from[" + j + "] names no principal, namespace or "
                                        + "request principal: callers without a mesh identity match it (IST-AZ-4)"
                                        + onTcp);
                            } else if (anyIdentity(src)) {
                                reasons.add("rules[" + i + "].from[" + j + "] admits every mesh identity "
                                        + "(principals or namespaces \"*\"): no least privilege");
                            }
                            j++;
                        }
                    }
                    i++;
                }
            }
        }
        return new AuthorizationPolicyFact(ref(ap), action, !reasons.isEmpty(), reasons, null,
                traits(ap, "istio", system));
    }

    private static final List<String> HTTP_OPERATION = List.of("hosts", "notHosts", "methods", "notMethods", "paths",
            "notPaths");

    /**
     * IST-AZ-5: the HTTP-only fields a rule uses (operation hosts/methods/paths, request principals, {@code request.*}
     * conditions), or null. On a TCP filter chain an ALLOW rule using any of them is removed, which narrows the allow.
     */
    static String httpOnlyFields(JsonNode rule) {
        java.util.Set<String> fields = new java.util.TreeSet<>();
        for (JsonNode to : rule.path("to")) {
            for (String f : HTTP_OPERATION) {
                if (to.path("operation").has(f)) {
                    fields.add("to.operation." + f);
                }
            }
        }
        for (JsonNode from : rule.path("from")) {
            for (String f : List.of("requestPrincipals", "notRequestPrincipals")) {
                if (from.path("source").has(f)) {
                    fields.add("from.source." + f);
                }
            }
        }
        for (JsonNode when : rule.path("when")) {
            String key = when.path("key").asString("");
            if (key.startsWith("request.")) {
                fields.add("when " + key);
            }
        }
        return fields.isEmpty() ? null : String.join(", ", fields);
    }

    private static boolean hasIdentity(JsonNode src) {
        for (String f : List.of("principals", "namespaces", "requestPrincipals", "serviceAccounts")) {
            JsonNode v = src.get(f);
            if (v != null && v.isArray() && !v.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** A source that only requires some mesh identity: wildcard principals/namespaces and nothing narrower. */
    private static boolean anyIdentity(JsonNode src) {
        boolean wildcard = false;
        for (String f : List.of("principals", "namespaces", "serviceAccounts")) {
            JsonNode v = src.get(f);
            if (v == null || !v.isArray()) {
                continue;
            }
            for (JsonNode x : v) {
                if (!x.asString("").equals("*")) {
                    return false;
                }
                wildcard = true;
            }
        }
        JsonNode rp = src.get("requestPrincipals");
        return wildcard && (rp == null || !rp.isArray() || rp.isEmpty());
    }

    /** LKD-POL-5: only a NetworkAuthentication (no MeshTLS/ServiceAccount) admits plaintext clients. */
    /** @param authentications kind, namespace and name of each MeshTLSAuthentication and NetworkAuthentication */
    static AuthorizationPolicyFact linkerdPolicy(KubeObject ap, Set<List<String>> authentications,
                                                 Set<String> system) {
        JsonNode refs = ap.spec().get("requiredAuthenticationRefs");
        List<String> reasons = new ArrayList<>();
        boolean identity = false;
        boolean network = false;
        String invalid = null;
        if (refs != null && refs.isArray()) {
            for (JsonNode r : refs) {
                String kind = r.path("kind").asString("");
                String name = r.path("name").asString("");
                String ns = r.path("namespace").asString(ap.namespace());
                if (kind.equals("ServiceAccount")) {
                    identity = true;
                } else if (kind.equals("MeshTLSAuthentication") || kind.equals("NetworkAuthentication")) {
                    if (!authentications.contains(List.of(kind, ns, name))) {
                        invalid = kind + "/" + ns + "/" + name + " is not in the input";
                    }
                    identity |= kind.equals("MeshTLSAuthentication");
                    network |= kind.equals("NetworkAuthentication");
                }
            }
        }
        if (invalid != null) {
            reasons.add("invalid, grants nothing (LKD-POL-5): " + invalid);
        } else if (network && !identity) {
            reasons.add("only a NetworkAuthentication is required: unauthenticated (plaintext) clients from those "
                    + "networks are allowed (LKD-POL-5)");
        } else if (!identity && !network) {
            reasons.add("requires no authentication");
        }
        boolean open = invalid == null && !identity;
        return new AuthorizationPolicyFact(ref(ap), "ALLOW", open, open ? reasons : List.of(), null,
                traits(ap, "linkerd", system));
    }

    /** LKD-POL-6: {@code client.unauthenticated: true} admits plaintext clients. */
    static AuthorizationPolicyFact serverAuthorization(KubeObject sa, Set<String> system) {
        JsonNode client = sa.spec().path("client");
        boolean open = client.path("unauthenticated").asBoolean(false);
        List<String> reasons = open ? List.of("client.unauthenticated: true admits plaintext clients (LKD-POL-6)")
                : List.of();
        return new AuthorizationPolicyFact(ref(sa), "ALLOW", open, reasons, null, traits(sa, "linkerd", system));
    }

    /** IST-AZ-1 (namespace and root-namespace policies, selectors) and LKD-POL-4 (Servers with authorizations). */
    /** @param policiesIn the Istio AuthorizationPolicies of a namespace by their selectors */
    static AuthorizationCoverage coverage(WorkloadPosture w, Snapshot snapshot,
                                          Function<String, LabelIndex.Selectors<KubeObject>> policiesIn,
                                          String istioRoot) {
        List<String> policies = new ArrayList<>();
        List<String> nonAllow = new ArrayList<>();
        String error = null;
        boolean denyByDefault = false;
        List<String> unauthenticated = new ArrayList<>();
        String ns = w.getRef().namespace();
        if (w.getDataplane().startsWith("istio")) {
            // only the workload's namespace and the root namespace can apply: indexed, in input order
            List<KubeObject> candidates = policiesIn.apply(ns).candidates(w.getLabels());
            if (istioRoot != null && !istioRoot.equals(ns)) {
                candidates.addAll(policiesIn.apply(istioRoot).candidates(w.getLabels()));
                candidates.sort(java.util.Comparator.comparingInt(snapshot::position));
            }
            for (KubeObject ap : candidates) {
                if ("true".equalsIgnoreCase(ap.annotation("istio.io/dry-run")) || ap.spec().has("targetRefs")
                        || ap.spec().has("targetRef")) {
                    continue; // shadow-only, or bound to gateways/waypoints rather than this workload
                }
                boolean sameNs = ap.namespace().equals(ns);
                boolean root = ap.namespace().equals(istioRoot);
                String action = ap.spec().path("action").asString("ALLOW");
                if ((sameNs || root) && LabelSelector.matches(ap.spec().get("selector"), w.getLabels())) {
                    // IST-AZ-2: without an ALLOW (or CUSTOM) policy every request not denied is allowed;
                    // DENY and AUDIT policies alone leave the implicit allow in place
                    if (action.equals("ALLOW") || action.equals("CUSTOM")) {
                        policies.add(ap.key());
                    } else {
                        nonAllow.add(ap.key() + " (" + action + ")");
                    }
                }
            }
            if (policies.isEmpty() && istioRoot == null) {
                error = "Istio root namespace unknown, mesh-wide AuthorizationPolicies cannot be attributed (GEN-3)";
            }
        } else if (w.getDataplane().equals("linkerd")) {
            for (PortPosture p : w.getPorts()) {
                String mode = p.getServerMode();
                if (p.getError() != null) {
                    continue;
                }
                if (p.getDecidedAt() == PortPosture.Level.SERVER) {
                    p.getDecidedBy().stream().filter(s -> s.startsWith("Server/")).forEach(s -> {
                        if (!policies.contains(s)) {
                            policies.add(s);
                        }
                    });
                } else if ("deny".equals(mode)) {
                    denyByDefault = true;
                }
                if (p.isInboundCaptured() && !p.isMtlsRequired() && UNAUTHENTICATED_DEFAULTS.contains(mode)) {
                    unauthenticated.add(p.getPort() + " (" + mode + ")");
                }
            }
        }
        policies.sort(String::compareTo);
        nonAllow.sort(String::compareTo);
        return new AuthorizationCoverage(w.getRef(), w.getDataplane(), policies, denyByDefault, unauthenticated,
                nonAllow, error == null ? w.getError() : error, w.getTraits());
    }
}
