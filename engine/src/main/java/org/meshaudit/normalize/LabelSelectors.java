package org.meshaudit.normalize;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Kubernetes label selector matching ({@code matchLabels} and {@code matchExpressions}) over JSON selectors. */
public final class LabelSelectors {
    private LabelSelectors() {
    }

    /** True if the selector is absent or selects everything (no matchLabels and no matchExpressions entries). */
    public static boolean isEmpty(JsonNode selector) {
        if (selector == null || selector.isNull() || !selector.isObject()) {
            return true;
        }
        JsonNode ml = selector.get("matchLabels");
        JsonNode me = selector.get("matchExpressions");
        return (ml == null || ml.isNull() || ml.isEmpty()) && (me == null || me.isNull() || me.isEmpty());
    }

    /** A {@code LabelSelector} (matchLabels + matchExpressions) against labels; absent selector matches all. */
    public static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (isEmpty(selector)) {
            return true;
        }
        JsonNode ml = selector.get("matchLabels");
        if (ml != null && ml.isObject() && !matchesMap(ml, labels)) {
            return false;
        }
        JsonNode me = selector.get("matchExpressions");
        if (me != null && me.isArray()) {
            for (JsonNode e : me) {
                String key = e.path("key").asString("");
                String op = e.path("operator").asString("");
                java.util.Set<String> values = new java.util.HashSet<>();
                e.path("values").forEach(v -> values.add(v.asString("")));
                String actual = labels.get(key);
                boolean ok;
                switch (op) {
                    case "In": ok = actual != null && values.contains(actual); break;
                    case "NotIn": ok = actual == null || !values.contains(actual); break;
                    case "Exists": ok = actual != null; break;
                    case "DoesNotExist": ok = actual == null; break;
                    default: ok = false; // unknown operator selects nothing, as the API server would reject it
                }
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A plain map selector (Service {@code spec.selector}, Istio {@code matchLabels}): every pair must match. */
    public static boolean matchesMap(JsonNode map, Map<String, String> labels) {
        if (map == null || !map.isObject()) {
            return true;
        }
        for (var e : map.properties()) {
            if (!e.getValue().asString("").equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
