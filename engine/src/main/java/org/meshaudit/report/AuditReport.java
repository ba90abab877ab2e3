package org.meshaudit.report;

import java.util.List;

/**
 * The canonical audit evidence ({@code apiVersion: meshaudit.org/v1}, {@code kind: AuditReport}); every renderer
 * reads only this. Field names are a contract: additions are fine, renames need a new apiVersion.
 */
public record AuditReport(String apiVersion, String kind, Metadata metadata, Summary summary,
                          List<FrameworkView> frameworks, List<Result> results, Posture posture,
                          List<CertificateEntry> certificates, CollectionView collection) {

    public static final String API_VERSION = "meshaudit.org/v1";
    public static final String KIND = "AuditReport";

    public boolean complete() {
        return metadata.complete();
    }
}
