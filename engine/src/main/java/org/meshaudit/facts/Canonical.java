package org.meshaudit.facts;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance of each immutable trait set, string list and label map that facts repeat: a cluster of 100k
 * workloads has a few dozen distinct trait sets and one deciding-policy list per namespace, not one copy per fact.
 * Values are copied as {@link Set#copyOf}, {@link List#copyOf} and {@link Map#copyOf} would (nulls refused), then
 * looked up. Bounded: past the cap copies are returned unshared. Thread-safe.
 */
public final class Canonical {
    private static final int MAX = 1 << 16;
    private static final Map<Object, Object> POOL = new ConcurrentHashMap<>();

    private Canonical() {
    }

    /** {@code Set.copyOf(values)}, shared. */
    public static Set<String> set(Collection<String> values) {
        return shared(Set.copyOf(values));
    }

    /** {@code List.copyOf(values)}, shared. */
    public static <T> List<T> list(Collection<T> values) {
        return shared(List.copyOf(values));
    }

    /** {@code Map.copyOf(values)}, shared. */
    public static Map<String, String> map(Map<String, String> values) {
        return shared(Map.copyOf(values));
    }

    @SuppressWarnings("unchecked")
    private static <T> T shared(T copy) {
        Object known = POOL.get(copy);
        if (known != null) {
            return (T) known;
        }
        if (POOL.size() < MAX) {
            known = POOL.putIfAbsent(copy, copy);
        }
        return known != null ? (T) known : copy;
    }
}
