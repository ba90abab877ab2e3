package org.meshaudit.report;

import java.util.List;

/**
 * One workload in {@code posture.workloads[]}. See {@link org.meshaudit.facts.WorkloadPosture}. {@code cluster} is set
 * in a merged fleet report only.
 */
public record WorkloadEntry(String apiVersion, String kind, String namespace, String name, String uid,
                            String dataplane, String dataplaneSource, String dataplaneReason, String serviceAccount,
                            List<String> inboundExclusions, List<String> outboundExclusions, List<String> notes,
                            String error, List<PortEntry> ports, String cluster) {

    /** A workload of a single-cluster report. */
    public WorkloadEntry(String apiVersion, String kind, String namespace, String name, String uid,
                         String dataplane, String dataplaneSource, String dataplaneReason, String serviceAccount,
                         List<String> inboundExclusions, List<String> outboundExclusions, List<String> notes,
                         String error, List<PortEntry> ports) {
        this(apiVersion, kind, namespace, name, uid, dataplane, dataplaneSource, dataplaneReason, serviceAccount,
                inboundExclusions, outboundExclusions, notes, error, ports, null);
    }
}
