package org.meshaudit.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.UsageException;
import org.meshaudit.facts.NamespaceFact;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.Result;

/**
 * The evaluator gives its results in report order (rule id, then subject) whatever the order of the packs, their
 * rules and the facts; the audit relies on it instead of sorting again. Rule ids are unique across packs, and a DRL
 * rule records only under the id of its own folder.
 */
class ReportOrderTest {
    @TempDir
    Path tmp;

    /** A pack {@code id} whose rules (ids given) fail namespaces whose name ends in an odd digit. */
    RulePack pack(String id, String... ruleIds) throws IOException {
        Map<String, String> drl = new java.util.TreeMap<>();
        for (String ruleId : ruleIds) {
            drl.put(ruleId, TestPacks.oddNamespacesFail("org.example." + id, ruleId));
        }
        return TestPacks.namespacePack(tmp, id, drl);
    }

    static List<Subject> shuffledNamespaces(int n) {
        List<Subject> facts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            facts.add(new NamespaceFact(new SubjectRef("v1", "Namespace", "", "ns-" + i, null, null), Map.of(), null,
                    List.of(), null, null, List.of(), false, false, List.of(), null, Set.of()));
        }
        Collections.shuffle(facts, new Random(7));
        return facts;
    }

    List<Result> evaluate(List<RulePack> packs) {
        return new Evaluator(packs, RuleBaseMode.DRL, getClass().getClassLoader())
                .evaluate(shuffledNamespaces(40), Map.of(), Set.of());
    }

    static void assertInReportOrder(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Result.REPORT_ORDER);
        assertEquals(sorted.stream().map(r -> r.ruleId() + " " + r.subject().name()).toList(),
                results.stream().map(r -> r.ruleId() + " " + r.subject().name()).toList());
    }

    @Test
    void resultsComeInReportOrder() throws IOException {
        List<Result> results = evaluate(List.of(pack("later", "ORD-003", "ORD-001"), pack("earlier", "ORD-002")));
        assertEquals(120, results.size());
        assertInReportOrder(results);
    }

    @Test
    void twoPacksThatShareARuleIdAreRefused() throws IOException {
        // findings are keyed by rule id: the second pack would change the first one's verdicts (E09)
        List<RulePack> packs = List.of(pack("one", "ORD-001", "ORD-002"), pack("two", "ORD-001"));
        UsageException e = assertThrows(UsageException.class, () -> evaluate(packs));
        assertTrue(e.getMessage().contains("rule id ORD-001 is declared by packs one and two"), e.getMessage());
    }

    @Test
    void aRuleCannotRecordUnderTheIdOfAnotherFolder() throws IOException {
        Path dir = tmp.resolve("spoof");
        TestPacks.pack(dir, "spoof", "Spoof");
        String header = """
                package org.example.spoof;
                import org.meshaudit.facts.NamespaceFact;
                global org.meshaudit.evaluate.Findings findings;
                """;
        String rule = """
                rule "%s %s"
                    @ruleId("%s")
                when
                    $a : NamespaceFact()
                then
                    findings.%s(kcontext, $a, "recorded by %s");
                end
                """;
        TestPacks.namespaceRule(dir, "ORD-001", "first", "First",
                header + rule.formatted("ORD-001", "own", "ORD-001", "fail", "1"));
        // the folder of ORD-002 has its own rule (so its file names its id) and one tagged with ORD-001's id
        TestPacks.namespaceRule(dir, "ORD-002", "second", "Second", header
                + rule.formatted("ORD-002", "own", "ORD-002", "fail", "2")
                + rule.formatted("ORD-002", "spoof", "ORD-001", "error", "2"));
        UsageException e = assertThrows(UsageException.class, () -> evaluate(List.of(PackLoader.fromDirectory(dir))));
        assertTrue(e.getMessage().contains("'ORD-002 spoof' in the folder of ORD-002"), e.getMessage());
    }
}
