package org.meshaudit.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.meshaudit.facts.NamespaceFact;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.Result;

/**
 * The evaluator gives its results in report order (rule id, then subject) whatever the order of the packs, their
 * rules and the facts, and also when two packs share a rule id; the audit relies on it instead of sorting again.
 */
class ReportOrderTest {
    @TempDir
    Path tmp;

    /** A pack {@code id} whose rules (ids given) fail namespaces whose name ends in an odd digit. */
    RulePack pack(String id, String... ruleIds) throws IOException {
        Path dir = tmp.resolve(id);
        TestPacks.pack(dir, id, "Order " + id);
        for (String ruleId : ruleIds) {
            TestPacks.namespaceRule(dir, ruleId, "order", "Namespaces are even", """
                    package org.example.%s;
                    import org.meshaudit.facts.NamespaceFact;
                    global org.meshaudit.evaluate.Findings findings;
                    rule "%s odd"
                        @ruleId("%s")
                    when
                        $a : NamespaceFact( name matches ".*[13579]" )
                    then
                        findings.fail(kcontext, $a, "odd");
                    end
                    """.formatted(id, ruleId, ruleId));
        }
        return PackLoader.fromDirectory(dir);
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
    void twoPacksWithTheSameRuleIdStillGiveReportOrder() throws IOException {
        List<Result> results = evaluate(List.of(pack("one", "ORD-001", "ORD-002"), pack("two", "ORD-001")));
        assertEquals(120, results.size());
        assertInReportOrder(results);
    }
}
