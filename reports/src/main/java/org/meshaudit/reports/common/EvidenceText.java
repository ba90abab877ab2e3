package org.meshaudit.reports.common;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Compact, deterministic one-line text for evidence values: {@code key=value; list=[a, b]; map={k=v}}. */
public final class EvidenceText {
    private EvidenceText() {
    }

    public static String format(Map<String, ?> evidence) {
        if (evidence == null || evidence.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(64);
        boolean first = true;
        for (var e : sorted(evidence).entrySet()) {
            if (!first) {
                b.append("; ");
            }
            first = false;
            b.append(e.getKey()).append('=');
            value(b, e.getValue());
        }
        return b.toString();
    }

    /** One line per top-level key, for the PDF's evidence cell. */
    public static List<String> lines(Map<String, ?> evidence) {
        if (evidence == null || evidence.isEmpty()) {
            return List.of();
        }
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (var e : sorted(evidence).entrySet()) {
            StringBuilder b = new StringBuilder();
            b.append(e.getKey()).append(": ");
            value(b, e.getValue());
            out.add(b.toString());
        }
        return out;
    }

    public static String value(Object v) {
        StringBuilder b = new StringBuilder();
        value(b, v);
        return b.toString();
    }

    private static Map<String, ?> sorted(Map<String, ?> m) {
        return m instanceof java.util.SortedMap<String, ?> s && s.comparator() == null ? m : new TreeMap<>(m);
    }

    @SuppressWarnings("unchecked")
    private static void value(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (var e : sorted((Map<String, ?>) m).entrySet()) {
                if (!first) {
                    b.append(", ");
                }
                first = false;
                b.append(e.getKey()).append('=');
                value(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof Collection<?> c) {
            b.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    b.append(", ");
                }
                first = false;
                value(b, o);
            }
            b.append(']');
        } else {
            b.append(v);
        }
    }
}
