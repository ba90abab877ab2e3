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
        if (!report.complete()) {
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

    public static String explain(int code, Severity failOn) {
        switch (code) {
            case OK: return "complete; no FAIL at or above " + (failOn == null ? "(none)" : failOn.label());
            case FINDINGS: return "FAIL at or above " + failOn.label();
            case INCOMPLETE: return "incomplete: some input could not be read or evaluated";
            default: return "";
        }
    }
}
