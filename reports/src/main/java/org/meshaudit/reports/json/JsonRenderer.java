package org.meshaudit.reports.json;

import java.io.IOException;
import java.io.OutputStream;
import org.meshaudit.api.Renderer;
import org.meshaudit.report.AuditReport;
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
        ReportDigest.write(report, out); // the PDF cover reuses the digest
    }
}
