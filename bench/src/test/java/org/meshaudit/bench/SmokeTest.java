package org.meshaudit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;

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

    /** The dense-namespace inputs scan completely (their figures are in bench/README.md; not a timing gate). */
    @Test
    void denseNamespaceShapesScanCompletely(@TempDir Path dir) throws Exception {
        DenseNamespaces.main(new String[] {dir.toString(), "400"});
        for (String shape : List.of("istio", "istio-peer", "linkerd", "cert-manager", "gateways")) {
            AuditRequest request = new AuditRequest(List.of(dir.resolve(shape).toString()),
                    InputStream.nullInputStream(), Instant.parse("2026-11-30T00:00:00Z"), Set.of(), "baseline", null,
                    List.of(), Set.of(), false, null);
            AuditReport report = new AuditEngine().run(request);
            assertTrue(report.metadata().complete(), () -> shape + ": " + report.metadata().incompleteReasons());
            assertTrue(report.results().size() > 400, shape + " gives a result per workload and rule");
            assertTrue(report.results().stream().noneMatch(r -> r.status() == Status.ERROR), shape);
        }
    }
}
