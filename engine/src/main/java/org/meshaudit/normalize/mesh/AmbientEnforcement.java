package org.meshaudit.normalize.mesh;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.meshaudit.normalize.LabelSelector;
import org.meshaudit.normalize.mesh.IstioPeerAuthentication.Policy;

/**
 * What ztunnel enforces for an ambient pod (IST-AMB-2): istiod does not hand ztunnel the composed mode of IST-PA-3 but
 * DENY authorizations derived from the PeerAuthentications: a static "deny without peer identity" policy in the root
 * namespace that the pod references when its effective mode is STRICT everywhere, and, for a workload policy with port
 * exceptions, a converted policy of its own. This class re-derives, for one pod, whether a connection without a peer
 * identity (plaintext from outside the mesh) is denied on a port, following that conversion as istiod's ambient code
 * does it (mesh-semantics.md IST-AMB-2, IST-AMB-3): policy levels as the ambient index picks them (a root-namespace
 * policy only counts with no {@code selector} at all, and the converted policy sees namespace and root policies only
 * when their {@code selector} is absent), ties between equally old policies left open, and the operator precedence of
 * the "STRICT port already covered by a STRICT parent" test as written.
 *
 * <p>The caller compares the outcome with IST-PA-3 (DISABLE read as PERMISSIVE, IST-AMB-1) and reports the port as
 * "enforcement unverified" where they differ: the doc treats these as code readings to verify on a cluster.
 */
final class AmbientEnforcement {
    private static final String STRICT = "STRICT";
    private static final int MAX_COMBINATIONS = 256;

    /** The level winners one run of the ambient code can pick. */
    private record Pick(Policy mesh, Policy namespace, Policy workload, Policy namespaceIndexed, Policy rootIndexed) {
    }

    private final List<Pick> picks = new ArrayList<>();
    private final boolean ties;
    private final boolean emptySelectorParent;

    /**
     * @param rootPolicies the PeerAuthentications of the root namespace, oldest first
     * @param nsPolicies   those of the pod's namespace, oldest first
     * @param inRoot       the pod runs in the root namespace
     * @param labels       the pod's labels
     */
    AmbientEnforcement(List<Policy> rootPolicies, List<Policy> nsPolicies, boolean inRoot, Map<String, String> labels) {
        // the ambient index fetches root policies without selector, and own-namespace policies whose selector matches
        List<Policy> mesh = oldest(rootPolicies, p -> !p.selectorFieldPresent() || inRoot && p.matchLabels().isEmpty());
        List<Policy> namespace = inRoot ? List.of() : oldest(nsPolicies, p -> p.matchLabels().isEmpty());
        List<Policy> workload = inRoot ? List.of() : oldest(nsPolicies, p -> !p.matchLabels().isEmpty()
                && LabelSelector.subset(p.matchLabels(), labels));
        // the conversion of a workload policy looks up namespace and root policies by "selector absent" only
        List<Policy> nsIndexed = inRoot ? List.of() : oldest(nsPolicies, p -> !p.selectorFieldPresent());
        List<Policy> rootIndexed = oldest(rootPolicies, p -> !p.selectorFieldPresent());
        ties = mesh.size() > 1 || namespace.size() > 1 || workload.size() > 1 || nsIndexed.size() > 1
                || rootIndexed.size() > 1;
        emptySelectorParent = Stream.concat(rootPolicies.stream(), nsPolicies.stream())
                .anyMatch(p -> p.selectorFieldPresent() && p.matchLabels().isEmpty());
        long combinations = (long) size(mesh) * size(namespace) * size(workload) * size(nsIndexed) * size(rootIndexed);
        if (combinations > MAX_COMBINATIONS) {
            return; // no picks: evaluate() reports the port as undetermined
        }
        for (Policy m : orNull(mesh)) {
            for (Policy n : orNull(namespace)) {
                for (Policy w : orNull(workload)) {
                    for (Policy ni : orNull(nsIndexed)) {
                        for (Policy ri : orNull(rootIndexed)) {
                            picks.add(new Pick(m, n, w, ni, ri));
                        }
                    }
                }
            }
        }
    }

    /** Outcome for one port: the set of "plaintext denied" answers over the possible picks (empty: too many picks). */
    Set<Boolean> denies(Integer port) {
        Set<Boolean> out = new TreeSet<>();
        for (Pick p : picks) {
            out.add(denies(p, port));
        }
        return out;
    }

    /** Some level had several equally old policies, which the ambient code orders by list position (IST-AMB-3.2). */
    boolean ties() {
        return ties;
    }

    /** A namespace or root policy is written with {@code selector: {matchLabels: {}}} (IST-AMB-3.1). */
    boolean emptySelectorParent() {
        return emptySelectorParent;
    }

    /** Oldest policies matching the filter: the first, plus those equally old (any of them may win a tie). */
    private static List<Policy> oldest(List<Policy> policies, Predicate<Policy> filter) {
        List<Policy> out = new ArrayList<>();
        Instant first = null;
        for (Policy p : policies) { // oldest first
            if (!filter.test(p)) {
                continue;
            }
            if (first == null) {
                first = p.created();
            } else if (!p.created().equals(first)) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    private static int size(List<Policy> l) {
        return Math.max(1, l.size());
    }

    private static List<Policy> orNull(List<Policy> l) {
        if (l.isEmpty()) {
            List<Policy> none = new ArrayList<>();
            none.add(null);
            return none;
        }
        return l;
    }

    private static boolean strict(Policy p) {
        return p != null && STRICT.equals(p.mode());
    }

    private static boolean relaxed(String mode) {
        return "PERMISSIVE".equals(mode) || "DISABLE".equals(mode);
    }

    /** Plaintext denied on the port ({@code null}: a port no policy names) for one pick. */
    private static boolean denies(Pick k, Integer port) {
        // which policies the pod references: the static STRICT one and/or the converted workload policy
        boolean staticStrict = strict(k.mesh());
        if (k.namespace() != null && k.namespace().mode() != null) {
            staticStrict = strict(k.namespace());
        }
        boolean converted = false;
        Policy w = k.workload();
        if (w != null) {
            if (strict(w)) {
                staticStrict = true;
            } else if (relaxed(w.mode())) {
                staticStrict = false;
            }
            if (!w.portModes().isEmpty()) {
                var modes = w.portModes().values();
                if (strict(w)) {
                    if (modes.stream().anyMatch(AmbientEnforcement::relaxed)) {
                        converted = true;
                        staticStrict = false;
                    }
                } else if (relaxed(w.mode())) {
                    converted = modes.contains(STRICT);
                } else if (staticStrict) {
                    // inherited STRICT: only a PERMISSIVE port (not a DISABLE one) makes it reference the exceptions
                    if (modes.contains("PERMISSIVE")) {
                        converted = true;
                        staticStrict = false;
                    }
                } else {
                    converted = modes.contains(STRICT);
                }
            }
        }
        if (staticStrict) {
            return true;
        }
        return converted && convertedDenies(w, k.namespaceIndexed(), k.rootIndexed(), port);
    }

    /** The converted policy of workload policy {@code w} given the namespace and root policies it was handed. */
    private static boolean convertedDenies(Policy w, Policy ns, Policy root, Integer port) {
        String mode = w.mode();
        boolean nsUnset = ns == null || ns.mode() == null;
        // as written: w STRICT, or (w UNSET and namespace STRICT), or (namespace absent/UNSET and root STRICT) -- the
        // last term is not limited to an UNSET workload mode (IST-AMB-3.3)
        boolean strictPortCovered = strict(w) || mode == null && strict(ns) || nsUnset && strict(root);
        List<Integer> strictPorts = new ArrayList<>();
        List<Integer> exceptions = new ArrayList<>();
        for (var e : w.portModes().entrySet()) {
            String m = e.getValue();
            if (STRICT.equals(m)) {
                if (!strictPortCovered) {
                    strictPorts.add(e.getKey());
                }
            } else if (relaxed(m)) {
                if (relaxed(mode)) {
                    continue;
                }
                if (mode == null && (ns != null && !strict(ns) || ns == null && root != null && !strict(root)
                        || ns == null && root == null)) {
                    continue;
                }
                exceptions.add(e.getKey());
            }
        }
        if (strict(w) && exceptions.isEmpty()) {
            return false; // converted to nothing
        }
        // one group per uncovered STRICT port; one group of AND-ed rules: "no peer identity" (w STRICT, or merged in from
        // a STRICT parent) and "port is not exception e" per exception -- without identity it denies every other port
        boolean denied = port != null && strictPorts.contains(port);
        if (strict(w) || !exceptions.isEmpty()) {
            denied |= port == null || !exceptions.contains(port);
        }
        return denied;
    }
}
