package org.meshaudit.packc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.evaluate.Evaluator;
import org.meshaudit.evaluate.PackLoader;
import org.meshaudit.evaluate.PrecompiledModel;
import org.meshaudit.evaluate.RuleBaseMode;
import org.meshaudit.evaluate.RulePack;
import org.meshaudit.report.ReportJson;

/** The generator writes a model the engine loads, which judges like the DRL; unchanged inputs are not rebuilt. */
class PackCompilerTest {
    static final Path SOURCE = Path.of("../policies/zero-trust");
    static final String RULE = "rules/mtls-001-namespace-strict-mtls";

    @TempDir
    Path tmp;

    Path onePack(String drl) throws IOException {
        Path pack = tmp.resolve("pack");
        Files.createDirectories(pack.resolve(RULE));
        Files.copy(SOURCE.resolve("pack.yaml"), pack.resolve("pack.yaml"));
        Files.copy(SOURCE.resolve(RULE + "/rule.yaml"), pack.resolve(RULE + "/rule.yaml"));
        Files.writeString(pack.resolve(RULE + "/rule.drl"), drl);
        return pack;
    }

    @Test
    void generatedModelIsLoadedAndJudgesAsTheDrl() throws IOException {
        Path pack = onePack(Files.readString(SOURCE.resolve(RULE + "/rule.drl")));
        Path classes = tmp.resolve("classes");
        Path work = tmp.resolve("work");
        assertEquals(0, PackCompiler.run(pack, classes, work));
        Path index = classes.resolve(PrecompiledModel.indexPath("zero-trust"));
        assertTrue(Files.isRegularFile(index));
        PrecompiledModel.Index read = PrecompiledModel.readIndex(index);
        RulePack loaded = PackLoader.fromDirectory(pack);
        assertEquals(loaded.sha256(), read.packSha256());
        assertEquals(1, read.models().size());
        assertTrue(read.models().get(0).startsWith("org.meshaudit.rules.zero_trust.Rules"), read.models().toString());
        assertFalse(Files.exists(classes.resolve("org/drools/project/model")), "kjar-only classes are not shipped");

        // unchanged inputs: nothing is rewritten
        Path model = classes.resolve(read.models().get(0).replace('.', '/') + ".class");
        Files.setLastModifiedTime(model, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertEquals(0, PackCompiler.run(pack, classes, work));
        assertEquals(FileTime.from(Instant.parse("2020-01-01T00:00:00Z")), Files.getLastModifiedTime(model));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Evaluator auto = new Evaluator(List.of(loaded), RuleBaseMode.AUTO, loader);
            assertEquals(Evaluator.Source.PRECOMPILED, auto.sources().get("zero-trust"));
            Path fixtures = SOURCE.resolve(RULE + "/fixtures");
            List<Path> inputs;
            try (var s = Files.list(fixtures)) {
                inputs = s.map(f -> f.resolve("input")).filter(Files::isDirectory).sorted().toList();
            }
            for (Path input : inputs) {
                AuditRequest request = new AuditRequest(List.of(input.toString()), null,
                        Instant.parse("2026-11-29T00:00:00Z"), Set.of(), "baseline", null, List.of(pack), Set.of(),
                        false, null);
                String precompiled = new String(ReportJson.toBytes(
                        new AuditEngine(loader, RuleBaseMode.AUTO).run(request)));
                String drl = new String(ReportJson.toBytes(new AuditEngine(loader, RuleBaseMode.DRL).run(request)));
                assertEquals(drl, precompiled, input.toString());
            }
        }
    }

    @Test
    void drlThatDoesNotCompileFailsTheBuild() throws IOException {
        Path pack = onePack(Files.readString(SOURCE.resolve(RULE + "/rule.drl"))
                .replaceFirst("istioMode != null", "istioMode != null, noSuchField == 1"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PackCompiler.run(pack, tmp.resolve("classes"), tmp.resolve("work")));
        assertTrue(e.getMessage().contains("DRL does not compile"), e.getMessage());
    }
}
