package org.meshaudit.reports.policyreport;

/**
 * {@code audit.openreports.yaml}: the same reports as {@link PolicyReportRenderer} in the successor API,
 * {@code openreports.io/v1alpha1} Report per namespace plus a ClusterReport.
 */
public final class OpenReportsRenderer extends PolicyReportRenderer {
    public OpenReportsRenderer() {
        super(PolicyReports.Api.OPENREPORTS);
    }

    @Override
    public String format() {
        return "openreports";
    }

    @Override
    public String extension() {
        return "openreports.yaml";
    }
}
