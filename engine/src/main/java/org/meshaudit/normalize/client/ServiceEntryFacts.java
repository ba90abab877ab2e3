package org.meshaudit.normalize.client;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.ExternalServicePort;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * Egress toward hosts outside the mesh (Istio ServiceEntry with {@code location: MESH_EXTERNAL}, the default): one
 * fact per port, plaintext when the protocol carries no TLS and no DestinationRule originates TLS for the host
 * (IST-CL-1).
 */
public final class ServiceEntryFacts {
    private static final Set<String> TLS_PROTOCOLS = Set.of("HTTPS", "TLS");
    private static final Set<String> OPAQUE = Set.of("TCP", "MONGO", "MYSQL", "REDIS", "UNSUPPORTED", "");
    private static final Set<String> ORIGINATING = Set.of("SIMPLE", "MUTUAL", "ISTIO_MUTUAL");

    private ServiceEntryFacts() {
    }

    public static List<Subject> build(Snapshot snapshot, Set<String> system) {
        List<Subject> out = new ArrayList<>();
        List<KubeObject> rules = snapshot.ofKind("networking.istio.io", "DestinationRule");
        for (KubeObject se : snapshot.ofKind("networking.istio.io", "ServiceEntry")) {
            JsonNode spec = se.spec();
            if ("MESH_INTERNAL".equals(Nodes.text(spec, "location"))) {
                continue;
            }
            List<String> hosts = new ArrayList<>();
            Nodes.list(spec, "hosts").forEach(h -> hosts.add(h.asString("")));
            List<String> addresses = new ArrayList<>();
            Nodes.list(spec, "addresses").forEach(a -> addresses.add(a.asString("")));
            boolean isPublic = hosts.stream().anyMatch(ServiceEntryFacts::publicHost)
                    || addresses.stream().anyMatch(ServiceEntryFacts::publicAddress);
            for (JsonNode port : Nodes.list(spec, "ports")) {
                String number = port.path("number").asString("");
                String protocol = port.path("protocol").asString("").toUpperCase(Locale.ROOT);
                String origination = origination(rules, se, hosts, number);
                Set<String> traits = new TreeSet<>();
                if (isPublic) {
                    traits.add("public");
                }
                if (OPAQUE.contains(protocol) && origination == null) {
                    traits.add("opaque");
                }
                if (system.contains(se.namespace())) {
                    traits.add("system");
                }
                boolean plaintext = !TLS_PROTOCOLS.contains(protocol) && origination == null;
                List<String> all = new ArrayList<>(hosts);
                all.addAll(addresses);
                SubjectRef ref = new SubjectRef(se.apiVersion(), se.kind(), se.namespace(), se.name(), se.uid(),
                        number.isEmpty() ? null : number);
                out.add(new ExternalServicePort(ref, all, protocol, origination, plaintext,
                        number.isEmpty() ? "ServiceEntry port has no number" : null, traits));
            }
        }
        return out;
    }

    /** The TLS mode a DestinationRule for one of the hosts originates on this port (port-level wins), or null. */
    private static String origination(List<KubeObject> rules, KubeObject se, List<String> hosts, String port) {
        for (KubeObject dr : rules) {
            String host = Nodes.text(dr.spec(), "host");
            if (host == null || !hosts.contains(host)) {
                continue;
            }
            JsonNode policy = Nodes.at(dr.spec(), "trafficPolicy");
            String mode = Nodes.text(policy, "tls", "mode");
            for (JsonNode pls : Nodes.list(policy, "portLevelSettings")) {
                if (pls.path("port").path("number").asString("").equals(port)) {
                    mode = Nodes.text(pls, "tls", "mode"); // a port-level entry replaces the top-level tls (IST-CL-2)
                }
            }
            if (mode != null && ORIGINATING.contains(mode)) {
                return mode;
            }
        }
        return null;
    }

    static boolean publicHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".cluster.local") || h.endsWith(".svc") || h.endsWith(".local") || h.endsWith(".internal")
                || h.endsWith(".localhost") || !h.contains(".")) {
            return false;
        }
        if (Character.isDigit(h.charAt(0)) || h.contains(":")) {
            return publicAddress(h);
        }
        return true;
    }

    static boolean publicAddress(String address) {
        String a = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
        if (!a.matches("[0-9.]+") && !a.contains(":")) {
            return true;
        }
        try {
            InetAddress ip = InetAddress.getByName(a); // a literal: no lookup happens
            byte[] b = ip.getAddress();
            boolean cgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
            boolean ula = b.length == 16 && (b[0] & 0xfe) == 0xfc;
            return !(ip.isSiteLocalAddress() || ip.isLoopbackAddress() || ip.isLinkLocalAddress() || cgnat || ula
                    || ip.isAnyLocalAddress());
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }
}
