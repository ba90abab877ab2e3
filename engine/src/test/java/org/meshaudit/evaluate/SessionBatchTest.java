package org.meshaudit.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.api.Status;
import org.meshaudit.facts.NamespaceFact;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.Result;

/**
 * Facts go to the rules in batches of {@link Evaluator#SESSION_BATCH} only when every rule looks at one fact at a
 * time; a rule that relates two facts sees all of them in one session, so a pair split across batches is still
 * found (a batch boundary must never turn a FAIL into a PASS).
 */
class SessionBatchTest {
    @TempDir
    Path tmp;

    /** A one-rule pack whose rule has the given conditions over NamespaceFact {@code $a} (and whatever else). */
    RulePack pack(String when) throws IOException {
        Path dir = tmp.resolve("pack");
        TestPacks.pack(dir, "shapes", "Rule shapes");
        TestPacks.namespaceRule(dir, "TST-001", "shape", "Namespaces have no twin", """
                package org.example.shapes;
                import org.meshaudit.facts.NamespaceFact;
                import org.meshaudit.facts.PortPosture;
                import org.meshaudit.facts.WorkloadPosture;
                global org.meshaudit.evaluate.Findings findings;
                rule "TST-001 shape"
                    @ruleId("TST-001")
                when
                %s
                then
                    findings.fail(kcontext, $a, "matched");
                end
                """.formatted(when));
        return PackLoader.fromDirectory(dir);
    }

    static NamespaceFact namespace(String name, String twin) {
        return new NamespaceFact(new SubjectRef("v1", "Namespace", "", name, null, null),
                twin == null ? Map.of() : Map.of("twin", twin), null, List.of(), null, null, List.of(), false, false,
                List.of(), null, Set.of());
    }

    /** Rule conditions, and whether facts may go to them in batches. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                // one fact at a time
                Arguments.of("$a : NamespaceFact( name == \"x\" )", true),
                Arguments.of("$a : NamespaceFact( labels[\"twin\"] != null )\n    eval( $a.getName().length() > 0 )",
                        true),
                Arguments.of("$w : WorkloadPosture()\n    $p : PortPosture( port > 0 ) from $w.ports\n"
                        + "    $a : NamespaceFact() from $w.ports", true),
                // relating facts
                Arguments.of("$a : NamespaceFact()\n    $b : NamespaceFact( this != $a )", false),
                Arguments.of("$a : NamespaceFact()\n    not NamespaceFact( this != $a, labels[\"twin\"] != null )",
                        false),
                Arguments.of("$a : NamespaceFact()\n    exists NamespaceFact( this != $a )", false),
                Arguments.of("$a : NamespaceFact()\n    Number( intValue > 1 ) from accumulate( NamespaceFact(), "
                        + "count() )", false),
                Arguments.of("$a : NamespaceFact()\n    java.util.List( size > 1 ) from collect( NamespaceFact() )",
                        false),
                Arguments.of("( $a : NamespaceFact( name == \"x\" ) or $a : NamespaceFact( name == \"y\" ) )", false),
                Arguments.of("not WorkloadPosture()\n    $a : NamespaceFact()", false));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void factsGoInBatchesOnlyToRulesThatLookAtOneFact(String when, boolean batched) throws IOException {
        assertEquals(batched,
                new Evaluator(List.of(pack(when)), RuleBaseMode.DRL, getClass().getClassLoader()).batched(), when);
    }

    @Test
    void shippedPackIsBatched() {
        RulePack zt = PackLoader.fromDirectory(Path.of("../policies/zero-trust"));
        assertTrue(new Evaluator(List.of(zt), RuleBaseMode.DRL, getClass().getClassLoader()).batched());
    }

    @Test
    void aPairSplitAcrossBatchesIsStillFound() throws IOException {
        RulePack twins = pack("$a : NamespaceFact( labels[\"twin\"] != null )\n"
                + "    $b : NamespaceFact( this != $a, labels[\"twin\"] == $a.labels[\"twin\"] )");
        Evaluator evaluator = new Evaluator(List.of(twins), RuleBaseMode.DRL, getClass().getClassLoader());
        assertFalse(evaluator.batched());
        List<Subject> facts = new ArrayList<>();
        facts.add(namespace("first", "t"));
        for (int i = 0; i < Evaluator.SESSION_BATCH + 10; i++) {
            facts.add(namespace(String.format("ns-%06d", i), null));
        }
        facts.add(namespace("last", "t"));
        List<Result> results = evaluator.evaluate(facts, Map.of(), Set.of());
        assertEquals(facts.size(), results.size());
        List<String> failed = results.stream().filter(r -> r.status() == Status.FAIL).map(r -> r.subject().name())
                .toList();
        assertEquals(List.of("first", "last"), failed);
    }
}
