package org.meshaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
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
    void sortsKeysAndKeepsValuesAndNullsOfTheMapGiven() {
        Canon canon = new Canon();
        Map<String, Object> given = evidence("STRICT", List.of("PeerAuthentication/a/default"), null);
        Map<String, Object> c = canon.map(given);
        assertEquals(given, c);
        assertEquals(given.hashCode(), c.hashCode());
        assertEquals(List.of("decidedBy", "note", "port", "serverMode"), new ArrayList<>(c.keySet()));
        assertEquals(Arrays.asList(List.of("PeerAuthentication/a/default"), null, 8080, "STRICT"),
                new ArrayList<>(c.values()));
        assertTrue(c.containsKey("note"));
        assertNull(c.get("note"));
        assertNull(c.get("absent"));
        assertThrows(UnsupportedOperationException.class, () -> c.put("x", 1));
        // a sorted map in the keys' natural order, which Jackson and the renderers then take as it is
        SortedMap<String, Object> sorted = assertInstanceOf(SortedMap.class, c);
        assertNull(sorted.comparator());
        assertEquals("decidedBy", sorted.firstKey());
        assertEquals("serverMode", sorted.lastKey());
        assertEquals(List.of("decidedBy", "note"), new ArrayList<>(sorted.headMap("port").keySet()));
        assertEquals(List.of("port", "serverMode"), new ArrayList<>(sorted.tailMap("port").keySet()));
        assertEquals(List.of("note"), new ArrayList<>(sorted.subMap("e", "p").keySet()));
        assertThrows(UnsupportedOperationException.class, () -> sorted.tailMap("a").clear());
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
    void sameEntriesInAnotherOrderAreOneMap() {
        Canon canon = new Canon();
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        Map<String, Object> x = canon.map(ab);
        assertSame(x, canon.map(ba));
        assertEquals(List.of("a", "b"), new ArrayList<>(x.keySet()));
    }

    @Test
    void writesTheSameJsonAsTheMapGivenInKeyOrder() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", List.of("1", "2"));
        nested.put("a", true);
        Map<String, Object> given = evidence("DISABLE", Arrays.asList("x", null), nested);
        JsonMapper canonical = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
        Map<String, Object> c = new Canon().map(given);
        assertEquals(canonical.writeValueAsString(given), canonical.writeValueAsString(c));
        // in key order even where nothing sorts it (nested maps too)
        assertEquals(canonical.writeValueAsString(given), JsonMapper.builder().build().writeValueAsString(c));
        assertEquals("{\"decidedBy\":[\"x\",null],\"note\":{\"a\":true,\"z\":[\"1\",\"2\"]},\"port\":8080,"
                + "\"serverMode\":\"DISABLE\"}", JsonMapper.builder().build().writeValueAsString(c));
    }
}
