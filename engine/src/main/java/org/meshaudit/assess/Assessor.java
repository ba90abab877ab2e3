package org.meshaudit.assess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshaudit.Parallel;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.evaluate.FrameworkCatalog;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.PortEntry;
import org.meshaudit.report.Posture;
import org.meshaudit.report.Requirement;
import org.meshaudit.report.Result;
import org.meshaudit.report.Summary;
import org.meshaudit.report.WorkloadEntry;

/**
 * The assess stage: rolls results up per framework requirement, computes the summary and shapes the posture for the
 * report. Requirements come from each framework's catalogue; results reach them through their rules' control keys.
 */
public final class Assessor {

    private Assessor() {
    }

    /**
     * Rolls results up per requirement of each selected framework's catalogue (architecture.md, "Requirement
     * roll-up"). Only results on subjects in the framework's scope count; cluster-scoped subjects are in every scope.
     *
     * @param catalogs  catalogues of the selected frameworks, in report order
     * @param scopes    framework id → in-scope namespaces
     * @param selectors framework id → selector text (absent: default scope)
     * @param profiles  framework id → profile in force (e.g. hipaa → nprm)
     */
    public static List<FrameworkView> frameworks(List<FrameworkCatalog> catalogs, List<Result> results,
                                                 List<WorkloadPosture> workloads, Map<String, Set<String>> scopes,
                                                 Map<String, String> selectors, Map<String, String> profiles) {
        // each framework reads the results on its own (at L, 972k results per framework): on all cores at once
        FrameworkView[] out = new FrameworkView[catalogs.size()];
        // each framework lists its in-scope workloads: one key string per workload, shared by all of them
        String[] keys = new String[workloads.size()];
        for (int w = 0; w < keys.length; w++) {
            keys[w] = workloads.get(w).getRef().key();
        }
        Parallel.run(out.length, i -> out[i] = framework(catalogs.get(i), results, workloads, keys, scopes,
                selectors, profiles));
        return List.of(out);
    }

    /** @param keys the key of each of {@code workloads}, at the same index */
    private static FrameworkView framework(FrameworkCatalog f, List<Result> results, List<WorkloadPosture> workloads,
                                           String[] keys, Map<String, Set<String>> scopes,
                                           Map<String, String> selectors, Map<String, String> profiles) {
        Set<String> scope = scopes.getOrDefault(f.id(), Set.of());
        Set<String> hashed = new java.util.HashSet<>(scope); // asked once per result: hashed, not a tree of names
        Map<String, List<Result>> byKey = new TreeMap<>();
        // the controls of this framework in each controls list (the results of one rule share one list)
        Map<List<String>, List<List<Result>>> targets = new java.util.IdentityHashMap<>();
        String prefix = f.prefix() + ":";
        for (Result r : results) {
            List<List<Result>> into = targets.computeIfAbsent(r.controls(), controls -> controls.stream()
                    .filter(c -> c.startsWith(prefix)).map(c -> byKey.computeIfAbsent(c, k -> new ArrayList<>()))
                    .toList());
            if (into.isEmpty() || !inScope(r, hashed)) {
                continue;
            }
            for (List<Result> list : into) {
                list.add(r);
            }
        }
        List<Requirement> reqs = new ArrayList<>();
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (FrameworkCatalog.Requirement req : f.requirements()) {
            List<Result> rs = byKey.getOrDefault(f.key(req), List.of());
            int[] perStatus = new int[Status.values().length];
            Set<String> rules = new TreeSet<>();
            List<Result> identified = new ArrayList<>();
            boolean fail = false;
            boolean error = false;
            boolean pass = false;
            for (Result r : rs) {
                perStatus[r.status().ordinal()]++;
                rules.add(r.ruleId());
                if (r.status() != Status.NOT_APPLICABLE) {
                    identified.add(r);
                }
                fail |= r.status() == Status.FAIL;
                error |= r.status() == Status.ERROR;
                pass |= r.status() == Status.PASS || r.status() == Status.WAIVED;
            }
            Map<String, Integer> counts = new TreeMap<>();
            for (Status st : Status.values()) {
                if (perStatus[st.ordinal()] > 0) {
                    counts.put(st.name(), perStatus[st.ordinal()]);
                }
            }
            Status status;
            switch (req.kind()) {
                case MANUAL: status = Status.MANUAL; break;
                case NOT_APPLICABLE: status = Status.NOT_APPLICABLE; break;
                default:
                    status = fail ? Status.FAIL : error ? Status.ERROR : pass ? Status.PASS : Status.NOT_APPLICABLE;
            }
            String note = req.note();
            if (req.kind() == FrameworkCatalog.Kind.AUTOMATED && rs.isEmpty()) {
                note = (note == null ? "" : note + " ") + "No in-scope subject was evaluated by the mapped rules.";
            }
            if (req.addressable() && "nprm".equals(profiles.get(f.id()))) {
                note = (note == null ? "" : note + " ") + "Addressable today; treated as required (2025 NPRM profile).";
            }
            reqs.add(new Requirement(req.id(), req.title(), status, List.copyOf(rules), counts,
                    req.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), note,
                    Result.ids(identified), req.addressable() ? Boolean.TRUE : null));
            summary.merge(status.name(), 1, Integer::sum);
        }
        List<String> inScopeWorkloads = new ArrayList<>();
        List<String> unmeshed = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            WorkloadPosture w = workloads.get(i);
            if (hashed.contains(w.getRef().namespace())) {
                inScopeWorkloads.add(keys[i]);
                if (w.getError() == null && !w.isMeshed()) {
                    unmeshed.add(keys[i]);
                }
            }
        }
        String selector = selectors.get(f.id());
        return new FrameworkView(f.id(), f.version(),
                new FrameworkView.Scope(selector == null ? "all non-system namespaces" : selector,
                        List.copyOf(new TreeSet<>(scope)), inScopeWorkloads, unmeshed),
                reqs, f.title(), f.source(), profiles.get(f.id()), summary);
    }

    /** A result counts for a framework when one of its scope namespaces is in scope; {@code ""} is cluster-wide. */
    static boolean inScope(Result r, Set<String> scope) {
        if (r.scopeNamespaces() == null) { // the subject's own namespace (most results): no list made for it
            String ns = r.subject().scopeNamespace();
            return ns.isEmpty() || scope.contains(ns);
        }
        for (String ns : r.scopes()) {
            if (ns.isEmpty() || scope.contains(ns)) {
                return true;
            }
        }
        return false;
    }

    /** Results per status, every status listed in declaration order. */
    public static Map<String, Integer> byStatus(List<Result> results) {
        int[] counts = new int[Status.values().length];
        for (Result r : results) {
            counts[r.status().ordinal()]++;
        }
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            byStatus.put(s.name(), counts[s.ordinal()]);
        }
        return byStatus;
    }

    /** FAIL results per severity, every severity listed, most severe first. */
    public static Map<String, Integer> failuresBySeverity(List<Result> results) {
        int[] counts = new int[Severity.values().length];
        for (Result r : results) {
            if (r.status() == Status.FAIL) {
                counts[r.severity().ordinal()]++;
            }
        }
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            bySeverity.put(Severity.values()[i].label(), counts[i]);
        }
        return bySeverity;
    }

    public static Summary summary(List<Result> results, List<WorkloadPosture> workloads, int issues) {
        Map<String, Integer> byStatus = byStatus(results);
        Map<String, Integer> bySeverity = failuresBySeverity(results);
        int meshed = 0;
        int ports = 0;
        int enforced = 0;
        int errors = 0;
        for (WorkloadPosture w : workloads) {
            meshed += w.isMeshed() ? 1 : 0;
            for (PortPosture p : w.getPorts()) {
                ports++;
                enforced += p.isStrictCompliant() ? 1 : 0;
                errors += p.getError() != null ? 1 : 0;
            }
        }
        double share = ports == 0 ? 0.0 : Math.round(enforced * 10000.0 / ports) / 10000.0;
        return new Summary(results.size(), byStatus, bySeverity, workloads.size(), meshed, ports, enforced, share,
                errors, issues);
    }

    public static Posture posture(List<WorkloadPosture> workloads, Map<String, String> mesh) {
        List<WorkloadEntry> entries = new ArrayList<>();
        for (WorkloadPosture w : workloads) {
            List<PortEntry> ports = new ArrayList<>();
            for (PortPosture p : w.getPorts()) {
                ports.add(new PortEntry(p.getPort(), p.getProtocol(), p.isInboundCaptured(), p.getCaptureNote(),
                        p.getServerMode(), p.isMtlsRequired(), p.getDecidedAt().name(), p.getDecidedBy(),
                        p.getShadowed(), p.getNamespaceMode(), p.isServiceTarget(), p.getNotes(), p.getError()));
            }
            var r = w.getRef();
            entries.add(new WorkloadEntry(r.apiVersion(), r.kind(), r.namespace(), r.name(), r.uid(),
                    w.getDataplane(), w.getDataplaneSource(), w.getDataplaneReason(), w.getServiceAccount(),
                    w.getInboundExclusions(), w.getOutboundExclusions(), w.getNotes(), w.getError(), ports));
        }
        return new Posture(new TreeMap<>(mesh), entries);
    }
}
