package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Mesh membership of one workload (a Pod, or a controller standing for the pods of its template) and the posture of
 * each of its ports, the catch-all {@code "*"} last.
 */
public final class WorkloadPosture implements Subject {
    private final SubjectRef ref;
    private final String dataplane;
    private final String dataplaneSource;
    private final String dataplaneReason;
    private final String serviceAccount;
    private final Map<String, String> labels;
    private final List<PortPosture> ports;
    private final List<String> inboundExclusions;
    private final List<String> outboundExclusions;
    private final List<String> notes;
    private final String error;
    private final Set<String> traits;

    /**
     * @param ref                the workload (port null)
     * @param dataplane          istio-sidecar, istio-ambient, linkerd or none
     * @param dataplaneSource    {@code observed} (admitted pod) or {@code predicted} (template, unadmitted pod)
     * @param dataplaneReason    one line: which label/annotation/container decided membership (rule id cited)
     * @param serviceAccount     spec.serviceAccountName
     * @param labels             pod (template) labels
     * @param ports              per-port posture, numeric ports ascending, {@code "*"} last
     * @param inboundExclusions  user-configured inbound capture exclusions, e.g.
     *                           {@code traffic.sidecar.istio.io/excludeInboundPorts=9000}
     * @param outboundExclusions user-configured outbound exclusions (ports or IP ranges)
     * @param notes              remarks for auditors
     * @param error              why membership could not be decided, or null
     * @param traits             see {@link Subject#getTraits()}
     */
    public WorkloadPosture(SubjectRef ref, String dataplane, String dataplaneSource, String dataplaneReason,
                           String serviceAccount, Map<String, String> labels, List<PortPosture> ports,
                           List<String> inboundExclusions, List<String> outboundExclusions, List<String> notes,
                           String error, Set<String> traits) {
        this.ref = ref;
        this.dataplane = Canonical.string(dataplane);
        this.dataplaneSource = Canonical.string(dataplaneSource);
        this.dataplaneReason = Canonical.string(dataplaneReason);
        this.serviceAccount = Canonical.string(serviceAccount);
        this.labels = Canonical.map(labels);
        this.ports = List.copyOf(ports);
        this.inboundExclusions = Canonical.list(inboundExclusions);
        this.outboundExclusions = Canonical.list(outboundExclusions);
        this.notes = Canonical.list(notes);
        this.error = error;
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    public String getKind() { return ref.kind(); }
    public String getName() { return ref.name(); }
    public String getDataplane() { return dataplane; }
    public String getDataplaneSource() { return dataplaneSource; }
    public String getDataplaneReason() { return dataplaneReason; }
    public String getServiceAccount() { return serviceAccount; }
    public Map<String, String> getLabels() { return labels; }
    public List<PortPosture> getPorts() { return ports; }
    public List<String> getInboundExclusions() { return inboundExclusions; }
    public List<String> getOutboundExclusions() { return outboundExclusions; }
    public List<String> getNotes() { return notes; }
    @Override public String getError() { return error; }
    @Override public Set<String> getTraits() { return traits; }

    /** The same workload with other port entries (e.g. the same ports with notes added). */
    public WorkloadPosture withPorts(List<PortPosture> newPorts) {
        return new WorkloadPosture(ref, dataplane, dataplaneSource, dataplaneReason, serviceAccount, labels, newPorts,
                inboundExclusions, outboundExclusions, notes, error, traits);
    }

    public boolean isMeshed() {
        return error == null && !"none".equals(dataplane);
    }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("dataplane", dataplane);
        e.put("dataplaneSource", dataplaneSource);
        e.put("dataplaneReason", dataplaneReason);
        e.put("serviceAccount", serviceAccount);
        if (!inboundExclusions.isEmpty()) {
            e.put("inboundExclusions", inboundExclusions);
        }
        if (!outboundExclusions.isEmpty()) {
            e.put("outboundExclusions", outboundExclusions);
        }
        if (!notes.isEmpty()) {
            e.put("notes", notes);
        }
        return e;
    }

    @Override
    public String toString() {
        return ref.key() + " " + dataplane + "(" + dataplaneSource + ")" + (error == null ? "" : " ERROR " + error);
    }
}
