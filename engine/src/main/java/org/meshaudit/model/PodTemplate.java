package org.meshaudit.model;

import java.util.List;
import java.util.Map;

/**
 * The parts of a pod (or a controller's pod template) that decide mesh membership and ports.
 *
 * @param labels             pod (template) labels
 * @param annotations        pod (template) annotations
 * @param hostNetwork        spec.hostNetwork
 * @param serviceAccountName spec.serviceAccountName, {@code default} when omitted
 * @param containers         containers and init containers, in declaration order
 */
public record PodTemplate(Map<String, String> labels, Map<String, String> annotations, boolean hostNetwork,
                          String serviceAccountName, List<Container> containers) {

    /** True if a long-running container (regular, or native sidecar) has this name. */
    public boolean hasProxy(String containerName) {
        for (Container c : containers) {
            if (c.name().equals(containerName) && c.longRunning()) {
                return true;
            }
        }
        return false;
    }
}
