package org.meshaudit.model;

import java.util.List;

/**
 * Something that runs pods: a Pod, or a controller (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob)
 * standing for the pods of its template.
 *
 * @param meta     the object's own identity (labels/annotations of the controller itself)
 * @param template the pod (template) that decides membership and ports
 * @param owners   ownerReferences of the object
 * @param admitted true for a Pod that was admitted by an API server (it has a uid or a status); its mesh
 *                 membership is observed rather than predicted
 */
public record Workload(KubeObject meta, PodTemplate template, List<OwnerRef> owners, boolean admitted) {

    public boolean isPod() {
        return "Pod".equals(meta.kind());
    }
}
