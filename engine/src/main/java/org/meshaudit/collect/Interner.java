package org.meshaudit.collect;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * Canonical instances of the strings and label/annotation maps that repeat across objects (API versions, kinds,
 * namespaces, sources, label keys and values; the labels of the replicas of one ReplicaSet), so that a snapshot keeps
 * one copy of each. Bounded: past the caps values are returned as given. One per {@link SnapshotBuilder}; thread-safe.
 */
final class Interner {
    private static final int MAX_STRINGS = 1 << 20;
    private static final int MAX_MAPS = 1 << 18;

    private final Map<String, String> strings = new HashMap<>();
    private final Map<Map<String, String>, SortedMap<String, String>> maps = new HashMap<>();

    synchronized String string(String s) {
        if (s == null || s.isEmpty()) {
            return s == null ? null : "";
        }
        String known = strings.get(s);
        if (known != null) {
            return known;
        }
        if (strings.size() < MAX_STRINGS) {
            strings.put(s, s);
        }
        return s;
    }

    /** Forgets the tables (the canonical instances stay where they are used). */
    synchronized void clear() {
        strings.clear();
        maps.clear();
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
}
