package org.meshaudit.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.api.UsageException;
import org.meshaudit.api.Version;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.PackInfo;
import org.meshaudit.report.ReportJson;

/**
 * A shipped pack whose precompiled model is missing, stale or broken still runs, from its DRL, and says so: a note
 * in the report (PackInfo.note), never a silent change. The models themselves are generated and compared with the
 * DRL in pack-compiler and cli (RuleBaseEquivalenceTest).
 */
class PrecompiledModelFallbackTest {
    static final Path SOURCE = Path.of("../policies/zero-trust");
    static final String RULE = "rules/mtls-001-namespace-strict-mtls";
    static final Instant AS_OF = Instant.parse("2026-11-29T00:00:00Z");

    @TempDir
    Path tmp;

    /** A class path root that ships a one-rule copy of the zero-trust pack, as a pack jar would. */
    Path shippedPack() throws IOException {
        Path pack = tmp.resolve("cp/META-INF/meshaudit/packs/zero-trust");
        Files.createDirectories(pack.resolve(RULE));
        Files.copy(SOURCE.resolve("pack.yaml"), pack.resolve("pack.yaml"));
        Files.copy(SOURCE.resolve(RULE + "/rule.yaml"), pack.resolve(RULE + "/rule.yaml"));
        Files.copy(SOURCE.resolve(RULE + "/rule.drl"), pack.resolve(RULE + "/rule.drl"));
        return tmp.resolve("cp");
    }

    static void index(Path root, String sha, String drools, String tool, String model) throws IOException {
        Path f = root.resolve(PrecompiledModel.indexPath("zero-trust"));
        Files.createDirectories(f.getParent());
        try (OutputStream out = Files.newOutputStream(f)) {
            new PrecompiledModel.Index("zero-trust", sha, drools, tool, List.of(model)).write(out);
        }
    }

    static URLClassLoader loader(Path root) throws IOException {
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, PrecompiledModelFallbackTest.class.getClassLoader());
    }

    static Evaluator evaluator(ClassLoader loader) {
        return new Evaluator(PackLoader.fromClasspath(loader), RuleBaseMode.AUTO, loader);
    }

    @Test
    void shippedPackWithoutModelIsCompiledFromDrlWithANote() throws IOException {
        try (URLClassLoader loader = loader(shippedPack())) {
            Evaluator e = evaluator(loader);
            assertEquals(Evaluator.Source.DRL, e.sources().get("zero-trust"));
            assertTrue(e.note("zero-trust").startsWith("no precompiled rule model on the class path"), e.note("zero-trust"));
            assertTrue(e.note("zero-trust").endsWith("its DRL was compiled at runtime"), e.note("zero-trust"));
        }
    }

    @Test
    void staleModelIsNotUsed() throws IOException {
        Path root = shippedPack();
        index(root, "sha256:0000", PrecompiledModel.droolsVersion(), Version.get(), "org.example.Rules");
        try (URLClassLoader loader = loader(root)) {
            Evaluator e = evaluator(loader);
            assertEquals(Evaluator.Source.DRL, e.sources().get("zero-trust"));
            assertTrue(e.note("zero-trust").contains("it was built from sha256:0000, the pack is sha256:"),
                    e.note("zero-trust"));
        }
    }

    @Test
    void modelOfAnotherDroolsOrMeshauditIsNotUsed() throws IOException {
        Path root = shippedPack();
        String sha = PackLoader.fromClasspath(loader(root)).get(0).sha256();
        index(root, sha, "9.44.0.Final", "0.0.1", "org.example.Rules");
        try (URLClassLoader loader = loader(root)) {
            String note = evaluator(loader).note("zero-trust");
            assertTrue(note.contains("built with Drools 9.44.0.Final"), note);
            assertTrue(note.contains("built by meshaudit 0.0.1"), note);
        }
    }

    @Test
    void modelThatFailsToLoadFallsBackToDrl() throws IOException {
        Path root = shippedPack();
        String sha = PackLoader.fromClasspath(loader(root)).get(0).sha256();
        index(root, sha, PrecompiledModel.droolsVersion(), Version.get(), "org.example.NoSuchRules");
        try (URLClassLoader loader = loader(root)) {
            Evaluator e = evaluator(loader);
            assertEquals(Evaluator.Source.DRL, e.sources().get("zero-trust"));
            assertTrue(e.note("zero-trust").startsWith("precompiled rule model failed to load"), e.note("zero-trust"));
            assertTrue(e.note("zero-trust").contains("org.example.NoSuchRules"), e.note("zero-trust"));
        }
    }

    @Test
    void theNoteIsInTheReportAndTheVerdictsAndRunIdDoNotChange() throws IOException {
        Path input = SOURCE.resolve(RULE + "/fixtures/fail-oldest-permissive-wins/input");
        AuditRequest request = new AuditRequest(List.of(input.toString()), null, AS_OF, Set.of(), "baseline", null,
                List.of(), Set.of(), false, null);
        try (URLClassLoader loader = loader(shippedPack())) {
            AuditReport fallback = new AuditEngine(loader, RuleBaseMode.AUTO).run(request);
            AuditReport drl = new AuditEngine(loader, RuleBaseMode.DRL).run(request);
            PackInfo pack = fallback.metadata().packs().get(0);
            assertNotNull(pack.note());
            assertTrue(ReportJson.toTree(fallback).path("metadata").path("packs").get(0).path("note").asString()
                    .startsWith("no precompiled rule model"));
            assertNull(drl.metadata().packs().get(0).note(), "DRL asked for is not a fallback");
            assertEquals(drl.metadata().runId(), fallback.metadata().runId());
            assertEquals(ReportJson.toTree(drl.results()), ReportJson.toTree(fallback.results()));
            assertTrue(fallback.results().stream().anyMatch(r -> r.status() == org.meshaudit.api.Status.FAIL));
        }
    }

    @Test
    void aUserPackFromADirectoryIsCompiledFromDrlWithoutANote() {
        RulePack pack = PackLoader.fromDirectory(SOURCE);
        PrecompiledModel.Lookup lookup = PrecompiledModel.find(pack, getClass().getClassLoader());
        assertTrue(!lookup.usable() && lookup.note() == null, String.valueOf(lookup));
    }

    @Test
    void unknownModeIsAUsageError() {
        String before = System.getProperty(RuleBaseMode.PROPERTY);
        try {
            System.setProperty(RuleBaseMode.PROPERTY, "fast");
            assertThrows(UsageException.class, RuleBaseMode::configured);
            System.setProperty(RuleBaseMode.PROPERTY, "DRL");
            assertEquals(RuleBaseMode.DRL, RuleBaseMode.configured());
        } finally {
            if (before == null) {
                System.clearProperty(RuleBaseMode.PROPERTY);
            } else {
                System.setProperty(RuleBaseMode.PROPERTY, before);
            }
        }
    }
}
