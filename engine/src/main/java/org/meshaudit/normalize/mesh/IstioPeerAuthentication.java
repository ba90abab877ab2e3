package org.meshaudit.normalize.mesh;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.PortPosture.Level;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.normalize.LabelIndex;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/**
 * PeerAuthentication composition exactly as istiod does it (IST-PA-1..4, IST-PA-7): levels mesh, namespace,
 * workload; the oldest policy wins per level (creationTimestamp, then name, then namespace); UNSET/absent inherit;
 * only the workload policy's portLevelMtls counts.
 */
final class IstioPeerAuthentication {
    static final Set<String> MODES = Set.of("DISABLE", "PERMISSIVE", "STRICT");
    static final String PERMISSIVE = "PERMISSIVE";
    static final String UNKNOWN = "UNKNOWN";

    /** One parsed policy. {@code mode} null = inherit; {@code portModes} values null = inherit. */
    record Policy(KubeObject object, String mode, Map<String, String> matchLabels, boolean selectorFieldPresent,
                  SortedMap<Integer, String> portModes, boolean portLevelIgnored, Instant created, String invalid) {

        boolean hasSelector() {
            return !matchLabels.isEmpty();
        }

        String key() {
            return object.key();
        }
    }

    /** Result of the mesh, namespace and workload levels for one pod. */
    record Composition(Policy mesh, Policy namespace, Policy workload, List<String> shadowed,
                       List<Policy> ignoredRootSelectors, String error) {

        /** Mode of mesh+namespace levels only (IST-PA-3 without the workload policy). */
        Decision namespaceLevel() {
            Decision d = new Decision(PERMISSIVE, Level.DEFAULT, List.of());
            d = apply(d, mesh, Level.MESH);
            return apply(d, namespace, Level.NAMESPACE);
        }

        /** Workload-level result, also used for the catch-all port. */
        Decision workloadLevel() {
            return apply(namespaceLevel(), workload, Level.WORKLOAD);
        }

        Decision forPort(int port) {
            Decision d = workloadLevel();
            if (workload != null) {
                String m = workload.portModes().get(port);
                if (m != null) {
                    return new Decision(m, Level.PORT, List.of(workload.key()));
                }
            }
            return d;
        }

        private static Decision apply(Decision d, Policy p, Level level) {
            if (p != null && p.mode() != null) {
                return new Decision(p.mode(), level, List.of(p.key()));
            }
            return d;
        }
    }

    record Decision(String mode, Level level, List<String> decidedBy) {
    }

    private static final Comparator<Policy> OLDEST_FIRST = Comparator.comparing(Policy::created)
            .thenComparing(p -> p.object().name()).thenComparing(p -> p.object().namespace());

    private final List<Policy> policies = new ArrayList<>();
    private final Map<String, List<Policy>> byNamespace = new java.util.HashMap<>();
    /** The policies of each namespace by selector: the ones a pod's labels may select, and those without one. */
    private final Map<String, LabelIndex.Selectors<Policy>> bySelector = new java.util.HashMap<>();
    private final List<CollectionIssue> issues = new ArrayList<>();

    IstioPeerAuthentication(Snapshot snapshot) {
        for (KubeObject o : snapshot.ofKind("security.istio.io", "PeerAuthentication")) {
            policies.add(parse(o));
        }
        policies.sort(OLDEST_FIRST);
        for (Policy p : policies) {
            byNamespace.computeIfAbsent(p.object().namespace(), k -> new ArrayList<>()).add(p); // still oldest first
            bySelector.computeIfAbsent(p.object().namespace(), k -> new LabelIndex.Selectors<>()).add(p,
                    p.matchLabels());
        }
    }

    List<CollectionIssue> issues() {
        return issues;
    }

    List<Policy> policies() {
        return Collections.unmodifiableList(policies);
    }

    /** The policies of one namespace, oldest first. */
    List<Policy> policiesIn(String namespace) {
        return Collections.unmodifiableList(byNamespace.getOrDefault(namespace, List.of()));
    }

    private Policy parse(KubeObject o) {
        JsonNode spec = o.spec();
        List<String> problems = new ArrayList<>();
        String mode = Nodes.text(spec, "mtls", "mode");
        if (mode != null && mode.equals("UNSET")) {
            mode = null;
        } else if (mode != null && !MODES.contains(mode)) {
            problems.add("unknown mtls.mode \"" + mode + "\"");
        }
        Map<String, String> matchLabels = Nodes.stringMap(spec, "selector", "matchLabels");
        boolean selectorPresent = Nodes.at(spec, "selector") != null;
        SortedMap<Integer, String> ports = new TreeMap<>();
        JsonNode plm = Nodes.at(spec, "portLevelMtls");
        if (plm != null && plm.isObject()) {
            for (var e : plm.properties()) {
                int port;
                try {
                    port = Integer.parseInt(e.getKey().trim());
                } catch (NumberFormatException ex) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    problems.add("invalid portLevelMtls key \"" + e.getKey() + "\"");
                    continue;
                }
                String pm = Nodes.text(e.getValue(), "mode");
                if (pm != null && pm.equals("UNSET")) {
                    pm = null;
                } else if (pm != null && !MODES.contains(pm)) {
                    problems.add("unknown portLevelMtls[" + port + "].mode \"" + pm + "\"");
                }
                ports.put(port, pm);
            }
        } else if (plm != null) {
            problems.add("portLevelMtls is not a map");
        }
        Instant created = Instant.MAX; // not yet created: it would be the newest
        if (!o.creationTimestamp().isEmpty()) {
            try {
                created = OffsetDateTime.parse(o.creationTimestamp()).toInstant();
            } catch (DateTimeParseException e) {
                problems.add("invalid creationTimestamp \"" + o.creationTimestamp() + "\"");
            }
        }
        String invalid = problems.isEmpty() ? null : String.join("; ", problems);
        if (invalid != null) {
            issues.add(new CollectionIssue(o.source(), "invalid-value", o.key() + ": " + invalid
                    + " (the ports it would decide are reported as errors)"));
        }
        boolean ignored = matchLabels.isEmpty() && !ports.isEmpty();
        return new Policy(o, mode, matchLabels, selectorPresent, ignored ? new TreeMap<>() : ports, ignored,
                created, invalid);
    }

    /** Composition for a pod with these labels in namespace {@code ns}, given the root namespace. */
    Composition compose(String ns, Map<String, String> labels, String root) {
        List<Policy> mesh = new ArrayList<>();
        List<Policy> namespace = new ArrayList<>();
        List<Policy> workload = new ArrayList<>();
        List<Policy> ignored = new ArrayList<>();
        // only root-namespace and own-namespace policies matter, and of those only the ones without a selector or
        // with one these labels may satisfy: iterate those (each list stays oldest first)
        List<Policy> candidates = candidates(root, labels);
        if (!ns.equals(root)) {
            candidates.addAll(candidates(ns, labels));
        }
        for (Policy p : candidates) {
            String pns = p.object().namespace();
            if (pns.equals(root)) {
                if (!p.hasSelector()) {
                    mesh.add(p);
                } else if (LabelSelector.subset(p.matchLabels(), labels)) {
                    ignored.add(p); // IST-PA-1: selector policies in the root namespace are ignored
                }
            } else if (pns.equals(ns)) {
                if (!p.hasSelector()) {
                    namespace.add(p);
                } else if (LabelSelector.subset(p.matchLabels(), labels)) {
                    workload.add(p);
                }
            }
        }
        List<String> shadowed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Policy m = winner(mesh, shadowed, errors);
        Policy n = winner(namespace, shadowed, errors);
        Policy w = winner(workload, shadowed, errors);
        Collections.sort(shadowed);
        return new Composition(m, n, w, shadowed, ignored, errors.isEmpty() ? null : String.join("; ", errors));
    }

    private List<Policy> candidates(String namespace, Map<String, String> labels) {
        LabelIndex.Selectors<Policy> index = bySelector.get(namespace);
        return index == null ? new ArrayList<>() : index.candidates(labels);
    }

    /**
     * IST-PA-8: the per-namespace mode istiod keeps for client auto mTLS (IST-CL-3). The namespace-wide policy's mode,
     * UNSET resolved to the mesh mode (PERMISSIVE without a mesh policy); without a namespace policy the mesh mode (a mesh
     * policy with UNSET counts as PERMISSIVE); {@code UNKNOWN} when neither level has a policy. Workload policies never
     * enter it. The composition's error, if any, is the caller's to report.
     */
    static String namespaceMutualTlsMode(Composition c) {
        String mesh = c.mesh() == null ? UNKNOWN : c.mesh().mode() == null ? PERMISSIVE : c.mesh().mode();
        if (c.namespace() == null) {
            return mesh;
        }
        if (c.namespace().mode() != null) {
            return c.namespace().mode();
        }
        return mesh.equals(UNKNOWN) ? PERMISSIVE : mesh;
    }

    /** IST-PA-2: the oldest policy of a level wins; the others are shadowed. An invalid winner is an error. */
    private static Policy winner(List<Policy> level, List<String> shadowed, List<String> errors) {
        if (level.isEmpty()) {
            return null;
        }
        Policy win = level.get(0); // policies are kept sorted oldest first
        for (int i = 1; i < level.size(); i++) {
            shadowed.add(level.get(i).key());
        }
        if (win.invalid() != null) {
            errors.add(win.key() + " is invalid (" + win.invalid() + "): its effect cannot be evaluated (GEN-3)");
        }
        return win;
    }
}
