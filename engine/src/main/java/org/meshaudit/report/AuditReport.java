package org.meshaudit.report;

import java.util.List;

/**
 * The canonical audit evidence ({@code apiVersion: meshaudit.org/v1}, {@code kind: AuditReport}); every renderer
 * reads only this. Field names are a contract: additions are fine, renames need a new apiVersion.
 * {@code waivers} (the waivers file and what each waiver did) and {@code trend} (the last runs of
 * {@code scan --history}) are null when not used.
 */
public record AuditReport(String apiVersion, String kind, Metadata metadata, Summary summary,
                          List<FrameworkView> frameworks, List<Result> results, Posture posture,
                          List<CertificateEntry> certificates, CollectionView collection,
                          List<WaiverEntry> waivers, List<TrendPoint> trend) {

    public static final String API_VERSION = "meshaudit.org/v1";
    public static final String KIND = "AuditReport";

    /** A report without waivers and trend. */
    public AuditReport(String apiVersion, String kind, Metadata metadata, Summary summary,
                       List<FrameworkView> frameworks, List<Result> results, Posture posture,
                       List<CertificateEntry> certificates, CollectionView collection) {
        this(apiVersion, kind, metadata, summary, frameworks, results, posture, certificates, collection, null, null);
    }

    public boolean complete() {
        return metadata.complete();
    }
}
