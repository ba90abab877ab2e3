package org.meshaudit.normalize.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SPIFFE trust domains the meshes of the input issue workload identities in, for CERT-005: Istio's
 * {@code meshConfig.trustDomain} and {@code trustDomainAliases} (IST-MC-2, IST-MC-4; default {@code cluster.local}),
 * Linkerd's {@code identityTrustDomain} from {@code linkerd-config} (default {@code cluster.local}), or the domains the
 * auditor declared ({@code mesh.trustDomains} in meshaudit.yaml, {@code --trust-domain}).
 *
 * <p>A mesh whose configuration is not in the input leaves its trust domain unknown (GEN-3): a SPIFFE id outside the
 * known domains is then {@link #UNKNOWN}, never accepted. {@code --assume-mesh-defaults} accepts the documented
 * default instead.
 *
 * @param expected lower-case trust domains that are expected, sorted
 * @param basis    where each expected domain came from, one line each, sorted
 * @param unknown  why some mesh's trust domain is unknown (empty when every relevant mesh was read), sorted
 */
public record TrustDomains(Set<String> expected, List<String> basis, List<String> unknown) {
    public static final String EXPECTED = "expected";
    public static final String UNEXPECTED = "unexpected";
    public static final String UNKNOWN = "unknown";
    /** Default of both meshes (IST-MC-2; linkerd-control-plane chart {@code identityTrustDomain}). */
    public static final String DEFAULT = "cluster.local";

    public TrustDomains {
        expected = Set.copyOf(new TreeSet<>(expected));
        basis = List.copyOf(new TreeSet<>(basis));
        unknown = List.copyOf(new TreeSet<>(unknown));
    }

    /** Nothing known: every SPIFFE id is {@link #UNKNOWN} with this reason. */
    public static TrustDomains unknown(String reason) {
        return new TrustDomains(Set.of(), List.of(), List.of(reason));
    }

    /** Domains the auditor declared; they replace what the mesh configuration says. */
    public static TrustDomains declared(List<String> domains, String source) {
        Set<String> e = new TreeSet<>();
        List<String> b = new ArrayList<>();
        for (String d : domains) {
            String n = normalize(d);
            if (!n.isEmpty() && e.add(n)) {
                b.add(n + " (" + source + ")");
            }
        }
        return new TrustDomains(e, b, List.of());
    }

    /** {@link #EXPECTED}, {@link #UNEXPECTED} or {@link #UNKNOWN} for one trust domain. */
    public String check(String trustDomain) {
        if (expected.contains(normalize(trustDomain))) {
            return EXPECTED;
        }
        return unknown.isEmpty() ? UNEXPECTED : UNKNOWN;
    }

    /** One line for messages and evidence, e.g. {@code cluster.local (ConfigMap/istio-system/istio)}. */
    public String describe() {
        List<String> parts = new ArrayList<>(basis);
        unknown.forEach(u -> parts.add("unknown: " + u));
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    /** The trust domain of a {@code spiffe://} URI (lower-case), or {@code ""} when it has none. */
    public static String of(String spiffeId) {
        if (spiffeId == null || !spiffeId.regionMatches(true, 0, "spiffe://", 0, 9)) {
            return "";
        }
        String rest = spiffeId.substring(9);
        int slash = rest.indexOf('/');
        return normalize(slash < 0 ? rest : rest.substring(0, slash));
    }

    static String normalize(String domain) {
        String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
