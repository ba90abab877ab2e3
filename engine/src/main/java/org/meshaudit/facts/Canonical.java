package org.meshaudit.facts;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance of each immutable trait set, string list, label map and string that facts repeat: a cluster of
 * 100k workloads has a few dozen distinct trait sets, one deciding-policy list per namespace and one copy of each
 * reason, not one copy per fact.
 * Values are copied as {@link Set#copyOf}, {@link List#copyOf} and {@link Map#copyOf} would (nulls refused), then
 * looked up. Bounded: past the cap copies are returned unshared. Thread-safe.
 */
public final class Canonical {
    private static final int MAX = 1 << 16;
    private static final int MAX_STRINGS = 1 << 18;
    private static final Map<Object, Object> POOL = new ConcurrentHashMap<>();
    private static final Map<String, String> STRINGS = new ConcurrentHashMap<>();

    private Canonical() {
    }

    /** {@code Set.copyOf(values)}, shared. */
    public static Set<String> set(Collection<String> values) {
        return shared(Set.copyOf(values));
    }

    /** {@code List.copyOf(values)}, shared; its strings {@linkplain #string shared} too. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> list(Collection<T> values) {
        List<T> copy = List.copyOf(values);
        Object[] shared = null;
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) instanceof String s) {
                String c = string(s);
                if (c != s) {
                    shared = shared == null ? copy.toArray() : shared;
                    shared[i] = c;
                }
            }
        }
        return shared(shared == null ? copy : (List<T>) List.of(shared));
    }

    /**
     * The shared instance of a string that facts repeat: a reason, a note or a port that every workload of a
     * namespace, or every workload of the cluster, has in the same words (at L, tens of megabytes of copies).
     * Null stays null.
     */
    public static String string(String value) {
        return value == null ? null : shared(STRINGS, value, MAX_STRINGS);
    }

    /** The shared instance equal to an immutable value (a record of immutable parts). */
    public static <T> T value(T value) {
        return shared(value);
    }

    /** {@code Map.copyOf(values)}, shared. */
    public static Map<String, String> map(Map<String, String> values) {
        return shared(Map.copyOf(values));
    }

    @SuppressWarnings("unchecked")
    private static <T> T shared(T copy) {
        return (T) shared(POOL, copy, MAX);
    }

    /** The instance in {@code pool} equal to {@code value}, else {@code value} (added while the pool is below max). */
    private static <T> T shared(Map<T, T> pool, T value, int max) {
        T known = pool.get(value);
        if (known != null) {
            return known;
        }
        if (pool.size() < max) {
            known = pool.putIfAbsent(value, value);
        }
        return known != null ? known : value;
    }
}
