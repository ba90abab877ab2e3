package org.meshaudit.reports.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.meshaudit.report.AuditReport;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * SHA-256 of the canonical JSON ({@code audit.json}) of a report, computed by streaming (no copy of the JSON in
 * memory). Uses the settings of {@code ReportJson}; a test checks both give the same bytes.
 */
public final class ReportDigest {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private ReportDigest() {
    }

    /** {@code sha256:<hex>} of the canonical JSON, or {@code null} if it cannot be computed. */
    public static String sha256(AuditReport report) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
                MAPPER.writeValue(new NonClosing(out), report);
                out.write('\n');
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            // keep the digest stream open for the trailing newline
        }
    }
}
