package org.meshaudit.normalize.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which inbound ports bypass the proxy, and the user's capture exclusions: Istio sidecar (IST-BY-1/2/3), ambient
 * (IST-AMB-4), Linkerd (LKD-SKIP-1). Non-TCP ports are never proxied (GEN-4).
 */
final class CaptureExclusions {
    static final String INCLUDE_IN = "traffic.sidecar.istio.io/includeInboundPorts";
    static final String EXCLUDE_IN = "traffic.sidecar.istio.io/excludeInboundPorts";
    static final String EXCLUDE_OUT_PORTS = "traffic.sidecar.istio.io/excludeOutboundPorts";
    static final String EXCLUDE_OUT_RANGES = "traffic.sidecar.istio.io/excludeOutboundIPRanges";
    static final String INCLUDE_OUT_RANGES = "traffic.sidecar.istio.io/includeOutboundIPRanges";
    static final String EXCLUDE_INTERFACES = "traffic.sidecar.istio.io/excludeInterfaces";
    static final String INTERCEPTION = "sidecar.istio.io/interceptionMode";
    static final String AMBIENT_BYPASS = "ambient.istio.io/bypass-inbound-capture";
    /** Ports the Istio injector always excludes itself; not user exclusions. */
    private static final Set<Integer> ISTIO_OWN = Set.of(15020, 15021, 15090);

    /** Capture of one port; {@code excluded} = bypassed because of an exclusion/bypass setting. */
    record Capture(boolean captured, String note, boolean excluded) {
    }

    private final String dataplane;
    private final Map<String, String> ann;
    private final String linkerdDefaultSkip;
    final List<String> inbound = new ArrayList<>();
    final List<String> outbound = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    /**
     * @param annotations for Linkerd: the effective config annotations (LKD-DP-3); otherwise the pod's annotations
     */
    CaptureExclusions(String dataplane, Map<String, String> annotations, String linkerdDefaultSkip) {
        this.dataplane = dataplane;
        this.ann = annotations;
        this.linkerdDefaultSkip = linkerdDefaultSkip;
        switch (dataplane) {
            case Membership.ISTIO_SIDECAR -> istioLists();
            case Membership.ISTIO_AMBIENT -> {
                if (ann.containsKey(AMBIENT_BYPASS)) {
                    inbound.add(AMBIENT_BYPASS + "=" + ann.get(AMBIENT_BYPASS));
                }
            }
            case Membership.LINKERD -> {
                add(inbound, LinkerdPolicy.SKIP_INBOUND);
                add(outbound, LinkerdPolicy.SKIP_OUTBOUND);
                add(outbound, LinkerdPolicy.SKIP_SUBNETS);
            }
            default -> {
            }
        }
    }

    private void istioLists() {
        String mode = ann.get(INTERCEPTION);
        if ("NONE".equals(mode)) {
            inbound.add(INTERCEPTION + "=NONE");
        }
        String include = ann.get(INCLUDE_IN);
        if (include != null && !include.trim().equals("*")) {
            inbound.add(INCLUDE_IN + "=" + include);
        }
        String exclude = ann.get(EXCLUDE_IN);
        if (exclude != null) {
            String user = PortList.without(exclude, ISTIO_OWN);
            if (!user.isEmpty()) {
                inbound.add(EXCLUDE_IN + "=" + user);
            }
        }
        String ifaces = ann.get(EXCLUDE_INTERFACES);
        if (ifaces != null && !ifaces.isBlank()) {
            inbound.add(EXCLUDE_INTERFACES + "=" + ifaces);
            notes.add("traffic on interfaces " + ifaces + " is not captured (IST-BY-3)");
        }
        add(outbound, EXCLUDE_OUT_PORTS);
        add(outbound, EXCLUDE_OUT_RANGES);
        String includeOut = ann.get(INCLUDE_OUT_RANGES);
        if (includeOut != null && !includeOut.trim().equals("*")) {
            outbound.add(INCLUDE_OUT_RANGES + "=" + includeOut);
        }
    }

    private void add(List<String> out, String key) {
        String v = ann.get(key);
        if (v != null && !v.isBlank()) {
            out.add(key + "=" + v);
        }
    }

    /** Capture of a port; {@code port} null = the catch-all entry. */
    Capture forPort(Integer port, String protocol) {
        if (!"TCP".equals(protocol)) {
            return new Capture(false, "GEN-4: " + protocol + " is not proxied by the mesh", false);
        }
        switch (dataplane) {
            case Membership.ISTIO_SIDECAR:
                return istio(port);
            case Membership.ISTIO_AMBIENT:
                if (ann.containsKey(AMBIENT_BYPASS)) {
                    return new Capture(false, AMBIENT_BYPASS + "=" + ann.get(AMBIENT_BYPASS)
                            + ": ztunnel captures no inbound traffic (IST-AMB-4)", true);
                }
                return new Capture(true, null, false);
            case Membership.LINKERD:
                return linkerd(port);
            default:
                return new Capture(false, null, false);
        }
    }

    private Capture istio(Integer port) {
        if ("NONE".equals(ann.get(INTERCEPTION))) {
            return new Capture(false, INTERCEPTION + "=NONE: no traffic is captured (IST-BY-3)", true);
        }
        String include = ann.get(INCLUDE_IN);
        if (include != null && !include.contains("*")) {
            if (include.isBlank()) {
                return new Capture(false, INCLUDE_IN + "=\"\": no inbound port is captured (IST-BY-1)", true);
            }
            if (port == null || !PortList.parse(include, false).contains(port)) {
                return new Capture(false, "not listed in " + INCLUDE_IN + "=" + include + " (IST-BY-1)", true);
            }
        }
        String exclude = ann.get(EXCLUDE_IN);
        if (port != null && exclude != null && PortList.parse(exclude, false).contains(port)) {
            return new Capture(false, EXCLUDE_IN + "=" + exclude + " (IST-BY-1)", true);
        }
        return new Capture(true, null, false);
    }

    private Capture linkerd(Integer port) {
        if (port == null) {
            return new Capture(true, null, false);
        }
        String skip = ann.get(LinkerdPolicy.SKIP_INBOUND);
        if (skip != null && PortList.parse(skip, true).contains(port)) {
            return new Capture(false, LinkerdPolicy.SKIP_INBOUND + "=" + skip + " (LKD-SKIP-1)", true);
        }
        if (PortList.parse(linkerdDefaultSkip, true).contains(port)) {
            return new Capture(false, "skipped by Linkerd default proxyInit.ignoreInboundPorts=" + linkerdDefaultSkip
                    + " (LKD-SKIP-1)", true);
        }
        return new Capture(true, null, false);
    }
}
