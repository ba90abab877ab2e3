package org.meshaudit.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.EngineException;
import org.meshaudit.api.Status;
import org.meshaudit.report.Result;

/** A faulty rule of a pack changes nothing but its own verdicts, and never hangs the run (E06, E07). */
class RuleFaultsTest {
    @TempDir
    Path tmp;

    private static final String HEADER = """
            package org.example.faults;
            import org.meshaudit.facts.NamespaceFact;
            global org.meshaudit.evaluate.Findings findings;
            """;

    private RulePack pack(String id, Map<String, String> rules) throws IOException {
        return TestPacks.namespacePack(tmp, id, rules);
    }

    private static List<Result> evaluate(RulePack... packs) {
        return new Evaluator(List.of(packs), RuleBaseMode.DRL, RuleFaultsTest.class.getClassLoader())
                .evaluate(ReportOrderTest.shuffledNamespaces(40), Map.of(), Set.of());
    }

    private static final String ODD_FAILS = TestPacks.oddNamespacesFail("org.example.faults", "FLT-002");

    @Test
    void aThrowingActionMakesItsOwnVerdictsErrorAndLeavesTheOthersAsTheyWere() throws IOException {
        String throwsOnOdd = """
                rule "FLT-001 throws on odd namespaces"
                    @ruleId("FLT-001")
                when
                    $n : NamespaceFact()
                then
                    if ($n.getName().matches(".*[13579]")) {
                        throw new IllegalStateException("boom on " + $n.getName());
                    }
                    findings.fail(kcontext, $n, "even");
                end
                """;
        List<Result> results = evaluate(pack("faulty", Map.of("FLT-001", HEADER + throwsOnOdd)),
                pack("sound", Map.of("FLT-002", ODD_FAILS)));
        List<Result> faulty = results.stream().filter(r -> r.ruleId().equals("FLT-001")).toList();
        assertEquals(40, faulty.size());
        for (Result r : faulty) {
            boolean odd = r.subject().name().matches(".*[13579]");
            assertEquals(odd ? Status.ERROR : Status.FAIL, r.status(), r.subject().name());
            if (odd) {
                String expected = "rule action failed: IllegalStateException: boom on " + r.subject().name();
                assertTrue(r.message().contains(expected), r.message());
            }
        }
        List<Result> alone = evaluate(pack("sound-alone", Map.of("FLT-002", ODD_FAILS)));
        assertEquals(alone.stream().map(r -> r.subject().name() + " " + r.status() + " " + r.message()).toList(),
                results.stream().filter(r -> r.ruleId().equals("FLT-002"))
                        .map(r -> r.subject().name() + " " + r.status() + " " + r.message()).toList());
    }

    @Test
    void aRuleThatReTriggersItselfEndsTheRunInsteadOfHangingIt() throws IOException {
        String loops = """
                rule "FLT-003 updates its own fact"
                    @ruleId("FLT-003")
                when
                    $n : NamespaceFact()
                then
                    update($n);
                end
                """;
        RulePack p = pack("loop", Map.of("FLT-003", HEADER + loops));
        EngineException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(EngineException.class, () -> evaluate(p)));
        assertTrue(e.getMessage().contains("rule evaluation did not settle"), e.getMessage());
    }
}
