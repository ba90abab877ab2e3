package org.meshaudit.normalize.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.IngressTls;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.model.KubeObject;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/** Segmentation and entry-point facts: default-deny NetworkPolicies per namespace, TLS at ingress points. */
public final class NetworkFacts {
    private NetworkFacts() {
    }

    /** Default-deny state of a namespace: {ingress, egress}. */
    public record DefaultDeny(boolean ingress, boolean egress, List<String> policies) {
    }

    /**
     * A policy denies by default in a direction when it selects every pod ({@code podSelector: {}}), lists that
     * direction in its policy types, and has no allow rule for it.
     */
    public static DefaultDeny defaultDeny(Snapshot snapshot, String namespace) {
        boolean in = false;
        boolean out = false;
        List<String> names = new ArrayList<>();
        for (KubeObject np : snapshot.ofKind("networking.k8s.io", "NetworkPolicy", namespace)) {
            if (!np.namespace().equals(namespace)) {
                continue;
            }
            names.add(np.name());
            JsonNode spec = np.spec();
            if (!LabelSelector.isEmpty(spec.get("podSelector"))) {
                continue;
            }
            Set<String> types = new TreeSet<>();
            JsonNode pt = spec.get("policyTypes");
            if (pt != null && pt.isArray() && !pt.isEmpty()) {
                pt.forEach(t -> types.add(t.asString("")));
            } else {
                // as the API server defaults it: Egress only when egress rules are present (then they allow something)
                types.add("Ingress");
                JsonNode egress = spec.get("egress");
                if (egress != null && egress.isArray() && !egress.isEmpty()) {
                    types.add("Egress");
                }
            }
            if (types.contains("Ingress") && isEmptyList(spec.get("ingress"))) {
                in = true;
            }
            if (types.contains("Egress") && isEmptyList(spec.get("egress"))) {
                out = true;
            }
        }
        names.sort(String::compareTo);
        return new DefaultDeny(in, out, names);
    }

    private static boolean isEmptyList(JsonNode n) {
        return n == null || n.isNull() || (n.isArray() && n.isEmpty());
    }

    /** NET-002 subjects: Ingresses, Istio Gateway servers and Gateway API listeners. */
    public static List<Subject> entryPoints(Snapshot snapshot, Set<String> system) {
        List<Subject> out = new ArrayList<>();
        for (KubeObject ing : snapshot.ofKind("networking.k8s.io", "Ingress")) {
            out.add(ingress(ing, system));
        }
        for (KubeObject gw : snapshot.ofKind("networking.istio.io", "Gateway")) {
            JsonNode servers = gw.spec().get("servers");
            if (servers == null || !servers.isArray()) {
                continue;
            }
            for (JsonNode s : servers) {
                out.add(istioServer(gw, s, system));
            }
        }
        // the HTTPRoutes that name each Gateway in a parentRef (attaches() decides), in input order
        Map<String, List<KubeObject>> routesByParent = new java.util.HashMap<>();
        for (KubeObject route : snapshot.ofKind("gateway.networking.k8s.io", "HTTPRoute")) {
            JsonNode parents = route.spec().get("parentRefs");
            Set<String> named = new java.util.HashSet<>();
            for (JsonNode p : parents != null && parents.isArray() ? parents : List.<JsonNode>of()) {
                String name = p.path("name").asString("");
                if (named.add(name)) {
                    routesByParent.computeIfAbsent(name, k -> new ArrayList<>()).add(route);
                }
            }
        }
        for (KubeObject gw : snapshot.ofKind("gateway.networking.k8s.io", "Gateway")) {
            JsonNode listeners = gw.spec().get("listeners");
            if (listeners == null || !listeners.isArray()) {
                continue;
            }
            for (JsonNode l : listeners) {
                out.add(gatewayListener(gw, l, routesByParent.getOrDefault(gw.name(), List.of()), system));
            }
        }
        return out;
    }

    private static Set<String> traits(KubeObject o, Set<String> system) {
        return system.contains(o.namespace()) ? Set.of("system") : Set.of();
    }

    private static SubjectRef ref(KubeObject o, String port) {
        return new SubjectRef(o.apiVersion(), o.kind(), o.namespace(), o.name(), o.uid(), port);
    }

    static IngressTls ingress(KubeObject ing, Set<String> system) {
        JsonNode spec = ing.spec();
        Set<String> tlsHosts = new TreeSet<>();
        boolean tlsAll = false;
        JsonNode tls = spec.get("tls");
        if (tls != null && tls.isArray()) {
            for (JsonNode t : tls) {
                JsonNode hosts = t.get("hosts");
                if (hosts == null || !hosts.isArray() || hosts.isEmpty()) {
                    tlsAll = true;
                } else {
                    hosts.forEach(h -> tlsHosts.add(h.asString("")));
                }
            }
        }
        Set<String> plaintext = new TreeSet<>();
        JsonNode rules = spec.get("rules");
        if (rules != null && rules.isArray()) {
            for (JsonNode r : rules) {
                String host = r.path("host").asString("");
                String h = host.isEmpty() ? "*" : host;
                if (!tlsAll && !tlsHosts.contains(h) && !coveredByWildcard(h, tlsHosts)) {
                    plaintext.add(h);
                }
            }
        }
        if (spec.has("defaultBackend") && !tlsAll && tlsHosts.isEmpty()) {
            plaintext.add("*");
        }
        if ((tls == null || tls.isEmpty()) && plaintext.isEmpty()) {
            plaintext.add("*");
        }
        return new IngressTls(ref(ing, null), "", plaintext.isEmpty() ? "HTTPS" : "HTTP", plaintext.isEmpty(), false,
                List.copyOf(plaintext), null, traits(ing, system));
    }

    private static boolean coveredByWildcard(String host, Set<String> tlsHosts) {
        int dot = host.indexOf('.');
        return dot > 0 && tlsHosts.contains("*" + host.substring(dot));
    }

    static IngressTls istioServer(KubeObject gw, JsonNode server, Set<String> system) {
        JsonNode port = server.path("port");
        String protocol = port.path("protocol").asString("").toUpperCase(java.util.Locale.ROOT);
        String number = port.path("number").asString("");
        String name = port.path("name").asString(server.path("name").asString(""));
        boolean tls = Set.of("HTTPS", "TLS").contains(protocol);
        boolean redirect = server.path("tls").path("httpsRedirect").asBoolean(false);
        List<String> hosts = new ArrayList<>();
        server.path("hosts").forEach(h -> hosts.add(h.asString("")));
        String error = number.isEmpty() ? "server has no port number" : null;
        return new IngressTls(ref(gw, number.isEmpty() ? null : number), name, protocol, tls, redirect,
                tls ? List.of() : hosts, error, traits(gw, system));
    }

    /** A Gateway API HTTP listener passes only if every route attached to it just redirects to https. */
    /** @param routes the HTTPRoutes whose parentRefs name a Gateway of this one's name */
    static IngressTls gatewayListener(KubeObject gw, JsonNode l, List<KubeObject> routes, Set<String> system) {
        String name = l.path("name").asString("");
        String protocol = l.path("protocol").asString("").toUpperCase(java.util.Locale.ROOT);
        String port = l.path("port").asString("");
        boolean tls = Set.of("HTTPS", "TLS").contains(protocol);
        boolean redirectOnly = false;
        List<String> hosts = new ArrayList<>();
        if (!tls) {
            String h = l.path("hostname").asString("");
            hosts.add(h.isEmpty() ? "*" : h);
            if (protocol.equals("HTTP")) {
                int attached = 0;
                boolean allRedirect = true;
                for (KubeObject route : routes) {
                    if (!attaches(route, gw, name)) {
                        continue;
                    }
                    attached++;
                    allRedirect &= redirectsToHttps(route);
                }
                redirectOnly = attached > 0 && allRedirect;
            }
        }
        return new IngressTls(ref(gw, port.isEmpty() ? null : port), name, protocol, tls, redirectOnly,
                tls ? List.of() : hosts, port.isEmpty() ? "listener has no port" : null, traits(gw, system));
    }

    private static boolean attaches(KubeObject route, KubeObject gw, String listener) {
        JsonNode parents = route.spec().get("parentRefs");
        if (parents == null || !parents.isArray()) {
            return false;
        }
        for (JsonNode p : parents) {
            String kind = p.path("kind").asString("Gateway");
            String ns = p.path("namespace").asString(route.namespace());
            String section = p.path("sectionName").asString("");
            if (kind.equals("Gateway") && p.path("name").asString("").equals(gw.name()) && ns.equals(gw.namespace())
                    && (section.isEmpty() || section.equals(listener))) {
                return true;
            }
        }
        return false;
    }

    private static boolean redirectsToHttps(KubeObject route) {
        JsonNode rules = route.spec().get("rules");
        if (rules == null || !rules.isArray() || rules.isEmpty()) {
            return false;
        }
        for (JsonNode r : rules) {
            boolean redirect = false;
            for (JsonNode f : r.path("filters")) {
                if (f.path("type").asString("").equals("RequestRedirect")
                        && f.path("requestRedirect").path("scheme").asString("").equals("https")) {
                    redirect = true;
                }
            }
            if (!redirect || (r.has("backendRefs") && !r.get("backendRefs").isEmpty())) {
                return false;
            }
        }
        return true;
    }
}
