package org.meshaudit.reports.prometheus;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.RunFacts;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.Result;
import org.meshaudit.reports.common.CertificateRows;
import org.meshaudit.reports.common.ReportIndex;

/**
 * {@code audit.prom}: Prometheus text exposition format (version 0.0.4) for the CronJob, e.g. for node-exporter's
 * textfile collector or a push to a Pushgateway. Gauges: results by status and severity, requirements by framework
 * and status, workloads and ports, the mTLS-enforced share, days to the earliest certificate expiry, completeness,
 * collection issues, the as-of time and, when known, the run duration. Every status/severity combination is listed,
 * zeros included, so series do not vanish between runs.
 */
public final class PrometheusRenderer implements Renderer {
    @Override
    public String format() {
        return "prometheus";
    }

    @Override
    public String extension() {
        return "prom";
    }

    @Override
    public void render(AuditReport report, OutputStream out) throws IOException {
        render(report, RunFacts.NONE, out);
    }

    @Override
    public void render(AuditReport report, RunFacts run, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        Map<String, Integer> counts = new TreeMap<>();
        for (Status s : Status.values()) {
            for (Severity v : Severity.values()) {
                counts.put(lower(s) + "|" + v.label(), 0);
            }
        }
        for (Result r : ReportIndex.nn(report.results())) {
            counts.merge(lower(r.status()) + "|" + (r.severity() == null ? "info" : r.severity().label()), 1, Integer::sum);
        }
        head(w, "meshaudit_results", "Results of the last audit by status and severity.");
        for (Status s : Status.values()) {
            for (Severity v : Severity.values()) {
                w.write("meshaudit_results{status=\"" + lower(s) + "\",severity=\"" + v.label() + "\"} "
                        + counts.get(lower(s) + "|" + v.label()) + "\n");
            }
        }
        head(w, "meshaudit_requirements", "Framework requirements by roll-up status.");
        for (FrameworkView f : ReportIndex.nn(report.frameworks())) {
            Map<Status, Integer> m = ReportIndex.requirementStatus(f);
            for (var e : m.entrySet()) {
                w.write("meshaudit_requirements{framework=\"" + label(f.id()) + "\",status=\"" + lower(e.getKey()) + "\"} "
                        + e.getValue() + "\n");
            }
        }
        var s = report.summary();
        if (s != null) {
            gauge(w, "meshaudit_workloads", "Workloads in the posture.", s.workloads());
            gauge(w, "meshaudit_meshed_workloads", "Workloads with a mesh dataplane.", s.meshedWorkloads());
            gauge(w, "meshaudit_workload_ports", "Workload ports evaluated (catch-all entries included).", s.workloadPorts());
            gauge(w, "meshaudit_mtls_enforced_ports", "Workload ports where mTLS is enforced.", s.mtlsEnforcedPorts());
            gauge(w, "meshaudit_mtls_enforced_ratio", "Share of workload ports where mTLS is enforced (0..1).", s.mtlsEnforcedShare());
            gauge(w, "meshaudit_error_ports", "Workload ports that could not be evaluated.", s.errorPorts());
            gauge(w, "meshaudit_collection_issues", "Inputs that could not be read (any makes the run incomplete).", s.collectionIssues());
        }
        List<CertificateRows.Row> certs = CertificateRows.of(report);
        gauge(w, "meshaudit_certificates", "Certificates in the inventory.", certs.size());
        Long earliest = null;
        for (CertificateRows.Row r : certs) {
            if (r.daysLeft() != null && (earliest == null || r.daysLeft() < earliest)) {
                earliest = r.daysLeft();
            }
        }
        if (earliest != null) {
            gauge(w, "meshaudit_certificate_expiry_days_min", "Days from the as-of time to the earliest certificate expiry (negative: expired).", earliest);
        }
        var md = report.metadata();
        if (md != null) {
            gauge(w, "meshaudit_run_complete", "1 if everything was read and evaluated, else 0.", md.complete() ? 1 : 0);
            try {
                gauge(w, "meshaudit_run_as_of_timestamp_seconds", "The as-of time of the audit (Unix seconds).",
                        Instant.parse(md.asOf()).getEpochSecond());
            } catch (RuntimeException e) {
                // no parsable as-of: metric left out
            }
            head(w, "meshaudit_info", "The tool version and run id of the last audit.");
            w.write("meshaudit_info{version=\"" + label(md.toolVersion()) + "\",run_id=\"" + label(md.runId())
                    + "\",profile=\"" + label(md.profile()) + "\"} 1\n");
        }
        if (run != null && run.duration() != null) {
            gauge(w, "meshaudit_run_duration_seconds", "Wall-clock duration of the audit run.",
                    run.duration().toMillis() / 1000.0);
        }
        w.flush();
    }

    private static void head(Writer w, String name, String help) throws IOException {
        w.write("# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n");
    }

    private static void gauge(Writer w, String name, String help, Number v) throws IOException {
        head(w, name, help);
        w.write(name + " " + number(v) + "\n");
    }

    private static String number(Number v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d.longValue()) : String.format(Locale.ROOT, "%s", d);
        }
        return String.valueOf(v);
    }

    private static String lower(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** Label value escaping of the text format: backslash, double quote and line feed. */
    static String label(String v) {
        if (v == null) {
            return "";
        }
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
