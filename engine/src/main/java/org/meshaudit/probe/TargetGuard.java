package org.meshaudit.probe;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which addresses the prober may connect to (security-reliability.md section 8): cluster-internal only. Accepted:
 * private IPv4 (10/8, 172.16/12, 192.168/16), shared address space 100.64/10 (used by some service CIDRs), IPv6
 * unique-local fc00::/7, and in-cluster DNS names ({@code *.svc}, {@code *.svc.<cluster domain>}) that resolve to
 * such addresses. Never: public, link-local (169.254/16, fe80::/10, CVE-2021-25737), unspecified or multicast
 * addresses. Loopback only with {@code allowLoopback}, which exists for tests.
 */
public final class TargetGuard {
    private final boolean allowLoopback;

    /** A target that passed: the name as given and the address the prober connects to. */
    public record Checked(String host, int port, InetAddress address) {
    }

    /** Why a target may not be probed. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    public TargetGuard(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** Parses {@code HOST:PORT} (IPv6 as {@code [addr]:port}) and checks it. */
    public Checked check(String target) throws Refused {
        String t = target.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new Refused("target '" + target + "' is not HOST:PORT");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new Refused("target '" + target + "' has no numeric port");
        }
        return check(host, port);
    }

    public Checked check(String host, int port) throws Refused {
        if (port < 1 || port > 65535) {
            throw new Refused("port " + port + " is out of range");
        }
        boolean literal = isLiteral(host);
        String lower = host.toLowerCase(Locale.ROOT);
        if (!literal && !inClusterName(lower) && !(allowLoopback && lower.equals("localhost"))) {
            throw new Refused(host + " is not an in-cluster name (NAME.NAMESPACE.svc[.cluster domain]) or a Service"
                    + " IP; external targets are never probed");
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused(host + " does not resolve");
        }
        for (InetAddress a : all) {
            String why = refusal(a);
            if (why != null) {
                throw new Refused(host + (literal ? "" : " (" + a.getHostAddress() + ")") + " is " + why);
            }
        }
        return new Checked(host, port, all[0]);
    }

    /** Null if the address may be probed, else why not. */
    public String refusal(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback address (allowed only with --allow-loopback, for testing)";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address (never probed: cloud metadata, CVE-2021-25737)";
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return "an unspecified or multicast address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            if (b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)
                    || (b0 == 100 && b1 >= 64 && b1 <= 127)) {
                return null;
            }
        } else if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return null;
        }
        return "not a cluster-internal address (public or reserved); external targets are never probed";
    }

    static boolean inClusterName(String lower) {
        return lower.endsWith(".svc") || lower.contains(".svc.");
    }

    static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
