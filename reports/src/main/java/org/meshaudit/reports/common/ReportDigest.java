package org.meshaudit.reports.common;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;

/**
 * SHA-256 of the canonical JSON ({@code audit.json}) of a report, computed by streaming {@link ReportJson#write} (no
 * copy of the JSON in memory). Serialising a large cluster's report costs as much as writing audit.json, so the digest
 * of the last report is remembered: the JSON renderer records it while it writes, and the renderers after it or beside
 * it in the same run (the PDF cover) reuse it, waiting for it while the JSON is being written.
 */
public final class ReportDigest {
    /** The last report digested (by identity, weakly held) and its digest, or the digest being computed. */
    private record Known(WeakReference<AuditReport> report, CompletableFuture<String> digest) {
    }

    private static volatile Known last = new Known(new WeakReference<>(null), CompletableFuture.completedFuture(null));

    private ReportDigest() {
    }

    /** {@code sha256:<hex>} of the canonical JSON, or {@code null} if it cannot be computed. */
    public static String sha256(AuditReport report) {
        Known k = last;
        if (k.report().get() == report) {
            String d = k.digest().join(); // waits while the JSON renderer writes this report on another thread
            if (d != null) {
                return d;
            }
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ReportJson.write(report, new DigestOutputStream(OutputStream.nullOutputStream(), md));
            String d = hex(md);
            last = new Known(new WeakReference<>(report), CompletableFuture.completedFuture(d));
            return d;
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
        CompletableFuture<String> digest = new CompletableFuture<>();
        last = new Known(new WeakReference<>(report), digest);
        try {
            ReportJson.write(report, new DigestOutputStream(out, md) {
                @Override
                public void close() throws IOException {
                    flush(); // the caller owns the stream
                }
            });
            digest.complete(hex(md));
        } finally {
            digest.complete(null); // failed: whoever waits computes it
        }
    }

    private static String hex(MessageDigest md) {
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
}
