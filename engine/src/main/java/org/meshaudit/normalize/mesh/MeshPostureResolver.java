package org.meshaudit.normalize.mesh;

import org.meshaudit.collect.Snapshot;

/** Computes the effective mTLS posture of every workload and port as Istio and Linkerd do (mesh-semantics.md). */
public final class MeshPostureResolver {
    private MeshPostureResolver() {
    }

    public static MeshPosture resolve(Snapshot snapshot, MeshOptions options) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
