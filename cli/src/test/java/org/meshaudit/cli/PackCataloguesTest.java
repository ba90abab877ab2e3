package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.Status;
import org.meshaudit.evaluate.FrameworkCatalog;
import org.meshaudit.evaluate.PackLoader;
import org.meshaudit.evaluate.RuleMetadata;
import org.meshaudit.evaluate.RulePack;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.ReportJson;
import org.meshaudit.report.Requirement;

/** The bundled packs agree with their framework catalogues, and each framework rolls up on the demo cluster. */
class PackCataloguesTest {
    /** NIST SP 800-53 Rev. 5 controls of controls-catalog.md section 6 (enhancements such as SC-7(5) allowed). */
    static final Set<String> NIST = Set.of("SC-8", "SC-12", "SC-13", "SC-17", "SC-23", "SC-7", "IA-3", "IA-5", "IA-9",
            "AC-3", "AC-4", "AC-6", "CM-6", "CM-7", "CM-8", "AU-2", "AU-12", "SI-4", "CA-7", "SC-28");
    /** Prefixes that cite guidance without a requirement catalogue of their own. */
    static final Set<String> CITATION_ONLY = Set.of("crypto", "edpb", "enisa", "hipaa-nprm");

    static final List<RulePack> PACKS = PackLoader.fromClasspath(PackCataloguesTest.class.getClassLoader());

    static Map<String, FrameworkCatalog> catalogues() {
        Map<String, FrameworkCatalog> byPrefix = new TreeMap<>();
        PACKS.stream().filter(p -> p.framework() != null).forEach(p -> byPrefix.put(p.framework().prefix(), p.framework()));
        return byPrefix;
    }

    @Test
    void everyFrameworkHasItsPack() {
        assertEquals(Set.of("gdpr", "hipaa", "pci", "zt"), catalogues().keySet());
    }

    @Test
    void everyControlKeyOfEveryRuleIsInItsCatalogue() {
        Map<String, FrameworkCatalog> cats = catalogues();
        List<String> missing = new ArrayList<>();
        for (RulePack p : PACKS) {
            for (RuleMetadata r : p.rules()) {
                for (String key : r.controls()) {
                    String prefix = key.substring(0, key.indexOf(':'));
                    String id = key.substring(prefix.length() + 1);
                    if (prefix.equals("nist")) {
                        if (!NIST.contains(id.replaceAll("\\(\\d+\\)$", ""))) {
                            missing.add(r.id() + " " + key);
                        }
                    } else if (!CITATION_ONLY.contains(prefix)) {
                        FrameworkCatalog c = cats.get(prefix);
                        if (c == null || c.requirements().stream().noneMatch(q -> q.id().equals(id))) {
                            missing.add(r.id() + " " + key);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "control keys missing from their framework catalogue");
    }

    @Test
    void everyAutomatedRequirementHasARule() {
        Set<String> keys = new TreeSet<>();
        PACKS.forEach(p -> p.rules().forEach(r -> keys.addAll(r.controls())));
        List<String> orphans = new ArrayList<>();
        for (FrameworkCatalog c : catalogues().values()) {
            for (FrameworkCatalog.Requirement q : c.requirements()) {
                if (q.kind() == FrameworkCatalog.Kind.AUTOMATED && !keys.contains(c.key(q))) {
                    orphans.add(c.key(q));
                }
            }
        }
        assertEquals(List.of(), orphans, "automated requirements that no rule evidences");
    }

    @Test
    void frameworksRollUpOnTheDemoCluster(@TempDir Path out) throws IOException {
        Path config = CliRunner.repoRoot().resolve("examples/meshaudit.yaml");
        CliRunner.Run r = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--config", config.toString(),
                "--as-of", "2026-11-29T00:00:00Z", "-o", out.toString(), "-q");
        assertEquals(ExitCodes.FINDINGS, r.code(), r.err());
        AuditReport report = ReportJson.read(out.resolve("audit.json"));
        Map<String, FrameworkView> views = new TreeMap<>();
        report.frameworks().forEach(f -> views.put(f.id(), f));
        assertEquals(Set.of("zero-trust", "pci-dss", "hipaa", "gdpr"), views.keySet());

        FrameworkView pci = views.get("pci-dss");
        assertEquals(List.of("checkout"), pci.scope().namespaces());
        assertEquals("4.0.1", pci.version());
        assertEquals(Status.FAIL, req(pci, "4.2.1").status(), "plaintext egress from the CDE fails 4.2.1");
        assertEquals(Status.FAIL, req(pci, "7.3.3").status(), "allow-all in checkout fails deny-by-default");
        assertEquals(Status.MANUAL, req(pci, "12.3.3").status());
        assertNotNull(req(pci, "12.3.3").note());
        assertEquals(Status.NOT_APPLICABLE, req(pci, "4.2.1.2").status());
        assertFalse(req(pci, "4.2.1").resultIds().isEmpty());
        assertTrue(pci.scope().workloads().contains("Deployment/checkout/payments"));

        FrameworkView gdpr = views.get("gdpr");
        assertTrue(gdpr.scope().namespaces().containsAll(List.of("checkout", "storefront")));
        assertFalse(gdpr.scope().namespaces().contains("legacy"));
        assertEquals(Status.FAIL, req(gdpr, "32(1)(a)").status());

        FrameworkView hipaa = views.get("hipaa");
        assertEquals(List.of(), hipaa.scope().namespaces(), "no namespace carries PHI in the demo");
        assertEquals(Status.NOT_APPLICABLE, req(hipaa, "164.312(e)(1)").status());
        assertEquals(Boolean.TRUE, req(hipaa, "164.312(e)(2)(ii)").addressable());

        FrameworkView zt = views.get("zero-trust");
        assertEquals(Status.FAIL, req(zt, "800-207/T2").status());
        assertEquals(Status.MANUAL, req(zt, "800-207/T7").status());
        // every requirement of every catalogue is listed, none hidden
        for (FrameworkView v : views.values()) {
            FrameworkCatalog c = PACKS.stream().filter(p -> p.framework() != null && p.framework().id().equals(v.id()))
                    .findFirst().orElseThrow().framework();
            assertEquals(c.requirements().size(), v.requirements().size(), v.id());
        }
    }

    /** Writes a one-rule user pack {@code acme} whose rule has the given id and DRL body. */
    private static Path userPack(Path dir, String ruleId, String drl) throws IOException {
        Path rule = Files.createDirectories(dir.resolve("pack/rules/" + ruleId.toLowerCase(java.util.Locale.ROOT)
                + "-any-networkpolicy"));
        Files.writeString(dir.resolve("pack/pack.yaml"), "id: acme\nversion: 1.2.3\ntitle: ACME house rules\n");
        Files.writeString(rule.resolve("rule.yaml"), String.join("\n", "id: " + ruleId, "slug: any-networkpolicy",
                "version: 1.0.0", "title: Every namespace has at least one NetworkPolicy", "severity: low",
                "applies_to: {fact: NamespaceFact, excludes: [system]}", "rationale: house rule",
                "remediation: add one", "controls: [nist:SC-7]", "references: [house]", ""));
        Files.writeString(rule.resolve("rule.drl"), drl);
        return dir.resolve("pack");
    }

    private static String noPolicyRule(String ruleId) {
        return String.join("\n", "package acme;", "import org.meshaudit.facts.NamespaceFact;",
                "global org.meshaudit.evaluate.Findings findings;",
                "rule \"ACME no policy\" @ruleId(\"" + ruleId + "\")", "when $n : NamespaceFact( networkPolicies.isEmpty() )",
                "then findings.fail(kcontext, $n, \"no NetworkPolicy at all\"); end", "");
    }

    @Test
    void aUserPackIsLoadedEvaluatedAndRecorded(@TempDir Path dir) throws IOException {
        Path pack = userPack(dir, "ACME-NET-001", noPolicyRule("ACME-NET-001"));
        CliRunner.Run r = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--policy-dir",
                pack.toString(), "-o", dir.resolve("out").toString(), "-q", "--fail-on", "none");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        AuditReport report = ReportJson.read(dir.resolve("out/audit.json"));
        assertTrue(report.metadata().packs().stream().anyMatch(p -> p.id().equals("acme") && p.sha256().startsWith("sha256:")));
        assertTrue(report.results().stream().anyMatch(x -> x.pack().equals("acme") && x.ruleId().equals("ACME-NET-001")
                && x.status() == Status.FAIL && x.subject().key().equals("Namespace/legacy")));

        userPack(dir, "ACME-NET-001", "package acme;\nrule \"broken\" @ruleId(\"ACME-NET-001\") when $x : Nope( then end\n");
        CliRunner.Run broken = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--policy-dir",
                pack.toString(), "-o", dir.resolve("out2").toString());
        assertEquals(ExitCodes.USAGE, broken.code());
        assertTrue(broken.err().contains("acme_net_001.drl") || broken.err().contains("DRL"), broken.err());
    }

    @Test
    void aUserPackCannotTakeTheIdOfAShippedRule(@TempDir Path dir) throws IOException {
        // its findings would be merged into zero-trust's NET-001 results (E09): refused, naming both packs
        Path pack = userPack(dir, "NET-001", noPolicyRule("NET-001"));
        CliRunner.Run r = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--policy-dir",
                pack.toString(), "-o", dir.resolve("out").toString(), "-q");
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("rule id NET-001 is declared by packs acme and zero-trust")
                || r.err().contains("rule id NET-001 is declared by packs zero-trust and acme"), r.err());
        assertFalse(Files.exists(dir.resolve("out/audit.json")));
    }

    @Test
    void coverageListsEveryRequirement() {
        CliRunner.Run r = CliRunner.run("policies", "coverage", "pci-dss");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("4.2.1.1"), r.out());
        assertTrue(r.out().contains("manual"), r.out());
        assertTrue(r.out().contains("PCI-EGR-001"), r.out());
        assertEquals(ExitCodes.USAGE, CliRunner.run("policies", "coverage", "sox").code());
    }

    private static Requirement req(FrameworkView v, String id) {
        return v.requirements().stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(v.id() + " " + id));
    }
}
