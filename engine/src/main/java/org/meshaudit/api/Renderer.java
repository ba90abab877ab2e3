package org.meshaudit.api;

import java.io.IOException;
import java.io.OutputStream;
import org.meshaudit.report.AuditReport;

/**
 * Writes one output format from an {@link AuditReport}, never from engine internals. Implementations are found with
 * {@link java.util.ServiceLoader}; the CLI writes each to {@code DIR/audit.<extension>}.
 */
public interface Renderer {

    /** The name used in {@code --format}, e.g. {@code json}. */
    String format();

    /** File extension after {@code audit.}, e.g. {@code json}. */
    String extension();

    void render(AuditReport report, OutputStream out) throws IOException;

    /**
     * Called by whoever knows early that this format will be rendered (the CLI, the bench), before the audit runs: a
     * renderer that needs large libraries may start loading them on a background daemon thread so that rendering
     * later starts warm. Returns at once and changes nothing that any render writes; by default nothing.
     */
    default void warmUp() {
    }

    /**
     * Whether this renderer writes as it walks the report and keeps next to nothing in memory (the canonical JSON):
     * the CLI then writes it on a second thread beside the other formats. By default false.
     */
    default boolean streaming() {
        return false;
    }

    /**
     * Whether this format shows the SHA-256 of the canonical JSON (the PDF cover does). When one of a run's formats
     * does, the JSON renderer of that run computes the digest as it writes ({@link RunFacts#digestCited}); when none
     * does, hashing a report of up to a gigabyte and more is skipped. By default false.
     */
    default boolean citesDigest() {
        return false;
    }

    /**
     * Renders with facts about the run that are not part of the evidence (see {@link RunFacts}); by default they are
     * ignored.
     */
    default void render(AuditReport report, RunFacts run, OutputStream out) throws IOException {
        render(report, out);
    }

    /**
     * Renders and reports what was written (rows, pages) to {@code stats}, counted while writing; by default nothing
     * is counted.
     */
    default void render(AuditReport report, RunFacts run, OutputStream out, RenderStats stats) throws IOException {
        render(report, run, out);
    }

    /**
     * {@code out} as a stream whose {@code close} only flushes. The stream a renderer is given belongs to its caller;
     * a renderer hands this view to a library that closes what it writes to (Jackson's generators and sequence
     * writers do).
     */
    static OutputStream keepOpen(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
