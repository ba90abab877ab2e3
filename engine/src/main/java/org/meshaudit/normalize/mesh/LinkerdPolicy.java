package org.meshaudit.normalize.mesh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.PortPosture.Level;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.normalize.LabelIndex;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/**
 * Linkerd inbound policy per port: default policy (LKD-POL-1/2, LKD-DP-3), Servers and their authorizations
 * (LKD-POL-4/5/6).
 */
final class LinkerdPolicy {
    static final String POLICY_ANNOTATION = "config.linkerd.io/default-inbound-policy";
    static final String REQUIRE_IDENTITY = "config.linkerd.io/proxy-require-identity-inbound-ports";
    static final String SKIP_INBOUND = "config.linkerd.io/skip-inbound-ports";
    static final String SKIP_OUTBOUND = "config.linkerd.io/skip-outbound-ports";
    static final String SKIP_SUBNETS = "config.linkerd.io/skip-subnets";
    private static final Set<String> UNAUTHENTICATED = Set.of("all-unauthenticated", "cluster-unauthenticated",
            "audit");
    private static final String GROUP = "policy.linkerd.io";

    /** The default policy that applies where no Server selects a port. */
    record Default(String policy, Level level, String source, String error, List<String> notes) {
    }

    /** Server-level verdict. */
    record ServerVerdict(String mode, boolean mtlsRequired, List<String> decidedBy, String error, List<String> notes) {
    }

    private final Snapshot snapshot;
    private final MeshEnvironment env;
    private final List<CollectionIssue> issues = new ArrayList<>();
    private final Map<String, ServerVerdict> verdicts = new TreeMap<>();
    private final Map<String, LabelIndex.Selectors<KubeObject>> serversByNamespace = new java.util.HashMap<>();
    /** Per namespace: its AuthorizationPolicies that may target a Server, by Server name ({@link #policiesFor}). */
    private final Map<String, ServerPolicies> policiesByServer = new java.util.HashMap<>();

    LinkerdPolicy(Snapshot snapshot, MeshEnvironment env) {
        this.snapshot = snapshot;
        this.env = env;
    }

    List<CollectionIssue> issues() {
        return issues;
    }

    static boolean requiresMtls(String policy) {
        return policy.equals("all-authenticated") || policy.equals("cluster-authenticated") || policy.equals("deny");
    }

    /** LKD-POL-2: the authenticated form of a default policy. */
    static String authenticated(String policy) {
        return switch (policy) {
            case "all-unauthenticated" -> "all-authenticated";
            case "cluster-unauthenticated" -> "cluster-authenticated";
            default -> policy;
        };
    }

    /**
     * The config.linkerd.io annotations the proxy really has: the pod's own for admitted pods; for predicted pods the
     * namespace's values copied under the template's (LKD-DP-3). Null value = unknown (namespace missing).
     */
    static Map<String, String> effectiveAnnotations(Map<String, String> pod, NamespaceView ns, boolean observed) {
        Map<String, String> out = new TreeMap<>();
        if (!observed) {
            for (var e : ns.annotations().entrySet()) {
                if (e.getKey().startsWith("config.linkerd.io/") || e.getKey().startsWith("config.alpha.linkerd.io/")) {
                    out.put(e.getKey(), e.getValue());
                }
            }
        }
        out.putAll(pod);
        return out;
    }

    /** LKD-POL-1 / LKD-DP-3: default inbound policy of a pod. */
    Default defaultFor(String workloadKey, Map<String, String> podAnnotations, NamespaceView ns, boolean observed) {
        List<String> notes = new ArrayList<>();
        String value = podAnnotations.get(POLICY_ANNOTATION);
        Level level = Level.POD;
        String source = workloadKey;
        if (value == null && !observed) {
            if (!ns.known()) {
                return new Default(null, Level.NONE, null, "Namespace " + ns.name() + " not in input: its "
                        + POLICY_ANNOTATION + " annotation would be copied to new pods (LKD-DP-3, GEN-3)", notes);
            }
            value = ns.annotation(POLICY_ANNOTATION);
            level = Level.NAMESPACE;
            source = "Namespace/" + ns.name();
        }
        if (value != null && MeshEnvironment.LINKERD_POLICIES.contains(value)) {
            return new Default(value, level, source, null, notes);
        }
        if (value != null) {
            notes.add("LKD-POL-1: unparsable " + POLICY_ANNOTATION + "=\"" + value + "\" ignored; cluster default"
                    + " used");
        }
        return clusterDefault(notes);
    }

    Default clusterDefault(List<String> notes) {
        if (env.linkerdDefaultPolicy == null) {
            return new Default(null, Level.NONE, null, env.linkerdPolicyError, notes);
        }
        if (env.linkerdPolicySource.startsWith("defaults")) {
            env.assumed.add("linkerd-config");
            notes.add("linkerd-config not in input: assumed cluster default " + env.linkerdDefaultPolicy);
        }
        return new Default(env.linkerdDefaultPolicy, Level.CLUSTER, env.linkerdPolicySource, null, notes);
    }

    /** Servers in the namespace that select this pod port, oldest first (LKD-POL-4). */
    List<KubeObject> serversFor(String ns, Map<String, String> podLabels, int port, Set<String> portNames) {
        List<KubeObject> out = new ArrayList<>();
        for (KubeObject s : servers(ns).candidates(podLabels)) {
            if (!s.namespace().equals(ns)) {
                continue;
            }
            JsonNode podSelector = Nodes.at(s.spec(), "podSelector");
            if (podSelector == null || !LabelSelector.matches(podSelector, podLabels)) {
                continue;
            }
            JsonNode p = Nodes.at(s.spec(), "port");
            if (p == null) {
                continue;
            }
            boolean match = p.isNumber() ? p.asInt() == port : portNames.contains(p.asString());
            if (match) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(KubeObject::createdOrNewest).thenComparing(KubeObject::name));
        return out;
    }

    /** Port numbers named by Servers selecting the pod (number, or container port name resolved by the caller). */
    List<JsonNode> serverPorts(String ns, Map<String, String> podLabels) {
        List<JsonNode> out = new ArrayList<>();
        for (KubeObject s : servers(ns).candidates(podLabels)) {
            JsonNode podSelector = Nodes.at(s.spec(), "podSelector");
            JsonNode p = Nodes.at(s.spec(), "port");
            if (s.namespace().equals(ns) && podSelector != null && p != null
                    && LabelSelector.matches(podSelector, podLabels)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The Servers of a namespace by pod selector: those a pod's labels may select (built on first use). */
    private LabelIndex.Selectors<KubeObject> servers(String namespace) {
        return serversByNamespace.computeIfAbsent(namespace, ns -> LabelIndex.Selectors.ofSpecs(
                snapshot.ofKind(GROUP, "Server", ns), "podSelector", "matchLabels"));
    }

    /**
     * The AuthorizationPolicies of a Server's namespace that may target it, in input order: those whose targetRef
     * names a Server of its name, and those targeting anything else (a namespace, a route), which {@link #targets}
     * decides.
     */
    private List<KubeObject> policiesFor(KubeObject server) {
        ServerPolicies index = policiesByServer.computeIfAbsent(server.namespace(), ns -> {
            ServerPolicies p = new ServerPolicies(snapshot.ofKind(GROUP, "AuthorizationPolicy", ns),
                    new java.util.HashMap<>(), new ArrayList<>());
            for (int i = 0; i < p.all().size(); i++) {
                JsonNode spec = p.all().get(i).spec();
                String name = "Server".equals(Nodes.text(spec, "targetRef", "kind"))
                        ? Nodes.text(spec, "targetRef", "name") : null;
                (name != null ? p.byServer().computeIfAbsent(name, k -> new ArrayList<>()) : p.others()).add(i);
            }
            return p;
        });
        List<Integer> named = index.byServer().getOrDefault(server.name(), List.of());
        List<Integer> others = index.others();
        List<KubeObject> out = new ArrayList<>(named.size() + others.size());
        for (int a = 0, b = 0; a < named.size() || b < others.size(); ) { // both ascending: merged in input order
            boolean fromNamed = b == others.size() || a < named.size() && named.get(a) < others.get(b);
            out.add(index.all().get(fromNamed ? named.get(a++) : others.get(b++)));
        }
        return out;
    }

    /**
     * The AuthorizationPolicies of a namespace, and the positions among them of those that target each Server name
     * and of those that target something other than a Server.
     */
    private record ServerPolicies(List<KubeObject> all, Map<String, List<Integer>> byServer, List<Integer> others) {
    }

    /** LKD-POL-4/5/6: what a Server lets through. */
    ServerVerdict verdict(KubeObject server) {
        return verdicts.computeIfAbsent(server.key(), k -> computeVerdict(server));
    }

    private ServerVerdict computeVerdict(KubeObject server) {
        List<String> notes = new ArrayList<>();
        Set<String> by = new TreeSet<>();
        String access = Nodes.text(server.spec(), "accessPolicy");
        if (access == null) {
            access = "deny";
        }
        String mode = "server:" + server.name() + " (accessPolicy=" + access + ")";
        if (!MeshEnvironment.LINKERD_POLICIES.contains(access)) {
            issues.add(new CollectionIssue(server.source(), "invalid-value",
                    server.key() + ": unknown accessPolicy \"" + access + "\""));
            return new ServerVerdict(mode, false, List.of(server.key()), server.key() + " has an unknown accessPolicy \""
                    + access + "\" (GEN-3)", notes);
        }
        boolean plaintext = UNAUTHENTICATED.contains(access);
        if (plaintext) {
            notes.add("accessPolicy " + access + " admits unauthenticated clients (LKD-POL-4)");
        }
        String ns = server.namespace();
        for (KubeObject ap : policiesFor(server)) {
            if (!targets(ap, server)) {
                continue;
            }
            boolean valid = true;
            boolean identity = false;
            for (JsonNode ref : Nodes.list(ap.spec(), "requiredAuthenticationRefs")) {
                String kind = Nodes.text(ref, "kind");
                String name = Nodes.text(ref, "name");
                String refNs = Nodes.text(ref, "namespace");
                if (refNs == null) {
                    refNs = ns;
                }
                if ("ServiceAccount".equals(kind)) {
                    identity = true;
                } else if ("MeshTLSAuthentication".equals(kind) || "NetworkAuthentication".equals(kind)) {
                    identity |= kind.equals("MeshTLSAuthentication");
                    if (!exists(kind, refNs, name)) {
                        valid = false;
                        notes.add(ap.key() + " references missing " + kind + "/" + refNs + "/" + name
                                + ": invalid, ignored (LKD-POL-5)");
                    }
                } else {
                    valid = false;
                    notes.add(ap.key() + " references unsupported authentication kind " + kind + ": ignored");
                }
            }
            if (!valid) {
                continue;
            }
            by.add(ap.key());
            if (!identity) {
                plaintext = true;
                notes.add(ap.key() + " requires no mesh identity: unauthenticated (plaintext) clients allowed"
                        + " (LKD-POL-5)");
            }
        }
        for (KubeObject sa : snapshot.ofKind(GROUP, "ServerAuthorization", ns)) {
            if (!selectsServer(sa, server)) {
                continue;
            }
            by.add(sa.key());
            JsonNode unauth = Nodes.at(sa.spec(), "client", "unauthenticated");
            if (unauth != null && unauth.asBoolean(false)) {
                plaintext = true;
                notes.add(sa.key() + " sets client.unauthenticated: true: plaintext clients allowed (LKD-POL-6)");
            }
        }
        List<String> decidedBy = new ArrayList<>();
        decidedBy.add(server.key());
        decidedBy.addAll(by);
        if (by.isEmpty() && !plaintext) {
            notes.add("no authorization targets " + server.key() + ": only its accessPolicy " + access
                    + " applies (LKD-POL-4)");
        }
        return new ServerVerdict(mode, !plaintext, decidedBy, null, notes);
    }

    private boolean exists(String kind, String ns, String name) {
        return snapshot.named(GROUP, kind, ns, name) != null;
    }

    private boolean targets(KubeObject ap, KubeObject server) {
        String kind = Nodes.text(ap.spec(), "targetRef", "kind");
        String name = Nodes.text(ap.spec(), "targetRef", "name");
        if (kind == null || name == null) {
            return false;
        }
        switch (kind) {
            case "Server":
                return name.equals(server.name());
            case "Namespace":
                return name.equals(server.namespace());
            case "HTTPRoute":
            case "GRPCRoute":
                return routeAttachedTo(kind, name, server);
            default:
                return false;
        }
    }

    private boolean routeAttachedTo(String kind, String name, KubeObject server) {
        for (KubeObject r : snapshot.ofKind(kind)) {
            if (!r.namespace().equals(server.namespace()) || !r.name().equals(name)) {
                continue;
            }
            for (JsonNode parent : Nodes.list(r.spec(), "parentRefs")) {
                if ("Server".equals(Nodes.text(parent, "kind")) && server.name().equals(Nodes.text(parent, "name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean selectsServer(KubeObject sa, KubeObject server) {
        String name = Nodes.text(sa.spec(), "server", "name");
        if (name != null) {
            return name.equals(server.name());
        }
        JsonNode sel = Nodes.at(sa.spec(), "server", "selector");
        return sel != null && LabelSelector.matches(sel, server.labels());
    }

    /** Servers of a namespace whose authorizations admit only mesh-TLS clients. */
    List<String> mtlsServers(String ns) {
        List<String> out = new ArrayList<>();
        for (KubeObject s : snapshot.ofKind(GROUP, "Server", ns)) {
            if (s.namespace().equals(ns)) {
                ServerVerdict v = verdict(s);
                if (v.error() == null && v.mtlsRequired()) {
                    out.add(s.key());
                }
            }
        }
        out.sort(null);
        return out;
    }
}
