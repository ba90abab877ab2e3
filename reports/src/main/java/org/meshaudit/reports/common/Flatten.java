package org.meshaudit.reports.common;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flattens nested evidence into string properties ({@code a.b = value}, lists joined with {@code ", "}), as the
 * PolicyReport / OpenReports {@code properties} map and OSCAL props need. Keys sorted; text cleaned and clipped.
 */
public final class Flatten {
    /** Longest property value kept; the full value stays in audit.json. */
    public static final int MAX_VALUE = 1024;

    private Flatten() {
    }

    public static Map<String, String> evidence(String prefix, Map<String, ?> evidence) {
        Map<String, String> out = new LinkedHashMap<>();
        if (evidence != null) {
            put(out, prefix, new TreeMap<>(evidence));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, String> out, String key, Object v) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                out.put(key, "{}");
                return;
            }
            for (var e : new TreeMap<>((Map<String, ?>) m).entrySet()) {
                put(out, key.isEmpty() ? e.getKey() : key + "." + e.getKey(), e.getValue());
            }
        } else if (v instanceof Collection<?> c) {
            boolean flat = c.stream().noneMatch(o -> o instanceof Map<?, ?> || o instanceof Collection<?>);
            out.put(key, SafeText.clip(flat ? String.join(", ", c.stream().map(String::valueOf).toList())
                    : EvidenceText.value(c), MAX_VALUE));
        } else {
            out.put(key, SafeText.clip(String.valueOf(v), MAX_VALUE));
        }
    }
}
