package org.meshaudit.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Rule packs written to a directory for tests: a pack.yaml, and one folder per rule with its rule.yaml and DRL. */
final class TestPacks {
    private TestPacks() {
    }

    /** Writes {@code dir/pack.yaml}. */
    static void pack(Path dir, String id, String title) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pack.yaml"), "id: " + id + "\nversion: 0.1.0\ntitle: " + title + "\n");
    }

    /** DRL of a rule that fails every namespace whose name ends in an odd digit. */
    static String oddNamespacesFail(String drlPackage, String ruleId) {
        return """
                package %s;
                import org.meshaudit.facts.NamespaceFact;
                global org.meshaudit.evaluate.Findings findings;
                rule "%s odd"
                    @ruleId("%s")
                when
                    $a : NamespaceFact( name matches ".*[13579]" )
                then
                    findings.fail(kcontext, $a, "odd");
                end
                """.formatted(drlPackage, ruleId, ruleId);
    }

    /** Writes pack {@code id} under {@code root} with one NamespaceFact rule per entry (rule id → DRL), and loads it. */
    static RulePack namespacePack(Path root, String id, java.util.Map<String, String> drlByRule) throws IOException {
        Path dir = root.resolve(id);
        pack(dir, id, "Test pack " + id);
        for (var r : new java.util.TreeMap<>(drlByRule).entrySet()) {
            namespaceRule(dir, r.getKey(), "rule", "Namespaces behave", r.getValue());
        }
        return PackLoader.fromDirectory(dir);
    }

    /** Writes rule {@code id} of low severity over NamespaceFact, with the given DRL, in {@code dir/rules/}. */
    static void namespaceRule(Path dir, String id, String slug, String title, String drl) throws IOException {
        Path rule = dir.resolve("rules/" + id.toLowerCase(Locale.ROOT) + "-" + slug);
        Files.createDirectories(rule);
        Files.writeString(rule.resolve("rule.yaml"), """
                id: %s
                slug: %s
                version: 1.0.0
                title: %s
                severity: low
                applies_to:
                  fact: NamespaceFact
                rationale: test
                remediation: test
                controls: [nist:SC-8(1)]
                references: []
                aliases: []
                status: experimental
                """.formatted(id, slug, title));
        Files.writeString(rule.resolve("rule.drl"), drl);
    }
}
