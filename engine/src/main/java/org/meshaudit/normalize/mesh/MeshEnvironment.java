package org.meshaudit.normalize.mesh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.model.Workload;
import tools.jackson.databind.JsonNode;

/**
 * Mesh-wide configuration read from the snapshot: Istio MeshConfig (IST-MC-1/2), the sidecar injector configuration
 * (IST-DP-4), {@code linkerd-config} (LKD-POL-1), versions, control-plane and system namespaces.
 */
final class MeshEnvironment {
    static final String DEFAULT_ROOT = "istio-system";
    static final String LINKERD_DEFAULT_POLICY = "all-unauthenticated";
    static final Set<String> LINKERD_POLICIES = Set.of("all-unauthenticated", "cluster-unauthenticated",
            "all-authenticated", "cluster-authenticated", "deny", "audit");
    static final Set<String> KUBE_SYSTEM = Set.of("kube-system", "kube-public", "kube-node-lease",
            "local-path-storage");

    /** MeshConfig fields the posture needs. {@code rootNamespace} null = unknown (see {@code error}). */
    record IstioMesh(String rootNamespace, boolean enableAutoMtls, String trustDomain, List<String> trustDomainAliases,
                     String source, String error) {
    }

    /** Sidecar injector settings; null fields are unknown. */
    record Injector(String policy, List<JsonNode> neverInjectSelector, List<JsonNode> alwaysInjectSelector,
                    Boolean enableNamespacesByDefault, String source, boolean assumed) {
    }

    final Snapshot snapshot;
    final MeshOptions options;
    final SortedMap<String, KubeObject> namespaceObjects = new TreeMap<>();
    final List<CollectionIssue> issues = new ArrayList<>();
    final SortedMap<String, String> meshInfo = new TreeMap<>();
    final Set<String> assumed = new TreeSet<>();
    final Set<String> istiodNamespaces = new TreeSet<>();
    final Set<String> linkerdNamespaces = new TreeSet<>();
    private final SortedMap<String, IstioMesh> istioMeshByRev = new TreeMap<>();
    private final SortedMap<String, Injector> injectorByRev = new TreeMap<>();
    private IstioMesh defaultMesh;
    boolean istioPresent;
    /** Cluster default inbound policy, null when unknown. */
    String linkerdDefaultPolicy;
    String linkerdPolicySource;
    String linkerdPolicyError;
    /** Linkerd {@code identityTrustDomain}, null when unknown. */
    String linkerdTrustDomain;
    String linkerdTrustDomainSource;
    /** Inbound ports every injected pod skips (proxyInit.ignoreInboundPorts). */
    String linkerdIgnoreInboundPorts = "4567,4568";

    MeshEnvironment(Snapshot snapshot, MeshOptions options) {
        this.snapshot = snapshot;
        this.options = options;
        for (KubeObject ns : snapshot.ofKind("", "Namespace")) {
            namespaceObjects.put(ns.name(), ns);
        }
        findControlPlanes();
        readIstioMesh();
        readInjector();
        readLinkerd();
        detectIstio();
    }

    // ---------------------------------------------------------------- namespaces

    NamespaceView namespace(String name) {
        KubeObject o = namespaceObjects.get(name);
        if (o == null) {
            return new NamespaceView(name, Map.of(), Map.of(), false);
        }
        return new NamespaceView(name, o.labels(), o.annotations(), true);
    }

    private void findControlPlanes() {
        for (Workload w : snapshot.workloads()) {
            KubeObject m = w.meta();
            boolean istiod = m.name().equals("istiod") || m.name().startsWith("istiod-")
                    || "istiod".equals(w.template().labels().get("app"));
            if (istiod) {
                istiodNamespaces.add(m.namespace());
                String version = istiodVersion(w);
                if (version != null && !meshInfo.containsKey("istio.version")) {
                    meshInfo.put("istio.version", version);
                }
            }
        }
        for (KubeObject cm : snapshot.ofKind("", "ConfigMap")) {
            if (cm.name().equals("linkerd-config")) {
                linkerdNamespaces.add(cm.namespace());
            }
        }
        for (KubeObject ns : namespaceObjects.values()) {
            if ("true".equals(ns.label("linkerd.io/is-control-plane"))) {
                linkerdNamespaces.add(ns.name());
            }
        }
    }

    /** Container images are not projected; the version comes from the chart labels. */
    private static String istiodVersion(Workload w) {
        for (Map<String, String> labels : List.of(w.meta().labels(), w.template().labels())) {
            for (String key : List.of("app.kubernetes.io/version", "operator.istio.io/version")) {
                String v = labels.get(key);
                if (v != null && !v.isEmpty()) {
                    return v;
                }
            }
            String chart = labels.get("helm.sh/chart");
            if (chart != null && chart.startsWith("istiod-")) {
                return chart.substring("istiod-".length());
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- Istio mesh config (IST-MC-1/2/3)

    private void readIstioMesh() {
        List<KubeObject> defaults = new ArrayList<>();
        for (KubeObject cm : snapshot.ofKind("", "ConfigMap")) {
            if (cm.name().equals("istio")) {
                defaults.add(cm);
            } else if (cm.name().startsWith("istio-") && cm.spec().has("mesh")
                    && !cm.name().startsWith("istio-sidecar-injector")) {
                String rev = cm.name().substring("istio-".length());
                istioMeshByRev.put(rev, parseMesh(cm));
            }
        }
        KubeObject chosen = null;
        for (KubeObject cm : defaults) {
            int rank = meshRank(cm);
            if (chosen == null || rank < meshRank(chosen)) {
                chosen = cm;
            }
        }
        if (chosen != null) {
            defaultMesh = parseMesh(chosen);
            if (defaults.size() > 1) {
                meshInfo.put("istio.meshConfigSource", chosen.key());
            }
        } else if (options.istioRootNamespace() != null) {
            defaultMesh = new IstioMesh(options.istioRootNamespace(), true, "cluster.local", List.of(),
                    "MeshOptions.istioRootNamespace", null);
        } else if (options.assumeMeshDefaults()) {
            defaultMesh = new IstioMesh(DEFAULT_ROOT, true, "cluster.local", List.of(), "defaults (IST-MC-2)", null);
        } else {
            defaultMesh = new IstioMesh(null, true, "cluster.local", List.of(), null,
                    "Istio mesh config (ConfigMap istio) not in input: root namespace unknown (GEN-3); collect it or"
                            + " set the Istio root namespace");
        }
        if (defaultMesh.rootNamespace() != null) {
            meshInfo.put("istio.rootNamespace", defaultMesh.rootNamespace());
            meshInfo.put("istio.enableAutoMtls", Boolean.toString(defaultMesh.enableAutoMtls()));
            if (defaultMesh.trustDomain() != null) {
                meshInfo.put("istio.trustDomain", defaultMesh.trustDomain());
            }
            if (!defaultMesh.trustDomainAliases().isEmpty()) {
                meshInfo.put("istio.trustDomainAliases", String.join(",", defaultMesh.trustDomainAliases()));
            }
        }
    }

    private int meshRank(KubeObject cm) {
        if (istiodNamespaces.contains(cm.namespace())) {
            return 0;
        }
        if (cm.namespace().equals(options.istioRootNamespace())) {
            return 1;
        }
        return cm.namespace().equals(DEFAULT_ROOT) ? 2 : 3;
    }

    private IstioMesh parseMesh(KubeObject cm) {
        String text = Nodes.text(cm.spec(), "mesh");
        JsonNode mesh;
        try {
            mesh = text == null ? null : Nodes.parseYaml(text);
        } catch (IllegalArgumentException e) {
            issues.add(new CollectionIssue(cm.source(), "invalid-value",
                    cm.key() + " key mesh is not valid YAML: " + e.getMessage()));
            String override = options.istioRootNamespace();
                        // the trust domain is unknown (null), not cluster.local: the file says something we cannot read
            return new IstioMesh(override, true, null, List.of(), cm.key(), override != null ? null
                    : cm.key() + " key mesh is not valid YAML: root namespace unknown (GEN-3)");
        }
        String root = Nodes.text(mesh, "rootNamespace");
        String autoMtls = Nodes.text(mesh, "enableAutoMtls");
        String td = Nodes.text(mesh, "trustDomain");
        if (options.istioRootNamespace() != null) {
            root = options.istioRootNamespace();
        }
        List<String> aliases = new ArrayList<>();
        for (JsonNode a : Nodes.list(mesh, "trustDomainAliases")) {
            if (!a.asString("").isBlank()) {
                aliases.add(a.asString("").strip());
            }
        }
        return new IstioMesh(root == null || root.isEmpty() ? DEFAULT_ROOT : root,
                autoMtls == null || !autoMtls.equalsIgnoreCase("false"),
                td == null || td.isEmpty() ? "cluster.local" : td, List.copyOf(aliases), cm.key(), null);
    }

    /** Mesh config of a control-plane revision ({@code ""} or null = default); falls back to the default one. */
    IstioMesh istioMesh(String revision) {
        if (revision != null && !revision.isEmpty() && !revision.equals("default")) {
            IstioMesh m = istioMeshByRev.get(revision);
            if (m != null) {
                return m;
            }
        }
        return defaultMesh;
    }

    // ---------------------------------------------------------------- injector (IST-DP-3/4)

    private void readInjector() {
        for (KubeObject cm : snapshot.ofKind("", "ConfigMap")) {
            String n = cm.name();
            if (!n.startsWith("istio-sidecar-injector")) {
                continue;
            }
            String rev = n.equals("istio-sidecar-injector") ? "" : n.substring("istio-sidecar-injector-".length());
            Injector existing = injectorByRev.get(rev);
            Injector parsed = parseInjector(cm);
            if (existing == null || istiodNamespaces.contains(cm.namespace())) {
                injectorByRev.put(rev, parsed);
            }
        }
    }

    private Injector parseInjector(KubeObject cm) {
        JsonNode config = null;
        JsonNode values = null;
        try {
            String c = Nodes.text(cm.spec(), "config");
            config = c == null ? null : Nodes.parseYaml(c);
        } catch (IllegalArgumentException e) {
            issues.add(new CollectionIssue(cm.source(), "invalid-value",
                    cm.key() + " key config is not valid YAML: " + e.getMessage()));
        }
        try {
            String v = Nodes.text(cm.spec(), "values");
            values = v == null ? null : Nodes.parseYaml(v);
        } catch (IllegalArgumentException e) {
            issues.add(new CollectionIssue(cm.source(), "invalid-value",
                    cm.key() + " key values is not valid JSON: " + e.getMessage()));
        }
        String policy = Nodes.text(config, "policy");
        if (policy == null) {
            policy = Nodes.text(values, "global", "proxy", "autoInject");
        }
        if (policy == null && config != null) {
            policy = ""; // the injector reads an empty policy, which disables auto-injection
        }
        String byDefault = Nodes.text(values, "sidecarInjectorWebhook", "enableNamespacesByDefault");
        Boolean nsByDefault = byDefault != null ? Boolean.valueOf(byDefault.equalsIgnoreCase("true"))
                : values != null ? Boolean.FALSE : null;
        String tag = Nodes.text(values, "global", "tag");
        if (tag != null && !tag.isEmpty() && !meshInfo.containsKey("istio.version")) {
            meshInfo.put("istio.version", tag);
        }
        return new Injector(policy, Nodes.list(config, "neverInjectSelector"),
                Nodes.list(config, "alwaysInjectSelector"), nsByDefault, cm.key(), false);
    }

    /** Injector of a revision, falling back to the default one; null when none is in the input. */
    Injector injector(String revision) {
        Injector i = null;
        if (revision != null && !revision.isEmpty()) {
            i = injectorByRev.get(revision);
        }
        if (i == null) {
            i = injectorByRev.get("");
        }
        if (i == null && options.assumeMeshDefaults()) {
            assumed.add("istio injector config");
            i = new Injector("enabled", List.of(), List.of(), Boolean.FALSE, "defaults (IST-DP-4)", true);
        }
        return i;
    }

    // ---------------------------------------------------------------- Linkerd (LKD-POL-1, LKD-SKIP-1)

    private void readLinkerd() {
        KubeObject cfg = null;
        for (KubeObject cm : snapshot.ofKind("", "ConfigMap")) {
            if (cm.name().equals("linkerd-config")
                    && (cfg == null || cm.namespace().equals("linkerd"))) {
                cfg = cm;
            }
        }
        if (cfg == null) {
            if (options.assumeMeshDefaults()) {
                linkerdDefaultPolicy = LINKERD_DEFAULT_POLICY;
                linkerdPolicySource = "defaults (LKD-POL-1)";
            } else {
                linkerdPolicyError = "ConfigMap linkerd-config not in input: cluster default inbound policy unknown"
                        + " (GEN-3)";
            }
        } else {
            JsonNode values = null;
            try {
                String v = Nodes.text(cfg.spec(), "values");
                values = v == null ? null : Nodes.parseYaml(v);
            } catch (IllegalArgumentException e) {
                issues.add(new CollectionIssue(cfg.source(), "invalid-value",
                        cfg.key() + " key values is not valid YAML: " + e.getMessage()));
                linkerdPolicyError = cfg.key() + " key values is not valid YAML: cluster default inbound policy"
                        + " unknown (GEN-3)";
            }
            if (linkerdPolicyError == null) {
                String p = Nodes.text(values, "proxy", "defaultInboundPolicy");
                if (p == null) {
                    p = Nodes.text(values, "policyController", "defaultAllowPolicy");
                }
                if (p == null) {
                    p = LINKERD_DEFAULT_POLICY;
                }
                if (LINKERD_POLICIES.contains(p)) {
                    linkerdDefaultPolicy = p;
                    linkerdPolicySource = cfg.key();
                } else {
                    issues.add(new CollectionIssue(cfg.source(), "invalid-value", cfg.key()
                            + " proxy.defaultInboundPolicy has an unknown value \"" + p + "\""));
                    linkerdPolicyError = cfg.key() + " proxy.defaultInboundPolicy \"" + p + "\" is not a valid policy";
                }
                String nets = Nodes.text(values, "clusterNetworks");
                if (nets != null) {
                    meshInfo.put("linkerd.clusterNetworks", nets);
                }
                String ignore = Nodes.text(values, "proxyInit", "ignoreInboundPorts");
                if (ignore != null) {
                    linkerdIgnoreInboundPorts = ignore;
                }
                String td = Nodes.text(values, "identityTrustDomain");
                linkerdTrustDomain = td == null || td.isBlank() ? TrustDomains.DEFAULT : td.strip();
                linkerdTrustDomainSource = cfg.key() + (td == null || td.isBlank()
                        ? " (identityTrustDomain not set: chart default)" : "");
                meshInfo.put("linkerd.identityTrustDomain", linkerdTrustDomain);
                String version = Nodes.text(values, "linkerdVersion");
                if (version != null && !version.isEmpty()) {
                    meshInfo.put("linkerd.version", version);
                }
            }
        }
        if (linkerdDefaultPolicy != null) {
            meshInfo.put("linkerd.defaultInboundPolicy", linkerdDefaultPolicy);
        }
        TreeMap<String, Integer> versions = new TreeMap<>();
        for (Workload w : snapshot.workloads()) {
            String v = w.template().annotations().get("linkerd.io/proxy-version");
            if (v != null && !v.isEmpty() && w.template().hasProxy("linkerd-proxy")) {
                versions.merge(v, 1, Integer::sum);
            }
        }
        if (!versions.isEmpty() && !meshInfo.containsKey("linkerd.version")) {
            String best = null;
            for (var e : versions.entrySet()) {
                if (best == null || e.getValue() > versions.get(best)) {
                    best = e.getKey();
                }
            }
            meshInfo.put("linkerd.version", best);
        }
    }

    // ---------------------------------------------------------------- trust domains (CERT-005)

    /**
     * The SPIFFE trust domains the meshes of the input issue identities in (IST-MC-2/4, linkerd-config
     * {@code identityTrustDomain}). A mesh that is in the input but whose configuration is not leaves its domain
     * unknown unless mesh defaults are assumed (GEN-3); with no mesh configuration at all nothing is known.
     */
    TrustDomains trustDomains() {
        java.util.Set<String> expected = new TreeSet<>();
        List<String> basis = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        boolean linkerdPresent = linkerdPresent();
        boolean istioRead = false;
        for (IstioMesh m : allIstioMeshes()) {
            if (m.source() == null || m.source().startsWith("defaults") || m.source().startsWith("MeshOptions")) {
                continue;
            }
            istioRead = true;
            if (m.trustDomain() == null) {
                unknown.add(m.source() + ": mesh config unreadable, Istio trust domain unknown (GEN-3)");
                continue;
            }
            add(expected, basis, m.trustDomain(), "Istio trustDomain, " + m.source());
            for (String a : m.trustDomainAliases()) {
                add(expected, basis, a, "Istio trustDomainAliases, " + m.source());
            }
        }
        boolean istioUnread = istioPresent && !istioRead;
        if (istioUnread) {
            if (options.assumeMeshDefaults()) {
                add(expected, basis, TrustDomains.DEFAULT,
                        "Istio default trustDomain (IST-MC-2), mesh defaults assumed");
            } else {
                unknown.add("Istio mesh config (ConfigMap istio) not in input: Istio trust domain unknown (GEN-3)");
            }
        }
        if (linkerdTrustDomain != null) {
            add(expected, basis, linkerdTrustDomain, "Linkerd identityTrustDomain, " + linkerdTrustDomainSource);
        } else if (linkerdPresent) {
            if (options.assumeMeshDefaults()) {
                add(expected, basis, TrustDomains.DEFAULT,
                        "Linkerd default identityTrustDomain, mesh defaults assumed");
            } else {
                unknown.add("ConfigMap linkerd-config not in input: Linkerd identityTrustDomain unknown (GEN-3)");
            }
        }
        if (expected.isEmpty() && unknown.isEmpty()) {
            if (options.assumeMeshDefaults()) {
                add(expected, basis, TrustDomains.DEFAULT, "mesh default trust domain, mesh defaults assumed");
            } else {
                unknown.add("no mesh configuration in the input (Istio mesh ConfigMap, linkerd-config): expected"
                        + " trust domain unknown (GEN-3)");
            }
        }
        return new TrustDomains(expected, basis, unknown);
    }

    private static void add(java.util.Set<String> expected, List<String> basis, String domain, String why) {
        String d = TrustDomains.normalize(domain);
        if (!d.isEmpty()) {
            expected.add(d);
            basis.add(d + " (" + why + ")");
        }
    }

    private List<IstioMesh> allIstioMeshes() {
        List<IstioMesh> out = new ArrayList<>();
        if (defaultMesh != null) {
            out.add(defaultMesh);
        }
        out.addAll(istioMeshByRev.values());
        return out;
    }

    /** Linkerd is in the input: its control plane, its config, or a workload or namespace that asks for it. */
    private boolean linkerdPresent() {
        if (!linkerdNamespaces.isEmpty()) {
            return true;
        }
        for (Workload w : snapshot.workloads()) {
            if (w.template().hasProxy("linkerd-proxy") || w.template().annotations().containsKey("linkerd.io/inject")) {
                return true;
            }
        }
        for (KubeObject ns : namespaceObjects.values()) {
            if (ns.annotations().containsKey("linkerd.io/inject")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- presence

    private void detectIstio() {
        istioPresent = defaultMesh.source() != null && !defaultMesh.source().startsWith("defaults")
                && !defaultMesh.source().startsWith("MeshOptions") || !injectorByRev.isEmpty()
                || !istiodNamespaces.isEmpty() || anyIstioSign();
    }

    /** An Istio object, a pod asking for Istio, or a namespace labelled for it (the first one found ends the scan). */
    private boolean anyIstioSign() {
        for (KubeObject o : snapshot.objects()) {
            if (o.group().endsWith(".istio.io")) {
                return true;
            }
        }
        for (Workload w : snapshot.workloads()) {
            var labels = w.template().labels();
            if (w.template().hasProxy("istio-proxy") || labels.containsKey("sidecar.istio.io/inject")
                    || labels.containsKey("istio.io/rev") || labels.containsKey("istio.io/dataplane-mode")) {
                return true; // a pod that asks for Istio means Istio's namespaces are system namespaces
            }
        }
        for (KubeObject ns : namespaceObjects.values()) {
            if (ns.labels().containsKey("istio-injection") || ns.labels().containsKey("istio.io/rev")
                    || ns.labels().containsKey("istio.io/dataplane-mode")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- system namespaces

    Set<String> systemNamespaces() {
        Set<String> out = new TreeSet<>(KUBE_SYSTEM);
        if (defaultMesh.rootNamespace() != null && (istioPresent || options.istioRootNamespace() != null)) {
            out.add(defaultMesh.rootNamespace());
        }
        for (IstioMesh m : istioMeshByRev.values()) {
            if (m.rootNamespace() != null) {
                out.add(m.rootNamespace());
            }
        }
        out.addAll(istiodNamespaces);
        out.addAll(linkerdNamespaces);
        out.add("linkerd-viz");
        out.add("cert-manager");
        out.addAll(options.extraSystemNamespaces());
        return Collections.unmodifiableSet(out);
    }
}
