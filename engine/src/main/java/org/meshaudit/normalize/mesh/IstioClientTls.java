package org.meshaudit.normalize.mesh;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.model.Container;
import org.meshaudit.model.ContainerPort;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.model.Workload;
import org.meshaudit.normalize.LabelIndex;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/**
 * The client side of Istio mTLS (IST-CL-1..5): for every Service port (and mesh-external ServiceEntry port), the TLS an
 * Istio sidecar client sends and what each endpoint port makes of it. Results are {@link ServiceClientTls} records and
 * notes for the endpoint ports: "clients cannot reach STRICT workload" where sidecar clients send no mesh mTLS to a
 * STRICT port (IST-CL-5), and "clients send plaintext ... and the server accepts it" where auto mTLS or a
 * DestinationRule makes them send plaintext to a port that takes it (IST-CL-4).
 *
 * <p>Decision per service port (istiod {@code buildUpstreamTLSSettings}, {@code BestEffortInferServiceMTLSMode},
 * {@code mtls_checker}): the DestinationRule's TLS for the port wins when present (a {@code portLevelSettings} entry
 * replaces the top-level policy for the cluster, IST-CL-2). Without it, no TLS for a mesh-external host, with
 * {@code enableAutoMtls: false}, or when the service namespace's mode (IST-PA-8) is DISABLE; a headless service counts
 * as DISABLE when it has no endpoint or an endpoint without {@code security.istio.io/tlsMode=istio}. Otherwise
 * ISTIO_MUTUAL is prepared and each endpoint gets it only if it is labelled {@code tlsMode=istio} and its composed mode
 * for the target port is not DISABLE (IST-CL-4) -- or, when the DestinationRule sets a mode that the port entry did not
 * override at endpoint level, only if that mode is ISTIO_MUTUAL (istiod's endpoint check reads the top-level mode when
 * the port entry has no {@code tls}).
 */
final class IstioClientTls {
    private static final String CLUSTER_DOMAIN = "svc.cluster.local";
    private static final String ISTIO_MUTUAL = "ISTIO_MUTUAL";
    private static final String AUTO = "ISTIO_MUTUAL (auto)";
    private static final String PLAINTEXT = "plaintext";

    /** A workload as the client pass sees it. */
    record Target(Workload workload, WorkloadPosture posture) {
    }

    private final Snapshot snapshot;
    private final String root;
    private final boolean autoMtls;
    private final IstioPeerAuthentication peerAuthn;
    /** Rules with an exact host, by host; rules with a host {@code *.suffix}, by suffix; rules for {@code *}. */
    private final Map<String, List<DestinationRule>> byHost = new HashMap<>();
    private final Map<String, List<DestinationRule>> bySuffix = new HashMap<>();
    private final List<DestinationRule> anyHost = new ArrayList<>();
    /** IST-PA-8 mode per namespace, null when it could not be evaluated (asked once per service port). */
    private final Map<String, java.util.Optional<String>> namespaceModes = new HashMap<>();
    final List<ServiceClientTls> services = new ArrayList<>();
    /** Extra notes per endpoint port, by the port's reference. */
    final Map<SubjectRef, List<String>> portNotes = new HashMap<>();

    private record DestinationRule(KubeObject object, String host, Instant created) {
    }

    IstioClientTls(Snapshot snapshot, String root, boolean autoMtls, IstioPeerAuthentication peerAuthn) {
        this.snapshot = snapshot;
        this.root = root;
        this.autoMtls = autoMtls;
        this.peerAuthn = peerAuthn;
        List<DestinationRule> rules = new ArrayList<>();
        for (KubeObject dr : snapshot.ofKind("networking.istio.io", "DestinationRule")) {
            String host = fqdn(Nodes.text(dr.spec(), "host"), dr.namespace());
            if (host != null) {
                rules.add(new DestinationRule(dr, host, dr.createdOrNewest()));
            }
        }
        rules.sort(Comparator.comparing(DestinationRule::created).thenComparing(r -> r.object().name()));
        for (DestinationRule r : rules) { // each list stays in age order
            if (r.host().equals("*")) {
                anyHost.add(r);
            } else if (r.host().startsWith("*.")) {
                bySuffix.computeIfAbsent(r.host().substring(2), k -> new ArrayList<>()).add(r);
            } else {
                byHost.computeIfAbsent(r.host(), k -> new ArrayList<>()).add(r);
            }
        }
    }

    /**
     * The rules whose host matches {@code host}, in age order: its exact rules, the rules for {@code *}, and the
     * wildcard rules of each of its parent domains (a service port is matched against its candidates only).
     */
    private List<DestinationRule> matching(String host) {
        List<DestinationRule> exact = byHost.getOrDefault(host, List.of());
        if (anyHost.isEmpty() && bySuffix.isEmpty()) {
            return exact;
        }
        List<DestinationRule> out = new ArrayList<>(exact);
        out.addAll(anyHost);
        for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
            out.addAll(bySuffix.getOrDefault(host.substring(dot + 1), List.of()));
        }
        if (out.size() > exact.size()) {
            out.sort(Comparator.comparing(DestinationRule::created).thenComparing(r -> r.object().name()));
        }
        return out;
    }

    void run(List<Target> targets) {
        Map<String, List<Target>> byNamespace = new HashMap<>();
        for (Target t : targets) {
            byNamespace.computeIfAbsent(t.posture().getRef().namespace(), k -> new ArrayList<>()).add(t);
        }
        Map<String, LabelIndex.Labelled<Target>> byLabels = new HashMap<>();
        for (KubeObject svc : snapshot.ofKind("", "Service")) {
            Map<String, String> selector = Nodes.stringMap(svc.spec(), "selector");
            if (selector.isEmpty()) {
                continue; // endpoints managed outside the input
            }
            List<Target> endpoints = new ArrayList<>();
            LabelIndex.Labelled<Target> inNamespace = byLabels.computeIfAbsent(svc.namespace(), ns ->
                    new LabelIndex.Labelled<>(byNamespace.getOrDefault(ns, List.of()), t -> t.posture().getLabels()));
            for (Target t : inNamespace.candidates(selector)) {
                if (t.posture().getError() == null && LabelSelector.subset(selector, t.posture().getLabels())) {
                    endpoints.add(t);
                }
            }
            boolean headless = "None".equals(Nodes.text(svc.spec(), "clusterIP"));
            String host = svc.name() + "." + svc.namespace() + "." + CLUSTER_DOMAIN;
            for (JsonNode sp : Nodes.list(svc.spec(), "ports")) {
                JsonNode port = Nodes.at(sp, "port");
                if (port == null || !port.canConvertToInt() || "UDP".equals(Nodes.text(sp, "protocol"))) {
                    continue; // GEN-4: no mTLS for UDP
                }
                JsonNode target = Nodes.at(sp, "targetPort");
                service(svc, host, port.asInt(), target == null ? port : target, headless, endpoints);
            }
        }
        for (KubeObject se : snapshot.ofKind("networking.istio.io", "ServiceEntry")) {
            if (!"MESH_EXTERNAL".equals(Nodes.text(se.spec(), "location"))) {
                continue; // MESH_INTERNAL entries: endpoint resolution is not modelled
            }
            for (JsonNode h : Nodes.list(se.spec(), "hosts")) {
                for (JsonNode sp : Nodes.list(se.spec(), "ports")) {
                    JsonNode n = Nodes.at(sp, "number");
                    if (n != null && n.canConvertToInt()) {
                        external(se, h.asString(""), n.asInt());
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- DestinationRule lookup (IST-CL-2)

    /** Istio's short-name rule: only a host without a dot is completed with the rule's namespace. */
    private static String fqdn(String host, String namespace) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        return host.equals("*") || host.contains(".") ? host : host + "." + namespace + "." + CLUSTER_DOMAIN;
    }

    /** Exact host first, then the longest wildcard; among equals the oldest rule (istiod merges, the first wins). */
    private static int specificity(DestinationRule r, String host) {
        return r.host().equals(host) ? Integer.MAX_VALUE : r.host().length();
    }

    private static boolean exportedToOthers(KubeObject dr) {
        List<JsonNode> to = Nodes.list(dr.spec(), "exportTo");
        if (to.isEmpty()) {
            return true;
        }
        return to.stream().anyMatch(e -> e.asString("").equals("*"));
    }

    /**
     * The DestinationRule a client in a namespace of its own (not the service's, not the root namespace, without a
     * rule for the host) uses: an exported rule of the service's namespace, else an exported rule of the root namespace.
     */
    private DestinationRule lookup(String host, String serviceNamespace, List<String> notes) {
        List<DestinationRule> rules = matching(host);
        if (rules.isEmpty()) {
            return null;
        }
        DestinationRule chosen = null;
        for (String ns : List.of(serviceNamespace, root)) {
            DestinationRule best = null;
            for (DestinationRule r : rules) {
                if (!r.object().namespace().equals(ns)) {
                    continue;
                }
                if (!exportedToOthers(r.object())) {
                    notes.add(r.object().key() + " is not exported to all namespaces (exportTo "
                            + Nodes.list(r.object().spec(), "exportTo").stream().map(e -> e.asString(""))
                            .toList() + "): only clients it is exported to use it (IST-CL-2)");
                    continue;
                }
                if (best == null || specificity(r, host) > specificity(best, host)) {
                    best = r;
                }
            }
            if (best != null) {
                chosen = best;
                break;
            }
        }
        for (DestinationRule r : rules) {
            String ns = r.object().namespace();
            if (!ns.equals(serviceNamespace) && !ns.equals(root)) {
                notes.add("clients in namespace " + ns + " use " + r.object().key() + " instead (IST-CL-2)");
            }
        }
        return chosen;
    }

    /** DestinationRule TLS for a service port: [cluster mode, mode istiod's endpoint check reads], nulls when absent. */
    private static String[] drTls(DestinationRule dr, int port, List<String> decided) {
        if (dr == null) {
            return new String[] {null, null};
        }
        JsonNode tp = Nodes.at(dr.object().spec(), "trafficPolicy");
        String top = Nodes.text(tp, "tls", "mode");
        for (JsonNode pls : Nodes.list(tp, "portLevelSettings")) {
            JsonNode n = Nodes.at(pls, "port", "number");
            if (n != null && n.asInt() == port) {
                String pm = Nodes.text(pls, "tls", "mode");
                if (pm != null) {
                    decided.add(dr.object().key() + " portLevelSettings[" + port + "].tls.mode=" + pm);
                    return new String[] {pm, pm};
                }
                decided.add(dr.object().key() + " portLevelSettings[" + port + "] has no tls: the top-level tls is"
                        + " dropped for the cluster (IST-CL-2)" + (top == null ? ""
                        : ", but endpoints still follow trafficPolicy.tls.mode=" + top));
                return new String[] {null, top};
            }
        }
        if (top != null) {
            decided.add(dr.object().key() + " trafficPolicy.tls.mode=" + top);
        }
        return new String[] {top, top};
    }

    // ---------------------------------------------------------------- one service port

    private void external(KubeObject se, String host, int port) {
        List<String> notes = new ArrayList<>();
        List<String> decided = new ArrayList<>();
        DestinationRule dr = lookup(host, se.namespace(), notes);
        String[] tls = drTls(dr, port, decided);
        String cluster = tls[0] != null ? tls[0] : "none";
        String by = tls[0] != null ? String.join("; ", decided)
                : "mesh-external host: auto mTLS never applies (IST-CL-3)";
        SubjectRef ref = new SubjectRef(se.apiVersion(), se.kind(), se.namespace(), se.name(), se.uid(),
                Integer.toString(port));
        services.add(new ServiceClientTls(ref, host, cluster, by, List.of(), notes));
    }

    private void service(KubeObject svc, String host, int port, JsonNode targetPort, boolean headless,
                         List<Target> endpoints) {
        List<String> notes = new ArrayList<>();
        List<String> decided = new ArrayList<>();
        DestinationRule dr = lookup(host, svc.namespace(), notes);
        String[] tls = drTls(dr, port, decided);
        String clusterMode = tls[0];
        String endpointMode = tls[1];
        String cluster;
        String reason;
        if (clusterMode != null) {
            cluster = clusterMode;
            reason = String.join("; ", decided) + " (IST-CL-1)";
        } else if (!autoMtls) {
            cluster = "none";
            reason = "enableAutoMtls: false and no DestinationRule tls (IST-CL-3)";
        } else {
            String nsMode = namespaceMode(svc.namespace());
            if (headless && !allIstio(endpoints)) {
                cluster = "none";
                reason = "headless service with " + (endpoints.isEmpty() ? "no endpoints"
                        : "an endpoint not labelled security.istio.io/tlsMode=istio") + ": auto mTLS off (IST-CL-3)";
            } else if (nsMode == null) {
                cluster = "unknown";
                reason = "namespace mode of " + svc.namespace() + " could not be evaluated";
            } else if (nsMode.equals("DISABLE")) {
                cluster = "none";
                reason = "namespace mode DISABLE turns auto mTLS off (IST-PA-8, IST-CL-3)";
            } else {
                cluster = AUTO;
                reason = "auto mTLS, namespace mode " + nsMode + (nsMode.equals(IstioPeerAuthentication.UNKNOWN)
                        ? " (counts as PERMISSIVE)" : "") + " (IST-PA-8, IST-CL-3)"
                        + (decided.isEmpty() ? "" : "; " + String.join("; ", decided));
            }
        }
        SubjectRef ref = new SubjectRef(svc.apiVersion(), svc.kind(), svc.namespace(), svc.name(), svc.uid(),
                Integer.toString(port));
        List<ServiceClientTls.Endpoint> eps = new ArrayList<>();
        for (Target t : endpoints) {
            Integer target = targetPort.isNumber() ? Integer.valueOf(targetPort.asInt())
                    : containerPort(t.workload(), targetPort.asString(""));
            if (target == null) {
                continue;
            }
            PortPosture server = port(t.posture(), target);
            if (server == null) {
                continue;
            }
            eps.add(endpoint(ref, t, server, cluster, endpointMode, reason));
        }
        services.add(new ServiceClientTls(ref, host, cluster, reason, eps, notes));
    }

    private String namespaceMode(String ns) {
        return namespaceModes.computeIfAbsent(ns, n -> {
            var c = peerAuthn.compose(n, Map.of(), root);
            return java.util.Optional.ofNullable(c.error() != null ? null
                    : IstioPeerAuthentication.namespaceMutualTlsMode(c));
        }).orElse(null);
    }

    private static boolean allIstio(List<Target> endpoints) {
        return !endpoints.isEmpty() && endpoints.stream().allMatch(t -> "istio".equals(tlsModeLabel(t)));
    }

    /**
     * The endpoint's {@code security.istio.io/tlsMode}: the label as written; for a template or unadmitted pod that
     * gets a sidecar, {@code istio} unless the template sets it (the injector adds it, IST-DP-1).
     */
    private static String tlsModeLabel(Target t) {
        String label = t.posture().getLabels().get("security.istio.io/tlsMode");
        if (label != null) {
            return label;
        }
        boolean predictedSidecar = Membership.ISTIO_SIDECAR.equals(t.posture().getDataplane())
                && DataplaneResolver.PREDICTED.equals(t.posture().getDataplaneSource());
        return predictedSidecar ? "istio" : "disabled";
    }

    private static Integer containerPort(Workload w, String name) {
        for (Container c : w.template().containers()) {
            for (ContainerPort p : c.ports()) {
                if (p.name().equals(name)) {
                    return p.number();
                }
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static PortPosture port(WorkloadPosture w, int number) {
        String n = Integer.toString(number);
        PortPosture all = null;
        for (PortPosture p : w.getPorts()) {
            if (n.equals(p.getPort()) && "TCP".equals(p.getProtocol())) {
                return p;
            }
            if ("*".equals(p.getPort())) {
                all = p;
            }
        }
        return all;
    }

    /** IST-CL-4 and IST-CL-5 for one endpoint port. */
    private ServiceClientTls.Endpoint endpoint(SubjectRef svc, Target t, PortPosture server, String cluster,
                                               String endpointMode, String clusterReason) {
        String dataplane = server.getDataplane();
        String workload = t.posture().getRef().key();
        String sends;
        String reason = clusterReason;
        if (cluster.equals(AUTO)) {
            String label = tlsModeLabel(t);
            if (endpointMode != null) {
                sends = endpointMode.equals(ISTIO_MUTUAL) ? ISTIO_MUTUAL : PLAINTEXT;
                reason = clusterReason + "; endpoint check reads the DestinationRule's tls.mode=" + endpointMode
                        + " (IST-CL-4)";
            } else if (!"istio".equals(label)) {
                sends = PLAINTEXT;
                reason = "endpoint not labelled security.istio.io/tlsMode=istio (" + label + ") (IST-CL-4)";
            } else if (server.getError() != null) {
                sends = "unknown";
                reason = "the endpoint port's mode could not be evaluated";
            } else if ("DISABLE".equals(server.getServerMode())) {
                sends = PLAINTEXT;
                reason = "the endpoint port's mode is DISABLE, so auto mTLS sends plaintext (IST-CL-4)";
            } else {
                sends = ISTIO_MUTUAL;
            }
        } else if (cluster.equals("none") || cluster.equals("DISABLE")) {
            sends = PLAINTEXT;
        } else {
            sends = cluster; // ISTIO_MUTUAL, SIMPLE, MUTUAL as written, or unknown
        }
        if (Membership.ISTIO_AMBIENT.equals(dataplane)) {
            return new ServiceClientTls.Endpoint(workload, server.getPort(), sends, "istio-ambient", "unknown",
                    reason + "; ambient endpoint: what a sidecar client reaches through ztunnel is not modelled,"
                            + " ambient clients always use HBONE mTLS (IST-DP-6)");
        }
        if (!Membership.ISTIO_SIDECAR.equals(dataplane)) {
            return new ServiceClientTls.Endpoint(workload, server.getPort(), sends, dataplane,
                    sends.equals(PLAINTEXT) ? PLAINTEXT : "unknown", reason);
        }
        String mode = server.getServerMode();
        String outcome;
        if (server.getError() != null || sends.equals("unknown")) {
            outcome = "unknown";
        } else if (!server.isInboundCaptured()) {
            outcome = sends.equals(PLAINTEXT) ? PLAINTEXT : "mtls-not-terminated";
        } else if (sends.equals(ISTIO_MUTUAL)) {
            outcome = mode.equals("DISABLE") ? "mtls-not-terminated" : "mtls";
        } else if (mode.equals("STRICT")) {
            outcome = "refused";
        } else {
            outcome = sends.equals(PLAINTEXT) ? PLAINTEXT : "tls-not-mesh";
        }
        note(svc, server, sends, outcome, reason);
        return new ServiceClientTls.Endpoint(workload, server.getPort(), sends, mode, outcome, reason);
    }

    private void note(SubjectRef svc, PortPosture server, String sends, String outcome, String reason) {
        String what = sends.equals(PLAINTEXT) ? "plaintext" : sends.equals(ISTIO_MUTUAL) ? "Istio mTLS"
                : sends + " TLS with user certificates";
        String text = switch (outcome) {
            case "refused" -> "IST-CL-5: clients cannot reach STRICT workload through " + svc.key()
                    + ": sidecar clients send " + what + " (" + reason + ") and the port refuses it";
            case PLAINTEXT -> "IST-CL-4: sidecar clients send plaintext through " + svc.key() + " (" + reason + ") and"
                    + " the " + (server.isInboundCaptured() ? server.getServerMode() + " port accepts it"
                    : "port is not captured, so it reaches the application as is");
            case "tls-not-mesh" -> "IST-CL-5: sidecar clients send " + what + " through " + svc.key() + " (" + reason
                    + "): encrypted, but not mesh mTLS, so the server sees no peer identity";
            case "mtls-not-terminated" -> "IST-CL-5: sidecar clients send Istio mTLS through " + svc.key() + " ("
                    + reason + ") but the port does not terminate it ("
                    + (server.isInboundCaptured() ? "DISABLE" : "not captured")
                    + "): a protocol error or opaque TLS bytes at the application";
            default -> null;
        };
        if (text != null) {
            portNotes.computeIfAbsent(server.getRef(), k -> new ArrayList<>()).add(text);
        }
    }
}
