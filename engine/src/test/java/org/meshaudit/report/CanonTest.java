package org.meshaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CanonTest {

    private static Map<String, Object> evidence(String mode, List<String> by, Object extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serverMode", mode);
        m.put("decidedBy", by);
        m.put("note", extra);
        m.put("port", 8080);
        return m;
    }

    @Test
    void keepsOrderValuesAndNullsOfTheMapGiven() {
        Canon canon = new Canon();
        Map<String, Object> given = evidence("STRICT", List.of("PeerAuthentication/a/default"), null);
        Map<String, Object> c = canon.map(given);
        assertEquals(given, c);
        assertEquals(given.hashCode(), c.hashCode());
        assertEquals(new ArrayList<>(given.keySet()), new ArrayList<>(c.keySet()));
        assertEquals(Arrays.asList("STRICT", List.of("PeerAuthentication/a/default"), null, 8080),
                new ArrayList<>(c.values()));
        assertTrue(c.containsKey("note"));
        assertNull(c.get("note"));
        assertNull(c.get("absent"));
        assertThrows(UnsupportedOperationException.class, () -> c.put("x", 1));
    }

    @Test
    void equalMapsAndValuesAreOneInstance() {
        Canon canon = new Canon();
        Map<String, Object> a = canon.map(evidence(new String("STRICT"), List.of(new String("PA/x")), false));
        Map<String, Object> b = canon.map(evidence(new String("STRICT"), List.of(new String("PA/x")), false));
        assertSame(a, b);
        Map<String, Object> other = canon.map(evidence("PERMISSIVE", List.of("PA/x"), false));
        assertNotEquals(a, other);
        assertSame(a.get("decidedBy"), other.get("decidedBy"));
        assertSame(canon.string(new String("STRICT")), a.get("serverMode"));
    }

    @Test
    void sameEntriesInAnotherOrderStayDistinct() {
        Canon canon = new Canon();
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        Map<String, Object> x = canon.map(ab);
        Map<String, Object> y = canon.map(ba);
        assertEquals(List.of("a", "b"), new ArrayList<>(x.keySet()));
        assertEquals(List.of("b", "a"), new ArrayList<>(y.keySet()));
    }

    @Test
    void writesTheSameJsonAsTheMapGiven() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", List.of("1", "2"));
        nested.put("a", true);
        Map<String, Object> given = evidence("DISABLE", Arrays.asList("x", null), nested);
        JsonMapper json = JsonMapper.builder().build(); // insertion order, as the text renderers see it
        assertEquals(json.writeValueAsString(given), json.writeValueAsString(new Canon().map(given)));
    }
}
