package org.meshaudit.report;

import java.util.Map;

/**
 * Counts for people and dashboards.
 *
 * @param results            number of results
 * @param byStatus           results per status (every status listed)
 * @param failuresBySeverity FAIL results per severity (every severity listed)
 * @param workloads          workloads in the posture
 * @param meshedWorkloads    workloads with a dataplane
 * @param workloadPorts      workload ports (catch-all entries included)
 * @param mtlsEnforcedPorts  ports that are STRICT-compliant (GEN-1)
 * @param mtlsEnforcedShare  mtlsEnforcedPorts / workloadPorts, rounded to 4 decimals
 * @param errorPorts         ports that could not be evaluated
 * @param collectionIssues   number of collection issues
 * @param waivers            waivers per status ({@code active}, {@code expired}, {@code stale},
 *                           {@code not-yet-valid}), or null when no waivers file was used
 */
public record Summary(int results, Map<String, Integer> byStatus, Map<String, Integer> failuresBySeverity,
                      int workloads, int meshedWorkloads, int workloadPorts, int mtlsEnforcedPorts,
                      double mtlsEnforcedShare, int errorPorts, int collectionIssues, Map<String, Integer> waivers) {

    /** A summary of a run without waivers. */
    public Summary(int results, Map<String, Integer> byStatus, Map<String, Integer> failuresBySeverity,
                   int workloads, int meshedWorkloads, int workloadPorts, int mtlsEnforcedPorts,
                   double mtlsEnforcedShare, int errorPorts, int collectionIssues) {
        this(results, byStatus, failuresBySeverity, workloads, meshedWorkloads, workloadPorts, mtlsEnforcedPorts,
                mtlsEnforcedShare, errorPorts, collectionIssues, null);
    }
}
