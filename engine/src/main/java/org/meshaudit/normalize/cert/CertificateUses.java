package org.meshaudit.normalize.cert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.model.Workload;
import org.meshaudit.normalize.LabelIndex;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/**
 * Where the input puts TLS Secrets to use, so that a certificate is judged for the job it does:
 * <ul>
 *   <li>served by an entry point for some hosts (CERT-005 "SAN does not match the service host name"): a Kubernetes
 *       Ingress ({@code spec.tls[].secretName} + {@code hosts}), an Istio Gateway server ({@code tls.credentialName}
 *       or {@code credentialNames} + {@code hosts}, the {@code namespace/} prefix of a host stripped), a Gateway API
 *       listener ({@code tls.certificateRefs} + {@code hostname}; a cross-namespace reference only with a
 *       ReferenceGrant);</li>
 *   <li>presented as an mTLS client certificate (CERT-004): an Istio DestinationRule {@code tls} with {@code mode:
 *       MUTUAL} and a {@code credentialName}, at the top level, per port ({@code portLevelSettings}) or per subset
 *       (IST-CL-1).</li>
 * </ul>
 * Each use lists the Secrets it may mean, most likely first (where the serving proxy reads them); the first one whose
 * certificate was read is taken.
 */
public final class CertificateUses {
    /** A Secret by namespace and name. */
    public record SecretRef(String namespace, String name) {
        String key() {
            return namespace + "/" + name;
        }
    }

    /**
     * One use of a Secret.
     *
     * @param referrer   what uses it, e.g. {@code Gateway/storefront/shop-gateway:443} or
     *                   {@code DestinationRule/pay/bank (trafficPolicy.tls)}
     * @param hosts      the host names it is served for (normalized; empty for client use or when none is given)
     * @param candidates the Secrets the reference may mean, most likely first
     */
    public record Use(String referrer, List<String> hosts, List<SecretRef> candidates) {
    }

    /**
     * @param served uses by entry points
     * @param client uses as an mTLS client certificate
     */
    public record Found(List<Use> served, List<Use> client) {
    }

    private CertificateUses() {
    }

    /**
     * @param istioRoot the Istio root namespace (where the default ingress gateway runs), or null for
     *                  {@code istio-system}
     */
    public static Found find(Snapshot snapshot, String istioRoot) {
        String root = istioRoot == null || istioRoot.isEmpty() ? "istio-system" : istioRoot;
        List<Use> served = new ArrayList<>();
        List<Use> client = new ArrayList<>();
        // namespaces of the proxies a selector picks, once per distinct selector (every Istio Ingress asks the same)
        Map<Map<String, String>, List<String>> proxies = new java.util.HashMap<>();
        LabelIndex.Labelled<Workload> workloads = new LabelIndex.Labelled<>(snapshot.workloads(),
                w -> w.template().labels());
        Function<Map<String, String>, List<String>> gatewayNamespaces =
                selector -> proxies.computeIfAbsent(selector, k -> gatewayNamespaces(workloads, k));
        for (KubeObject ing : snapshot.ofKind("networking.k8s.io", "Ingress")) {
            ingress(ing, gatewayNamespaces, root, served);
        }
        for (KubeObject gw : snapshot.ofKind("networking.istio.io", "Gateway")) {
            istioGateway(gw, gatewayNamespaces, root, served);
        }
        for (KubeObject gw : snapshot.ofKind("gateway.networking.k8s.io", "Gateway")) {
            gatewayApi(gw, snapshot, served);
        }
        for (KubeObject dr : snapshot.ofKind("networking.istio.io", "DestinationRule")) {
            destinationRule(dr, client);
        }
        return new Found(List.copyOf(served), List.copyOf(client));
    }

    /** The object kinds {@link #find} reads, as {@code group/Kind}. */
    static final Set<String> READS = Set.of("networking.k8s.io/Ingress", "networking.istio.io/Gateway",
            "gateway.networking.k8s.io/Gateway", "gateway.networking.k8s.io/ReferenceGrant",
            "networking.istio.io/DestinationRule");

    /** Whether {@link #find} may look at this workload: it is a proxy some gateway selector of the snapshot picks. */
    static java.util.function.Predicate<Workload> readsWorkload(Snapshot snapshot) {
        LabelIndex.Selectors<Map<String, String>> selectors = new LabelIndex.Selectors<>();
        selectors.add(ISTIO_INGRESS, ISTIO_INGRESS);
        for (KubeObject gw : snapshot.ofKind("networking.istio.io", "Gateway")) {
            Map<String, String> selector = Nodes.stringMap(gw.spec(), "selector");
            if (!selector.isEmpty()) {
                selectors.add(selector, selector);
            }
        }
        return w -> selectors.candidates(w.template().labels()).stream()
                .anyMatch(sel -> LabelSelector.subset(sel, w.template().labels()));
    }

    /** The selector of the ingress gateway that Istio's Ingress controller runs. */
    private static final Map<String, String> ISTIO_INGRESS = Map.of("istio", "ingressgateway");

    // ------------------------------------------------------------------ entry points

    private static void ingress(KubeObject ing, Function<Map<String, String>, List<String>> gatewayNamespaces,
                                String root, List<Use> out) {
        String cls = ing.spec().path("ingressClassName").asString("");
        String annotated = ing.annotations().getOrDefault("kubernetes.io/ingress.class", "");
        // Istio's ingress controller reads the Secret where its ingress gateway runs, not beside the Ingress
        boolean istio = cls.equals("istio") || annotated.equals("istio");
        for (JsonNode t : Nodes.list(ing.spec(), "tls")) {
            String secret = t.path("secretName").asString("");
            if (secret.isEmpty()) {
                continue;
            }
            List<String> hosts = new ArrayList<>();
            for (JsonNode h : Nodes.list(t, "hosts")) {
                add(hosts, h.asString(""));
            }
            Set<String> namespaces = new LinkedHashSet<>();
            if (istio) {
                namespaces.addAll(gatewayNamespaces.apply(ISTIO_INGRESS));
                namespaces.add(root);
            }
            namespaces.add(ing.namespace());
            out.add(new Use(ing.key(), List.copyOf(hosts), refs(namespaces, secret)));
        }
    }

    private static void istioGateway(KubeObject gw, Function<Map<String, String>, List<String>> gatewayNamespaces,
                                     String root, List<Use> out) {
        Map<String, String> selector = Nodes.stringMap(gw.spec(), "selector");
        for (JsonNode server : Nodes.list(gw.spec(), "servers")) {
            JsonNode tls = server.path("tls");
            // an HTTPS server whose tls names a credential but no mode is read as terminating with it: the
            // credential is declared for these hosts (the conservative reading of the PASSTHROUGH proto default)
            String protocol = server.path("port").path("protocol").asString("").toUpperCase(java.util.Locale.ROOT);
            String mode = tls.path("mode").asString(protocol.equals("HTTPS") ? "SIMPLE" : "PASSTHROUGH");
            if (!Set.of("SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL").contains(mode)) {
                continue; // PASSTHROUGH / AUTO_PASSTHROUGH / ISTIO_MUTUAL serve no credential of their own
            }
            List<String> credentials = new ArrayList<>();
            String one = tls.path("credentialName").asString("");
            if (!one.isEmpty()) {
                credentials.add(one);
            }
            for (JsonNode c : Nodes.list(tls, "credentialNames")) {
                if (!c.asString("").isEmpty()) {
                    credentials.add(c.asString(""));
                }
            }
            if (credentials.isEmpty()) {
                continue;
            }
            List<String> hosts = new ArrayList<>();
            for (JsonNode h : Nodes.list(server, "hosts")) {
                add(hosts, HostNames.stripNamespace(h.asString("")));
            }
            String port = server.path("port").path("number").asString("");
            String referrer = gw.key() + (port.isEmpty() ? "" : ":" + port);
            for (String credential : credentials) {
                String name = credential.startsWith("kubernetes://") ? credential.substring(13) : credential;
                Set<String> namespaces = new LinkedHashSet<>();
                int slash = name.indexOf('/');
                if (slash >= 0) {
                    namespaces.add(name.substring(0, slash));
                    name = name.substring(slash + 1);
                } else {
                    // the gateway proxy reads credentials from its own namespace
                    if (!selector.isEmpty()) {
                        namespaces.addAll(gatewayNamespaces.apply(selector));
                    }
                    namespaces.add(gw.namespace());
                    namespaces.add(root);
                }
                out.add(new Use(referrer, List.copyOf(hosts), refs(namespaces, name)));
            }
        }
    }

    private static void gatewayApi(KubeObject gw, Snapshot snapshot, List<Use> out) {
        for (JsonNode l : Nodes.list(gw.spec(), "listeners")) {
            JsonNode tls = l.path("tls");
            if (!tls.path("mode").asString("Terminate").equals("Terminate")) {
                continue;
            }
            List<String> hosts = new ArrayList<>();
            add(hosts, l.path("hostname").asString(""));
            String port = l.path("port").asString("");
            String referrer = gw.key() + (port.isEmpty() ? "" : ":" + port);
            for (JsonNode ref : Nodes.list(tls, "certificateRefs")) {
                String kind = ref.path("kind").asString("Secret");
                String group = ref.path("group").asString("");
                String name = ref.path("name").asString("");
                if (!kind.equals("Secret") || !group.isEmpty() || name.isEmpty()) {
                    continue;
                }
                String ns = ref.path("namespace").asString(gw.namespace());
                if (!ns.equals(gw.namespace()) && !referenceGranted(snapshot, gw, ns, name)) {
                    continue; // not permitted: the listener does not serve it (ResolvedRefs=False, RefNotPermitted)
                }
                out.add(new Use(referrer, List.copyOf(hosts), List.of(new SecretRef(ns, name))));
            }
        }
    }

    /** A ReferenceGrant in the Secret's namespace lets Gateways of the Gateway's namespace use it. */
    private static boolean referenceGranted(Snapshot snapshot, KubeObject gw, String ns, String secret) {
        for (KubeObject g : snapshot.ofKind("gateway.networking.k8s.io", "ReferenceGrant")) {
            if (!g.namespace().equals(ns)) {
                continue;
            }
            boolean from = false;
            for (JsonNode f : Nodes.list(g.spec(), "from")) {
                from |= f.path("group").asString("").equals("gateway.networking.k8s.io")
                        && f.path("kind").asString("").equals("Gateway")
                        && f.path("namespace").asString("").equals(gw.namespace());
            }
            for (JsonNode t : Nodes.list(g.spec(), "to")) {
                String name = t.path("name").asString("");
                if (from && t.path("group").asString("").isEmpty() && t.path("kind").asString("").equals("Secret")
                        && (name.isEmpty() || name.equals(secret))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Namespaces of the workloads a gateway selector picks (the gateway proxies). */
    private static List<String> gatewayNamespaces(LabelIndex.Labelled<Workload> workloads,
                                                  Map<String, String> selector) {
        Set<String> out = new java.util.TreeSet<>();
        for (Workload w : workloads.candidates(selector)) {
            if (LabelSelector.subset(selector, w.template().labels())) {
                out.add(w.meta().namespace());
            }
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ client certificates (IST-CL-1/2)

    private static void destinationRule(KubeObject dr, List<Use> out) {
        policy(dr, "trafficPolicy", dr.spec().path("trafficPolicy"), out);
        for (JsonNode subset : Nodes.list(dr.spec(), "subsets")) {
            policy(dr, "subsets[" + subset.path("name").asString("?") + "].trafficPolicy", subset.path("trafficPolicy"),
                    out);
        }
    }

    private static void policy(KubeObject dr, String where, JsonNode policy, List<Use> out) {
        if (policy == null || !policy.isObject()) {
            return;
        }
        mutual(dr, where + ".tls", policy.path("tls"), out);
        for (JsonNode pls : Nodes.list(policy, "portLevelSettings")) {
            String port = pls.path("port").path("number").asString("?");
            mutual(dr, where + ".portLevelSettings[" + port + "].tls", pls.path("tls"), out);
        }
    }

    private static void mutual(KubeObject dr, String where, JsonNode tls, List<Use> out) {
        String credential = tls.path("credentialName").asString("");
        if (!tls.path("mode").asString("").equals("MUTUAL") || credential.isEmpty()) {
            return;
        }
        String name = credential.startsWith("kubernetes://") ? credential.substring(13) : credential;
        String ns = dr.namespace();
        int slash = name.indexOf('/');
        if (slash >= 0) {
            ns = name.substring(0, slash);
            name = name.substring(slash + 1);
        }
        out.add(new Use(dr.key() + " (" + where + ")", List.of(), List.of(new SecretRef(ns, name))));
    }

    // ------------------------------------------------------------------ helpers

    private static void add(List<String> hosts, String host) {
        String h = HostNames.normalize(host);
        if (!h.isEmpty() && !h.equals("*") && !hosts.contains(h)) {
            hosts.add(h);
        }
    }

    private static List<SecretRef> refs(Set<String> namespaces, String name) {
        List<SecretRef> out = new ArrayList<>();
        for (String ns : namespaces) {
            out.add(new SecretRef(ns, name));
        }
        return List.copyOf(out);
    }
}
