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
        Map<String, String> drl = new java.util.TreeMap<>();
        rules.forEach((ruleId, body) -> drl.put(ruleId, HEADER + body));
        return TestPacks.namespacePack(tmp, id, drl);
    }

    private static List<Result> evaluate(RulePack... packs) {
        return new Evaluator(List.of(packs), RuleBaseMode.DRL, RuleFaultsTest.class.getClassLoader())
                .evaluate(ReportOrderTest.shuffledNamespaces(40), Map.of(), Set.of());
    }

    private static final String ODD_FAILS = """
            rule "FLT-002 odd namespaces fail"
                @ruleId("FLT-002")
            when
                $n : NamespaceFact( name matches ".*[13579]" )
            then
                findings.fail(kcontext, $n, "odd");
            end
            """;

    @Test
    void aThrowingActionMakesItsOwnVerdictsErrorAndLeavesTheOthersAsTheyWere() throws IOException {
        String throwsOnOdd = """
                rule "FLT-001 throws on odd namespaces"
                    @ruleId("FLT-001")
                when
                    $n : NamespaceFact()
                then
                    if ($n.getName().matches(".*[13579]")) { throw new IllegalStateException("boom on " + $n.getName()); }
                    findings.fail(kcontext, $n, "even");
                end
                """;
        List<Result> results = evaluate(pack("faulty", Map.of("FLT-001", throwsOnOdd)), pack("sound", Map.of("FLT-002", ODD_FAILS)));
        List<Result> faulty = results.stream().filter(r -> r.ruleId().equals("FLT-001")).toList();
        assertEquals(40, faulty.size());
        for (Result r : faulty) {
            boolean odd = r.subject().name().matches(".*[13579]");
            assertEquals(odd ? Status.ERROR : Status.FAIL, r.status(), r.subject().name());
            if (odd) {
                assertTrue(r.message().contains("rule action failed: IllegalStateException: boom on " + r.subject().name()),
                        r.message());
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
        RulePack p = pack("loop", Map.of("FLT-003", loops));
        EngineException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(EngineException.class, () -> evaluate(p)));
        assertTrue(e.getMessage().contains("rule evaluation did not settle"), e.getMessage());
    }
}
