package org.meshaudit.reports.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.PortEntry;
import org.meshaudit.report.Requirement;
import org.meshaudit.report.Result;
import org.meshaudit.report.WorkloadEntry;

/**
 * Views over an {@link AuditReport} that both auditor renderers need: findings in severity order, the requirements a
 * result evidences, pass counts per rule. Reads only the report.
 */
public final class ReportIndex {

    /** Control-key prefix per framework id (controls-catalog.md 1.1); unknown frameworks use their own id. */
    private static final Map<String, String> PREFIX = Map.of(
            "zero-trust", "zt", "pci-dss", "pci", "hipaa", "hipaa", "gdpr", "gdpr", "nist-800-53", "nist");

    /** Human names for framework ids. */
    private static final Map<String, String> NAMES = Map.of(
            "zero-trust", "Zero trust", "pci-dss", "PCI DSS", "hipaa", "HIPAA Security Rule", "gdpr", "GDPR",
            "nist-800-53", "NIST SP 800-53");

    public static final Comparator<Result> FINDING_ORDER = Comparator
            .comparing((Result r) -> r.severity() == null ? Severity.INFO : r.severity(), Comparator.reverseOrder())
            .thenComparing(Result::ruleId)
            .thenComparing(Result::subject, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Result::id);

    /** A requirement with the framework it belongs to and its position (0-based) in a flat list of all of them. */
    public record RequirementRef(FrameworkView framework, Requirement requirement, int index) {
    }

    /** Pass/other counts of one rule. */
    public record RuleTally(String ruleId, String title, Severity severity, Map<Status, Integer> counts) {
        public int count(Status s) {
            return counts.getOrDefault(s, 0);
        }
    }

    /**
     * One cluster of a merged fleet report: its results per status, FAIL per severity and its workload ports.
     *
     * @param ports    workload ports of the cluster's posture
     * @param enforced of which mTLS is enforced
     */
    public record ClusterTally(String cluster, Map<Status, Integer> counts, Map<Severity, Integer> failures,
                               int[] ports) {
        public int count(Status s) {
            return counts.getOrDefault(s, 0);
        }

        public int failures(Severity s) {
            return failures.getOrDefault(s, 0);
        }

        public int workloadPorts() {
            return ports[0];
        }

        public int enforcedPorts() {
            return ports[1];
        }

        public int results() {
            int n = 0;
            for (int c : counts.values()) {
                n += c;
            }
            return n;
        }
    }

    private final AuditReport report;
    private final Map<String, ClusterTally> clusters = new TreeMap<>();
    private final Map<String, RequirementRef> byControl = new LinkedHashMap<>();
    private final List<RequirementRef> requirements = new ArrayList<>();
    private final List<Result> failures = new ArrayList<>();
    private final List<Result> errors = new ArrayList<>();
    private final List<Result> waived = new ArrayList<>();
    private final List<Result> manual = new ArrayList<>();
    private final Map<String, RuleTally> rules = new TreeMap<>();

    public ReportIndex(AuditReport report) {
        this.report = report;
        for (FrameworkView f : nn(report.frameworks())) {
            String prefix = prefix(f.id());
            for (Requirement r : nn(f.requirements())) {
                RequirementRef ref = new RequirementRef(f, r, requirements.size());
                requirements.add(ref);
                byControl.putIfAbsent(prefix + ":" + r.id(), ref);
            }
        }
        for (Result r : nn(report.results())) {
            switch (r.status()) {
                case FAIL -> failures.add(r);
                case ERROR -> errors.add(r);
                case WAIVED -> waived.add(r);
                case MANUAL -> manual.add(r);
                default -> { }
            }
            RuleTally t = rules.computeIfAbsent(r.ruleId(),
                    k -> new RuleTally(k, r.title(), r.severity(), new EnumMap<>(Status.class)));
            t.counts().merge(r.status(), 1, Integer::sum);
            if (r.cluster() != null) {
                ClusterTally c = cluster(r.cluster());
                c.counts().merge(r.status(), 1, Integer::sum);
                if (r.status() == Status.FAIL && r.severity() != null) {
                    c.failures().merge(r.severity(), 1, Integer::sum);
                }
            }
        }
        if (report.metadata() != null) {
            for (var in : nn(report.metadata().inputs())) {
                cluster(in.cluster());
            }
        }
        if (!clusters.isEmpty() && report.posture() != null) {
            for (WorkloadEntry w : nn(report.posture().workloads())) {
                if (w.cluster() != null) {
                    ClusterTally c = cluster(w.cluster());
                    for (PortEntry p : nn(w.ports())) {
                        c.ports()[0]++;
                        c.ports()[1] += enforced(w, p) ? 1 : 0;
                    }
                }
            }
        }
        failures.sort(FINDING_ORDER);
        errors.sort(FINDING_ORDER);
        waived.sort(FINDING_ORDER);
        manual.sort(FINDING_ORDER);
    }

    private ClusterTally cluster(String name) {
        return clusters.computeIfAbsent(name == null ? "" : name, k -> new ClusterTally(k, new EnumMap<>(Status.class),
                new EnumMap<>(Severity.class), new int[2]));
    }

    /** True for a merged fleet report ({@code metadata.inputs[]}, or results that name their cluster). */
    public boolean fleet() {
        return !clusters.isEmpty();
    }

    /** The clusters of a fleet report in name order; empty for a single-cluster report. */
    public Map<String, ClusterTally> clusters() {
        return clusters;
    }

    /** {@code cluster: Kind/namespace/name:port} in a fleet report, else the subject key; unsafe characters escaped. */
    public static String subjectKey(Result r) {
        String key = subjectKey(r.subject());
        return r.cluster() == null ? key : SafeText.clean(r.cluster()) + ": " + key;
    }

    public static <T> List<T> nn(List<T> l) {
        return l == null ? List.of() : l;
    }

    public static String prefix(String frameworkId) {
        return PREFIX.getOrDefault(frameworkId, frameworkId);
    }

    public static String frameworkName(String frameworkId) {
        return NAMES.getOrDefault(frameworkId, frameworkId);
    }

    /** A label short enough for a chart axis. */
    public static String shortName(String frameworkId) {
        return switch (frameworkId) {
            case "hipaa" -> "HIPAA";
            case "nist-800-53" -> "NIST 800-53";
            default -> frameworkName(frameworkId).length() > 14 ? frameworkId : frameworkName(frameworkId);
        };
    }

    public AuditReport report() {
        return report;
    }

    /** Every requirement of every framework, in report order. */
    public List<RequirementRef> requirements() {
        return requirements;
    }

    /** The requirements a result evidences, in framework order then control order. */
    public List<RequirementRef> requirementsOf(Result r) {
        List<RequirementRef> out = new ArrayList<>();
        for (String c : nn(r.controls())) {
            RequirementRef ref = byControl.get(c);
            if (ref != null) {
                out.add(ref);
            }
        }
        out.sort(Comparator.comparingInt(RequirementRef::index));
        return out;
    }

    /** FAIL results, most severe first. */
    public List<Result> failures() {
        return failures;
    }

    /** ERROR results (not evaluated), most severe first. */
    public List<Result> errors() {
        return errors;
    }

    public List<Result> waived() {
        return waived;
    }

    public List<Result> manual() {
        return manual;
    }

    /** Results per rule id. */
    public Map<String, RuleTally> rules() {
        return rules;
    }

    /** FAIL results of one severity. */
    public List<Result> failures(Severity s) {
        List<Result> out = new ArrayList<>();
        for (Result r : failures) {
            if (r.severity() == s) {
                out.add(r);
            }
        }
        return out;
    }

    /** Requirements per status for one framework, every status listed. */
    public static Map<Status, Integer> requirementStatus(FrameworkView f) {
        Map<Status, Integer> m = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            m.put(s, 0);
        }
        for (Requirement r : nn(f.requirements())) {
            m.merge(r.status(), 1, Integer::sum);
        }
        return m;
    }

    /** GEN-1 as the report states it: meshed, captured, mTLS required, no error. */
    public static boolean enforced(WorkloadEntry w, PortEntry p) {
        return p.error() == null && w.dataplane() != null && !"none".equals(w.dataplane()) && p.inboundCaptured()
                && p.mtlsRequired();
    }

    /** {@code Kind/namespace/name:port} with unsafe characters escaped. */
    public static String subjectKey(SubjectRef s) {
        return s == null ? "" : SafeText.clean(s.key());
    }
}
