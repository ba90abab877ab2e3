package org.meshaudit.collect;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical instances of the strings, label/annotation maps and JSON subtrees that repeat across objects (API
 * versions, kinds, namespaces, sources, label keys and values; the labels of the replicas of one ReplicaSet; a
 * Service's ports or a selector that every namespace repeats), so that a snapshot keeps one copy of each. Bounded:
 * past the caps values are returned as given. One per {@link SnapshotBuilder}; thread-safe.
 */
final class Interner {
    private static final int MAX_STRINGS = 1 << 20;
    private static final int MAX_MAPS = 1 << 18;
    private static final int MAX_TREES = 1 << 19;
    /** Subtrees deeper than this are kept as given (the parser's own nesting limit applies before). */
    private static final int MAX_TREE_DEPTH = 64;

    private final Map<String, String> strings = new HashMap<>();
    private final Map<Map<String, String>, SortedMap<String, String>> maps = new HashMap<>();
    private final Map<TreeKey, JsonNode> trees = new HashMap<>();
    /** The structural hash of the tree {@link #tree(JsonNode, int)} returned last (its result's second half). */
    private int treeHash;
    private final Map<Object, Object> values = new HashMap<>();

    synchronized String string(String s) {
        if (s == null || s.isEmpty()) {
            return s == null ? null : "";
        }
        return canonical(strings, s, MAX_STRINGS);
    }

    /** The instance of the table equal to {@code v}, else {@code v} (added while the table is below {@code max}). */
    private static <T> T canonical(Map<T, T> table, T v, int max) {
        return canonical(table, v, v, max);
    }

    /** The value the table holds under {@code key}, else {@code v} (added while the table is below {@code max}). */
    private static <K, V> V canonical(Map<K, V> table, K key, V v, int max) {
        V known = table.get(key);
        if (known != null) {
            return known;
        }
        if (table.size() < max) {
            table.put(key, v);
        }
        return v;
    }

    /** Forgets the tables (the canonical instances stay where they are used). */
    synchronized void clear() {
        strings.clear();
        maps.clear();
        trees.clear();
        values.clear();
    }

    /** @param map a fresh sorted map whose keys and values were interned; returned unmodifiable */
    synchronized SortedMap<String, String> map(SortedMap<String, String> map) {
        if (map.isEmpty()) {
            return Collections.emptySortedMap();
        }
        SortedMap<String, String> known = maps.get(map);
        if (known != null) {
            return known;
        }
        SortedMap<String, String> frozen = Collections.unmodifiableSortedMap(map);
        if (maps.size() < MAX_MAPS) {
            maps.put(map, frozen);
        }
        return frozen;
    }

    /**
     * The canonical instance of an immutable value with structural equality (a record, an unmodifiable list of
     * them): the owner references or pod templates that the replicas of one controller repeat.
     */
    @SuppressWarnings("unchecked")
    synchronized <T> T value(T v) {
        return (T) canonical(values, v, MAX_TREES);
    }

    /**
     * A canonical instance of a freshly read tree that nothing else holds: its containers are rewritten bottom-up to
     * point at canonical children, then the tree itself is looked up. Equal trees (Jackson's structural equality)
     * become one instance; a snapshot's trees are never written to, so sharing them is safe.
     */
    synchronized JsonNode tree(JsonNode node) {
        return tree(node, 0);
    }

    private JsonNode tree(JsonNode node, int depth) {
        if (node == null || depth > MAX_TREE_DEPTH) {
            treeHash = node == null ? 0 : node.hashCode();
            return node;
        }
        int hash;
        if (node instanceof ObjectNode o) {
            hash = 0;
            for (var e : o.properties()) {
                JsonNode child = e.getValue();
                JsonNode canonical = tree(child, depth + 1);
                if (canonical != child) {
                    e.setValue(canonical);
                }
                hash += e.getKey().hashCode() ^ treeHash;
            }
        } else if (node instanceof ArrayNode a) {
            hash = 1;
            for (int i = 0; i < a.size(); i++) {
                JsonNode child = a.get(i);
                JsonNode canonical = tree(child, depth + 1);
                if (canonical != child) {
                    a.set(i, canonical);
                }
                hash = 31 * hash + treeHash;
            }
        } else {
            hash = node.hashCode();
        }
        treeHash = hash;
        return canonical(trees, new TreeKey(node, hash), node, MAX_TREES);
    }

    /**
     * A subtree in the table, with its hash computed bottom-up from its children's (the value Jackson's own
     * {@code hashCode} gives, which would walk the whole subtree again at every level). Equality stays Jackson's:
     * cheap here, as the children of both sides are already canonical instances.
     */
    private record TreeKey(JsonNode node, int hash) {
        @Override
        public boolean equals(Object o) {
            return o instanceof TreeKey k && k.hash == hash && k.node.equals(node);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
