package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.evaluate.Evaluator;
import org.meshaudit.evaluate.PackLoader;
import org.meshaudit.evaluate.RuleBaseMode;
import org.meshaudit.evaluate.RulePack;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The shipped packs' precompiled executable models and their DRL compiled at runtime give the same reports, byte for
 * byte: on the demo cluster and on every fixture of every pack, each run with all rules of all shipped packs.
 */
class RuleBaseEquivalenceTest {
    static final ClassLoader LOADER = RuleBaseEquivalenceTest.class.getClassLoader();
    static final Instant AS_OF = Instant.parse("2026-11-29T00:00:00Z");
    static final AuditEngine PRECOMPILED = new AuditEngine(LOADER, RuleBaseMode.AUTO);
    static final AuditEngine DRL = new AuditEngine(LOADER, RuleBaseMode.DRL);

    @Test
    void shippedPacksWithRulesAreLoadedFromTheirPrecompiledModel() {
        List<RulePack> packs = PackLoader.fromClasspath(LOADER);
        Evaluator auto = new Evaluator(packs, RuleBaseMode.AUTO, LOADER);
        Evaluator drl = new Evaluator(packs, RuleBaseMode.DRL, LOADER);
        for (RulePack p : packs) {
            Evaluator.Source expected = p.rules().isEmpty() ? Evaluator.Source.NO_RULES : Evaluator.Source.PRECOMPILED;
            assertEquals(expected, auto.sources().get(p.id()), p.id());
            assertNull(auto.note(p.id()), p.id());
            assertEquals(p.rules().isEmpty() ? Evaluator.Source.NO_RULES : Evaluator.Source.DRL,
                    drl.sources().get(p.id()), p.id());
        }
        assertTrue(auto.sources().containsValue(Evaluator.Source.PRECOMPILED), "no pack was precompiled");
        // the shipped rules look at one fact at a time, both ways, so large clusters are evaluated in batches
        assertTrue(auto.batched(), "precompiled rules not batched");
        assertTrue(drl.batched(), "DRL rules not batched");
    }

    @Test
    void demoClusterReportIsTheSameBothWays() {
        AuditRequest request = new AuditRequest(List.of(CliRunner.demo().toString()), null, AS_OF, Set.of(),
                "baseline", CliRunner.repoRoot().resolve("examples/meshaudit.yaml"), List.of(), Set.of(), false, null);
        String a = json(PRECOMPILED.run(request));
        String b = json(DRL.run(request));
        assertTrue(a.contains("\"status\" : \"FAIL\""), "the demo cluster has findings");
        assertEquals(b, a);
    }

    @Test
    void everyFixtureGivesTheSameReportBothWays() throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().build();
        Map<String, String> differences = new TreeMap<>();
        int runs = 0;
        try (Stream<Path> packs = Files.list(CliRunner.repoRoot().resolve("policies"))) {
            for (Path pack : packs.sorted().toList()) {
                Path rules = pack.resolve("rules");
                if (!Files.isDirectory(rules)) {
                    continue;
                }
                List<Path> fixtures = new ArrayList<>();
                try (Stream<Path> s = Files.walk(rules, 3)) {
                    s.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("fixtures")
                            && Files.isRegularFile(p.resolve("expected.yaml"))).sorted().forEach(fixtures::add);
                }
                for (Path fixture : fixtures) {
                    JsonNode options = yaml.readTree(Files.readAllBytes(fixture.resolve("expected.yaml")))
                            .path("options");
                    AuditRequest request = request(fixture, options);
                    String a = outcome(PRECOMPILED, request);
                    String b = outcome(DRL, request);
                    runs++;
                    if (!a.equals(b)) {
                        differences.put(CliRunner.repoRoot().relativize(fixture).toString(), firstDifference(b, a));
                    }
                }
            }
        }
        assertTrue(runs > 100, "the fixture walk found only " + runs + " fixtures");
        assertTrue(differences.isEmpty(), differences.size() + " of " + runs
                + " fixtures differ (DRL vs precompiled): " + differences);
    }

    /** The request PackFixtureTests makes for a fixture, with every rule of every shipped pack. */
    static AuditRequest request(Path fixture, JsonNode options) throws IOException {
        Path config = fixture.resolve("meshaudit.yaml");
        Instant asOf = options.has("asOf") ? Instant.parse(options.path("asOf").asString()) : AS_OF;
        String input = fixture.resolve("input").toString();
        boolean certFiles;
        try (Stream<Path> s = Files.walk(fixture.resolve("input"))) {
            certFiles = s.anyMatch(p -> p.getFileName().toString().matches("(?i).*\\.(pem|crt|der|p7b|p12|pfx|jks)"));
        }
        List<String> trust = Files.isDirectory(fixture.resolve("trust"))
                ? List.of(fixture.resolve("trust").toString()) : List.of();
        return new AuditRequest(List.of(input), null, asOf, Set.of(), options.path("profile").asString("baseline"),
                Files.exists(config) ? config : null, List.of(), Set.of(),
                options.path("assumeMeshDefaults").asBoolean(false), null, certFiles ? List.of(input) : List.of(),
                trust, null);
    }

    /** The canonical JSON report, or the error a run ends with (then both ways must end with the same). */
    static String outcome(AuditEngine engine, AuditRequest request) {
        try {
            return json(engine.run(request));
        } catch (RuntimeException e) {
            return "error: " + e;
        }
    }

    static String json(AuditReport report) {
        return new String(ReportJson.toBytes(report), StandardCharsets.UTF_8);
    }

    static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n");
        String[] a = actual.split("\n");
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            if (!e[i].equals(a[i])) {
                return "line " + (i + 1) + ": DRL " + e[i].strip() + " | precompiled " + a[i].strip();
            }
        }
        return "lengths " + e.length + " vs " + a.length;
    }

    @Test
    void fixtureRequestsReadCleanly() throws IOException {
        // guard against a walk that silently skips everything: one known fixture yields a report with results
        Path fixture = CliRunner.repoRoot()
                .resolve("policies/zero-trust/rules/mtls-001-namespace-strict-mtls/fixtures");
        try (Stream<Path> s = Files.list(fixture)) {
            Path first = s.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
            AuditReport r = PRECOMPILED.run(request(first, YAMLMapper.builder().build().createObjectNode()));
            assertFalse(r.results().isEmpty());
        }
    }
}
