package org.meshaudit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke test of the benchmark harness (not a timing gate): generates a small S-density snapshot, runs the
 * engine through the harness and checks that the engine finds exactly the planted violations.
 */
class SmokeTest {

    @Test
    void tinySnapshotGroundTruthMatches(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        new Generator(Generator.Size.of("T20"), 7L, data, true).run();
        assertTrue(Files.exists(data.resolve("json/Pod.json")));
        assertTrue(Files.exists(data.resolve("yaml/00001-team-00000.yaml")));

        Map<String, Object> doc = Harness.run("T20", data, dir.resolve("results"), 0, false);
        Map<?, ?> gt = (Map<?, ?>) doc.get("groundTruth");
        assertEquals(0, gt.get("missed"), () -> "missed: " + gt.get("missedSample"));
        assertEquals(0, gt.get("unexpected"), () -> "unexpected: " + gt.get("unexpectedSample"));
        assertEquals(0, gt.get("errors"), () -> "errors: " + gt.get("errorSample"));
        assertEquals(gt.get("planted"), gt.get("found"));
        assertTrue((Integer) gt.get("planted") > 30, "the generator plants violations of several rules");
        assertTrue(Files.exists(dir.resolve("results/T20.json")));
    }
}
