package org.meshaudit.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.model.Workload;
import tools.jackson.databind.JsonNode;

/**
 * Policies whose workload selector matches no workload in the input. Not an input failure (pods may come later, or
 * live outside the input), so these are notices that do not make the run incomplete; but an auditor should know that
 * a policy protects nothing.
 */
public final class SelectorNotices {
    private SelectorNotices() {
    }

    public static List<CollectionIssue> find(Snapshot snapshot, String istioRoot) {
        List<CollectionIssue> out = new ArrayList<>();
        Workloads workloads = new Workloads(snapshot.workloads());
        for (KubeObject pa : snapshot.ofKind("security.istio.io", "PeerAuthentication")) {
            check(pa, Nodes.at(pa.spec(), "selector"), workloads, false, istioRoot, out);
        }
        for (KubeObject ap : snapshot.ofKind("security.istio.io", "AuthorizationPolicy")) {
            if (!ap.spec().has("targetRefs") && !ap.spec().has("targetRef")) {
                check(ap, Nodes.at(ap.spec(), "selector"), workloads, ap.namespace().equals(istioRoot), istioRoot, out);
            }
        }
        for (KubeObject srv : snapshot.ofKind("policy.linkerd.io", "Server")) {
            check(srv, Nodes.at(srv.spec(), "podSelector"), workloads, false, istioRoot, out);
        }
        for (KubeObject np : snapshot.ofKind("networking.k8s.io", "NetworkPolicy")) {
            check(np, Nodes.at(np.spec(), "podSelector"), workloads, false, istioRoot, out);
        }
        for (KubeObject svc : snapshot.ofKind("", "Service")) {
            JsonNode sel = Nodes.at(svc.spec(), "selector");
            if (sel == null || !sel.isObject() || sel.isEmpty()) {
                continue;
            }
            Map<String, String> want = Nodes.stringMap(sel);
            if (!workloads.anyMatch(svc.namespace(), false, want, labels -> LabelSelector.subset(want, labels))) {
                out.add(notice(svc, "selector " + sel + " matches no workload in the input"));
            }
        }
        return out;
    }

    private static void check(KubeObject o, JsonNode selector, Workloads workloads, boolean allNamespaces,
                              String istioRoot, List<CollectionIssue> out) {
        if (LabelSelector.isEmpty(selector)) {
            return; // namespace-wide: nothing to match
        }
        if (!workloads.anyMatch(o.namespace(), allNamespaces, Nodes.stringMap(selector, "matchLabels"),
                labels -> LabelSelector.matches(selector, labels))) {
            out.add(notice(o, "selector " + selector + " matches no workload in the input"
                    + (o.kind().equals("PeerAuthentication") && o.namespace().equals(istioRoot)
                    ? " (and selector policies in the root namespace are ignored, IST-PA-1)" : "")));
        }
    }

    /** The pod-template label sets of the input, by namespace (each policy looks at its own namespace only). */
    private static final class Workloads {
        private final Map<String, List<Map<String, String>>> byNamespace = new java.util.HashMap<>();
        private final List<Map<String, String>> all = new ArrayList<>();
        private final Map<String, LabelIndex.Labelled<Map<String, String>>> indexed = new java.util.HashMap<>();
        private LabelIndex.Labelled<Map<String, String>> allIndexed;

        Workloads(List<Workload> workloads) {
            for (Workload w : workloads) {
                Map<String, String> labels = w.template().labels();
                all.add(labels);
                byNamespace.computeIfAbsent(w.meta().namespace(), k -> new ArrayList<>()).add(labels);
            }
        }

        /**
         * Whether a workload of the namespace (of any, with {@code allNamespaces}) passes the test; only those that
         * carry the {@code required} labels (which every workload passing it carries) are tried.
         */
        boolean anyMatch(String namespace, boolean allNamespaces, Map<String, String> required,
                         java.util.function.Predicate<Map<String, String>> test) {
            LabelIndex.Labelled<Map<String, String>> index;
            if (allNamespaces) {
                if (allIndexed == null) {
                    allIndexed = new LabelIndex.Labelled<>(all, l -> l);
                }
                index = allIndexed;
            } else {
                index = indexed.computeIfAbsent(namespace, ns ->
                        new LabelIndex.Labelled<>(byNamespace.getOrDefault(ns, List.of()), l -> l));
            }
            for (Map<String, String> labels : index.candidates(required)) {
                if (test.test(labels)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static CollectionIssue notice(KubeObject o, String message) {
        return new CollectionIssue(o.source(), "selects-nothing", o.key() + ": " + message);
    }
}
