package org.meshaudit.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meshaudit.model.Nodes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Label selectors as Kubernetes matches them (metav1.LabelSelectorAsSelector), read from manifests. */
class LabelSelectorTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    @Test
    void matchLabelsAndExpressionsMustAllHold() {
        JsonNode sel = json("""
                {"matchLabels": {"app": "web"},
                 "matchExpressions": [{"key": "tier", "operator": "In", "values": ["front", "edge"]},
                                      {"key": "canary", "operator": "DoesNotExist"}]}""");
        assertTrue(LabelSelector.matches(sel, Map.of("app", "web", "tier", "edge")));
        assertFalse(LabelSelector.matches(sel, Map.of("app", "web", "tier", "back")));
        assertFalse(LabelSelector.matches(sel, Map.of("app", "web", "tier", "edge", "canary", "1")));
        assertFalse(LabelSelector.matches(sel, Map.of("tier", "edge")));
        assertTrue(LabelSelector.matches(null, Map.of()), "no selector selects everything");
        assertTrue(LabelSelector.matches(json("{}"), Map.of("a", "b")), "an empty selector selects everything");
    }

    /** Read in place, a selector decides as the string map it would have been copied into. */
    @Test
    void inPlaceSubsetAgreesWithTheStringMap() {
        List<String> selectors = List.of("{}", "{\"app\": \"web\"}", "{\"app\": \"web\", \"v\": \"2\"}",
                "{\"v\": 2}", "{\"v\": true}", "{\"v\": null}", "{\"v\": {\"x\": 1}}", "{\"v\": [\"a\"]}", "[\"app\"]",
                "\"app=web\"", "{\"app\": \"web\", \"app\": \"api\"}");
        List<Map<String, String>> labels = List.of(Map.of(), Map.of("app", "web"), Map.of("app", "web", "v", "2"),
                Map.of("v", "true"), Map.of("v", ""), Map.of("v", "{\"x\":1}"), Map.of("v", "[\"a\"]"),
                Map.of("app", "api"));
        for (String s : selectors) {
            JsonNode wrapped = json("{\"selector\": " + s + "}");
            for (Map<String, String> l : labels) {
                assertEquals(LabelSelector.subset(Nodes.stringMap(wrapped, "selector"), l),
                        LabelSelector.subset(wrapped, l, "selector"), s + " against " + l);
                assertEquals(LabelSelector.subset(Nodes.stringMap(wrapped, "selector", "x"), l),
                        LabelSelector.subset(wrapped, l, "selector", "x"), s + " (deeper path) against " + l);
            }
        }
    }
}
