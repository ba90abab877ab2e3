package org.meshaudit.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Small null-safe helpers over Jackson trees and embedded YAML/JSON strings. */
public final class Nodes {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Nodes() {
    }

    /** Follows an object path; null when any step is missing or not an object. */
    public static JsonNode at(JsonNode node, String... path) {
        JsonNode cur = node;
        for (String p : path) {
            if (cur == null || !cur.isObject()) {
                return null;
            }
            cur = cur.get(p);
        }
        return cur == null || cur.isNull() || cur.isMissingNode() ? null : cur;
    }

    /** Scalar text at a path, or null when absent or not a scalar. */
    public static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n == null || n.isContainer()) {
            return null;
        }
        return n.asString();
    }

    /** A string map at a path (values as text), empty when absent. */
    public static Map<String, String> stringMap(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n == null || !n.isObject()) {
            return Collections.emptySortedMap();
        }
        TreeMap<String, String> out = new TreeMap<>();
        for (var e : n.properties()) {
            out.put(e.getKey(), mapValue(e.getValue()));
        }
        return out;
    }

    /** A value as {@link #stringMap} holds it: "" for null, a container as its JSON, a scalar as its text. */
    public static String mapValue(JsonNode v) {
        return v == null || v.isNull() ? "" : v.isContainer() ? v.toString() : v.asString();
    }

    public static List<JsonNode> list(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        List<JsonNode> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            for (JsonNode e : n) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Parses an embedded YAML (or JSON) document.
     *
     * @throws IllegalArgumentException with a one-line reason when it is not parsable
     */
    public static JsonNode parseYaml(String text) {
        try {
            JsonNode n = YAML.readTree(text);
            return n == null || n.isMissingNode() ? YAML.createObjectNode() : n;
        } catch (JacksonException e) {
            String msg = e.getOriginalMessage();
            throw new IllegalArgumentException(msg == null ? e.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg));
        }
    }
}
