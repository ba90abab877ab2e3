package org.meshaudit.reports.json;

import java.io.IOException;
import java.io.OutputStream;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.RunFacts;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;
import org.meshaudit.reports.common.ReportDigest;

/** {@code audit.json}: the canonical evidence, byte-identical for the same input and as-of time. */
public final class JsonRenderer implements Renderer {
    @Override
    public String format() {
        return "json";
    }

    @Override
    public String extension() {
        return "json";
    }

    /** Jackson's streaming generator: written beside the other formats. */
    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public void render(AuditReport report, OutputStream out) throws IOException {
        render(report, RunFacts.NONE, out);
    }

    /** Computes the report's digest on the way only when another format of the run shows it (the PDF cover). */
    @Override
    public void render(AuditReport report, RunFacts run, OutputStream out) throws IOException {
        if (run.digestCited()) {
            ReportDigest.write(report, out);
        } else {
            ReportJson.write(report, out);
        }
    }
}
