package org.meshaudit.reports.pdf;

import java.io.IOException;
import java.io.OutputStream;
import org.meshaudit.api.RenderStats;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.RunFacts;
import org.meshaudit.report.AuditReport;

/** {@code audit.pdf}: the auditor's reading copy, laid out and written in one pass ({@link PdfReportWriter}). */
public final class PdfRenderer implements Renderer {

    private final PdfLimits limits;

    public PdfRenderer() {
        this(PdfLimits.DEFAULT);
    }

    public PdfRenderer(PdfLimits limits) {
        this.limits = limits;
    }

    @Override
    public String format() {
        return "pdf";
    }

    @Override
    public String extension() {
        return "pdf";
    }

    /** The cover shows the SHA-256 of audit.json. */
    @Override
    public boolean citesDigest() {
        return true;
    }

    @Override
    public void render(AuditReport report, OutputStream out) throws IOException {
        render(report, RunFacts.NONE, out, RenderStats.NONE);
    }

    /** Renders and counts the pages written ({@code pages}). */
    @Override
    public void render(AuditReport report, RunFacts run, OutputStream out, RenderStats stats) throws IOException {
        stats.count(RenderStats.PAGES, new PdfReportWriter(report, limits).write(out));
    }
}
