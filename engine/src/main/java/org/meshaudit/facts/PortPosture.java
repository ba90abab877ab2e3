package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Effective inbound posture of one workload port, as the mesh computes it (mesh-semantics.md section 0).
 * The port {@code "*"} stands for every port the workload does not declare.
 */
public final class PortPosture implements Subject {
    /** Where an Istio mode was decided (IST-PA-3) or, for Linkerd, which level set the policy. */
    public enum Level { DEFAULT, MESH, NAMESPACE, WORKLOAD, PORT, CLUSTER, POD, SERVER, NONE }

    private final SubjectRef ref;
    private final String dataplane;
    private final String protocol;
    private final boolean inboundCaptured;
    private final String captureNote;
    private final String serverMode;
    private final boolean mtlsRequired;
    private final Level decidedAt;
    private final List<String> decidedBy;
    private final List<String> shadowed;
    private final String namespaceMode;
    private final boolean serviceTarget;
    private final List<String> notes;
    private final String error;
    private final Set<String> traits;

    /**
     * @param ref             the workload, with {@code port} set
     * @param dataplane       istio-sidecar, istio-ambient, linkerd or none
     * @param protocol        TCP, UDP or SCTP
     * @param inboundCaptured true if inbound traffic to the port goes through the proxy
     * @param captureNote     why the port is not captured (annotation and value), or null
     * @param serverMode      Istio STRICT/PERMISSIVE/DISABLE, the Linkerd policy name, or {@code n/a}
     * @param mtlsRequired    true only if the proxy refuses every connection to the port that is not mesh mTLS
     * @param decidedAt       the level that decided {@code serverMode}
     * @param decidedBy       policy objects that decided it, as {@code Kind/namespace/name}
     * @param shadowed        policies at the same level ignored because an older one wins (IST-PA-2, LKD-POL-4)
     * @param namespaceMode   the mode the namespace level alone gives (before workload/port overrides), or null
     * @param serviceTarget   true if a Service targets this port
     * @param notes           remarks for auditors, e.g. ambient DISABLE read as PERMISSIVE
     * @param error           why the port could not be evaluated, or null
     * @param traits          classification used by rule applicability (see {@link Subject#getTraits()})
     */
    public PortPosture(SubjectRef ref, String dataplane, String protocol, boolean inboundCaptured, String captureNote,
                       String serverMode, boolean mtlsRequired, Level decidedAt, List<String> decidedBy,
                       List<String> shadowed, String namespaceMode, boolean serviceTarget, List<String> notes,
                       String error, Set<String> traits) {
        this.ref = ref;
        this.dataplane = Canonical.string(dataplane);
        this.protocol = Canonical.string(protocol);
        this.inboundCaptured = inboundCaptured;
        this.captureNote = Canonical.string(captureNote);
        this.serverMode = Canonical.string(serverMode);
        this.mtlsRequired = mtlsRequired;
        this.decidedAt = decidedAt;
        this.decidedBy = Canonical.list(decidedBy);
        this.shadowed = Canonical.list(shadowed);
        this.namespaceMode = Canonical.string(namespaceMode);
        this.serviceTarget = serviceTarget;
        this.notes = Canonical.list(notes);
        this.error = error;
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    public String getPort() { return ref.port(); }
    public String getDataplane() { return dataplane; }
    public String getProtocol() { return protocol; }
    public boolean isInboundCaptured() { return inboundCaptured; }
    public String getCaptureNote() { return captureNote; }
    public String getServerMode() { return serverMode; }
    public boolean isMtlsRequired() { return mtlsRequired; }
    public Level getDecidedAt() { return decidedAt; }
    public List<String> getDecidedBy() { return decidedBy; }
    public List<String> getShadowed() { return shadowed; }
    public String getNamespaceMode() { return namespaceMode; }
    public boolean isServiceTarget() { return serviceTarget; }
    public List<String> getNotes() { return notes; }
    @Override public String getError() { return error; }
    @Override public Set<String> getTraits() { return traits; }

    /** A copy with {@code more} notes appended (remarks found after the port was resolved, e.g. about its clients). */
    public PortPosture withNotes(List<String> more) {
        List<String> all = new java.util.ArrayList<>(notes);
        for (String n : more) {
            if (!all.contains(n)) {
                all.add(n);
            }
        }
        return new PortPosture(ref, dataplane, protocol, inboundCaptured, captureNote, serverMode, mtlsRequired,
                decidedAt, decidedBy, shadowed, namespaceMode, serviceTarget, all, error, traits);
    }

    /** GEN-1: meshed, captured and mTLS required. */
    public boolean isStrictCompliant() {
        return error == null && !"none".equals(dataplane) && inboundCaptured && mtlsRequired;
    }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("dataplane", dataplane);
        e.put("protocol", protocol);
        e.put("inboundCaptured", inboundCaptured);
        if (captureNote != null) {
            e.put("captureNote", captureNote);
        }
        e.put("serverMode", serverMode);
        e.put("mtlsRequired", mtlsRequired);
        e.put("decidedAt", decidedAt.name());
        e.put("decidedBy", decidedBy);
        if (!shadowed.isEmpty()) {
            e.put("shadowed", shadowed);
        }
        if (namespaceMode != null) {
            e.put("namespaceMode", namespaceMode);
        }
        if (!notes.isEmpty()) {
            e.put("notes", notes);
        }
        return e;
    }

    @Override
    public String toString() {
        return ref.key() + " " + dataplane + " " + serverMode + (error == null ? "" : " ERROR " + error);
    }
}
