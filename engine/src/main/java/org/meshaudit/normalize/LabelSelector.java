package org.meshaudit.normalize;

import java.util.Map;
import org.meshaudit.model.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes label selector semantics: {@code matchLabels} (every key/value must be present) and
 * {@code matchExpressions} (In, NotIn, Exists, DoesNotExist). An absent or empty selector matches everything, as in
 * {@code metav1.LabelSelectorAsSelector}; callers that give empty selectors another meaning check {@link #isEmpty}.
 */
public final class LabelSelector {
    private LabelSelector() {
    }

    /** True if the selector has neither matchLabels nor matchExpressions entries. */
    public static boolean isEmpty(JsonNode selector) {
        return Nodes.stringMap(selector, "matchLabels").isEmpty() && Nodes.list(selector, "matchExpressions").isEmpty();
    }

    /** Subset match of a plain label map (Istio {@code selector.matchLabels}, Service {@code spec.selector}). */
    public static boolean subset(Map<String, String> required, Map<String, String> labels) {
        for (var e : required.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #subset(Map, Map)} of the string map at {@code path} ({@link Nodes#stringMap}), read in place: a selector
     * matched against every workload of its namespace is not copied into a new map for each.
     */
    public static boolean subset(JsonNode node, Map<String, String> labels, String... path) {
        JsonNode required = Nodes.at(node, path);
        if (required == null || !required.isObject()) {
            return true;
        }
        for (var e : required.properties()) {
            if (!Nodes.mapValue(e.getValue()).equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (!subset(selector, labels, "matchLabels")) {
            return false;
        }
        for (JsonNode expr : Nodes.list(selector, "matchExpressions")) {
            String key = Nodes.text(expr, "key");
            String op = Nodes.text(expr, "operator");
            if (key == null || op == null) {
                return false;
            }
            java.util.Set<String> values = new java.util.TreeSet<>();
            for (JsonNode v : Nodes.list(expr, "values")) {
                values.add(v.asString());
            }
            String actual = labels.get(key);
            boolean ok = switch (op) {
                case "In" -> actual != null && values.contains(actual);
                case "NotIn" -> actual == null || !values.contains(actual);
                case "Exists" -> actual != null;
                case "DoesNotExist" -> actual == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
