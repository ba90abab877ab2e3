package org.meshaudit.reports.common;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;

/**
 * SHA-256 of the canonical JSON ({@code audit.json}) of a report, computed by streaming {@link ReportJson#write} (no
 * copy of the JSON in memory). Serialising a large cluster's report costs as much as writing audit.json, so the digest
 * of the last report is remembered: the JSON renderer records it while it writes, and the renderers after it in the
 * same run (the PDF cover) reuse it.
 */
public final class ReportDigest {
    /** The last report digested (by identity, weakly held) and its digest. */
    private record Known(WeakReference<AuditReport> report, String digest) {
    }

    private static volatile Known last = new Known(new WeakReference<>(null), null);

    private ReportDigest() {
    }

    /** {@code sha256:<hex>} of the canonical JSON, or {@code null} if it cannot be computed. */
    public static String sha256(AuditReport report) {
        Known k = last;
        if (k.report().get() == report && k.digest() != null) {
            return k.digest();
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ReportJson.write(report, new DigestOutputStream(OutputStream.nullOutputStream(), md));
            return remember(report, md);
        } catch (NoSuchAlgorithmException | IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes the canonical JSON of {@code report} to {@code out} (as {@link ReportJson#write}) and remembers its
     * digest on the way.
     */
    public static void write(AuditReport report, OutputStream out) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            ReportJson.write(report, out);
            return;
        }
        ReportJson.write(report, new DigestOutputStream(out, md) {
            @Override
            public void close() throws IOException {
                flush(); // the caller owns the stream
            }
        });
        remember(report, md);
    }

    private static String remember(AuditReport report, MessageDigest md) {
        String digest = "sha256:" + HexFormat.of().formatHex(md.digest());
        last = new Known(new WeakReference<>(report), digest);
        return digest;
    }
}
