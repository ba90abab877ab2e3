package org.meshaudit.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.meshaudit.api.Renderer;
import org.meshaudit.report.AuditReport;

/**
 * One directory per run for scheduled audits: {@code DIR/<as-of>-<run id>/}. The run is written into a hidden
 * temporary directory and renamed into place, so a run directory is either complete or absent (a killed Job leaves
 * only a {@code .tmp-} directory, removed by the next run). Afterwards only the newest N runs are kept.
 */
final class RunDirectories {
    static final Pattern RUN = Pattern.compile("\\d{8}T\\d{6}Z-run-[0-9a-f]{12}(-\\d+)?");

    private RunDirectories() {
    }

    static List<Path> write(OutputOptions options, AuditReport report, List<Renderer> renderers, int keep)
            throws IOException {
        if (keep < 1) {
            throw new org.meshaudit.api.UsageException("--keep-runs must be at least 1");
        }
        Path root = options.output;
        Files.createDirectories(root);
        String name = report.metadata().asOf().replace("-", "").replace(":", "") + "-" + report.metadata().runId();
        Path tmp = Files.createTempDirectory(root, ".tmp-" + name + "-");
        OutputOptions into = new OutputOptions();
        into.output = tmp;
        into.formats = options.formats;
        into.run = options.run;
        List<Path> written;
        try {
            into.write(report, renderers);
            Path target = root.resolve(name);
            for (int i = 2; Files.exists(target); i++) {
                target = root.resolve(name + "-" + i); // a second Job in the same second keeps its own directory
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            written = new ArrayList<>();
            for (Renderer r : renderers) {
                written.add(target.resolve("audit." + r.extension()));
            }
        } finally {
            deleteTree(tmp);
        }
        prune(root, keep);
        return written;
    }

    /** Keeps the newest {@code keep} run directories (names sort by as-of time) and removes stale temporaries. */
    static void prune(Path root, int keep) throws IOException {
        List<Path> runs = new ArrayList<>();
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p) && RUN.matcher(n).matches()) {
                    runs.add(p);
                } else if (Files.isDirectory(p) && n.startsWith(".tmp-")) {
                    stale.add(p);
                }
            });
        }
        runs.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (int i = 0; i < runs.size() - keep; i++) {
            deleteTree(runs.get(i));
        }
        for (Path p : stale) {
            try {
                if (Files.getLastModifiedTime(p).toMillis() < System.currentTimeMillis() - 3_600_000L) {
                    deleteTree(p); // older than an hour: a killed run, not a concurrent one
                }
            } catch (IOException e) {
                // best effort
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
