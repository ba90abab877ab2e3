package org.meshaudit.lifecycle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.api.UsageException;
import org.meshaudit.api.Version;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.CollectionView;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.InputRef;
import org.meshaudit.report.Metadata;
import org.meshaudit.report.PackInfo;
import org.meshaudit.report.Posture;
import org.meshaudit.report.Requirement;
import org.meshaudit.report.Result;
import org.meshaudit.report.Summary;
import org.meshaudit.report.WaiverEntry;
import org.meshaudit.report.WorkloadEntry;

/**
 * Combines the AuditReports of many clusters into one fleet report: the cluster becomes an extra subject dimension
 * ({@code results[].cluster}, {@code posture.workloads[].cluster}), result ids are derived from cluster and original id
 * (unique and stable), summaries and framework roll-ups are recomputed, and {@code metadata.inputs[]} records every
 * input's provenance. Same inputs (in any order) give the same report.
 */
public final class ReportMerge {

    /**
     * One input report.
     *
     * @param cluster name its results carry
     * @param sha256  digest of the input file
     */
    public record Input(AuditReport report, String cluster, String sha256) {
    }

    private ReportMerge() {
    }

    /** The merged id of a result: stable for the same cluster and original id. */
    public static String mergedId(String cluster, String id) {
        return Json.sha256(cluster + "|" + id).substring(0, 16);
    }

    /** A cluster name from a report's {@code metadata.source}: its last path segment, made name-safe. */
    public static String defaultName(AuditReport r) {
        String s = Objects.toString(r.metadata().source(), "cluster");
        int colon = s.indexOf(": ");
        if (colon >= 0) {
            s = s.substring(colon + 2);
        }
        s = s.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            s = s.substring(slash + 1);
        }
        s = s.replaceAll("[^A-Za-z0-9._-]+", "-");
        return s.isEmpty() ? "cluster" : s;
    }

    public static AuditReport merge(List<Input> inputs) {
        if (inputs.isEmpty()) {
            throw new UsageException("merge needs at least one report");
        }
        List<Input> in = new ArrayList<>(inputs);
        in.sort(Comparator.comparing(Input::cluster));
        Set<String> names = new TreeSet<>();
        for (Input i : in) {
            if (!AuditReport.API_VERSION.equals(i.report().apiVersion())) {
                throw new UsageException("cannot merge apiVersion " + i.report().apiVersion() + " (cluster "
                        + i.cluster() + ") with " + AuditReport.API_VERSION);
            }
            if (i.cluster() == null || i.cluster().isBlank()) {
                throw new UsageException("a merged report needs a cluster name for every input", "use --name FILE=NAME");
            }
            if (!names.add(i.cluster())) {
                throw new UsageException("two inputs are named '" + i.cluster() + "'",
                        "give each a distinct name with --name FILE=NAME");
            }
        }

        List<Result> results = new ArrayList<>();
        List<WorkloadEntry> workloads = new ArrayList<>();
        Map<String, String> mesh = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        List<CollectionIssue> issues = new ArrayList<>();
        List<CollectionIssue> notices = new ArrayList<>();
        List<WaiverEntry> waivers = new ArrayList<>();
        boolean anyWaivers = false;
        for (Input i : in) {
            AuditReport r = i.report();
            String c = i.cluster();
            for (Result x : r.results()) {
                results.add(new Result(mergedId(c, x.id()), x.ruleId(), x.ruleVersion(), x.pack(), x.title(),
                        x.status(), x.severity(), x.subject(), x.message(), x.evidence(), x.controls(),
                        x.remediation(), x.waiver(), c, x.scopeNamespaces()));
            }
            if (r.posture() != null) {
                r.posture().mesh().forEach((k, v) -> mesh.put(c + "/" + k, v));
                for (WorkloadEntry w : r.posture().workloads()) {
                    workloads.add(new WorkloadEntry(w.apiVersion(), w.kind(), w.namespace(), w.name(), w.uid(),
                            w.dataplane(), w.dataplaneSource(), w.dataplaneReason(), w.serviceAccount(),
                            w.inboundExclusions(), w.outboundExclusions(), w.notes(), w.error(), w.ports(), c));
                }
            }
            if (r.collection() != null) {
                r.collection().kinds().forEach((k, v) -> kinds.merge(k, v, Integer::sum));
                r.collection().issues().forEach(x -> issues.add(new CollectionIssue(c + ": " + x.source(), x.kind(),
                        x.message())));
                if (r.collection().notices() != null) {
                    r.collection().notices().forEach(x -> notices.add(new CollectionIssue(c + ": " + x.source(),
                            x.kind(), x.message())));
                }
            }
            if (r.waivers() != null) {
                anyWaivers = true;
                for (WaiverEntry w : r.waivers()) {
                    waivers.add(new WaiverEntry(w.id(), w.status(), w.rules(), w.subject(), w.owner(), w.approvedBy(),
                            w.ticket(), w.justification(), w.created(), w.expires(),
                            w.resultIds().stream().map(id -> mergedId(c, id)).sorted().toList(), w.note(), w.source(),
                            c));
                }
            }
        }
        results.sort(Comparator.comparing(Result::ruleId).thenComparing(Result::cluster)
                .thenComparing(Result::subject));

        Summary summary = summary(in, results);
        List<FrameworkView> frameworks = frameworks(in);
        Metadata metadata = metadata(in);
        return new AuditReport(AuditReport.API_VERSION, AuditReport.KIND, metadata, summary, frameworks,
                List.copyOf(results), new Posture(mesh, List.copyOf(workloads)),
                concat(in, r -> r.certificates()),
                new CollectionView(kinds, List.copyOf(issues), List.copyOf(notices),
                        concat(in, r -> r.collection() == null ? null : r.collection().coverage())),
                anyWaivers ? List.copyOf(waivers) : null, null);
    }

    /** Concatenates a list section of every input, whatever its element type. */
    private static <T> List<T> concat(List<Input> in, Function<AuditReport, List<T>> section) {
        List<T> out = new ArrayList<>();
        for (Input i : in) {
            List<T> part = section.apply(i.report());
            if (part != null) {
                out.addAll(part);
            }
        }
        return List.copyOf(out);
    }

    private static Summary summary(List<Input> in, List<Result> results) {
        Map<String, Integer> byStatus = org.meshaudit.assess.Assessor.byStatus(results);
        Map<String, Integer> bySeverity = org.meshaudit.assess.Assessor.failuresBySeverity(results);
        int workloads = 0;
        int meshed = 0;
        int ports = 0;
        int enforced = 0;
        int errorPorts = 0;
        int issues = 0;
        Map<String, Integer> waivers = new LinkedHashMap<>();
        boolean anyWaivers = false;
        for (Input i : in) {
            Summary s = i.report().summary();
            workloads += s.workloads();
            meshed += s.meshedWorkloads();
            ports += s.workloadPorts();
            enforced += s.mtlsEnforcedPorts();
            errorPorts += s.errorPorts();
            issues += s.collectionIssues();
            if (s.waivers() != null) {
                anyWaivers = true;
                s.waivers().forEach((k, v) -> waivers.merge(k, v, Integer::sum));
            }
        }
        double share = ports == 0 ? 0.0 : Math.round(enforced * 10000.0 / ports) / 10000.0;
        return new Summary(results.size(), byStatus, bySeverity, workloads, meshed, ports, enforced, share,
                errorPorts, issues, anyWaivers ? waivers : null);
    }

    private static List<FrameworkView> frameworks(List<Input> in) {
        Map<String, List<Map.Entry<String, FrameworkView>>> byId = new LinkedHashMap<>();
        for (String id : List.of("zero-trust", "pci-dss", "hipaa", "gdpr")) {
            byId.put(id, new ArrayList<>());
        }
        for (Input i : in) {
            for (FrameworkView f : i.report().frameworks()) {
                byId.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(Map.entry(i.cluster(), f));
            }
        }
        List<FrameworkView> out = new ArrayList<>();
        for (var e : byId.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            out.add(framework(e.getValue()));
        }
        return out;
    }

    private static FrameworkView framework(List<Map.Entry<String, FrameworkView>> views) {
        FrameworkView first = views.get(0).getValue();
        Map<String, List<Map.Entry<String, Requirement>>> reqs = new LinkedHashMap<>();
        Set<String> versions = new LinkedHashSet<>();
        Set<String> selectors = new LinkedHashSet<>();
        Set<String> profiles = new LinkedHashSet<>();
        List<String> namespaces = new ArrayList<>();
        List<String> scopeWorkloads = new ArrayList<>();
        List<String> unmeshed = new ArrayList<>();
        for (var v : views) {
            String c = v.getKey();
            FrameworkView f = v.getValue();
            versions.add(f.version());
            if (f.profile() != null) {
                profiles.add(f.profile());
            }
            if (f.scope() != null) {
                selectors.add(f.scope().selector());
                f.scope().namespaces().forEach(n -> namespaces.add(c + "/" + n));
                f.scope().workloads().forEach(n -> scopeWorkloads.add(c + "/" + n));
                f.scope().unmeshedWorkloads().forEach(n -> unmeshed.add(c + "/" + n));
            }
            for (Requirement r : f.requirements()) {
                reqs.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(Map.entry(c, r));
            }
        }
        List<Requirement> merged = new ArrayList<>();
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (var e : reqs.entrySet()) {
            Requirement r0 = e.getValue().get(0).getValue();
            Map<String, Integer> counts = new TreeMap<>();
            Set<String> rules = new TreeSet<>();
            List<String> ids = new ArrayList<>();
            Status status = null;
            for (var cr : e.getValue()) {
                Requirement r = cr.getValue();
                r.counts().forEach((k, v) -> counts.merge(k, v, Integer::sum));
                rules.addAll(r.ruleIds());
                r.resultIds().forEach(id -> ids.add(mergedId(cr.getKey(), id)));
                status = status == null ? r.status() : worse(status, r.status());
            }
            Set<String> notes = new LinkedHashSet<>();
            for (var cr : e.getValue()) {
                if (cr.getValue().status() == status && cr.getValue().note() != null) {
                    notes.add(cr.getValue().note());
                }
            }
            merged.add(new Requirement(r0.id(), r0.title(), status, List.copyOf(rules), counts, r0.kind(),
                    notes.isEmpty() ? null : String.join(" ", notes), ids, r0.addressable()));
            summary.merge(status.name(), 1, Integer::sum);
        }
        return new FrameworkView(first.id(), String.join(", ", versions),
                new FrameworkView.Scope(String.join("; ", selectors), namespaces, scopeWorkloads, unmeshed),
                merged, first.title(), first.source(), profiles.isEmpty() ? null : String.join(",", profiles),
                summary);
    }

    /** Roll-up order across clusters: FAIL, then ERROR, then PASS; MANUAL and NOT_APPLICABLE as declared. */
    private static Status worse(Status a, Status b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Status s) {
        switch (s) {
            case FAIL: return 5;
            case ERROR: return 4;
            case PASS: return 3;
            case WAIVED: return 3;
            case MANUAL: return 2;
            default: return 1;
        }
    }

    private static Metadata metadata(List<Input> in) {
        List<InputRef> refs = new ArrayList<>();
        List<PackInfo> packs = new ArrayList<>();
        Set<String> packKeys = new TreeSet<>();
        Set<String> frameworks = new LinkedHashSet<>();
        Set<String> profiles = new LinkedHashSet<>();
        List<String> incomplete = new ArrayList<>();
        List<String> clusters = new ArrayList<>();
        String asOf = null;
        boolean complete = true;
        StringBuilder digest = new StringBuilder();
        for (Input i : in) {
            Metadata m = i.report().metadata();
            refs.add(new InputRef(i.cluster(), m.runId(), m.asOf(), m.source(), m.inputDigest(), m.toolVersion(),
                    m.complete(), i.sha256()));
            clusters.add(i.cluster());
            for (PackInfo p : m.packs()) {
                if (packKeys.add(p.id() + "@" + p.version() + "@" + p.sha256())) {
                    packs.add(p);
                }
            }
            frameworks.addAll(m.frameworks());
            profiles.add(m.profile());
            complete &= m.complete();
            for (String reason : m.incompleteReasons()) {
                incomplete.add(i.cluster() + ": " + reason);
            }
            if (asOf == null || m.asOf().compareTo(asOf) > 0) {
                asOf = m.asOf();
            }
            digest.append(i.cluster()).append('=').append(i.sha256()).append(';');
        }
        packs.sort(Comparator.comparing(PackInfo::id).thenComparing(PackInfo::version)
                .thenComparing(PackInfo::sha256));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("fleet", List.copyOf(clusters));
        String inputDigest = Json.sha256(digest.toString());
        return new Metadata("merge-" + inputDigest.substring(0, 12), asOf, "meshaudit", Version.get(),
                "fleet: " + String.join(", ", clusters), inputDigest, String.join(",", profiles),
                List.copyOf(frameworks), List.copyOf(packs), options, complete, List.copyOf(incomplete),
                List.copyOf(refs));
    }
}
