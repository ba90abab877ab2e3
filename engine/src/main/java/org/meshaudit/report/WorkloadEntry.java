package org.meshaudit.report;

import java.util.List;

/** One workload in {@code posture.workloads[]}. See {@link org.meshaudit.facts.WorkloadPosture}. */
public record WorkloadEntry(String apiVersion, String kind, String namespace, String name, String uid,
                            String dataplane, String dataplaneSource, String dataplaneReason, String serviceAccount,
                            List<String> inboundExclusions, List<String> outboundExclusions, List<String> notes,
                            String error, List<PortEntry> ports) {
}
