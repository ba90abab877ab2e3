package org.meshaudit.normalize.mesh;

import java.util.List;
import org.meshaudit.facts.Canonical;
import org.meshaudit.facts.SubjectRef;

/**
 * What an Istio sidecar client sends to one Service (or mesh-external ServiceEntry) port, and how each endpoint's
 * server port receives it (IST-CL-2..5). The client is one in a namespace without a DestinationRule of its own for the
 * host: it uses a DestinationRule of the service's namespace exported to it, else one of the root namespace.
 *
 * @param service    the Service or ServiceEntry, with {@code port} set to the service port
 * @param host       the host clients call, e.g. {@code api.pay.svc.cluster.local}
 * @param clusterTls the TLS of the client's cluster: {@code ISTIO_MUTUAL}, {@code SIMPLE}, {@code MUTUAL} or
 *                   {@code DISABLE} from a DestinationRule, {@code ISTIO_MUTUAL (auto)} when auto mTLS prepares it
 *                   (endpoints then decide, IST-CL-4), or {@code none}
 * @param decidedBy  one line: the DestinationRule setting, or the auto mTLS input that decided
 * @param endpoints  one entry per workload behind the service port
 * @param notes      remarks, e.g. DestinationRules that other client namespaces use instead
 */
public record ServiceClientTls(SubjectRef service, String host, String clusterTls, String decidedBy,
                               List<Endpoint> endpoints, List<String> notes) {

    public ServiceClientTls {
        host = Canonical.string(host);
        clusterTls = Canonical.string(clusterTls);
        decidedBy = Canonical.string(decidedBy);
        endpoints = List.copyOf(endpoints);
        notes = Canonical.list(notes);
    }

    /**
     * One endpoint (workload port) behind the service port.
     *
     * @param workload   the workload, as {@code Kind/namespace/name}
     * @param port       the target port on the workload
     * @param sends      what the client sends to it: {@code ISTIO_MUTUAL}, {@code plaintext}, {@code SIMPLE},
     *                   {@code MUTUAL}, or {@code HBONE} (ambient clients to an ambient endpoint, IST-DP-6)
     * @param serverMode the endpoint port's mode (IST-PA-3), or the dataplane when it is not an Istio sidecar
     * @param outcome    IST-CL-5: {@code mtls}, {@code refused}, {@code plaintext}, {@code tls-not-mesh},
     *                   {@code mtls-not-terminated}, or {@code unknown} (the server port could not be evaluated)
     * @param reason     why the client sends what it sends
     */
    public record Endpoint(String workload, String port, String sends, String serverMode, String outcome,
                           String reason) {
        public Endpoint {
            port = Canonical.string(port);
            sends = Canonical.string(sends);
            serverMode = Canonical.string(serverMode);
            outcome = Canonical.string(outcome);
            reason = Canonical.string(reason);
        }
    }
}
