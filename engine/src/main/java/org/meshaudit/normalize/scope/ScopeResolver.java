package org.meshaudit.normalize.scope;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Workload;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/**
 * Decides which namespaces each framework covers (architecture.md, "Scope"): the framework's namespace selector from
 * the audit config, or every namespace except the system namespaces when it has none.
 */
public final class ScopeResolver {
    private ScopeResolver() {
    }

    /**
     * @param snapshot   the input
     * @param selectors  framework id → namespace selector (null: default scope)
     * @param system     system namespaces
     * @return framework id → in-scope namespaces, sorted
     */
    public static Map<String, Set<String>> resolve(Snapshot snapshot, Map<String, JsonNode> selectors,
                                                   Set<String> system) {
        Map<String, Map<String, String>> namespaces = new TreeMap<>();
        for (KubeObject ns : snapshot.ofKind("", "Namespace")) {
            namespaces.put(ns.name(), ns.labels());
        }
        for (Workload w : snapshot.workloads()) {
            namespaces.putIfAbsent(w.meta().namespace(), null);
        }
        for (KubeObject o : snapshot.objects()) {
            if (!o.namespace().isEmpty()) {
                namespaces.putIfAbsent(o.namespace(), null);
            }
        }
        Map<String, Set<String>> out = new TreeMap<>();
        for (var f : selectors.entrySet()) {
            Set<String> in = new TreeSet<>();
            for (var ns : namespaces.entrySet()) {
                if (system.contains(ns.getKey())) {
                    continue;
                }
                JsonNode sel = f.getValue();
                if (sel == null) {
                    in.add(ns.getKey());
                } else if (ns.getValue() != null && LabelSelector.matches(sel, ns.getValue())) {
                    in.add(ns.getKey());
                }
            }
            out.put(f.getKey(), in);
        }
        return out;
    }

    /** Union of every framework's scope. */
    public static Set<String> union(Map<String, Set<String>> scopes) {
        Set<String> all = new TreeSet<>();
        scopes.values().forEach(all::addAll);
        return all;
    }

    public static List<String> describe(JsonNode selector) {
        return selector == null ? List.of("all non-system namespaces") : List.of(selector.toString());
    }
}
