package org.meshaudit.normalize.cert;

import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate's subjectAltNames cover a host name that an entry point serves it for (CERT-005), by the
 * RFC 6125 section 6.4 rules TLS clients apply: DNS names compare case-insensitively without a trailing dot, a SAN
 * {@code *.example.com} covers exactly one extra left-most label ({@code a.example.com}, not {@code example.com} nor
 * {@code a.b.example.com}), a {@code *} anywhere else is not a wildcard, the subject CN is never consulted, and an IP
 * address is covered only by an iPAddress SAN. A wildcard host ({@code *.example.com} on a listener) is covered only by
 * the same wildcard SAN, since it stands for every name below it.
 */
public final class HostNames {
    private HostNames() {
    }

    /**
     * @param host a host an entry point serves (already stripped of any {@code namespace/} prefix)
     * @param dns  dNSName SANs
     * @param ips  iPAddress SANs as the extractor prints them
     */
    public static boolean covers(String host, List<String> dns, List<String> ips) {
        String h = normalize(host);
        if (h.isEmpty()) {
            return true;
        }
        if (isIpLiteral(h)) {
            String canonical = canonicalIp(h);
            for (String ip : ips) {
                if (canonicalIp(normalize(ip)).equals(canonical)) {
                    return true;
                }
            }
            return false;
        }
        for (String san : dns) {
            if (matches(normalize(san), h)) {
                return true;
            }
        }
        return false;
    }

    /** One DNS SAN against one host name, both normalized. */
    static boolean matches(String san, String host) {
        if (san.isEmpty()) {
            return false;
        }
        if (host.startsWith("*.")) {
            return san.equals(host); // a wildcard listener needs the same wildcard
        }
        if (san.equals(host)) {
            return !san.contains("*");
        }
        if (!san.startsWith("*.") || san.indexOf('*', 1) >= 0) {
            return false;
        }
        String suffix = san.substring(1); // ".example.com"
        if (suffix.length() < 2 || !host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    /** Lower case, no surrounding blanks, no trailing dot. */
    public static String normalize(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    /**
     * A host as an Istio Gateway server lists it: {@code namespace/dnsName} (namespace {@code *} or {@code .}
     * included) becomes {@code dnsName}.
     */
    public static String stripNamespace(String host) {
        int slash = host.indexOf('/');
        return slash < 0 ? host : host.substring(slash + 1);
    }

    static boolean isIpLiteral(String h) {
        return ipv4(h) || (h.contains(":") && h.matches("[0-9a-f:.]+"));
    }

    private static boolean ipv4(String h) {
        if (!h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        for (String octet : h.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String canonicalIp(String ip) {
        if (!isIpLiteral(ip)) {
            return ip;
        }
        try {
            // only literals reach here (IPv4 validated above; a malformed IPv6 literal is rejected, never looked up)
            return java.net.InetAddress.getByName(ip).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return ip;
        }
    }
}
