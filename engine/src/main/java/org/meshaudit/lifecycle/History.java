package org.meshaudit.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshaudit.api.Status;
import org.meshaudit.api.UsageException;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;
import org.meshaudit.report.Result;
import org.meshaudit.report.TrendPoint;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The run history of {@code scan --history DIR}: one compact JSON line per run in {@code DIR/history.jsonl} (oldest
 * first, the last N kept), and the {@code trend[]} section of the report built from it. A rerun with the same run id
 * replaces its line rather than adding one, so a retried CronJob does not count twice. Lines that cannot be read
 * (e.g. a torn write from another tool) are skipped and dropped on the next write.
 */
public final class History {
    public static final String FILE = "history.jsonl";
    public static final int DEFAULT_KEEP = 30;

    /**
     * @param trend   the runs to keep, oldest first, this run last
     * @param skipped lines of the existing file that could not be read
     */
    public record Update(Path file, List<TrendPoint> trend, int skipped) {
    }

    private History() {
    }

    /** The trend point of one report. */
    public static TrendPoint point(AuditReport r) {
        Map<String, Integer> open = new LinkedHashMap<>();
        for (String s : List.of("critical", "high", "medium", "low", "info")) {
            open.put(s, 0);
        }
        int waived = 0;
        int errors = 0;
        for (Result x : r.results()) {
            if (x.status() == Status.FAIL) {
                open.merge(x.severity().label(), 1, Integer::sum);
            }
            waived += x.status() == Status.WAIVED ? 1 : 0;
            errors += x.status() == Status.ERROR ? 1 : 0;
        }
        var s = r.summary();
        return new TrendPoint(r.metadata().asOf(), r.metadata().runId(), s.mtlsEnforcedShare(), s.mtlsEnforcedPorts(),
                s.workloadPorts(), open, waived, errors, earliestExpiry(r), r.complete());
    }

    /** Earliest {@code notAfter} of {@code certificates[]} (whatever its typed form), or null. */
    static String earliestExpiry(AuditReport r) {
        if (r.certificates() == null || r.certificates().isEmpty()) {
            return null;
        }
        String best = null;
        Instant bestAt = null;
        for (JsonNode c : ReportJson.toTree(r.certificates())) {
            String na = notAfter(c);
            if (na == null) {
                continue;
            }
            try {
                Instant at = Instant.parse(na);
                if (bestAt == null || at.isBefore(bestAt)) {
                    bestAt = at;
                    best = na;
                }
            } catch (DateTimeParseException e) {
                // not an instant: ignored for the trend
            }
        }
        return best;
    }

    static String notAfter(JsonNode cert) {
        JsonNode v = cert.path("validity").path("notAfter");
        if (v.isMissingNode() || v.isNull()) {
            v = cert.path("notAfter");
        }
        return v.isString() ? v.asString() : null;
    }

    /** Reads {@code DIR/history.jsonl} and returns the trend with this run appended (not yet written). */
    public static Update next(Path dir, AuditReport report, int keep) {
        if (keep < 1) {
            throw new UsageException("--history-keep must be at least 1");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--history " + dir + " is not a directory");
        }
        Path file = dir.resolve(FILE);
        List<TrendPoint> points = new ArrayList<>();
        int skipped = 0;
        if (Files.exists(file)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot read " + file + ": " + e.getMessage());
            }
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    TrendPoint p = Json.COMPACT.readValue(line, TrendPoint.class);
                    if (p == null || p.runId() == null || p.asOf() == null) {
                        skipped++;
                    } else {
                        points.add(p);
                    }
                } catch (JacksonException e) {
                    skipped++;
                }
            }
        }
        TrendPoint now = point(report);
        points.removeIf(p -> p.runId().equals(now.runId()));
        points.add(now);
        if (points.size() > keep) {
            points = new ArrayList<>(points.subList(points.size() - keep, points.size()));
        }
        return new Update(file, List.copyOf(points), skipped);
    }

    /** Writes the history file atomically. */
    public static void save(Update update) throws IOException {
        StringBuilder b = new StringBuilder();
        for (TrendPoint p : update.trend()) {
            b.append(Json.COMPACT.writeValueAsString(p)).append('\n');
        }
        org.meshaudit.AtomicFiles.write(update.file(), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The report with its {@code trend[]} section. */
    public static AuditReport withTrend(AuditReport r, List<TrendPoint> trend) {
        return new AuditReport(r.apiVersion(), r.kind(), r.metadata(), r.summary(), r.frameworks(), r.results(),
                r.posture(), r.certificates(), r.collection(), r.waivers(), List.copyOf(trend));
    }
}
