package org.meshaudit.model;

import java.util.List;

/**
 * A container of a pod (template).
 *
 * @param name          container name
 * @param ports         declared ports
 * @param init          true for an entry of {@code spec.initContainers}
 * @param restartAlways true for an init container with {@code restartPolicy: Always} (a native sidecar)
 */
public record Container(String name, List<ContainerPort> ports, boolean init, boolean restartAlways) {

    /** Runs for the pod's whole life: a regular container, or a native sidecar init container. */
    public boolean longRunning() {
        return !init || restartAlways;
    }
}
