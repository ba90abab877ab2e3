package org.meshaudit.report;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One canonical instance of each evidence value, evidence map and message of one evaluation. A large cluster gives
 * hundreds of thousands of results whose evidence repeats ({@code "istio-sidecar"}, the same issuer, the same
 * deciding policy for every workload of a namespace), so the results keep one copy of each, and each evidence map is
 * an {@link Ordered} map of two arrays, sorted by key, instead of a hash map. Equality and the JSON written are those
 * of the map given. Not thread-safe; dropped after the evaluation (the canonical instances stay in the results).
 * {@link ReportJson#read} uses one the same way while it reads a report back, so that a report read from its JSON
 * takes about the memory it took when it was made.
 */
public final class Canon {
    private final Map<Object, Object> pool = new HashMap<>();
    /** One array of each set of keys, shared by the maps with those keys. */
    private final Map<KeySet, String[]> keySets = new HashMap<>();

    /** Keys of an evidence map, compared by content. */
    private record KeySet(String[] keys) {
        @Override
        public boolean equals(Object o) {
            return o instanceof KeySet other && Arrays.equals(keys, other.keys);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(keys);
        }

        @Override
        public String toString() {
            return Arrays.toString(keys);
        }
    }

    /** The canonical instance of a string (null stays null). */
    public String string(String s) {
        return s == null ? null : (String) pool.computeIfAbsent(s, k -> k);
    }

    /**
     * A canonical, unmodifiable copy of an evidence map sorted by key (as every report format lists evidence): keys
     * and values canonical, lists and nested maps copied the same way. Values of other types are kept as given.
     */
    public Map<String, Object> map(Map<String, ?> m) {
        if (m.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map.Entry<String, ?>[] entries = m.entrySet().toArray(new Map.Entry[0]);
        if (!(m instanceof SortedMap<String, ?> sorted && sorted.comparator() == null)) {
            Arrays.sort(entries, (a, b) -> a.getKey().compareTo(b.getKey()));
        }
        String[] keys = new String[entries.length];
        Object[] values = new Object[entries.length];
        for (int i = 0; i < entries.length; i++) {
            keys[i] = string(entries[i].getKey());
            values[i] = value(entries[i].getValue());
        }
        keys = keySets.computeIfAbsent(new KeySet(keys), KeySet::keys);
        return canonical(new Ordered(keys, values));
    }

    /** A canonical, unmodifiable copy of a list, items made canonical as in evidence maps. */
    @SuppressWarnings("unchecked")
    public <T> List<T> list(List<T> l) {
        return (List<T>) value(l);
    }

    @SuppressWarnings("unchecked")
    private Object value(Object v) {
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            return canonical(v);
        }
        if (v instanceof List<?> list) {
            Object[] items = new Object[list.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = value(list.get(i));
            }
            return canonical(items.length == 0 ? List.of() : Collections.unmodifiableList(Arrays.asList(items)));
        }
        if (v instanceof Map<?, ?> nested && nested.keySet().stream().allMatch(k -> k instanceof String)) {
            return map((Map<String, ?>) nested);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private <T> T canonical(T v) {
        return (T) pool.computeIfAbsent(v, k -> k);
    }

    /**
     * An unmodifiable map over parallel arrays of keys in ascending order (shared between maps with the same keys)
     * and values. A {@link SortedMap}, so that whoever lists evidence by key (Jackson's {@code
     * ORDER_MAP_ENTRIES_BY_KEYS}, the renderers) takes it as it is instead of sorting a copy of it.
     */
    static final class Ordered extends AbstractMap<String, Object> implements SortedMap<String, Object> {
        private final String[] keys;
        private final Object[] values;
        private int hash;

        Ordered(String[] keys, Object[] values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        public int size() {
            return keys.length;
        }

        /** The {@code i}-th key in order. */
        String key(int i) {
            return keys[i];
        }

        /** The value of the {@code i}-th key. */
        Object value(int i) {
            return values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return index(key) >= 0;
        }

        @Override
        public Object get(Object key) {
            int i = index(key);
            return i < 0 ? null : values[i];
        }

        private int index(Object key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public int hashCode() {
            int h = hash;
            if (h == 0) {
                for (int i = 0; i < keys.length; i++) { // Map's contract, without an entry object per key
                    h += keys[i].hashCode() ^ java.util.Objects.hashCode(values[i]);
                }
                hash = h;
            }
            return h;
        }

        @Override
        public java.util.Comparator<? super String> comparator() {
            return null; // the keys' natural order
        }

        @Override
        public String firstKey() {
            return keys[0]; // never empty: an empty evidence map is Map.of()
        }

        @Override
        public String lastKey() {
            return keys[keys.length - 1];
        }

        // views of a part: rarely asked for, answered by a sorted copy
        @Override
        public SortedMap<String, Object> subMap(String fromKey, String toKey) {
            return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
        }

        @Override
        public SortedMap<String, Object> headMap(String toKey) {
            return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
        }

        @Override
        public SortedMap<String, Object> tailMap(String fromKey) {
            return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
        }

        @Override
        public boolean equals(Object o) {
            if (o instanceof Ordered other) {
                return Arrays.equals(keys, other.keys) && Arrays.equals(values, other.values);
            }
            return super.equals(o);
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return keys.length;
                }

                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < keys.length;
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            if (i >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            Map.Entry<String, Object> e = new SimpleImmutableEntry<>(keys[i], values[i]);
                            i++;
                            return e;
                        }
                    };
                }
            };
        }
    }
}
