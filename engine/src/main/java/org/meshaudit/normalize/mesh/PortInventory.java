package org.meshaudit.normalize.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshaudit.model.Container;
import org.meshaudit.model.ContainerPort;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.model.PodTemplate;
import org.meshaudit.normalize.LabelIndex;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/**
 * The ports of a workload: ports declared by application containers, plus ports named by policies that apply to it
 * (workload PeerAuthentication portLevelMtls keys, Linkerd Server ports, Service targetPorts resolved per IST-PA-5).
 */
final class PortInventory {
    static final Set<String> PROXIES = Set.of("istio-proxy", "linkerd-proxy");

    /** One inbound port. */
    record Port(int number, String protocol, Set<String> names, boolean serviceTarget) {
    }

    private final TreeMap<String, Port> ports = new TreeMap<>();
    private final Map<String, Integer> byName = new TreeMap<>();
    private final String dataplane;
    final List<String> notes = new ArrayList<>();

    PortInventory(PodTemplate t, String dataplane) {
        this.dataplane = dataplane;
        for (Container c : t.containers()) {
            if (PROXIES.contains(c.name()) || !c.longRunning()) {
                continue;
            }
            for (ContainerPort p : c.ports()) {
                if (!p.name().isEmpty()) {
                    byName.putIfAbsent(p.name(), p.number());
                }
                add(p.number(), p.protocol(), p.name(), false);
            }
        }
    }

    /** Well-known proxy ports are the proxy's own, not the application's. */
    private boolean proxyPort(int n) {
        if (dataplane.startsWith("istio")) {
            return n >= 15000 && n <= 15090;
        }
        if (dataplane.equals(Membership.LINKERD)) {
            return n >= 4140 && n <= 4191;
        }
        return false;
    }

    void add(int number, String protocol, String name, boolean serviceTarget) {
        if (proxyPort(number)) {
            return;
        }
        String proto = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
        String digits = Integer.toString(number);
        String key = "00000".substring(Math.min(5, digits.length())) + digits + "/" + proto; // %05d/%s, no formatter
        Port old = ports.get(key);
        Set<String> names = new TreeSet<>(old == null ? Set.of() : old.names());
        if (name != null && !name.isEmpty()) {
            names.add(name);
        }
        ports.put(key, new Port(number, proto, names, serviceTarget || (old != null && old.serviceTarget())));
    }

    /** Container port number of a port name, or null. */
    Integer resolve(String name) {
        return byName.get(name);
    }

    Set<String> namesOf(int number) {
        Set<String> out = new TreeSet<>();
        for (Port p : ports.values()) {
            if (p.number() == number) {
                out.addAll(p.names());
            }
        }
        return out;
    }

    /**
     * IST-PA-5: Services selecting the pod contribute their targetPorts (named ones resolved via containerPort names).
     *
     * @param services the Services of the pod's namespace that may select it ({@link LabelIndex.Selectors})
     */
    void addServiceTargets(List<KubeObject> services, String namespace, Map<String, String> labels) {
        for (KubeObject svc : services) {
            if (!svc.namespace().equals(namespace)) {
                continue;
            }
            JsonNode selector = Nodes.at(svc.spec(), "selector");
            if (selector == null || !selector.isObject() || selector.isEmpty()
                    || !LabelSelector.subset(selector, labels)) {
                continue;
            }
            for (JsonNode sp : Nodes.list(svc.spec(), "ports")) {
                String proto = Nodes.text(sp, "protocol");
                JsonNode target = Nodes.at(sp, "targetPort");
                Integer number;
                if (target == null) {
                    JsonNode port = Nodes.at(sp, "port");
                    number = port != null && port.canConvertToInt() ? port.asInt() : null;
                } else if (target.isNumber()) {
                    number = target.asInt();
                } else {
                    number = resolve(target.asString());
                    if (number == null) {
                        try {
                            number = Integer.parseInt(target.asString());
                        } catch (NumberFormatException e) {
                            notes.add(svc.key() + " targetPort \"" + target.asString() + "\" names no container port"
                                    + " of this workload");
                        }
                    }
                }
                if (number != null && number >= 1 && number <= 65535) {
                    add(number, proto, null, true);
                }
            }
        }
    }

    /** Ports in order: ascending number, then protocol. */
    List<Port> ports() {
        return new ArrayList<>(ports.values());
    }
}
