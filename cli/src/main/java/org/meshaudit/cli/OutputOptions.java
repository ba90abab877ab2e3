package org.meshaudit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.meshaudit.AtomicFiles;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.RunFacts;
import org.meshaudit.api.UsageException;
import org.meshaudit.report.AuditReport;
import picocli.CommandLine.Option;

/** Where and in which formats reports are written; writes are atomic (temporary name, then rename). */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "audit-out",
            description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--format", paramLabel = "LIST", split = ",", defaultValue = "json",
            description = "Formats to write as DIR/audit.<ext>. Available: ${COMPLETION-CANDIDATES}. Default: json.",
            completionCandidates = Formats.class)
    List<String> formats = new ArrayList<>();

    /** Facts about the run that are not evidence (duration), for renderers that report operations. */
    org.meshaudit.api.RunFacts run = org.meshaudit.api.RunFacts.NONE;

    /** Renderer names known on the class path, for help text. */
    static final class Formats extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Formats() {
            super(renderers().keySet());
        }
    }

    static Map<String, Renderer> renderers() {
        Map<String, Renderer> out = new TreeMap<>();
        for (Renderer r : ServiceLoader.load(Renderer.class, OutputOptions.class.getClassLoader())) {
            out.put(r.format(), r);
        }
        return out;
    }

    /** Checks formats before any work is done, so a typo is exit 2 rather than a late failure. */
    List<Renderer> selected() {
        Map<String, Renderer> known = renderers();
        Set<String> wanted = new LinkedHashSet<>();
        for (String f : formats) {
            for (String part : f.split(",")) {
                if (!part.isBlank()) {
                    wanted.add(part.strip());
                }
            }
        }
        wanted.add("json"); // the canonical evidence is always written
        List<Renderer> out = new ArrayList<>();
        for (String f : wanted) {
            Renderer r = known.get(f);
            if (r == null) {
                throw new UsageException("unknown format '" + f + "'", "available: " + String.join(", ", known.keySet()));
            }
            out.add(r);
        }
        // the formats are known before the audit runs: a renderer with large libraries (XLSX: POI) loads them in
        // the background meanwhile
        out.forEach(Renderer::warmUp);
        return out;
    }

    /** Reports are evidence to hand over: rw-r--r-- rather than the owner-only mode of a temporary file. */
    static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // non-POSIX file systems keep their defaults
        }
    }

    /** Writes every selected format; returns the files written. */
    List<Path> write(AuditReport report, List<Renderer> renderers) throws IOException {
        return writeTo(output, report, run, renderers);
    }


    /** Writes every given format to {@code output}/audit.&lt;ext&gt;; returns the files written. */
    static List<Path> writeTo(Path output, AuditReport report, List<Renderer> renderers) throws IOException {
        return writeTo(output, report, RunFacts.NONE, renderers);
    }

    /**
     * As {@link #writeTo(Path, AuditReport, List)}, passing facts of the run (its duration; whether one of the formats
     * cites the report's digest) to the renderers. A streaming renderer ({@link Renderer#streaming}: the canonical
     * JSON) is written on a second thread while the others are written one after another on this one; an error is
     * thrown once both threads have stopped.
     */
    static List<Path> writeTo(Path output, AuditReport report, RunFacts run, List<Renderer> renderers)
            throws IOException {
        Files.createDirectories(output);
        RunFacts facts = run.writing(renderers);
        List<Renderer> beside = renderers.stream().filter(Renderer::streaming).toList();
        List<Renderer> here = renderers.stream().filter(r -> !r.streaming()).toList();
        if (beside.isEmpty() || here.isEmpty()) {
            for (Renderer r : renderers) {
                writeOne(output, report, facts, r);
            }
        } else {
            java.util.concurrent.FutureTask<Void> side = new java.util.concurrent.FutureTask<>(() -> {
                for (Renderer r : beside) {
                    writeOne(output, report, facts, r);
                }
                return null;
            });
            Thread t = new Thread(side, "meshaudit-render");
            t.setDaemon(true);
            t.start();
            Throwable failed = null;
            try {
                for (Renderer r : here) {
                    writeOne(output, report, facts, r);
                }
            } catch (IOException | RuntimeException | Error e) {
                failed = e;
            }
            try {
                side.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failed = failed != null ? failed : e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = failed != null ? failed : new java.io.InterruptedIOException("interrupted while writing");
            }
            if (failed instanceof IOException e) {
                throw e;
            } else if (failed instanceof RuntimeException e) {
                throw e;
            } else if (failed instanceof Error e) {
                throw e;
            } else if (failed != null) {
                throw new IOException(failed);
            }
        }
        List<Path> written = new ArrayList<>();
        for (Renderer r : renderers) {
            written.add(output.resolve("audit." + r.extension()));
        }
        return written;
    }

    /** Writes {@code audit.<ext>} atomically: a temporary file beside it, then a rename. */
    private static void writeOne(Path output, AuditReport report, RunFacts run, Renderer r) throws IOException {
        Path target = output.resolve("audit." + r.extension());
        Path tmp = Files.createTempFile(output, ".audit-", "." + r.extension() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                r.render(report, run, out);
            }
            readableByAll(tmp);
            AtomicFiles.moveOver(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

}
