package org.meshaudit.cli;

import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Result;

/** The one place exit codes are decided (architecture.md, "Exit codes"). */
public final class ExitCodes {
    /** Complete, and nothing at or above {@code --fail-on}. */
    public static final int OK = 0;
    /** A FAIL at or above {@code --fail-on}. */
    public static final int FINDINGS = 1;
    /** Usage or configuration error. */
    public static final int USAGE = 2;
    /** Incomplete run: ERROR results or collection issues. Wins over {@link #FINDINGS}. */
    public static final int INCOMPLETE = 3;
    /** Internal error. */
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }

    /** @param failOn threshold, or null for {@code none} (findings never fail the run) */
    public static int forReport(AuditReport report, Severity failOn) {
        return forReport(report, failOn, true);
    }

    /**
     * @param failOn           threshold, or null for {@code none} (findings never fail the run)
     * @param failOnIncomplete {@code --fail-on-incomplete} (default true): an incomplete run exits 3, which wins over
     *                         1. With {@code --fail-on-incomplete=false} an incomplete run exits by {@code --fail-on}
     *                         alone (0 or 1); the reports still say the run is incomplete and ERROR results are never
     *                         counted as PASS.
     */
    public static int forReport(AuditReport report, Severity failOn, boolean failOnIncomplete) {
        if (!report.complete() && failOnIncomplete) {
            return INCOMPLETE;
        }
        if (failOn != null) {
            for (Result r : report.results()) {
                if (r.status() == Status.FAIL && r.severity().atLeast(failOn)) {
                    return FINDINGS;
                }
            }
        }
        return OK;
    }

    /** {@code diff}: {@link #FINDINGS} when a new finding is at or above the threshold (null: never). */
    public static int forDiff(org.meshaudit.lifecycle.ReportDiff.Diff diff, Severity failOn) {
        return org.meshaudit.lifecycle.ReportDiff.hasNewAtOrAbove(diff, failOn) ? FINDINGS : OK;
    }

    /** {@code verify}: {@link #OK} when every check held, else {@link #VERIFY_FAILED}. */
    public static int forVerification(org.meshaudit.lifecycle.EvidenceBundle.Verification v) {
        return v.ok() ? OK : VERIFY_FAILED;
    }

    /** {@code verify}: a digest, file, signature or trust check failed. */
    public static final int VERIFY_FAILED = 1;

    /**
     * Exit code when writing PolicyReports into the cluster ({@code --apply-reports}) failed and was rolled back:
     * denied (401/403) or CRD not installed (404) is a configuration error ({@link #USAGE}, fix RBAC or install the
     * CRD); anything else is {@link #INTERNAL}. The local report files are written before and stay.
     */
    public static int forPublishFailure(int httpCode) {
        return httpCode == 401 || httpCode == 403 || httpCode == 404 ? USAGE : INTERNAL;
    }

    public static String explain(int code, Severity failOn) {
        switch (code) {
            case OK: return "complete; no FAIL at or above " + (failOn == null ? "(none)" : failOn.label());
            case FINDINGS: return "FAIL at or above " + failOn.label();
            case INCOMPLETE: return "incomplete: some input could not be read or evaluated";
            default: return "";
        }
    }
}
