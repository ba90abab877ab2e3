package org.meshaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.facts.SubjectRef;

/** A result keeps its id as given, whether or not it is the engine's 16 hex digits, and reads back as written. */
class ResultTest {
    static final SubjectRef REF = new SubjectRef("v1", "Pod", "shop", "web", "", "8080");

    static Result result(String id) {
        return new Result(id, "MTLS-002", "1.0.0", "zero-trust", "t", Status.FAIL, Severity.HIGH, REF, "m",
                Map.of("k", "v"), List.of("c"), "fix");
    }

    @Test
    void idsAreKeptExactlyAsGiven() {
        for (String id : new String[] {"00000000000000ff", "ffffffffffffffff", "0000000000000000", "7f3a9c0b12d4e5f6",
            "00000000000000FF", "abc", "", "0123456789abcdef0", "g123456789abcdef", "prod:0123456789abcdef"}) {
            assertEquals(id, result(id).id());
        }
        assertNull(result(null).id());
    }

    @Test
    void theRulesPartIsOneInstanceAndEqualityStillComparesIt() {
        Result a = result("00000000000000ff");
        Result b = new Result("00000000000000aa", new String("MTLS-002"), "1.0.0", "zero-trust", "t", Status.PASS,
                Severity.HIGH, REF, "m", Map.of(), new java.util.ArrayList<>(List.of("c")), null);
        assertEquals(List.of("MTLS-002", "1.0.0", "zero-trust", "t", List.of("c")),
                List.of(b.ruleId(), b.ruleVersion(), b.pack(), b.title(), b.controls()));
        org.junit.jupiter.api.Assertions.assertSame(a.ruleId(), b.ruleId()); // one shared part for both results
        org.junit.jupiter.api.Assertions.assertSame(a.controls(), b.controls());
        for (Result other : List.of(
                new Result("00000000000000ff", "MTLS-003", "1.0.0", "zero-trust", "t", Status.FAIL, Severity.HIGH, REF,
                        "m", Map.of("k", "v"), List.of("c"), "fix"),
                new Result("00000000000000ff", "MTLS-002", "1.0.1", "zero-trust", "t", Status.FAIL, Severity.HIGH, REF,
                        "m", Map.of("k", "v"), List.of("c"), "fix"),
                new Result("00000000000000ff", "MTLS-002", "1.0.0", "pci", "t", Status.FAIL, Severity.HIGH, REF,
                        "m", Map.of("k", "v"), List.of("c"), "fix"),
                new Result("00000000000000ff", "MTLS-002", "1.0.0", "zero-trust", "u", Status.FAIL, Severity.HIGH, REF,
                        "m", Map.of("k", "v"), List.of("c"), "fix"),
                new Result("00000000000000ff", "MTLS-002", "1.0.0", "zero-trust", "t", Status.FAIL, Severity.HIGH, REF,
                        "m", Map.of("k", "v"), List.of("c", "d"), "fix"))) {
            assertNotEquals(a, other, other.toString());
        }
    }

    @Test
    void equalityFollowsTheComponents() {
        assertEquals(result("00000000000000ff"), result("00000000000000ff"));
        assertEquals(result("00000000000000ff").hashCode(), result("00000000000000ff").hashCode());
        assertNotEquals(result("00000000000000ff"), result("00000000000000FF"));
        assertNotEquals(result("0000000000000000"), result(null));
        assertNotEquals(result("0000000000000000"), result(""));
    }

    @Test
    void jsonIsTheRecordFormAndReadsBack() {
        Result r = result("7f3a9c0b12d4e5f6");
        tools.jackson.databind.JsonNode json = ReportJson.toTree(r);
        assertEquals(List.of("id", "ruleId", "ruleVersion", "pack", "title", "status", "severity", "subject", "message",
                "evidence", "controls", "remediation"), List.copyOf(json.propertyNames()),
                "the components in order, nulls left out");
        assertEquals("7f3a9c0b12d4e5f6", json.path("id").asString());
        Result back = tools.jackson.databind.json.JsonMapper.builder().build().treeToValue(json, Result.class);
        assertEquals(r, back);
    }

    @Test
    void idListsSpellTheIdsOfTheirResults() {
        List<String> ids = Result.ids(List.of(result("00000000000000ff"), result("x")));
        assertEquals(List.of("00000000000000ff", "x"), ids);
        assertEquals("[\"00000000000000ff\",\"x\"]", ReportJson.toTree(ids).toString());
    }
}
