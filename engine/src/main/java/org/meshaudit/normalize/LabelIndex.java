package org.meshaudit.normalize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * Label matching without trying every pair: a workload against every Service or policy of its namespace, or a
 * Service against every workload of it, made normalize quadratic in the size of a namespace (20k pods and 5k
 * Services in one namespace took 35 s). Both indexes only narrow the search: what they return is still matched by
 * the caller's own test, and nothing that could match is left out. Results keep the order the items were given in.
 */
public final class LabelIndex {
    private LabelIndex() {
    }

    /**
     * Objects that require labels (a Service's {@code spec.selector}, a selector's {@code matchLabels}), found by the
     * labels of a workload. Each object is filed under one of its required pairs; an object requiring none (absent,
     * empty or not a map) is a candidate for every workload.
     */
    public static final class Selectors<T> {
        private record Filed<T>(int order, T item) {
        }

        private final Map<String, Map<String, List<Filed<T>>>> byPair = new HashMap<>();
        private final List<Filed<T>> everywhere = new ArrayList<>();
        private int added;

        /** Kubernetes objects filed by the selector at {@code path} in their spec, in the order given. */
        public static Selectors<KubeObject> ofSpecs(List<KubeObject> objects, String... path) {
            Selectors<KubeObject> index = new Selectors<>();
            for (KubeObject o : objects) {
                index.add(o, Nodes.at(o.spec(), path));
            }
            return index;
        }

        /** @param required the map of labels the object requires, read as {@link LabelSelector#subset} reads it */
        public Selectors<T> add(T item, JsonNode required) {
            if (required == null || !required.isObject() || required.isEmpty()) {
                return file(item, null, null);
            }
            var first = required.properties().iterator().next();
            return file(item, first.getKey(), Nodes.mapValue(first.getValue()));
        }

        /** @param required the labels the object requires (empty: a candidate for every workload) */
        public Selectors<T> add(T item, Map<String, String> required) {
            if (required.isEmpty()) {
                return file(item, null, null);
            }
            var first = required.entrySet().iterator().next();
            return file(item, first.getKey(), first.getValue());
        }

        /** Files the item under one required pair, or (key null) as a candidate for every workload. */
        private Selectors<T> file(T item, String key, String value) {
            Filed<T> filed = new Filed<>(added++, item);
            if (key == null) {
                everywhere.add(filed);
            } else {
                byPair.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(value, v -> new ArrayList<>())
                        .add(filed);
            }
            return this;
        }

        /** The objects whose required labels the given ones may satisfy, in the order they were added. */
        public List<T> candidates(Map<String, String> labels) {
            List<Filed<T>> found = new ArrayList<>(everywhere);
            for (var e : labels.entrySet()) {
                Map<String, List<Filed<T>>> byValue = byPair.get(e.getKey());
                List<Filed<T>> filed = byValue == null ? null : byValue.get(e.getValue());
                if (filed != null) {
                    found.addAll(filed);
                }
            }
            if (found.size() > everywhere.size()) {
                found.sort(Comparator.comparingInt(Filed::order));
            }
            List<T> out = new ArrayList<>(found.size());
            for (Filed<T> f : found) {
                out.add(f.item());
            }
            return out;
        }
    }

    /** Labelled items (workloads), found by the labels a selector requires. */
    public static final class Labelled<T> {
        private final List<T> all;
        private final Map<String, Map<String, List<T>>> byPair = new HashMap<>();

        public Labelled(List<T> items, Function<T, Map<String, String>> labels) {
            this.all = items;
            for (T item : items) {
                for (var e : labels.apply(item).entrySet()) {
                    byPair.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                            .computeIfAbsent(e.getValue(), v -> new ArrayList<>()).add(item);
                }
            }
        }

        /**
         * The items that carry every required pair's key with that value may be among these, in the order given: those
         * filed under the required pair with the fewest items (every item when nothing is required).
         */
        public List<T> candidates(Map<String, String> required) {
            List<T> fewest = all;
            for (var e : required.entrySet()) {
                Map<String, List<T>> byValue = byPair.get(e.getKey());
                List<T> filed = byValue == null ? null : byValue.get(e.getValue());
                if (filed == null) {
                    return List.of();
                }
                if (filed.size() < fewest.size()) {
                    fewest = filed;
                }
            }
            return fewest;
        }
    }
}
