package org.meshaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.meshaudit.api.Status;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.PortEntry;
import org.meshaudit.report.Result;
import org.meshaudit.report.Summary;
import org.meshaudit.report.WorkloadEntry;

/** The short human summary and the posture table printed on the terminal. */
final class SummaryPrinter {
    private static final int TOP = 15;

    private SummaryPrinter() {
    }

    static void summary(AuditReport r, List<Path> files, PrintWriter out) {
        Summary s = r.summary();
        out.printf("meshaudit %s  %s  as of %s  (%s)%n", r.metadata().toolVersion(), r.metadata().source(),
                r.metadata().asOf(), r.metadata().runId());
        out.printf("Workloads: %d (%d meshed)   workload ports with enforced mTLS: %d/%d (%.1f%%)%s%n",
                s.workloads(), s.meshedWorkloads(), s.mtlsEnforcedPorts(), s.workloadPorts(),
                s.mtlsEnforcedShare() * 100, s.errorPorts() > 0 ? "   ports not evaluated: " + s.errorPorts() : "");
        out.printf("Results: %d   PASS %d   FAIL %d   ERROR %d   NOT_APPLICABLE %d%n", s.results(),
                s.byStatus().get("PASS"), s.byStatus().get("FAIL"), s.byStatus().get("ERROR"),
                s.byStatus().get("NOT_APPLICABLE"));
        StringBuilder sev = new StringBuilder("Failures by severity:");
        s.failuresBySeverity().forEach((k, v) -> sev.append("   ").append(k).append(' ').append(v));
        out.println(sev);
        if (s.waivers() != null) {
            out.printf("Waivers: %d active, %d expired, %d stale, %d not yet valid   WAIVED results: %d%n",
                    s.waivers().getOrDefault("active", 0), s.waivers().getOrDefault("expired", 0),
                    s.waivers().getOrDefault("stale", 0), s.waivers().getOrDefault("not-yet-valid", 0),
                    s.byStatus().getOrDefault("WAIVED", 0));
            for (var w : r.waivers() == null ? List.<org.meshaudit.report.WaiverEntry>of() : r.waivers()) {
                if (!w.status().equals("active")) {
                    out.printf("  %-13s %s (%s, expires %s): %s%n", w.status().toUpperCase(Locale.ROOT), w.id(),
                            w.source(), w.expires(), w.note() == null ? "" : clip(w.note(), 100));
                }
            }
        }
        List<Result> fails = new ArrayList<>();
        for (Result x : r.results()) {
            if (x.status() == Status.FAIL || x.status() == Status.ERROR) {
                fails.add(x);
            }
        }
        fails.sort(Comparator.comparing((Result x) -> x.status() == Status.FAIL ? 0 : 1)
                .thenComparing(x -> -x.severity().ordinal()).thenComparing(Result::ruleId)
                .thenComparing(Result::subject));
        if (!fails.isEmpty()) {
            out.println("Findings" + (fails.size() > TOP ? " (first " + TOP + " of " + fails.size() + ")" : "") + ":");
            for (Result x : fails.subList(0, Math.min(TOP, fails.size()))) {
                String label = x.status() == Status.FAIL ? x.severity().label().toUpperCase(Locale.ROOT) : "ERROR";
                out.printf("  %-8s %-9s %s  %s%n", label, x.ruleId(), x.subject().key(), clip(x.message(), 110));
            }
        }
        List<CollectionIssue> issues = r.collection().issues();
        if (!issues.isEmpty()) {
            out.println("Not read (" + issues.size() + " collection issue(s)):");
            for (CollectionIssue i : issues.subList(0, Math.min(TOP, issues.size()))) {
                out.printf("  %s: %s: %s%n", i.source(), i.kind(), clip(i.message(), 120));
            }
        }
        List<CollectionIssue> notices = r.collection().notices() == null ? List.of() : r.collection().notices();
        if (!notices.isEmpty()) {
            out.println("Notices (" + notices.size() + "):");
            for (CollectionIssue i : notices.subList(0, Math.min(TOP, notices.size()))) {
                out.printf("  %s: %s%n", i.source(), clip(i.message(), 140));
            }
        }
        for (Path f : files) {
            out.println("Wrote " + f);
        }
    }

    static void posture(AuditReport r, PrintWriter out) {
        out.printf("%-40s %-14s %-9s %-6s %-5s %-9s %-22s %-5s %s%n", "WORKLOAD", "DATAPLANE", "SOURCE", "PORT",
                "PROTO", "CAPTURED", "SERVER MODE", "MTLS", "DECIDED BY");
        for (WorkloadEntry w : r.posture().workloads()) {
            String name = w.kind() + "/" + w.namespace() + "/" + w.name();
            if (w.error() != null) {
                out.printf("%-40s %-14s %-9s ERROR: %s%n", clip(name, 40), w.dataplane(), w.dataplaneSource(), w.error());
            }
            for (PortEntry p : w.ports()) {
                String decided = p.decidedAt() + (p.decidedBy().isEmpty() ? "" : " " + String.join(",", p.decidedBy()));
                if (p.error() != null) {
                    decided = "ERROR: " + p.error();
                }
                out.printf("%-40s %-14s %-9s %-6s %-5s %-9s %-22s %-5s %s%n", clip(name, 40), w.dataplane(),
                        w.dataplaneSource(), p.port(), p.protocol(), p.inboundCaptured() ? "yes" : "no",
                        clip(p.serverMode(), 22), p.mtlsRequired() ? "yes" : "no", clip(decided, 90));
            }
        }
    }

    private static String clip(String s, int n) {
        if (s == null) {
            return "";
        }
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
