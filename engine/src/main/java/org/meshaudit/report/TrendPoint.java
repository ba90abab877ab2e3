package org.meshaudit.report;

import java.util.Map;

/**
 * One run of the history kept with {@code scan --history DIR} ({@code trend[]}, oldest first; one line of
 * {@code DIR/history.jsonl}).
 *
 * @param asOf                      the run's clock
 * @param runId                     the run's id
 * @param mtlsEnforcedShare         share of workload ports with enforced mTLS
 * @param mtlsEnforcedPorts         workload ports with enforced mTLS
 * @param workloadPorts             workload ports
 * @param openFindings              FAIL results (not waived) per severity, highest first
 * @param waived                    WAIVED results
 * @param errors                    ERROR results
 * @param earliestCertificateExpiry earliest {@code notAfter} of the certificate inventory, or null when it is empty
 * @param complete                  whether that run was complete
 */
public record TrendPoint(String asOf, String runId, double mtlsEnforcedShare, int mtlsEnforcedPorts,
                         int workloadPorts, Map<String, Integer> openFindings, int waived, int errors,
                         String earliestCertificateExpiry, boolean complete) {
}
