package org.meshaudit.normalize.mesh;

import java.util.List;

/**
 * Which dataplane a workload has and why.
 *
 * @param dataplane istio-sidecar, istio-ambient, linkerd, none, or {@code unknown} with {@code error}
 * @param source    observed or predicted
 * @param reason    one line citing the rule id
 * @param error     why it could not be decided, or null
 * @param revision  Istio revision the pod is attached to ({@code ""} = default), null when not Istio
 * @param notes     remarks
 */
record Membership(String dataplane, String source, String reason, String error, String revision,
                  List<String> notes) {
    static final String ISTIO_SIDECAR = "istio-sidecar";
    static final String ISTIO_AMBIENT = "istio-ambient";
    static final String LINKERD = "linkerd";
    static final String NONE = "none";
    static final String UNKNOWN = "unknown";

    boolean istio() {
        return ISTIO_SIDECAR.equals(dataplane) || ISTIO_AMBIENT.equals(dataplane);
    }

    boolean meshed() {
        return error == null && !NONE.equals(dataplane);
    }
}
