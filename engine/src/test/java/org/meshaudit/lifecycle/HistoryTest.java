package org.meshaudit.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.meshaudit.lifecycle.Reports.port;
import static org.meshaudit.lifecycle.Reports.report;
import static org.meshaudit.lifecycle.Reports.result;
import static org.meshaudit.lifecycle.Reports.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.TrendPoint;

/** scan --history: one compact line per run, the last N kept, reruns replace their line, trend[] in the report. */
class HistoryTest {
    @TempDir
    Path dir;

    static AuditReport run(int day, int fails) {
        List<org.meshaudit.report.Result> results = new java.util.ArrayList<>();
        for (int i = 0; i < fails; i++) {
            results.add(result("MTLS-002", "Deployment/shop/w" + i + ":8080", Status.FAIL, Severity.HIGH));
        }
        results.add(result("NET-001", "Namespace/shop", Status.WAIVED, Severity.MEDIUM));
        return report("run-" + day, String.format("2026-11-%02dT00:00:00Z", day), "manifests: shop", results,
                List.of(workload("shop", "a", "istio-sidecar", port("8080", true, "STRICT"), port("9090", false, "PERMISSIVE"))));
    }

    @Test
    void pointSummarisesTheRun() {
        TrendPoint p = History.point(run(3, 2));
        assertEquals("2026-11-03T00:00:00Z", p.asOf());
        assertEquals("run-3", p.runId());
        assertEquals(0.5, p.mtlsEnforcedShare());
        assertEquals(2, p.openFindings().get("high"));
        assertEquals(1, p.waived());
        assertEquals(List.of("critical", "high", "medium", "low", "info"), List.copyOf(p.openFindings().keySet()));
        assertNull(p.earliestCertificateExpiry());
    }

    @Test
    void appendsKeepsTheLastNAndReplacesAReRun() throws IOException {
        for (int day = 1; day <= 5; day++) {
            History.Update u = History.next(dir, run(day, day), 3);
            History.save(u);
        }
        List<String> lines = Files.readAllLines(dir.resolve(History.FILE));
        assertEquals(3, lines.size());
        assertEquals(List.of("run-3", "run-4", "run-5"),
                History.next(dir, run(5, 5), 3).trend().stream().map(TrendPoint::runId).toList(),
                "a rerun of run-5 replaces its line");
        History.Update u = History.next(dir, run(6, 0), 3);
        assertEquals(List.of("run-4", "run-5", "run-6"), u.trend().stream().map(TrendPoint::runId).toList());
        AuditReport withTrend = History.withTrend(run(6, 0), u.trend());
        assertEquals(3, withTrend.trend().size());
        assertEquals(5, withTrend.trend().get(1).openFindings().get("high"));
    }

    @Test
    void unreadableLinesAreSkipped() throws IOException {
        History.save(History.next(dir, run(1, 1), 30));
        Files.writeString(dir.resolve(History.FILE), "{not json\n\n", java.nio.file.StandardOpenOption.APPEND);
        History.Update u = History.next(dir, run(2, 1), 30);
        assertEquals(1, u.skipped());
        assertEquals(2, u.trend().size());
    }

    @Test
    void earliestCertificateExpiryFromTheInventory() throws IOException {
        AuditReport r = Reports.withCertificates(run(1, 0), dir, "sha256:aa|CN=a|2027-03-01T00:00:00Z",
                "sha256:bb|CN=b|2026-12-24T10:00:00Z");
        assertEquals("2026-12-24T10:00:00Z", History.point(r).earliestCertificateExpiry());
    }
}
