package org.meshaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InternerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    @Test
    void equalTreesBecomeOneInstanceWhateverTheOrderOfTheirProperties() {
        Interner interner = new Interner();
        JsonNode first = interner.tree(tree("{\"ports\":[{\"port\":80,\"name\":\"http\"},{\"port\":443}],\"type\":\"x\"}"));
        JsonNode second = interner.tree(tree("{\"type\":\"x\",\"ports\":[{\"name\":\"http\",\"port\":80},{\"port\":443}]}"));
        assertSame(first, second);
    }

    @Test
    void equalSubtreesOfDifferentTreesAreShared() {
        Interner interner = new Interner();
        JsonNode a = interner.tree(tree("{\"selector\":{\"app\":\"web\",\"tier\":[1,2]},\"n\":1}"));
        JsonNode b = interner.tree(tree("{\"selector\":{\"tier\":[1,2],\"app\":\"web\"},\"n\":2}"));
        assertNotSame(a, b);
        assertSame(a.get("selector"), b.get("selector"));
        assertEquals(tree("{\"selector\":{\"app\":\"web\",\"tier\":[1,2]},\"n\":2}"), b);
    }

    @Test
    void treesThatDifferAnywhereStayApart() {
        Interner interner = new Interner();
        String[] distinct = {
            "{\"a\":[1,2]}", "{\"a\":[2,1]}", "{\"a\":[1,2,3]}", "{\"a\":{\"b\":1}}", "{\"a\":{\"b\":\"1\"}}",
            "{\"b\":[1,2]}", "{\"a\":[1,2],\"c\":null}", "[{\"a\":[1,2]}]", "{\"a\":[1.5,2]}", "{}", "[]"
        };
        JsonNode[] canonical = new JsonNode[distinct.length];
        for (int i = 0; i < distinct.length; i++) {
            canonical[i] = interner.tree(tree(distinct[i]));
        }
        for (int i = 0; i < distinct.length; i++) {
            assertEquals(tree(distinct[i]), canonical[i], distinct[i]);
            assertSame(canonical[i], interner.tree(tree(distinct[i])), distinct[i]);
            for (int j = 0; j < i; j++) {
                assertNotSame(canonical[i], canonical[j], distinct[i] + " / " + distinct[j]);
            }
        }
    }
}
