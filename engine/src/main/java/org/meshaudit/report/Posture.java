package org.meshaudit.report;

import java.util.List;
import java.util.Map;

/**
 * The effective posture section of the report.
 *
 * @param mesh      what was assumed or read about the meshes (root namespace, versions, defaults)
 * @param workloads every workload with its ports
 */
public record Posture(Map<String, String> mesh, List<WorkloadEntry> workloads) {
}
