package org.meshaudit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.api.Status;
import org.meshaudit.evaluate.PackLoader;
import org.meshaudit.evaluate.RuleMetadata;
import org.meshaudit.evaluate.RulePack;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Result;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Runs every fixture of a pack ({@code rules/<rule>/fixtures/<fixture>/}) through the whole pipeline and checks
 * the pack's shape. A pack's test class extends this with no body; the pack directory comes from the system property
 * {@code meshaudit.pack.dir} (set by the pack's POM) unless {@link #packDir()} is overridden.
 *
 * <p>A fixture holds {@code input/} (manifests), optionally {@code meshaudit.yaml}, and {@code expected.yaml}:
 * <pre>
 * options: {assumeMeshDefaults: true}      # optional
 * results:
 *   - resource: Namespace/checkout          # Kind/namespace/name[:port], as SubjectRef.key()
 *     status: FAIL
 *     severity: high                        # optional
 *     detail_contains: PERMISSIVE           # optional
 * </pre>
 * The fixture prefix states the outcome for the rule: {@code pass-} (no FAIL or ERROR, at least one PASS),
 * {@code fail-} (at least one FAIL), {@code na-} (only NOT_APPLICABLE), {@code error-} (at least one ERROR).
 */
public abstract class PackFixtureTests {
    /** Rule ids of controls-catalog.md section 8. */
    public static final Set<String> CATALOGUE = Set.of("MTLS-001", "MTLS-002", "MTLS-003", "MTLS-004", "MTLS-005",
            "MTLS-006", "MTLS-007", "PKI-001", "AUTHZ-001", "AUTHZ-002", "AUTHZ-003", "NET-001", "NET-002",
            "KEY-001", "KEY-002", "KEY-003", "KEY-004", "SIG-001", "CERT-001", "CERT-002", "CERT-003", "CERT-004",
            "CERT-005", "CERT-006", "CERT-007", "CERT-008", "SEC-001", "CMGR-001", "CMGR-002", "TLS-001", "TLS-002",
            "TLS-003", "TLS-004", "LOG-001", "INV-001", "PQC-001");
    public static final Instant AS_OF = Instant.parse("2026-11-29T00:00:00Z");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    protected Path packDir() {
        String dir = System.getProperty("meshaudit.pack.dir");
        if (dir == null) {
            fail("system property meshaudit.pack.dir is not set (see the pack's pom.xml)");
        }
        return Path.of(dir);
    }

    /** Ids a pack may use besides the catalogue's (framework-only checks with a pack prefix). */
    protected boolean allowedId(String id) {
        return CATALOGUE.contains(id);
    }

    /** Rules whose fixtures this class runs (all by default). */
    protected boolean includesRule(String id) {
        return true;
    }

    @TestFactory
    Stream<DynamicTest> fixtures() throws IOException {
        RulePack pack = PackLoader.fromDirectory(packDir());
        List<DynamicTest> tests = new ArrayList<>();
        for (RuleMetadata rule : pack.rules()) {
            if (!includesRule(rule.id())) {
                continue;
            }
            Path fixtures = rule.folder().resolve("fixtures");
            if (!Files.isDirectory(fixtures)) {
                continue;
            }
            try (Stream<Path> s = Files.list(fixtures)) {
                for (Path f : s.filter(Files::isDirectory).sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest(rule.id() + "/" + f.getFileName(), () -> runFixture(rule, f)));
                }
            }
        }
        assertFalse(tests.isEmpty(), "the fixture walk found no fixtures under " + packDir());
        return tests.stream();
    }

    private void runFixture(RuleMetadata rule, Path fixture) throws IOException {
        JsonNode expected = YAML.readTree(Files.readAllBytes(fixture.resolve("expected.yaml")));
        Path config = fixture.resolve("meshaudit.yaml");
        boolean assume = expected.path("options").path("assumeMeshDefaults").asBoolean(false);
        String profile = expected.path("options").path("profile").asString("baseline");
        Instant asOf = expected.path("options").has("asOf")
                ? Instant.parse(expected.path("options").path("asOf").asString()) : AS_OF;
        // certificate files in input/ (PEM, DER, ...) are read as --certs; trust/ as --trust-bundle
        String input = fixture.resolve("input").toString();
        List<String> certs = hasCertFiles(fixture.resolve("input")) ? List.of(input) : List.of();
        List<String> trust = Files.isDirectory(fixture.resolve("trust")) ? List.of(fixture.resolve("trust").toString())
                : List.of();
        AuditRequest request = new AuditRequest(List.of(input), null, asOf,
                Set.of(), profile, Files.exists(config) ? config : null, List.of(packDir()), Set.of(rule.id()),
                assume, null, certs, trust, null);
        AuditReport report = new AuditEngine().run(request);
        List<Result> results = report.results();
        String name = fixture.getFileName().toString();
        String listing = describe(results);
        assertTrue(report.collection().issues().isEmpty() || name.startsWith("error-"),
                "fixture input must read cleanly: " + report.collection().issues());
        if (name.startsWith("pass-")) {
            assertTrue(results.stream().anyMatch(r -> r.status() == Status.PASS), "expected a PASS:\n" + listing);
            assertTrue(results.stream().noneMatch(r -> r.status() == Status.FAIL || r.status() == Status.ERROR),
                    "pass- fixture must have no FAIL/ERROR:\n" + listing);
        } else if (name.startsWith("fail-")) {
            assertTrue(results.stream().anyMatch(r -> r.status() == Status.FAIL), "expected a FAIL:\n" + listing);
        } else if (name.startsWith("na-")) {
            assertTrue(!results.isEmpty() && results.stream().allMatch(r -> r.status() == Status.NOT_APPLICABLE),
                    "na- fixture must have only NOT_APPLICABLE results:\n" + listing);
        } else if (name.startsWith("manual-")) {
            assertTrue(results.stream().anyMatch(r -> r.status() == Status.MANUAL), "expected a MANUAL:\n" + listing);
        } else if (name.startsWith("error-")) {
            assertTrue(results.stream().anyMatch(r -> r.status() == Status.ERROR), "expected an ERROR:\n" + listing);
        } else {
            fail("fixture name must start with pass-, fail-, na-, manual- or error-: " + name);
        }
        for (JsonNode e : expected.path("results")) {
            String resource = e.path("resource").asString("");
            Result match = results.stream().filter(r -> r.subject().key().equals(resource)).findFirst().orElse(null);
            if (match == null) {
                fail("no result for " + resource + "; results:\n" + listing);
            }
            assertEquals(e.path("status").asString(""), match.status().name(), resource + ": " + match.message());
            if (e.has("severity")) {
                assertEquals(e.path("severity").asString(""), match.severity().label(), resource + " severity");
            }
            if (e.has("detail_contains")) {
                String want = e.path("detail_contains").asString("");
                assertTrue(match.message().contains(want), resource + ": message '" + match.message()
                        + "' should contain '" + want + "'");
            }
        }
    }

    private static boolean hasCertFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().matches("(?i).*\\.(pem|crt|der|p7b|p12|pfx|jks)"));
        }
    }

    private static String describe(List<Result> results) {
        StringBuilder b = new StringBuilder();
        for (Result r : results) {
            b.append("  ").append(r.status()).append(' ').append(r.severity().label()).append(' ')
                    .append(r.subject().key()).append(": ").append(r.message()).append('\n');
        }
        return b.toString();
    }

    @Test
    void everyRuleHasMetadataAndPassAndFailFixtures() throws IOException {
        RulePack pack = PackLoader.fromDirectory(packDir());
        assertFalse(pack.rules().isEmpty(), "pack has no rules");
        Set<String> ids = new HashSet<>();
        for (RuleMetadata rule : pack.rules()) {
            assertTrue(ids.add(rule.id()), "duplicate id " + rule.id());
            if (!includesRule(rule.id())) {
                continue;
            }
            assertTrue(allowedId(rule.id()), rule.id() + " is not a catalogue id (controls-catalog.md section 8)");
            assertFalse(rule.rationale().isBlank(), rule.id() + " rationale");
            assertFalse(rule.remediation().isBlank(), rule.id() + " remediation");
            assertFalse(rule.references().isEmpty(), rule.id() + " references");
            Path fixtures = rule.folder().resolve("fixtures");
            assertTrue(Files.isDirectory(fixtures), rule.id() + " has no fixtures/");
            List<String> names;
            try (Stream<Path> s = Files.list(fixtures)) {
                names = s.map(p -> p.getFileName().toString()).toList();
            }
            assertTrue(names.stream().anyMatch(n -> n.startsWith("pass-")), rule.id() + " needs a pass- fixture");
            assertTrue(names.stream().anyMatch(n -> n.startsWith("fail-")), rule.id() + " needs a fail- fixture");
            for (String n : names) {
                assertTrue(Files.isRegularFile(fixtures.resolve(n).resolve("expected.yaml")),
                        rule.id() + "/" + n + " needs expected.yaml");
                assertTrue(Files.isDirectory(fixtures.resolve(n).resolve("input")), rule.id() + "/" + n + " needs input/");
            }
        }
    }

    @Test
    void packCompilesAndEveryDrlRuleCarriesItsFolderId() {
        RulePack pack = PackLoader.fromDirectory(packDir());
        new org.meshaudit.evaluate.Evaluator(List.of(pack), org.meshaudit.evaluate.RuleBaseMode.DRL,
                getClass().getClassLoader());
    }

    /** The module's build generated the pack's executable model (pack-compiler) and the fixtures above used it. */
    @Test
    void packIsLoadedFromItsPrecompiledModel() {
        RulePack pack = PackLoader.fromDirectory(packDir());
        org.meshaudit.evaluate.Evaluator e = new org.meshaudit.evaluate.Evaluator(List.of(pack),
                org.meshaudit.evaluate.RuleBaseMode.AUTO, getClass().getClassLoader());
        assertEquals(pack.rules().isEmpty() ? org.meshaudit.evaluate.Evaluator.Source.NO_RULES
                : org.meshaudit.evaluate.Evaluator.Source.PRECOMPILED, e.sources().get(pack.id()),
                "no precompiled model matches " + packDir() + " (is exec-maven-plugin's precompile-pack bound in its "
                        + "pom.xml?); lookup: " + org.meshaudit.evaluate.PrecompiledModel.find(pack,
                        getClass().getClassLoader()));
    }
}
