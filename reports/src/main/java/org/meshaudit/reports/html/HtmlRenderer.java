package org.meshaudit.reports.html;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.api.Renderer;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.Metadata;
import org.meshaudit.report.PortEntry;
import org.meshaudit.report.Requirement;
import org.meshaudit.report.Result;
import org.meshaudit.report.WorkloadEntry;
import org.meshaudit.reports.common.CertificateRows;
import org.meshaudit.reports.common.EvidenceText;
import org.meshaudit.reports.common.ReportIndex;
import org.meshaudit.reports.common.SafeText;

/**
 * {@code audit.html}: one self-contained page (inline CSS and script, no external assets, a Content-Security-Policy
 * that forbids loading anything) with the run summary, per-framework requirement tables, every result with
 * client-side filters by status, severity, framework and namespace (plus free text), the effective posture table,
 * the certificate inventory and the collection issues. All report text is escaped for HTML after unsafe code points
 * are shown as {@code <U+XXXX>}; the script reads only data attributes and never builds HTML from report text.
 */
public final class HtmlRenderer implements Renderer {
    /** Longest text shown in a cell; the full value stays in audit.json. */
    static final int MAX_CELL = 2000;

    @Override
    public String format() {
        return "html";
    }

    @Override
    public String extension() {
        return "html";
    }

    @Override
    public void render(AuditReport report, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        ReportIndex index = new ReportIndex(report);
        Metadata md = report.metadata();
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n");
        w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.write("<meta name=\"referrer\" content=\"no-referrer\">\n");
        w.write("<title>meshaudit report " + esc(md == null ? "" : md.runId()) + "</title>\n");
        w.write("<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        w.write("<header><h1>meshaudit audit report</h1>\n<dl class=\"meta\">");
        if (md != null) {
            dt(w, "Run", md.runId());
            dt(w, "As of", md.asOf());
            dt(w, "Source", md.source());
            dt(w, "Tool", md.tool() + " " + md.toolVersion());
            dt(w, "Profile", md.profile());
            dt(w, "Input digest", md.inputDigest());
        }
        w.write("</dl>\n");
        if (md != null && !md.complete()) {
            w.write("<div class=\"banner incomplete\" id=\"incomplete\"><strong>Incomplete run.</strong> Some input could not be read or evaluated; results marked ERROR were not evaluated and are never counted as PASS.<ul>");
            for (String r : ReportIndex.nn(md.incompleteReasons())) {
                w.write("<li>" + esc(r) + "</li>");
            }
            w.write("</ul></div>\n");
        } else {
            w.write("<div class=\"banner complete\" id=\"complete\">Complete run: everything was read and evaluated.</div>\n");
        }
        w.write("</header>\n<main>\n");

        // summary
        w.write("<section id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">");
        var sum = report.summary();
        Map<String, Integer> byStatus = sum == null ? Map.of() : sum.byStatus();
        for (Status s : Status.values()) {
            int n = byStatus == null ? 0 : byStatus.getOrDefault(s.name(), 0);
            w.write("<div class=\"card st-" + s.name() + "\"><span class=\"n\" data-count=\"" + s.name() + "\">" + n
                    + "</span><span class=\"l\">" + s.name() + "</span></div>");
        }
        w.write("</div>\n<div class=\"cards\">");
        Map<String, Integer> bySev = sum == null ? Map.of() : sum.failuresBySeverity();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity v = Severity.values()[i];
            int n = bySev == null ? 0 : bySev.getOrDefault(v.label(), 0);
            w.write("<div class=\"card sev-" + v.label() + "\"><span class=\"n\">" + n + "</span><span class=\"l\">FAIL "
                    + v.label() + "</span></div>");
        }
        w.write("</div>\n");
        if (sum != null) {
            w.write("<p class=\"posture-line\">mTLS enforced on <strong>" + sum.mtlsEnforcedPorts() + "</strong> of "
                    + sum.workloadPorts() + " workload ports (" + String.format(java.util.Locale.ROOT, "%.1f", sum.mtlsEnforcedShare() * 100)
                    + "%); " + sum.meshedWorkloads() + " of " + sum.workloads() + " workloads meshed; "
                    + sum.errorPorts() + " ports not evaluated; " + sum.collectionIssues() + " collection issues.</p>\n");
        }
        w.write("</section>\n");

        // frameworks
        w.write("<section id=\"frameworks\"><h2>Frameworks</h2>\n");
        for (FrameworkView f : ReportIndex.nn(report.frameworks())) {
            w.write("<h3>" + esc(ReportIndex.frameworkName(f.id())) + " <small>" + esc(f.version()) + "</small></h3>\n");
            if (f.scope() != null) {
                w.write("<p class=\"scope\">Scope: " + esc(f.scope().selector()) + " — namespaces: "
                        + esc(String.join(", ", ReportIndex.nn(f.scope().namespaces()))) + "</p>\n");
            }
            w.write("<table class=\"reqs\"><thead><tr><th>Requirement</th><th>Title</th><th>Status</th><th>Kind</th><th>Rules</th><th>Results</th></tr></thead><tbody>\n");
            for (Requirement q : ReportIndex.nn(f.requirements())) {
                w.write("<tr><td>" + esc(q.id()) + "</td><td>" + esc(q.title()) + (q.note() == null ? "" : "<div class=\"note\">" + esc(q.note()) + "</div>")
                        + "</td><td><span class=\"st st-" + q.status().name() + "\">" + q.status().name() + "</span></td><td>"
                        + esc(q.kind()) + "</td><td>" + esc(String.join(", ", ReportIndex.nn(q.ruleIds()))) + "</td><td>"
                        + esc(q.counts() == null ? "" : EvidenceText.format(q.counts())) + "</td></tr>\n");
            }
            w.write("</tbody></table>\n");
        }
        w.write("</section>\n");

        // results with filters
        List<Result> results = ReportIndex.nn(report.results());
        Set<String> namespaces = new TreeSet<>();
        Set<String> frameworks = new LinkedHashSet<>();
        for (FrameworkView f : ReportIndex.nn(report.frameworks())) {
            frameworks.add(f.id());
        }
        for (Result r : results) {
            namespaces.add(ns(r.subject()));
        }
        w.write("<section id=\"results\"><h2>Results</h2>\n<form class=\"filters\" id=\"filters\" onsubmit=\"return false\">\n");
        select(w, "f-status", "Status", enumNames(Status.values()));
        select(w, "f-severity", "Severity", List.of("critical", "high", "medium", "low", "info"));
        select(w, "f-framework", "Framework", List.copyOf(frameworks));
        select(w, "f-namespace", "Namespace", List.copyOf(namespaces));
        w.write("<label>Text <input type=\"search\" id=\"f-text\" placeholder=\"rule, subject, message\"></label>\n");
        w.write("<span id=\"shown\" aria-live=\"polite\"></span>\n</form>\n");
        w.write("<table id=\"result-table\"><thead><tr><th>Status</th><th>Severity</th><th>Rule</th><th>Subject</th><th>Message</th><th>Evidence</th><th>Controls</th></tr></thead><tbody>\n");
        for (Result r : results) {
            StringBuilder fw = new StringBuilder(" ");
            Set<String> ids = new LinkedHashSet<>();
            for (ReportIndex.RequirementRef ref : index.requirementsOf(r)) {
                ids.add(ref.framework().id());
            }
            ids.forEach(id -> fw.append(id).append(' '));
            String sev = r.severity() == null ? "info" : r.severity().label();
            w.write("<tr class=\"r\" data-status=\"" + r.status().name() + "\" data-severity=\"" + sev
                    + "\" data-framework=\"" + esc(fw.toString()) + "\" data-namespace=\"" + esc(ns(r.subject()))
                    + "\" id=\"r-" + esc(r.id()) + "\">");
            w.write("<td><span class=\"st st-" + r.status().name() + "\">" + r.status().name() + "</span></td>");
            w.write("<td><span class=\"sev sev-" + sev + "\">" + sev + "</span></td>");
            w.write("<td><strong>" + esc(r.ruleId()) + "</strong><div class=\"note\">" + esc(r.title()) + "</div></td>");
            w.write("<td>" + esc(ReportIndex.subjectKey(r.subject())) + "</td>");
            w.write("<td>" + esc(r.message()) + (r.remediation() == null ? "" : "<div class=\"fix\">Fix: " + esc(r.remediation()) + "</div>") + "</td>");
            w.write("<td class=\"ev\">" + esc(EvidenceText.format(r.evidence())) + "</td>");
            w.write("<td>" + esc(String.join(", ", ReportIndex.nn(r.controls()))) + "</td></tr>\n");
        }
        w.write("</tbody></table>\n</section>\n");

        // posture
        w.write("<section id=\"posture\"><h2>Effective posture</h2>\n<table class=\"posture\"><thead><tr><th>Workload</th><th>Dataplane</th><th>Port</th><th>Protocol</th><th>Inbound captured</th><th>Server mode</th><th>mTLS required</th><th>Enforced</th><th>Decided by</th><th>Notes</th></tr></thead><tbody>\n");
        if (report.posture() != null) {
            for (WorkloadEntry wl : ReportIndex.nn(report.posture().workloads())) {
                String name = wl.kind() + "/" + wl.namespace() + "/" + wl.name();
                List<PortEntry> ports = ReportIndex.nn(wl.ports());
                if (ports.isEmpty()) {
                    w.write("<tr data-namespace=\"" + esc(wl.namespace()) + "\"><td>" + esc(name) + "</td><td>" + esc(wl.dataplane())
                            + "</td><td colspan=\"7\">no ports</td><td>" + esc(wl.error() == null ? wl.dataplaneReason() : wl.error()) + "</td></tr>\n");
                }
                for (PortEntry p : ports) {
                    boolean enforced = ReportIndex.enforced(wl, p);
                    w.write("<tr data-namespace=\"" + esc(wl.namespace()) + "\"><td>" + esc(name) + "</td><td>" + esc(wl.dataplane()) + "</td><td>"
                            + esc(p.port()) + "</td><td>" + esc(p.protocol()) + "</td><td>" + yes(p.inboundCaptured())
                            + "</td><td>" + esc(p.serverMode()) + "</td><td>" + yes(p.mtlsRequired()) + "</td><td class=\""
                            + (p.error() != null ? "st-ERROR" : enforced ? "st-PASS" : "st-FAIL") + "\">"
                            + (p.error() != null ? "not evaluated" : yes(enforced)) + "</td><td>"
                            + esc(String.join(", ", ReportIndex.nn(p.decidedBy()))) + "</td><td>"
                            + esc(join(p.error(), p.captureNote(), String.join("; ", ReportIndex.nn(p.notes())))) + "</td></tr>\n");
                }
            }
        }
        w.write("</tbody></table>\n</section>\n");

        // certificates
        List<CertificateRows.Row> certs = CertificateRows.of(report);
        if (!certs.isEmpty()) {
            w.write("<section id=\"certificates\"><h2>Certificates</h2>\n<table><thead><tr><th>Subject</th><th>Issuer</th><th>Not after</th><th>Days left</th><th>Key</th><th>Signature</th><th>SANs</th><th>Sources</th></tr></thead><tbody>\n");
            for (CertificateRows.Row c : certs) {
                w.write("<tr><td>" + esc(c.subject()) + "</td><td>" + esc(c.issuer()) + "</td><td>"
                        + esc(c.notAfter() == null ? "" : c.notAfter().toString()) + "</td><td class=\"h-" + c.horizon().name() + "\">"
                        + esc(c.daysLeft() == null ? "" : c.daysLeft().toString()) + "</td><td>" + esc(c.key()) + "</td><td>"
                        + esc(c.signature()) + "</td><td>" + esc(c.sans()) + "</td><td>" + esc(c.sources()) + "</td></tr>\n");
            }
            w.write("</tbody></table>\n</section>\n");
        }

        // collection
        if (report.collection() != null) {
            List<CollectionIssue> issues = ReportIndex.nn(report.collection().issues());
            w.write("<section id=\"collection\"><h2>Collection issues (" + issues.size() + ")</h2>\n");
            if (!issues.isEmpty()) {
                w.write("<table><thead><tr><th>Source</th><th>Kind</th><th>Message</th></tr></thead><tbody>\n");
                for (CollectionIssue i : issues) {
                    w.write("<tr><td>" + esc(i.source()) + "</td><td>" + esc(i.kind()) + "</td><td>" + esc(i.message()) + "</td></tr>\n");
                }
                w.write("</tbody></table>\n");
            }
            w.write("</section>\n");
        }
        w.write("</main>\n<footer>Generated by meshaudit from audit.json; the JSON report is the canonical evidence.</footer>\n");
        w.write("<script>\n" + SCRIPT + "</script>\n</body>\n</html>\n");
        w.flush();
    }

    private static String ns(SubjectRef s) {
        if (s == null) {
            return "";
        }
        return s.namespace() == null || s.namespace().isEmpty() ? "(cluster)" : s.namespace();
    }

    private static List<String> enumNames(Status[] v) {
        return java.util.Arrays.stream(v).map(Enum::name).toList();
    }

    private static void select(Writer w, String id, String label, List<String> options) throws IOException {
        w.write("<label>" + label + " <select id=\"" + id + "\"><option value=\"\">all</option>");
        for (String o : options) {
            w.write("<option value=\"" + esc(o) + "\">" + esc(o) + "</option>");
        }
        w.write("</select></label>\n");
    }

    private static void dt(Writer w, String k, String v) throws IOException {
        w.write("<dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd>");
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                b.append(b.isEmpty() ? "" : "; ").append(p);
            }
        }
        return b.toString();
    }

    /** Escapes text for HTML element content and quoted attribute values, after neutralising unsafe code points. */
    public static String esc(String s) {
        String c = SafeText.clip(s, MAX_CELL);
        StringBuilder b = new StringBuilder(c.length() + 16);
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '`' -> b.append("&#96;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#fafafa}
            header,main,footer{padding:0 1.5rem}
            h1{margin:1rem 0 .5rem}h2{border-bottom:1px solid #ccd;padding-bottom:.2rem;margin-top:2rem}
            dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;font-size:.9rem}dl.meta dt{font-weight:600}dl.meta dd{margin:0;word-break:break-all}
            .banner{padding:.6rem 1rem;border-radius:4px;margin:.5rem 0}.incomplete{background:#fff4d6;border:1px solid #e0b000}.complete{background:#e6f6ea;border:1px solid #4a9f5c}
            .cards{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}.card{background:#fff;border:1px solid #dde;border-radius:4px;padding:.4rem .8rem;min-width:6rem}
            .card .n{display:block;font-size:1.4rem;font-weight:700}.card .l{font-size:.8rem;color:#555}
            table{border-collapse:collapse;width:100%;font-size:.85rem;background:#fff}th,td{border:1px solid #dde;padding:.25rem .4rem;vertical-align:top;text-align:left}
            th{background:#eef0f4;position:sticky;top:0}td{word-break:break-word}.ev{font-family:ui-monospace,monospace;font-size:.78rem}
            .note{color:#555;font-size:.8rem}.fix{color:#245;font-size:.8rem;margin-top:.2rem}
            .st{font-weight:700}.st-FAIL{color:#b00020}.st-PASS{color:#1e7b34}.st-ERROR{color:#9a5b00}.st-WAIVED{color:#5b4a9a}.st-MANUAL{color:#245b9a}.st-NOT_APPLICABLE{color:#666}
            .sev-critical{color:#7a0016;font-weight:700}.sev-high{color:#b00020}.sev-medium{color:#9a5b00}.sev-low{color:#245b9a}.sev-info{color:#666}
            .h-EXPIRED,.h-DAYS_30{color:#b00020;font-weight:700}.h-DAYS_90{color:#9a5b00}
            .filters{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center;margin:.5rem 0}.filters label{font-size:.85rem}
            footer{margin:2rem 0;color:#666;font-size:.8rem}
            """;

    static final String SCRIPT = """
            (function () {
              'use strict';
              var ids = ['f-status', 'f-severity', 'f-framework', 'f-namespace', 'f-text'];
              var rows = Array.prototype.slice.call(document.querySelectorAll('#result-table tr.r'));
              function val(id) { return document.getElementById(id).value; }
              function apply() {
                var st = val('f-status'), sev = val('f-severity'), fw = val('f-framework'), ns = val('f-namespace');
                var text = val('f-text').toLowerCase();
                var shown = 0;
                rows.forEach(function (r) {
                  var ok = (!st || r.getAttribute('data-status') === st)
                    && (!sev || r.getAttribute('data-severity') === sev)
                    && (!fw || r.getAttribute('data-framework').indexOf(' ' + fw + ' ') >= 0)
                    && (!ns || r.getAttribute('data-namespace') === ns)
                    && (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
                  r.style.display = ok ? '' : 'none';
                  if (ok) { shown++; }
                });
                document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' results shown';
              }
              ids.forEach(function (id) {
                var e = document.getElementById(id);
                e.addEventListener('input', apply);
                e.addEventListener('change', apply);
              });
              apply();
            })();
            """;
}
