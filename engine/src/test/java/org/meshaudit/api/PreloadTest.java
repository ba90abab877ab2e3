package org.meshaudit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.evaluate.RuleBaseMode;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;

/**
 * {@link AuditEngine#preload}: the packs and rule base loaded before the request is known are taken by a run that
 * would have loaded and built the same, which then writes the same report; any other run builds its own and leaves
 * the preload alone; a pack that does not load fails the run with the error it would have had anyway.
 */
class PreloadTest {
    static final Path SOURCE = Path.of("../policies/zero-trust");
    static final String RULE = "rules/mtls-001-namespace-strict-mtls";
    static final Path INPUT = SOURCE.resolve(RULE + "/fixtures/fail-oldest-permissive-wins/input");
    static final Instant AS_OF = Instant.parse("2026-11-29T00:00:00Z");

    @TempDir
    Path tmp;

    @AfterEach
    void noPreloadLeftForOtherTests() {
        AuditEngine.dropPreload();
    }

    /** A class path root that ships a one-rule copy of the zero-trust pack and its catalogue, as a pack jar would. */
    Path shippedPack(boolean broken) throws IOException {
        Path pack = tmp.resolve("cp/META-INF/meshaudit/packs/zero-trust");
        Files.createDirectories(pack.resolve(RULE));
        if (broken) {
            Files.writeString(pack.resolve("pack.yaml"), "version: 0.1.0\n"); // no id
        } else {
            Files.copy(SOURCE.resolve("pack.yaml"), pack.resolve("pack.yaml"));
        }
        Files.copy(SOURCE.resolve("framework.yaml"), pack.resolve("framework.yaml"));
        Files.copy(SOURCE.resolve(RULE + "/rule.yaml"), pack.resolve(RULE + "/rule.yaml"));
        Files.copy(SOURCE.resolve(RULE + "/rule.drl"), pack.resolve(RULE + "/rule.drl"));
        return tmp.resolve("cp");
    }

    static URLClassLoader loader(Path root) throws IOException {
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, PreloadTest.class.getClassLoader());
    }

    static AuditRequest request(Set<String> frameworks) {
        return new AuditRequest(List.of(INPUT.toString()), null, AS_OF, frameworks, "baseline", null, List.of(),
                Set.of(), false, null);
    }

    static AuditReport run(ClassLoader loader, Set<String> frameworks) {
        return new AuditEngine(loader, RuleBaseMode.configured()).run(request(frameworks));
    }

    static String json(AuditReport report) {
        return new String(ReportJson.toBytes(report), StandardCharsets.UTF_8);
    }

    @Test
    void aRunThatFitsTakesThePreloadAndWritesTheSameReport() throws IOException {
        try (URLClassLoader loader = loader(shippedPack(false))) {
            String built = json(run(loader, Set.of()));
            AuditEngine.preload(loader);
            assertTrue(AuditEngine.preloadWaiting(loader));
            AuditReport preloaded = run(loader, Set.of());
            assertFalse(AuditEngine.preloadWaiting(loader), "taken by the run");
            assertEquals(built, json(preloaded));
            assertTrue(preloaded.results().stream().anyMatch(r -> r.status() == Status.FAIL));
        }
    }

    @Test
    void aRunWithAFrameworkSelectedBuildsItsOwnAndLeavesThePreload() throws IOException {
        try (URLClassLoader loader = loader(shippedPack(false))) {
            String built = json(run(loader, Set.of("zero-trust")));
            AuditEngine.preload(loader);
            assertEquals(built, json(run(loader, Set.of("zero-trust"))));
            assertTrue(AuditEngine.preloadWaiting(loader), "not what the run needed: still waiting");
        }
    }

    @Test
    void anotherClassLoaderDoesNotTakeIt() throws IOException {
        try (URLClassLoader loader = loader(shippedPack(false)); URLClassLoader other = loader(tmp.resolve("cp"))) {
            AuditEngine.preload(loader);
            run(other, Set.of());
            assertTrue(AuditEngine.preloadWaiting(loader));
        }
    }

    @Test
    void aBrokenPackFailsThePreloadedRunAsItFailsAnother() throws IOException {
        try (URLClassLoader loader = loader(shippedPack(true))) {
            UsageException plain = assertThrows(UsageException.class, () -> run(loader, Set.of()));
            AuditEngine.preload(loader);
            UsageException preloaded = assertThrows(UsageException.class, () -> run(loader, Set.of()));
            assertEquals(plain.getMessage(), preloaded.getMessage());
            assertTrue(plain.getMessage().contains("id"), plain.getMessage());
        }
    }
}
