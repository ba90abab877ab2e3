package org.meshaudit.normalize.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.DestinationRuleTls;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.normalize.LabelIndex;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/**
 * Client-side TLS that DestinationRules impose (IST-CL-1, IST-CL-2): one fact for the rule's traffic policy and its
 * subsets, and one per {@code portLevelSettings} port (Service port numbers). A port-level entry without {@code tls}
 * drops the top-level TLS for that port's cluster: auto mTLS decides, and with {@code enableAutoMtls: false} the port
 * goes out in plaintext. With auto mTLS on, istiod's endpoint check still reads the top-level mode for the port, so a
 * top-level mode other than ISTIO_MUTUAL leaves every endpoint without mTLS: plaintext as well (IST-CL-4).
 */
public final class DestinationRuleFacts {
    private static final List<String> WEAKEST_FIRST = List.of("DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL", "auto");
    private static final String CLUSTER_DOMAIN = "svc.cluster.local";

    private DestinationRuleFacts() {
    }

    public static List<Subject> build(Snapshot snapshot, List<WorkloadPosture> workloads, String enableAutoMtls,
                                      Set<String> system) {
        List<Subject> out = new ArrayList<>();
        List<KubeObject> drs = snapshot.ofKind("networking.istio.io", "DestinationRule");
        // workloads by namespace once (input order kept), not a scan of all workloads per selected Service
        List<WorkloadPosture> indexed = drs.isEmpty() ? workloads : new ByNamespace(workloads);
        ServiceHosts services = drs.isEmpty() ? null : new ServiceHosts(snapshot.ofKind("", "Service"));
        for (KubeObject dr : drs) {
            out.addAll(facts(dr, services, indexed, enableAutoMtls, system));
        }
        return out;
    }

    static List<DestinationRuleTls> facts(KubeObject dr, ServiceHosts services, List<WorkloadPosture> workloads,
                                          String enableAutoMtls, Set<String> system) {
        JsonNode spec = dr.spec();
        String host = spec.path("host").asString("");
        Targets targets = resolve(host, dr.namespace(), services, workloads);
        Set<String> traits = new TreeSet<>();
        if (system.contains(dr.namespace())) {
            traits.add("system");
        }
        if (targets.services.isEmpty()) {
            traits.add("external");
        } else if (targets.meshed) {
            traits.add("meshed-target");
        } else if (targets.linkerd) {
            traits.add("linkerd-target"); // LKD-MTLS-1: Linkerd ignores DestinationRules; its mTLS has no opt-out
        }
        String error = targets.error;

        List<String> topSettings = new ArrayList<>();
        List<String> topModes = new ArrayList<>();
        Map<String, List<String>> portSettings = new TreeMap<>();
        Map<String, List<String>> portModes = new TreeMap<>();
        collect("trafficPolicy", spec.get("trafficPolicy"), topSettings, topModes, portSettings, portModes,
                enableAutoMtls);
        for (JsonNode subset : spec.path("subsets")) {
            String prefix = "subsets[" + subset.path("name").asString("?") + "].trafficPolicy";
            collect(prefix, subset.get("trafficPolicy"), topSettings, topModes, portSettings, portModes,
                    enableAutoMtls);
        }
        List<DestinationRuleTls> out = new ArrayList<>();
        SubjectRef ref = new SubjectRef(dr.apiVersion(), dr.kind(), dr.namespace(), dr.name(), dr.uid(), null);
        if (topSettings.isEmpty()) {
            topSettings.add("no tls settings: auto mTLS decides (IST-CL-3)");
            topModes.add("auto");
        }
        out.add(new DestinationRuleTls(ref, host, weakest(topModes), topSettings, targets.services, error, traits));
        for (var e : portSettings.entrySet()) {
            out.add(new DestinationRuleTls(ref.withPort(e.getKey()), host, weakest(portModes.get(e.getKey())),
                    e.getValue(), targets.services, error, traits));
        }
        return out;
    }

    private static void collect(String prefix, JsonNode policy, List<String> settings, List<String> modes,
                                Map<String, List<String>> portSettings, Map<String, List<String>> portModes,
                                String enableAutoMtls) {
        if (policy == null || !policy.isObject()) {
            return;
        }
        String mode = policy.path("tls").path("mode").asString("");
        if (!mode.isEmpty()) {
            settings.add(prefix + ".tls.mode=" + mode);
            modes.add(mode);
        }
        for (JsonNode pls : policy.path("portLevelSettings")) {
            String port = pls.path("port").path("number").asString("");
            if (port.isEmpty()) {
                continue;
            }
            String pm = pls.path("tls").path("mode").asString("");
            List<String> s = portSettings.computeIfAbsent(port, k -> new ArrayList<>());
            List<String> m = portModes.computeIfAbsent(port, k -> new ArrayList<>());
            if (!pm.isEmpty()) {
                s.add(prefix + ".portLevelSettings[" + port + "].tls.mode=" + pm);
                m.add(pm);
            } else if ("false".equals(enableAutoMtls)) {
                s.add(prefix + ".portLevelSettings[" + port + "] has no tls: the top-level tls is dropped for this "
                        + "port and enableAutoMtls is false, so it is sent in plaintext (IST-CL-2, IST-CL-3)");
                m.add("DISABLE");
            } else if (!mode.isEmpty() && !mode.equals("ISTIO_MUTUAL")) {
                // the cluster falls back to auto mTLS, but istiod's endpoint check (mtls_checker) still reads the
                // top-level mode for this port: no endpoint is marked for mTLS, so the auto TLS is never used
                s.add(prefix + ".portLevelSettings[" + port + "] has no tls: the cluster falls back to auto mTLS, but"
                        + " endpoints follow the top-level tls.mode=" + mode + " and get no mTLS, so it is sent in"
                        + " plaintext (IST-CL-2, IST-CL-4)");
                m.add("DISABLE");
            } else {
                s.add(prefix + ".portLevelSettings[" + port + "] has no tls: the top-level tls is dropped for this "
                        + "port; auto mTLS decides (IST-CL-2)");
                m.add("auto");
            }
        }
    }

    private static String weakest(List<String> modes) {
        for (String w : WEAKEST_FIRST) {
            if (modes.contains(w)) {
                return w;
            }
        }
        return modes.isEmpty() ? "auto" : modes.get(0);
    }

    /** The workloads, with a per-namespace index (each namespace's workloads in the original order). */
    private static final class ByNamespace extends java.util.AbstractList<WorkloadPosture> {
        private final List<WorkloadPosture> all;
        private final java.util.Map<String, List<WorkloadPosture>> byNamespace = new java.util.HashMap<>();

        ByNamespace(List<WorkloadPosture> all) {
            this.all = all;
            for (WorkloadPosture w : all) {
                byNamespace.computeIfAbsent(w.getRef().namespace(), k -> new ArrayList<>()).add(w);
            }
        }

        private final java.util.Map<String, LabelIndex.Labelled<WorkloadPosture>> byLabels = new java.util.HashMap<>();

        /** The workloads of a namespace that may carry the given labels, in input order. */
        List<WorkloadPosture> in(String namespace, java.util.Map<String, String> labels) {
            return byLabels.computeIfAbsent(namespace, ns -> new LabelIndex.Labelled<>(
                    byNamespace.getOrDefault(ns, List.of()), WorkloadPosture::getLabels)).candidates(labels);
        }

        @Override
        public WorkloadPosture get(int i) {
            return all.get(i);
        }

        @Override
        public int size() {
            return all.size();
        }
    }

    /** {@code meshed}: a target workload is in the Istio mesh; {@code linkerd}: one is meshed by Linkerd. */
    private record Targets(List<String> services, boolean meshed, boolean linkerd, String error) {
    }

    /**
     * The Services of the input by cluster FQDN, in input order: an exact host is one lookup, a wildcard host one
     * pass over the precomputed names (not a name built per DestinationRule and Service).
     */
    static final class ServiceHosts {
        private final List<String> fqdns = new ArrayList<>();
        private final List<KubeObject> services;
        private final Map<String, List<KubeObject>> byFqdn = new java.util.HashMap<>();
        private Map<String, List<KubeObject>> bySuffix;

        ServiceHosts(List<KubeObject> services) {
            this.services = services;
            for (KubeObject svc : services) {
                String fqdn = svc.name() + "." + svc.namespace() + "." + CLUSTER_DOMAIN;
                fqdns.add(fqdn);
                byFqdn.computeIfAbsent(fqdn, k -> new ArrayList<>()).add(svc);
            }
        }

        /** The Services under each parent domain ({@code .ns.svc.cluster.local}, ...), in input order; built once. */
        private Map<String, List<KubeObject>> bySuffix() {
            if (bySuffix == null) {
                bySuffix = new java.util.HashMap<>();
                for (int i = 0; i < fqdns.size(); i++) {
                    String fqdn = fqdns.get(i);
                    for (int dot = fqdn.indexOf('.'); dot >= 0; dot = fqdn.indexOf('.', dot + 1)) {
                        bySuffix.computeIfAbsent(fqdn.substring(dot), k -> new ArrayList<>()).add(services.get(i));
                    }
                }
            }
            return bySuffix;
        }

        /**
         * The Services a DR host selects, in input order: a short host (no dot) is completed with the DR's namespace
         * and the cluster domain and must then equal the FQDN; {@code *.suffix} matches by suffix.
         */
        List<KubeObject> matching(String host, String drNamespace) {
            if (host.isEmpty()) {
                return List.of();
            }
            if (!host.startsWith("*")) {
                return byFqdn.getOrDefault(qualified(host, drNamespace), List.of());
            }
            if (host.equals("*")) {
                return services;
            }
            String suffix = host.substring(1);
            if (suffix.startsWith(".")) {
                return bySuffix().getOrDefault(suffix, List.of());
            }
            List<KubeObject> out = new ArrayList<>();
            for (int i = 0; i < fqdns.size(); i++) {
                if (fqdns.get(i).endsWith(suffix)) {
                    out.add(services.get(i));
                }
            }
            return out;
        }
    }

    /** Resolves a DR host (short, namespaced or FQDN, wildcards allowed) to Services in the input. */
    static Targets resolve(String host, String drNamespace, ServiceHosts hosts, List<WorkloadPosture> workloads) {
        List<String> services = new ArrayList<>();
        boolean meshed = false;
        boolean linkerd = false;
        String error = null;
        for (KubeObject svc : hosts.matching(host, drNamespace)) {
            services.add(svc.key());
            JsonNode selector = svc.spec().get("selector");
            if (selector == null || !selector.isObject() || selector.isEmpty()) {
                continue; // endpoints managed outside the input
            }
            Map<String, String> want = Nodes.stringMap(selector);
            List<WorkloadPosture> candidates = workloads instanceof ByNamespace b ? b.in(svc.namespace(), want)
                    : workloads;
            for (WorkloadPosture w : candidates) {
                if (!w.getRef().namespace().equals(svc.namespace())) {
                    continue;
                }
                boolean selected = LabelSelector.subset(want, w.getLabels());
                if (!selected) {
                    continue;
                }
                if (w.getError() != null) {
                    error = "mesh membership of " + w.getRef().key() + " behind " + svc.key() + " is unknown: " + w.getError();
                } else if (w.isMeshed() && w.getDataplane().startsWith("istio")) {
                    meshed = true; // a DestinationRule only changes what Istio sidecar clients send to Istio workloads
                } else if (w.isMeshed()) {
                    linkerd = true;
                }
            }
        }
        services.sort(String::compareTo);
        return new Targets(services, meshed, linkerd, meshed ? null : error);
    }

    /**
     * A short host ({@code svc}, no dot) completed with the rule's namespace and the cluster domain; every host with a
     * dot is taken as written, as istiod's {@code ResolveShortnameToFQDN} does, so {@code svc.ns} names no Service.
     */
    private static String qualified(String host, String drNamespace) {
        return host.indexOf('.') < 0 ? host + "." + drNamespace + "." + CLUSTER_DOMAIN : host;
    }
}
