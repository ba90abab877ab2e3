package org.meshaudit.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The label indexes narrow a search without changing its outcome or its order (brute force as the reference). */
class LabelIndexTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] KEYS = {"app", "version", "tier", "team"};
    private static final String[] VALUES = {"a", "b", "c", "1"};

    private static Map<String, String> labels(Random r, int max) {
        Map<String, String> m = new LinkedHashMap<>();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            m.put(KEYS[r.nextInt(KEYS.length)], VALUES[r.nextInt(VALUES.length)]);
        }
        return m;
    }

    /** A selector as manifests write it: absent, empty, a map (a number for "1" now and then), or not a map. */
    private static JsonNode selector(Random r, Map<String, String> required) {
        switch (r.nextInt(10)) {
            case 0:
                return null;
            case 1:
                return JSON.createArrayNode();
            default:
                ObjectNode o = JSON.createObjectNode();
                required.forEach((k, v) -> {
                    if (v.equals("1") && r.nextBoolean()) {
                        o.put(k, 1);
                    } else {
                        o.put(k, v);
                    }
                });
                return o;
        }
    }

    @Test
    void selectorsFoundByLabelsAreTheOnesThatMatchInTheirOrder() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<JsonNode> selectors = new ArrayList<>();
            LabelIndex.Selectors<Integer> index = new LabelIndex.Selectors<>();
            for (int i = 0; i < 30; i++) {
                JsonNode s = selector(r, labels(r, 3));
                selectors.add(s);
                index.add(i, s);
            }
            Map<String, String> workload = labels(r, 4);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < selectors.size(); i++) {
                if (LabelSelector.subset(selectors.get(i), workload)) {
                    expected.add(i);
                }
            }
            List<Integer> candidates = index.candidates(workload);
            List<Integer> matched = candidates.stream().filter(i -> LabelSelector.subset(selectors.get(i), workload))
                    .toList();
            assertEquals(expected, matched, "round " + round);
            for (int i = 1; i < candidates.size(); i++) {
                assertTrue(candidates.get(i - 1) < candidates.get(i), "candidates in the order added");
            }
        }
    }

    @Test
    void labelledItemsFoundBySelectorsAreTheOnesThatMatchInTheirOrder() {
        Random r = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<Map<String, String>> items = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                items.add(labels(r, 4));
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                order.add(i);
            }
            LabelIndex.Labelled<Integer> index = new LabelIndex.Labelled<>(order, items::get);
            Map<String, String> required = labels(r, 3);
            List<Integer> expected = order.stream().filter(i -> LabelSelector.subset(required, items.get(i))).toList();
            List<Integer> candidates = index.candidates(required);
            assertEquals(expected, candidates.stream().filter(i -> LabelSelector.subset(required, items.get(i)))
                    .toList(), "round " + round);
            for (int i = 1; i < candidates.size(); i++) {
                assertTrue(candidates.get(i - 1) < candidates.get(i), "candidates in the order given");
            }
        }
    }
}
