package org.meshaudit.report;

import java.util.List;

/** One port of a workload in {@code posture.workloads[].ports[]}. See {@link org.meshaudit.facts.PortPosture}. */
public record PortEntry(String port, String protocol, boolean inboundCaptured, String captureNote, String serverMode,
                        boolean mtlsRequired, String decidedAt, List<String> decidedBy, List<String> shadowed,
                        String namespaceMode, boolean serviceTarget, List<String> notes, String error) {
}
