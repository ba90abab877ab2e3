package org.meshaudit.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.model.Container;
import org.meshaudit.model.ContainerPort;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.model.Workload;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/**
 * Service ports of the input and what the effective posture of the workloads behind them expects: the probe's target
 * list for {@code scan --probe}, and the expectation of replayed transcripts that name a Service.
 */
public final class ServiceTargets {

    /**
     * One TCP port of a Service.
     *
     * @param service     the Service
     * @param port        the Service port (what the prober connects to on the cluster IP)
     * @param clusterIp   spec.clusterIP, or null
     * @param expectMtls  true when every backing workload port requires mTLS, false when one does not, null unknown
     * @param expectation which postures decided it
     * @param skip        why it is never probed (ExternalName, headless, UDP), or null
     */
    public record Candidate(KubeObject service, int port, String clusterIp, Boolean expectMtls, String expectation,
                            String skip) {
    }

    private ServiceTargets() {
    }

    public static List<Candidate> of(Snapshot snapshot, List<WorkloadPosture> workloads) {
        List<Candidate> out = new ArrayList<>();
        for (KubeObject svc : snapshot.ofKind("", "Service")) {
            String type = text(svc.spec(), "type");
            String ip = text(svc.spec(), "clusterIP");
            for (JsonNode sp : Nodes.list(svc.spec(), "ports")) {
                JsonNode pn = Nodes.at(sp, "port");
                if (pn == null || !pn.canConvertToInt()) {
                    continue;
                }
                int port = pn.asInt();
                String proto = text(sp, "protocol");
                String skip = null;
                if ("ExternalName".equals(type)) {
                    skip = "ExternalName Service: never probed (off-cluster pivot, CVE-2021-25740)";
                } else if (!proto.isEmpty() && !"TCP".equals(proto)) {
                    skip = proto + " port: only TCP is probed";
                } else if (ip.isEmpty() || "None".equals(ip)) {
                    skip = "no cluster IP (headless or not yet allocated)";
                }
                Expectation e = expectation(snapshot, workloads, svc, sp);
                out.add(new Candidate(svc, port, ip.isEmpty() || "None".equals(ip) ? null : ip, e.expect, e.why, skip));
            }
        }
        return out;
    }

    /** The expectation for a Service port given by number, or null when the Service or port is not in the input. */
    public static Candidate find(Snapshot snapshot, List<WorkloadPosture> workloads, String namespace, String name,
                                 int port) {
        for (Candidate c : of(snapshot, workloads)) {
            if (c.service().namespace().equals(namespace) && c.service().name().equals(name) && c.port() == port) {
                return c;
            }
        }
        return null;
    }

    private static String text(JsonNode n, String field) {
        String s = Nodes.text(n, field);
        return s == null ? "" : s;
    }

    private record Expectation(Boolean expect, String why) {
    }

    private static Expectation expectation(Snapshot snapshot, List<WorkloadPosture> workloads, KubeObject svc,
                                           JsonNode sp) {
        Map<String, String> selector = Nodes.stringMap(svc.spec(), "selector");
        if (selector.isEmpty()) {
            return new Expectation(null, "Service has no selector: no posture to compare with");
        }
        JsonNode target = Nodes.at(sp, "targetPort");
        List<String> required = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (WorkloadPosture w : workloads) {
            if (!w.getRef().namespace().equals(svc.namespace()) || !LabelSelector.subset(selector, w.getLabels())) {
                continue;
            }
            Integer number = targetNumber(snapshot, w, sp, target);
            PortPosture match = null;
            PortPosture star = null;
            for (PortPosture p : w.getPorts()) {
                if (number != null && p.getPort().equals(String.valueOf(number))) {
                    match = p;
                } else if ("*".equals(p.getPort())) {
                    star = p;
                }
            }
            PortPosture p = match != null ? match : star;
            if (p == null || p.getError() != null) {
                return new Expectation(null, w.getRef().key() + ": posture unknown"
                        + (p == null ? "" : " (" + p.getError() + ")"));
            }
            (p.isMtlsRequired() ? required : open).add(p.getRef().key() + " " + p.getServerMode());
        }
        if (required.isEmpty() && open.isEmpty()) {
            return new Expectation(null, "no workload in the input backs the Service");
        }
        if (open.isEmpty()) {
            return new Expectation(true, "effective posture requires mTLS: " + String.join(", ", required));
        }
        return new Expectation(false, "effective posture does not require mTLS: " + String.join(", ", open));
    }

    private static Integer targetNumber(Snapshot snapshot, WorkloadPosture w, JsonNode sp, JsonNode target) {
        if (target == null) {
            JsonNode port = Nodes.at(sp, "port");
            return port != null && port.canConvertToInt() ? port.asInt() : null;
        }
        if (target.isNumber()) {
            return target.asInt();
        }
        if (target.asString("").matches("\\d{1,5}")) {
            return Integer.parseInt(target.asString(""));
        }
        String name = target.asString("");
        for (Workload wl : snapshot.workloads()) {
            if (wl.meta().kind().equals(w.getRef().kind()) && wl.meta().namespace().equals(w.getRef().namespace())
                    && wl.meta().name().equals(w.getRef().name())) {
                for (Container c : wl.template().containers()) {
                    for (ContainerPort cp : c.ports()) {
                        if (cp.name().equals(name)) {
                            return cp.number();
                        }
                    }
                }
            }
        }
        return null;
    }
}
