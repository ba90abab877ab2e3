package org.meshaudit.assess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
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
 * report. Requirements come from the control keys of the rules' metadata; a framework catalogue (with titles and
 * manual requirements) can be layered on later without changing the roll-up.
 */
public final class Assessor {

    /** A framework: its id, version, and the control-key prefix its requirements use. */
    public record Framework(String id, String version, String prefix) {
    }

    public static final List<Framework> FRAMEWORKS = List.of(
            new Framework("zero-trust", "NIST SP 800-207 (2020) and companions", "zt:"),
            new Framework("pci-dss", "4.0.1", "pci:"),
            new Framework("hipaa", "45 CFR 164 Subpart C", "hipaa:"),
            new Framework("gdpr", "Regulation (EU) 2016/679", "gdpr:"),
            new Framework("nist-800-53", "Rev. 5", "nist:"));

    private Assessor() {
    }

    /**
     * Rolls results up (architecture.md, "Requirement roll-up"): FAIL if any FAIL on an in-scope subject; else ERROR
     * if any ERROR; else PASS if anything passed; else NOT_APPLICABLE.
     *
     * @param scopes framework id → in-scope namespaces; cluster-scoped subjects are in scope of every framework
     */
    public static List<FrameworkView> frameworks(List<Result> results, Set<String> selected,
                                                 Map<String, Set<String>> scopes, Map<String, String> selectors) {
        List<FrameworkView> out = new ArrayList<>();
        for (Framework f : FRAMEWORKS) {
            if (!selected.contains(f.id()) && !f.id().equals("nist-800-53")) {
                continue;
            }
            Set<String> scope = scopes.getOrDefault(f.id(), scopes.getOrDefault("zero-trust", Set.of()));
            Map<String, List<Result>> byReq = new TreeMap<>();
            for (Result r : results) {
                for (String c : r.controls()) {
                    if (c.startsWith(f.prefix())) {
                        byReq.computeIfAbsent(c.substring(f.prefix().length()), k -> new ArrayList<>()).add(r);
                    }
                }
            }
            List<Requirement> reqs = new ArrayList<>();
            for (var e : byReq.entrySet()) {
                Map<String, Integer> counts = new TreeMap<>();
                Set<String> rules = new TreeSet<>();
                boolean fail = false;
                boolean error = false;
                boolean pass = false;
                for (Result r : e.getValue()) {
                    counts.merge(r.status().name(), 1, Integer::sum);
                    rules.add(r.ruleId());
                    String ns = r.subject().scopeNamespace();
                    boolean inScope = ns.isEmpty() || scope.contains(ns);
                    fail |= r.status() == Status.FAIL && inScope;
                    error |= r.status() == Status.ERROR;
                    pass |= r.status() == Status.PASS;
                }
                Status s = fail ? Status.FAIL : error ? Status.ERROR : pass ? Status.PASS : Status.NOT_APPLICABLE;
                reqs.add(new Requirement(e.getKey(), "", s, List.copyOf(rules), counts));
            }
            String selector = selectors.get(f.id());
            out.add(new FrameworkView(f.id(), f.version(),
                    new FrameworkView.Scope(selector == null ? "all non-system namespaces" : selector,
                            List.copyOf(new TreeSet<>(scope))), reqs));
        }
        return out;
    }

    public static Summary summary(List<Result> results, List<WorkloadPosture> workloads, int issues) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            byStatus.put(s.name(), 0);
        }
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            bySeverity.put(Severity.values()[i].label(), 0);
        }
        for (Result r : results) {
            byStatus.merge(r.status().name(), 1, Integer::sum);
            if (r.status() == Status.FAIL) {
                bySeverity.merge(r.severity().label(), 1, Integer::sum);
            }
        }
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
