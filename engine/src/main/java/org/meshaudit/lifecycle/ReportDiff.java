package org.meshaudit.lifecycle;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.PortEntry;
import org.meshaudit.report.ReportJson;
import org.meshaudit.report.Result;
import org.meshaudit.report.WorkloadEntry;
import tools.jackson.databind.JsonNode;

/**
 * Drift between two reports of the same cluster (or fleet): findings by stable result id, status changes, posture
 * (workload ports that gained or lost enforced mTLS, dataplane changes) and certificate inventory changes.
 *
 * <p>A finding is an open FAIL. <em>New</em>: FAIL in the new report and not FAIL in the old one (absent or another
 * status). <em>Resolved</em>: FAIL in the old report and not FAIL in the new one ({@code now} says PASS, WAIVED,
 * ERROR, ... or {@code absent}). <em>Persisting</em>: FAIL in both. {@code statusChanges} lists the other status
 * changes (neither side FAIL), e.g. PASS → ERROR.
 */
public final class ReportDiff {

    /** The diff document ({@code kind: AuditDiff}). */
    public record Diff(String apiVersion, String kind, Side from, Side to, Counts counts, List<Finding> newFindings,
                       List<Finding> resolved, List<Finding> persisting, List<StatusChange> statusChanges,
                       List<PostureChange> posture, List<CertificateChange> certificates) {
    }

    /** One report of the pair. */
    public record Side(String runId, String asOf, String source, String inputDigest, double mtlsEnforcedShare,
                       int mtlsEnforcedPorts, int workloadPorts, Map<String, Integer> openFindings) {
    }

    public record Counts(int newFindings, int resolved, int persisting, int statusChanges, int postureChanges,
                         int certificateChanges) {
    }

    /**
     * @param was previous status ({@code absent} when the result did not exist)
     * @param now current status ({@code absent} when the result no longer exists)
     */
    public record Finding(String id, String ruleId, String severity, String subject, String cluster, String was,
                          String now, String message) {
    }

    public record StatusChange(String id, String ruleId, String subject, String cluster, String was, String now) {
    }

    /**
     * @param change {@code mtls-lost}, {@code mtls-gained}, {@code port-added}, {@code port-removed},
     *               {@code workload-added}, {@code workload-removed}, {@code dataplane-changed}
     * @param was    previous value (server mode, dataplane), or null
     * @param now    current value, or null
     */
    public record PostureChange(String change, String workload, String port, String was, String now) {
    }

    /**
     * @param change {@code added}, {@code removed}, {@code expiry-moved} (same subject, a new certificate with another
     *               notAfter) or {@code replaced} (same subject and notAfter, new certificate)
     */
    public record CertificateChange(String change, String subject, String fingerprint, String notAfter,
                                    String previousFingerprint, String previousNotAfter) {
    }

    private ReportDiff() {
    }

    public static Diff diff(AuditReport from, AuditReport to) {
        Map<String, Result> a = byId(from);
        Map<String, Result> b = byId(to);
        List<Finding> added = new ArrayList<>();
        List<Finding> resolved = new ArrayList<>();
        List<Finding> persisting = new ArrayList<>();
        List<StatusChange> changes = new ArrayList<>();
        for (Result r : b.values()) {
            Result old = a.get(r.id());
            String was = old == null ? "absent" : old.status().name();
            if (r.status() == Status.FAIL) {
                (old != null && old.status() == Status.FAIL ? persisting : added).add(finding(r, was, "FAIL"));
            } else if (old != null && old.status() == Status.FAIL) {
                resolved.add(finding(old, "FAIL", r.status().name()));
            } else if (old != null && old.status() != r.status()) {
                changes.add(new StatusChange(r.id(), r.ruleId(), r.subject().key(), r.cluster(), was,
                        r.status().name()));
            }
        }
        for (Result old : a.values()) {
            if (!b.containsKey(old.id()) && old.status() == Status.FAIL) {
                resolved.add(finding(old, "FAIL", "absent"));
            }
        }
        Comparator<Finding> order = Comparator.comparing((Finding f) -> -Severity.parse(f.severity()).ordinal())
                .thenComparing(Finding::ruleId).thenComparing(f -> Objects.toString(f.cluster(), ""))
                .thenComparing(Finding::subject).thenComparing(Finding::id);
        added.sort(order);
        resolved.sort(order);
        persisting.sort(order);
        changes.sort(Comparator.comparing(StatusChange::ruleId).thenComparing(c -> Objects.toString(c.cluster(), ""))
                .thenComparing(StatusChange::subject).thenComparing(StatusChange::id));
        List<PostureChange> posture = posture(from, to);
        List<CertificateChange> certs = certificates(from, to);
        return new Diff(AuditReport.API_VERSION, "AuditDiff", side(from), side(to),
                new Counts(added.size(), resolved.size(), persisting.size(), changes.size(), posture.size(),
                        certs.size()),
                added, resolved, persisting, changes, posture, certs);
    }

    /** True when a new finding is at or above the threshold (null: never). */
    public static boolean hasNewAtOrAbove(Diff d, Severity threshold) {
        if (threshold == null) {
            return false;
        }
        for (Finding f : d.newFindings()) {
            if (Severity.parse(f.severity()).atLeast(threshold)) {
                return true;
            }
        }
        return false;
    }

    public static byte[] json(Diff d) {
        return Json.pretty(d);
    }

    /** The readable table. */
    public static void table(Diff d, PrintWriter out) {
        out.printf("meshaudit diff  %s (%s)  ->  %s (%s)%n", d.from().runId(), d.from().asOf(), d.to().runId(),
                d.to().asOf());
        Counts c = d.counts();
        out.printf("Findings: %d new, %d resolved, %d persisting   status changes: %d   posture changes: %d   "
                        + "certificate changes: %d%n", c.newFindings(), c.resolved(), c.persisting(), c.statusChanges(),
                c.postureChanges(), c.certificateChanges());
        out.printf(Locale.ROOT, "mTLS-enforced ports: %d/%d (%.1f%%) -> %d/%d (%.1f%%)%n", d.from().mtlsEnforcedPorts(),
                d.from().workloadPorts(), d.from().mtlsEnforcedShare() * 100, d.to().mtlsEnforcedPorts(),
                d.to().workloadPorts(), d.to().mtlsEnforcedShare() * 100);
        StringBuilder sev = new StringBuilder("Open findings by severity:");
        d.to().openFindings().forEach((k, v) -> sev.append("   ").append(k).append(' ')
                .append(d.from().openFindings().getOrDefault(k, 0)).append(" -> ").append(v));
        out.println(sev);
        section(out, "New findings", d.newFindings(), true);
        section(out, "Resolved", d.resolved(), false);
        section(out, "Persisting", d.persisting(), false);
        if (!d.statusChanges().isEmpty()) {
            out.println("Status changes:");
            for (StatusChange s : d.statusChanges()) {
                out.printf("  %-9s %s  %s -> %s%n", s.ruleId(), subject(s.cluster(), s.subject()), s.was(), s.now());
            }
        }
        if (!d.posture().isEmpty()) {
            out.println("Posture:");
            for (PostureChange p : d.posture()) {
                out.printf("  %-17s %s%s%s%n", p.change(), p.workload(), p.port() == null ? "" : ":" + p.port(),
                        p.was() == null && p.now() == null ? "" : "  " + Objects.toString(p.was(), "-") + " -> "
                                + Objects.toString(p.now(), "-"));
            }
        }
        if (!d.certificates().isEmpty()) {
            out.println("Certificates:");
            for (CertificateChange x : d.certificates()) {
                out.printf("  %-12s %s  %s%n", x.change(), x.subject(), x.change().equals("expiry-moved")
                        ? "notAfter " + x.previousNotAfter() + " -> " + x.notAfter() : "notAfter " + x.notAfter());
            }
        }
        out.flush();
    }

    private static void section(PrintWriter out, String title, List<Finding> list, boolean message) {
        if (list.isEmpty()) {
            return;
        }
        out.println(title + ":");
        for (Finding f : list) {
            String tail = message ? clip(f.message(), 100) : (title.equals("Resolved") ? "now " + f.now() : "");
            out.printf("  %-8s %-11s %s  %s%n", f.severity().toUpperCase(Locale.ROOT), f.ruleId(),
                    subject(f.cluster(), f.subject()), tail);
        }
    }

    private static String subject(String cluster, String key) {
        return cluster == null ? key : cluster + "/" + key;
    }

    private static String clip(String s, int n) {
        return s == null || s.length() <= n ? Objects.toString(s, "") : s.substring(0, n - 1) + "…";
    }

    private static Finding finding(Result r, String was, String now) {
        return new Finding(r.id(), r.ruleId(), r.severity().label(), r.subject().key(), r.cluster(), was, now,
                r.message());
    }

    private static Map<String, Result> byId(AuditReport r) {
        Map<String, Result> out = new TreeMap<>();
        for (Result x : r.results()) {
            out.put(x.id(), x);
        }
        return out;
    }

    private static Side side(AuditReport r) {
        var p = History.point(r);
        return new Side(r.metadata().runId(), r.metadata().asOf(), r.metadata().source(), r.metadata().inputDigest(),
                p.mtlsEnforcedShare(), p.mtlsEnforcedPorts(), p.workloadPorts(), p.openFindings());
    }

    // ---- posture ----

    private static String workloadKey(WorkloadEntry w) {
        String base = w.namespace() == null || w.namespace().isEmpty() ? w.kind() + "/" + w.name()
                : w.kind() + "/" + w.namespace() + "/" + w.name();
        return w.cluster() == null ? base : w.cluster() + "/" + base;
    }

    static boolean enforced(WorkloadEntry w, PortEntry p) {
        return p.error() == null && w.error() == null && !"none".equals(w.dataplane()) && p.inboundCaptured()
                && p.mtlsRequired();
    }

    private static String mode(WorkloadEntry w, PortEntry p) {
        if (p.error() != null) {
            return "ERROR";
        }
        String m = p.serverMode() == null ? "?" : p.serverMode();
        return p.inboundCaptured() ? m : m + " (not captured)";
    }

    private static List<PostureChange> posture(AuditReport from, AuditReport to) {
        Map<String, WorkloadEntry> a = workloads(from);
        Map<String, WorkloadEntry> b = workloads(to);
        List<PostureChange> out = new ArrayList<>();
        for (var e : b.entrySet()) {
            WorkloadEntry nw = e.getValue();
            WorkloadEntry ow = a.get(e.getKey());
            if (ow == null) {
                out.add(new PostureChange("workload-added", e.getKey(), null, null, nw.dataplane()));
                continue;
            }
            if (!Objects.equals(ow.dataplane(), nw.dataplane())) {
                out.add(new PostureChange("dataplane-changed", e.getKey(), null, ow.dataplane(), nw.dataplane()));
            }
            Map<String, PortEntry> op = ports(ow);
            Map<String, PortEntry> np = ports(nw);
            for (var pe : np.entrySet()) {
                PortEntry o = op.get(pe.getKey());
                PortEntry n = pe.getValue();
                if (o == null) {
                    out.add(new PostureChange("port-added", e.getKey(), pe.getKey(), null, mode(nw, n)));
                } else if (enforced(ow, o) && !enforced(nw, n)) {
                    out.add(new PostureChange("mtls-lost", e.getKey(), pe.getKey(), mode(ow, o), mode(nw, n)));
                } else if (!enforced(ow, o) && enforced(nw, n)) {
                    out.add(new PostureChange("mtls-gained", e.getKey(), pe.getKey(), mode(ow, o), mode(nw, n)));
                }
            }
            for (var pe : op.entrySet()) {
                if (!np.containsKey(pe.getKey())) {
                    out.add(new PostureChange("port-removed", e.getKey(), pe.getKey(), mode(ow, pe.getValue()), null));
                }
            }
        }
        for (var e : a.entrySet()) {
            if (!b.containsKey(e.getKey())) {
                out.add(new PostureChange("workload-removed", e.getKey(), null, e.getValue().dataplane(), null));
            }
        }
        return out;
    }

    private static Map<String, WorkloadEntry> workloads(AuditReport r) {
        Map<String, WorkloadEntry> out = new TreeMap<>();
        if (r.posture() != null) {
            for (WorkloadEntry w : r.posture().workloads()) {
                out.put(workloadKey(w), w);
            }
        }
        return out;
    }

    private static Map<String, PortEntry> ports(WorkloadEntry w) {
        Map<String, PortEntry> out = new LinkedHashMap<>();
        for (PortEntry p : w.ports()) {
            out.put(p.port() + (p.protocol() == null ? "" : "/" + p.protocol()), p);
        }
        return out;
    }

    // ---- certificates (read from the JSON form, whatever the typed model) ----

    private record Cert(String fingerprint, String subject, String notAfter) {
    }

    private static Map<String, Cert> certs(AuditReport r) {
        Map<String, Cert> out = new TreeMap<>();
        if (r.certificates() == null) {
            return out;
        }
        for (JsonNode c : ReportJson.toTree(r.certificates())) {
            String fp = c.path("fingerprint").asString(null);
            if (fp != null) {
                out.put(fp, new Cert(fp, c.path("subject").asString(""), History.notAfter(c)));
            }
        }
        return out;
    }

    private static List<CertificateChange> certificates(AuditReport from, AuditReport to) {
        Map<String, Cert> a = certs(from);
        Map<String, Cert> b = certs(to);
        List<Cert> removed = new ArrayList<>();
        for (Cert c : a.values()) {
            if (!b.containsKey(c.fingerprint())) {
                removed.add(c);
            }
        }
        List<CertificateChange> out = new ArrayList<>();
        for (Cert c : b.values()) {
            if (a.containsKey(c.fingerprint())) {
                continue;
            }
            Cert prev = null;
            for (Cert r : removed) {
                if (!c.subject().isEmpty() && r.subject().equals(c.subject())) {
                    prev = r;
                    break;
                }
            }
            if (prev != null) {
                removed.remove(prev);
                out.add(new CertificateChange(Objects.equals(prev.notAfter(), c.notAfter()) ? "replaced"
                        : "expiry-moved", c.subject(), c.fingerprint(), c.notAfter(),
                        prev.fingerprint(), prev.notAfter()));
            } else {
                out.add(new CertificateChange("added", c.subject(), c.fingerprint(), c.notAfter(), null, null));
            }
        }
        for (Cert r : removed) {
            out.add(new CertificateChange("removed", r.subject(), r.fingerprint(), r.notAfter(), null, null));
        }
        out.sort(Comparator.comparing(CertificateChange::subject).thenComparing(CertificateChange::change)
                .thenComparing(CertificateChange::fingerprint));
        return out;
    }
}
