package org.meshaudit.reports.xlsx;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.meshaudit.api.RenderStats;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.RunFacts;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.InputRef;
import org.meshaudit.report.Metadata;
import org.meshaudit.report.PackInfo;
import org.meshaudit.report.PortEntry;
import org.meshaudit.report.Requirement;
import org.meshaudit.report.Result;
import org.meshaudit.report.Summary;
import org.meshaudit.report.TrendPoint;
import org.meshaudit.report.WaiverEntry;
import org.meshaudit.report.WorkloadEntry;
import org.meshaudit.reports.common.CertificateRows;
import org.meshaudit.reports.common.EvidenceText;
import org.meshaudit.reports.common.ReportIndex;
import org.meshaudit.reports.common.ReportIndex.RequirementRef;
import org.meshaudit.reports.common.WaiverRows;
import org.meshaudit.reports.xlsx.SheetWriter.Column;

/**
 * {@code audit.xlsx}: the complete evidence as a workbook for auditors. Sheets Summary, Requirements, Findings,
 * Evidence (every result, PASS included), Posture, Certificates, Waivers, Collection, and Trend when the report has a
 * history. A merged fleet report gets a Cluster column on every sheet of results, workloads and waivers. Written with POI's streaming
 * SXSSF writer so that several hundred thousand rows stay inside the heap budget.
 */
public final class XlsxRenderer implements Renderer {

    /**
     * Rows kept in memory per sheet before flushing to the temporary file. One: nothing here goes back to an earlier
     * row, and a row written as soon as the next one starts is still in the CPU cache (200 rows were about 10 % more
     * CPU, and more heap).
     */
    static final int WINDOW = 1;
    /**
     * Hyperlink objects stay in memory until the workbook is written; beyond this many the requirement cells of the
     * Findings sheet are plain text (the Summary says so).
     */
    static final int MAX_LINKS = 10_000;
    /**
     * Deflate level of the workbook's parts. The sheets are tens of megabytes of XML; at the default level (6)
     * compressing them took about half of the renderer's CPU, at level 1 about a fifth, for a file about a third
     * larger.
     */
    static final int DEFLATE_LEVEL = Integer.getInteger("meshaudit.xlsx.deflate", java.util.zip.Deflater.BEST_SPEED);

    static final List<String> STATUS_VALUES = List.of("FAIL", "ERROR", "PASS", "WAIVED", "MANUAL", "NOT_APPLICABLE");
    static final List<byte[]> STATUS_FILLS = List.of(rgb(0xF4C7C3), rgb(0xFCE8B2), rgb(0xB7E1CD), rgb(0xD9D2E9),
            rgb(0xC9DAF8), rgb(0xEFEFEF));
    static final List<String> SEVERITY_VALUES = List.of("critical", "high", "medium", "low", "info");
    static final List<byte[]> SEVERITY_FILLS = List.of(rgb(0xE06666), rgb(0xF4A582), rgb(0xFFD966), rgb(0xFFF2CC),
            rgb(0xDDEBF7));

    @Override
    public String format() {
        return "xlsx";
    }

    @Override
    public String extension() {
        return "xlsx";
    }

    @Override
    public void render(AuditReport report, OutputStream out) throws IOException {
        render(report, RunFacts.NONE, out, RenderStats.NONE);
    }

    /** Renders and counts the data rows written, per sheet ({@code rows.SHEET}) and in all ({@code rows}). */
    @Override
    public void render(AuditReport report, RunFacts run, OutputStream out, RenderStats stats) throws IOException {
        long t0 = trace(null, 0);
        ReportIndex index = new ReportIndex(report);
        List<WaiverRows.Waiver> waivers = WaiverRows.of(report, index);
        SXSSFWorkbook wb = workbook(false);
        try {
            XlsxStyles styles = new XlsxStyles(wb);
            int[] links = new int[1];
            long t = trace("start", t0);
            summary(wb, styles, index, links, waivers);
            t = trace("summary", t);
            requirements(wb, styles, index);
            t = trace("requirements", t);
            Evidence ev = new Evidence();
            findings(wb, styles, index, links, waivers, ev);
            t = trace("findings", t);
            evidence(wb, styles, index, ev);
            t = trace("evidence", t);
            posture(wb, styles, report, index.fleet());
            t = trace("posture", t);
            certificates(wb, styles, report);
            waivers(wb, styles, index, waivers, ev);
            collection(wb, styles, report);
            if (!ReportIndex.nn(report.trend()).isEmpty()) {
                trend(wb, styles, report);
            }
            t = trace("small sheets", t);
            wb.setActiveSheet(0);
            long rows = 0;
            for (org.apache.poi.ss.usermodel.Sheet sheet : wb) {
                long n = sheet.getLastRowNum(); // row 0 is the header: the last row's index is the data rows written
                stats.count(RenderStats.ROWS + "." + sheet.getSheetName(), n);
                rows += n;
            }
            stats.count(RenderStats.ROWS, rows);
            wb.write(out);
            trace("write", t);
        } finally {
            wb.close();
        }
    }

    /**
     * The streaming workbook: a window of {@link #WINDOW} rows, no shared strings table (inline strings, as POI's own
     * writer), parts deflated at {@link #DEFLATE_LEVEL}, sheets written by {@link FastSheetDataWriter} into temporary
     * files deflated as they are written, which go into the zip as they are ({@link RawSheetEntries}).
     *
     * @param warmUp temporary files deleted at JVM exit too, for a warm-up the JVM may end in the middle of
     */
    private static SXSSFWorkbook workbook(boolean warmUp) {
        SXSSFWorkbook wb = new SXSSFWorkbook(null, WINDOW, false, false) {
            @Override
            protected org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream createArchiveOutputStream(
                    OutputStream o) {
                var zip = super.createArchiveOutputStream(o);
                zip.setLevel(DEFLATE_LEVEL);
                return zip;
            }

            @Override
            protected void injectData(org.apache.poi.openxml4j.util.ZipEntrySource source, OutputStream out)
                    throws IOException {
                RawSheetEntries.write(source, createArchiveOutputStream(out), this::sheetOfPart);
            }

            /** The streaming sheet of a worksheet part's name, null for another part or a chart sheet (as POI). */
            private org.apache.poi.xssf.streaming.SXSSFSheet sheetOfPart(String name) {
                org.apache.poi.xssf.usermodel.XSSFSheet x = getSheetFromZipEntryName(name);
                return x == null || x instanceof org.apache.poi.xssf.usermodel.XSSFChartSheet ? null
                        : getSheetAt(getXSSFWorkbook().getSheetIndex(x));
            }

            @Override
            protected org.apache.poi.xssf.streaming.SheetDataWriter createSheetDataWriter() throws IOException {
                FastSheetDataWriter w = new FastSheetDataWriter();
                if (warmUp) {
                    w.deleteOnExit();
                }
                return w;
            }
        };
        // Commons Compress's zip writer, which takes raw entries, rather than POI's own (its default, always Zip64,
        // which does not); every entry's size is known when it is written, so Zip64 fields appear only on an entry
        // of 4 GB or more
        wb.setZip64Mode(org.apache.commons.compress.archivers.zip.Zip64Mode.AsNeeded);
        return wb;
    }

    // ---------------------------------------------------------------- warm-up

    private static final java.util.concurrent.atomic.AtomicBoolean WARM_UP_STARTED =
            new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * Rows of the warm-up workbook: enough for the JIT to compile the per-cell paths (more, up to 20,000, made the
     * render that followed no faster).
     */
    static final int WARM_UP_ROWS = Integer.getInteger("meshaudit.xlsx.warmUpRows", 3_000);

    /**
     * Starts {@link #prewarm()}: the CLI and the bench call this as soon as they know an XLSX will be written, before
     * the audit runs.
     */
    @Override
    public void warmUp() {
        prewarm();
    }

    /**
     * Warms POI up on a background daemon thread, once per JVM, so that the render that follows finds it ready: the
     * first workbook of a JVM otherwise pays for loading about 2,500 classes (POI, XMLBeans and its schema types,
     * Commons Compress) and runs interpreted until the JIT has compiled the per-cell code, which made a cold render
     * three to four times the CPU of a warm one. A small throw-away workbook is written to nowhere through the same
     * code as a report (styles, every kind of cell, a hyperlink, conditional colours, autofilter and frozen header),
     * then a made-up report of a few thousand rows ({@link #warmUpReport}): with the renderer's own code compiled for
     * a report's types, the render that follows took about 0.7 s of CPU at S instead of 0.8 to 1.1 s.
     * Invisible in any output: it writes nothing but its own temporary files, which it deletes (at JVM exit too),
     * and any failure only ends the warm-up. It takes about 2 s of CPU, mostly loading classes, on the second
     * core while the audit runs (the evaluation is single-threaded); the lowest thread priority is only a hint.
     */
    public static void prewarm() {
        if (!WARM_UP_STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(XlsxRenderer::warmUpWorkbook, "meshaudit-xlsx-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void warmUpWorkbook() {
        long t0 = System.nanoTime();
        try {
            SXSSFWorkbook wb = workbook(true);
            try {
                XlsxStyles st = new XlsxStyles(wb);
                SheetWriter w = new SheetWriter(wb, st, "Warm-up", List.of(new Column("Id", 10), new Column("Status", 10),
                        new Column("Name", 20), new Column("Port", 8), new Column("Text", 40), new Column("Count", 8),
                        new Column("Share", 8), new Column("Flag", 6), new Column("At", 19), new Column("Link", 10)));
                Instant at = Instant.parse("2026-01-01T00:00:00Z");
                for (int i = 0; i < WARM_UP_ROWS; i++) {
                    w.row().fixed("r" + i).fixed(STATUS_VALUES.get(i % STATUS_VALUES.size())).text("name-" + i)
                            .port(i % 3 == 0 ? "*" : Integer.toString(i % 65_536))
                            .wrap(i % 2 == 0 ? "key=value; list=[a, b], <x> & \"y\"\tz" : "naïve → ünïcödé 🔐 " + i)
                            .num(i).percent(i / (double) WARM_UP_ROWS).bool(i % 2 == 0).date(at.plusSeconds(i));
                    if (i < 10) {
                        w.link("link", "'Warm-up'!A1");
                    } else {
                        w.text(i % 5 == 0 ? null : "=" + i); // formula-like text is guarded, as in a report
                    }
                }
                w.finish();
                w.colour(1, STATUS_VALUES, STATUS_FILLS);
                w.colour(7, List.of("FALSE", "TRUE"), List.of(rgb(0xF4C7C3), rgb(0xB7E1CD)));
                wb.write(OutputStream.nullOutputStream());
            } finally {
                wb.close(); // deletes the temporary files
            }
            // then a whole report, so that the renderer's own row code is compiled for the types a report has
            new XlsxRenderer().render(warmUpReport(), RunFacts.NONE, OutputStream.nullOutputStream(), RenderStats.NONE);
            if (TRACE) {
                System.err.printf(java.util.Locale.ROOT, "xlsx warm-up %6d ms wall %6d ms cpu%n",
                        (System.nanoTime() - t0) / 1_000_000,
                        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000);
            }
        } catch (Throwable e) {
            // nothing to do: the warm-up only saves time, and a render that follows reports its own errors
        }
    }

    /**
     * A made-up report for the warm-up: results of every status with subjects, ports, shared evidence maps and
     * controls lists, as the engine makes them, and workloads with ports.
     */
    static AuditReport warmUpReport() {
        List<Result> results = new ArrayList<>();
        List<WorkloadEntry> workloads = new ArrayList<>();
        Map<String, Object> evidence = Map.of();
        List<String> controls = List.of("zt:800-207/T1", "zt:800-207/T2");
        Status[] statuses = Status.values();
        Severity[] severities = Severity.values();
        for (int i = 0; i < WARM_UP_ROWS; i++) {
            SubjectRef s = new SubjectRef("v1", "Pod", "ns-" + i % 7, "name-" + i, "uid-" + i,
                    i % 3 == 0 ? null : Integer.toString(8000 + i % 50));
            if (i % 10 == 0) {
                evidence = Map.of("dataplane", "istio-sidecar", "policies", List.of("AuthorizationPolicy/ns/a", "b<" + i));
            }
            results.add(new Result("id-" + i, "RULE-" + i % 5, "1.0.0", "warm-up", "Title", statuses[i % statuses.length],
                    severities[i % severities.length], s, "message & <text> " + i % 9, evidence, controls, "remedy"));
            if (i % 5 == 0) {
                workloads.add(new WorkloadEntry("apps/v1", "Deployment", "ns", "w-" + i, "uid-" + i, "istio-sidecar",
                        "label", "reason", "sa", List.of(), List.of(), List.of("note"), null, List.of(new PortEntry(
                        "8080", "http", true, null, "STRICT", true, "mesh", List.of("PeerAuthentication/ns/x"),
                        List.of(), "STRICT", true, List.of(), null)), null));
            }
        }
        return new AuditReport(AuditReport.API_VERSION, AuditReport.KIND, null, null, List.of(), results,
                new org.meshaudit.report.Posture(Map.of(), workloads), List.of(), null);
    }

    // ---------------------------------------------------------------- Summary

    private void summary(SXSSFWorkbook wb, XlsxStyles st, ReportIndex index, int[] links,
                         List<WaiverRows.Waiver> waivers) {
        AuditReport report = index.report();
        SheetWriter w = new SheetWriter(wb, st, "Summary", List.of(
                new Column("Section", 16), new Column("Item", 34), new Column("Value", 70)));
        Metadata m = report.metadata();
        if (m != null) {
            w.row().fixed("Run").fixed("Run id").text(m.runId());
            Instant asOf = instant(m.asOf());
            w.row().fixed("Run").fixed("As of (UTC)");
            if (asOf != null) {
                w.date(asOf);
            } else {
                w.text(m.asOf());
            }
            w.row().fixed("Run").fixed("Tool").text(m.tool() + " " + m.toolVersion());
            w.row().fixed("Run").fixed("Source").text(m.source());
            w.row().fixed("Run").fixed("Input digest").text(m.inputDigest());
            w.row().fixed("Run").fixed("Profile").text(m.profile());
            w.row().fixed("Run").fixed("Frameworks").text(String.join(", ", ReportIndex.nn(m.frameworks())));
            for (PackInfo p : ReportIndex.nn(m.packs())) {
                w.row().fixed("Run").fixed("Pack " + p.id()).text("version " + p.version() + ", " + p.rules()
                        + " rules, " + p.sha256() + ", from " + p.origin());
            }
            if (m.options() != null) {
                for (var e : new java.util.TreeMap<>(m.options()).entrySet()) {
                    w.row().fixed("Run").fixed("Option " + e.getKey()).text(EvidenceText.value(e.getValue()));
                }
            }
            w.row().fixed("Run").fixed("Complete").bool(m.complete());
            for (String r : ReportIndex.nn(m.incompleteReasons())) {
                w.row().fixed("Run").fixed("Incomplete because").text(r);
            }
        }
        Summary s = report.summary();
        if (s != null) {
            w.row().fixed("Results").fixed("Results").num(s.results());
            for (Status status : Status.values()) {
                w.row().fixed("Results").fixed(status.name())
                        .num(s.byStatus() == null ? 0 : s.byStatus().getOrDefault(status.name(), 0));
            }
            for (int i = Severity.values().length - 1; i >= 0; i--) {
                String sev = Severity.values()[i].label();
                w.row().fixed("Failures").fixed(sev)
                        .num(s.failuresBySeverity() == null ? 0 : s.failuresBySeverity().getOrDefault(sev, 0));
            }
            w.row().fixed("Posture").fixed("Workloads").num(s.workloads());
            w.row().fixed("Posture").fixed("Meshed workloads").num(s.meshedWorkloads());
            w.row().fixed("Posture").fixed("Workload ports").num(s.workloadPorts());
            w.row().fixed("Posture").fixed("Ports with enforced mTLS").num(s.mtlsEnforcedPorts());
            w.row().fixed("Posture").fixed("Share with enforced mTLS").percent(s.mtlsEnforcedShare());
            w.row().fixed("Posture").fixed("Ports not evaluated (error)").num(s.errorPorts());
            w.row().fixed("Collection").fixed("Collection issues").num(s.collectionIssues());
        }
        if (m != null && !ReportIndex.nn(m.inputs()).isEmpty()) {
            w.row().fixed("Fleet").fixed("Clusters merged").num(m.inputs().size());
            for (InputRef in : m.inputs()) {
                w.row().fixed("Fleet").fixed("Cluster " + in.cluster()).text("run " + in.runId() + ", as of "
                        + in.asOf() + ", " + in.source() + ", " + (in.complete() ? "complete" : "INCOMPLETE")
                        + ", tool " + in.toolVersion() + ", input digest " + in.inputDigest() + ", report "
                        + in.sha256());
            }
        }
        for (ReportIndex.ClusterTally c : index.clusters().values()) {
            w.row().fixed("Fleet").fixed("Cluster " + c.cluster() + " results").text(clusterLine(c));
        }
        if (s != null && s.waivers() != null) {
            for (String status : WaiverRows.STATUSES) {
                w.row().fixed("Waivers").fixed("Waivers " + status).num(s.waivers().getOrDefault(status, 0));
            }
        }
        if (s != null && s.waivers() != null || !waivers.isEmpty()) {
            w.row().fixed("Waivers").fixed("WAIVED results").num(index.waived().size());
        }
        for (TrendPoint p : ReportIndex.nn(report.trend())) {
            w.row().fixed("Trend").fixed(p.asOf() + " (" + p.runId() + ")").text(trendLine(p));
        }
        for (FrameworkView f : ReportIndex.nn(report.frameworks())) {
            Map<Status, Integer> rs = ReportIndex.requirementStatus(f);
            String name = ReportIndex.frameworkName(f.id()) + " (" + f.id() + ")";
            w.row().fixed("Framework").fixed(name).text((f.title() == null ? "" : f.title() + ", ") + f.version());
            if (f.scope() != null) {
                w.row().fixed("Framework").fixed(name + " scope").text(f.scope().selector() + ": "
                        + String.join(", ", ReportIndex.nn(f.scope().namespaces())));
                if (!ReportIndex.nn(f.scope().unmeshedWorkloads()).isEmpty()) {
                    w.row().fixed("Framework").fixed(name + " in scope, not meshed")
                            .text(String.join(", ", f.scope().unmeshedWorkloads()));
                }
            }
            for (Status status : Status.values()) {
                w.row().fixed("Framework").fixed(name + " requirements " + status.name()).num(rs.get(status));
            }
        }
        var horizons = CertificateRows.horizons(CertificateRows.of(report));
        for (var e : horizons.entrySet()) {
            w.row().fixed("Certificates").fixed("Expiry " + e.getKey().label).num(e.getValue());
        }
        w.row().fixed("Sheets").fixed("Findings").text("FAIL and ERROR results, most severe first; requirement "
                + "cells link to the Requirements sheet" + (index.failures().size() + index.errors().size() > MAX_LINKS
                ? " (links for the first " + MAX_LINKS + " rows only)" : ""));
        w.row().fixed("Sheets").fixed("Evidence").text("every result, PASS and NOT_APPLICABLE included");
        w.row().fixed("Sheets").fixed("Waivers").text("one row per waiver and result it names: who accepted the risk, "
                + "why, until when, from which file and line; stale, expired and not-yet-valid waivers included");
        if (!ReportIndex.nn(report.trend()).isEmpty()) {
            w.row().fixed("Sheets").fixed("Trend").text("the last " + report.trend().size() + " runs of the history, "
                    + "oldest first, as numbers");
        }
        w.row().fixed("Sheets").fixed("Canonical evidence").text("audit.json (byte-identical for the same input "
                + "and as-of time); long texts are shortened here and complete there");
        w.finish();
    }

    // ---------------------------------------------------------------- Requirements

    private void requirements(SXSSFWorkbook wb, XlsxStyles st, ReportIndex index) {
        List<Column> cols = new ArrayList<>(List.of(new Column("Framework", 14), new Column("Framework version", 22),
                new Column("Requirement", 22), new Column("Title", 40), new Column("Status", 16),
                new Column("Kind", 13), new Column("Rules", 40)));
        for (Status s : Status.values()) {
            cols.add(new Column(s.name(), s == Status.NOT_APPLICABLE ? 16 : 10));
        }
        cols.add(new Column("Results", 10));
        cols.add(new Column("Note", 60));
        cols.add(new Column("HIPAA addressable", 11));
        SheetWriter w = new SheetWriter(wb, st, "Requirements", cols);
        for (RequirementRef ref : index.requirements()) {
            Requirement r = ref.requirement();
            w.row().fixed(ref.framework().id()).text(ref.framework().version()).text(r.id()).wrap(r.title())
                    .fixed(r.status() == null ? "" : r.status().name()).text(r.kind())
                    .text(String.join(", ", ReportIndex.nn(r.ruleIds())));
            int total = 0;
            for (Status s : Status.values()) {
                int n = r.counts() == null ? 0 : r.counts().getOrDefault(s.name(), 0);
                total += n;
                w.num(n);
            }
            w.num(total).wrap(r.note());
            if (r.addressable() != null) {
                w.bool(r.addressable());
            }
        }
        w.finish();
        w.colour(4, STATUS_VALUES, STATUS_FILLS);
    }

    /** Excel address of a requirement's row on the Requirements sheet. */
    private static String requirementCell(RequirementRef ref) {
        return "'Requirements'!C" + (ref.index() + 2);
    }

    // ---------------------------------------------------------------- Findings

    private void findings(SXSSFWorkbook wb, XlsxStyles st, ReportIndex index, int[] links,
                          List<WaiverRows.Waiver> waivers, Evidence ev) {
        List<FrameworkView> fws = ReportIndex.nn(index.report().frameworks());
        boolean fleet = index.fleet();
        List<Column> cols = new ArrayList<>(List.of(new Column("#", 7), new Column("Severity", 10),
                new Column("Status", 10), new Column("Rule", 11), new Column("Expected (secure state)", 40)));
        if (fleet) {
            cols.add(new Column("Cluster", 16));
        }
        cols.addAll(List.of(new Column("Namespace", 18), new Column("Kind", 16), new Column("Name", 30),
                new Column("Port", 8), new Column("Observed", 60), new Column("Evidence", 60),
                new Column("Remediation", 60)));
        for (FrameworkView f : fws) {
            cols.add(new Column(ReportIndex.frameworkName(f.id()) + " requirements", 24));
        }
        cols.add(new Column("Controls", 40));
        cols.add(new Column("Result id", 18));
        cols.add(new Column("UID", 38));
        // FAIL results that an expired or not-yet-valid waiver names: the auditor sees why the waiver did not apply
        Map<String, String> notApplied = new java.util.HashMap<>();
        for (WaiverRows.Waiver v : waivers) {
            for (Result r : v.results()) {
                if (WaiverRows.notApplied(v, r)) {
                    notApplied.merge(r.id(), waiverLine(v), (a, b) -> a + "; " + b);
                }
            }
        }
        boolean waiverColumn = index.report().waivers() != null;
        if (waiverColumn) {
            cols.add(new Column("Waiver not applied", 50));
        }
        SheetWriter w = new SheetWriter(wb, st, "Findings", cols);
        List<Result> rows = new ArrayList<>(index.failures());
        rows.addAll(index.errors());
        int n = 0;
        for (Result r : rows) {
            SubjectRef s = r.subject();
            w.row().num(++n).fixed(label(r.severity())).fixed(r.status().name()).text(r.ruleId()).wrap(r.title());
            if (fleet) {
                w.text(r.cluster());
            }
            subject(w, s);
            w.wrap(r.message()).wrap(ev.text(r.evidence())).wrap(r.remediation());
            List<RequirementRef> reqs = index.requirementsOf(r);
            for (FrameworkView f : fws) {
                StringBuilder b = new StringBuilder();
                RequirementRef firstRef = null;
                for (RequirementRef ref : reqs) {
                    if (ref.framework() == f) {
                        if (firstRef == null) {
                            firstRef = ref;
                        }
                        b.append(b.isEmpty() ? "" : ", ").append(ref.requirement().id());
                    }
                }
                if (firstRef != null && links[0] < MAX_LINKS) {
                    links[0]++;
                    w.link(b.toString(), requirementCell(firstRef));
                } else {
                    w.text(b.toString());
                }
            }
            w.text(ev.controls(r.controls())).fixed(r.id()).text(s == null ? "" : s.uid());
            if (waiverColumn) {
                w.wrap(notApplied.get(r.id()));
            }
        }
        w.finish();
        w.colour(1, SEVERITY_VALUES, SEVERITY_FILLS);
        w.colour(2, STATUS_VALUES, STATUS_FILLS);
    }

    /** {@code W-1 expired 2026-06-30 (waivers.yaml:11)}. */
    private static String waiverLine(WaiverRows.Waiver v) {
        WaiverEntry e = v.entry();
        return e.id() + " " + v.status() + (e.expires() == null ? "" : ", expires " + e.expires())
                + (e.created() == null ? "" : ", created " + e.created())
                + (e.source() == null ? "" : " (" + e.source() + ")");
    }

    private static void subject(SheetWriter w, SubjectRef s) {
        if (s == null) {
            w.skip().skip().skip().skip();
        } else {
            w.text(s.namespace()).text(s.kind()).text(s.name()).port(s.port());
        }
    }

    private static String label(Severity s) {
        return s == null ? "" : s.label();
    }

    // ---------------------------------------------------------------- Evidence

    private void evidence(SXSSFWorkbook wb, XlsxStyles st, ReportIndex index, Evidence ev) {
        boolean fleet = index.fleet();
        boolean waiverColumn = index.report().waivers() != null || !index.waived().isEmpty();
        List<Column> cols = new ArrayList<>(List.of(new Column("Result id", 18),
                new Column("Status", 16), new Column("Severity", 10), new Column("Rule", 11),
                new Column("Rule version", 9), new Column("Pack", 12)));
        if (fleet) {
            cols.add(new Column("Cluster", 16));
        }
        cols.addAll(List.of(new Column("Namespace", 18),
                new Column("Kind", 16), new Column("Name", 30), new Column("Port", 8), new Column("Message", 60),
                new Column("Evidence", 70), new Column("Controls", 40), new Column("API version", 16),
                new Column("UID", 38)));
        if (waiverColumn) {
            cols.add(new Column("Waiver", 14));
        }
        SheetWriter w = new SheetWriter(wb, st, "Evidence", cols);
        for (Result r : ReportIndex.nn(index.report().results())) {
            SubjectRef s = r.subject();
            w.row().fixed(r.id()).fixed(r.status().name()).fixed(label(r.severity())).text(r.ruleId())
                    .text(r.ruleVersion()).text(r.pack());
            if (fleet) {
                w.text(r.cluster());
            }
            subject(w, s);
            w.text(r.message()).text(ev.text(r.evidence()))
                    .text(ev.controls(r.controls()))
                    .text(s == null ? "" : s.apiVersion()).text(s == null ? "" : s.uid());
            if (waiverColumn && r.waiver() != null) {
                w.text(r.waiver().id());
            }
        }
        w.finish();
        w.colour(1, STATUS_VALUES, STATUS_FILLS);
        w.colour(2, SEVERITY_VALUES, SEVERITY_FILLS);
    }

    // ---------------------------------------------------------------- Posture

    private void posture(SXSSFWorkbook wb, XlsxStyles st, AuditReport report, boolean fleet) {
        List<Column> cols = new ArrayList<>();
        if (fleet) {
            cols.add(new Column("Cluster", 16));
        }
        cols.addAll(List.of(new Column("Namespace", 18),
                new Column("Kind", 14), new Column("Name", 30), new Column("Dataplane", 11),
                new Column("Dataplane source", 11), new Column("Port", 8), new Column("Protocol", 9),
                new Column("Inbound captured", 10), new Column("Server mode", 20), new Column("mTLS required", 10),
                new Column("mTLS enforced", 10), new Column("Decided at", 11), new Column("Decided by", 40),
                new Column("Namespace mode", 18), new Column("Service target", 9), new Column("Capture note", 40),
                new Column("Shadowed", 30), new Column("Notes", 40), new Column("Error", 40),
                new Column("Dataplane reason", 50), new Column("Service account", 20),
                new Column("Inbound exclusions", 30), new Column("Outbound exclusions", 30), new Column("UID", 38)));
        SheetWriter w = new SheetWriter(wb, st, "Posture", cols);
        int shift = fleet ? 1 : 0;
        if (report.posture() != null) {
            for (WorkloadEntry wl : ReportIndex.nn(report.posture().workloads())) {
                List<PortEntry> ports = ReportIndex.nn(wl.ports());
                if (ports.isEmpty()) {
                    workloadStart(w, wl, fleet);
                    w.skip().skip().skip().skip().skip().skip().skip().skip().skip().skip().skip().skip()
                            .text(String.join("; ", ReportIndex.nn(wl.notes()))).text(wl.error());
                    workloadEnd(w, wl);
                    continue;
                }
                for (PortEntry p : ports) {
                    workloadStart(w, wl, fleet);
                    w.port(p.port()).text(p.protocol()).bool(p.inboundCaptured()).text(p.serverMode())
                            .bool(p.mtlsRequired()).bool(ReportIndex.enforced(wl, p)).text(p.decidedAt())
                            .text(String.join(", ", ReportIndex.nn(p.decidedBy()))).text(p.namespaceMode())
                            .bool(p.serviceTarget()).text(p.captureNote())
                            .text(String.join(", ", ReportIndex.nn(p.shadowed())))
                            .text(join(wl.notes(), p.notes())).text(p.error() != null ? p.error() : wl.error());
                    workloadEnd(w, wl);
                }
            }
        }
        w.finish();
        w.colour(10 + shift, List.of("FALSE", "TRUE"), List.of(rgb(0xF4C7C3), rgb(0xB7E1CD)));
    }

    private static void workloadStart(SheetWriter w, WorkloadEntry wl, boolean fleet) {
        w.row();
        if (fleet) {
            w.text(wl.cluster());
        }
        w.text(wl.namespace()).text(wl.kind()).text(wl.name()).text(wl.dataplane()).text(wl.dataplaneSource());
    }

    private static void workloadEnd(SheetWriter w, WorkloadEntry wl) {
        w.text(wl.dataplaneReason()).text(wl.serviceAccount())
                .text(String.join(", ", ReportIndex.nn(wl.inboundExclusions())))
                .text(String.join(", ", ReportIndex.nn(wl.outboundExclusions()))).text(wl.uid());
    }

    private static String join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(ReportIndex.nn(a));
        all.addAll(ReportIndex.nn(b));
        return String.join("; ", all);
    }

    // ---------------------------------------------------------------- Certificates

    private void certificates(SXSSFWorkbook wb, XlsxStyles st, AuditReport report) {
        SheetWriter w = new SheetWriter(wb, st, "Certificates", List.of(new Column("Subject", 40),
                new Column("Issuer", 40), new Column("Not before (UTC)", 19), new Column("Not after (UTC)", 19),
                new Column("Days left", 9), new Column("Expiry horizon", 14), new Column("Key", 14),
                new Column("Signature", 18), new Column("SANs", 50), new Column("EKU", 24), new Column("Chain", 40),
                new Column("Sources", 40), new Column("Fingerprint (SHA-256)", 70)));
        List<CertificateRows.Row> rows = CertificateRows.of(report);
        for (CertificateRows.Row c : rows) {
            w.row().text(c.subject()).text(c.issuer()).date(c.notBefore()).date(c.notAfter()).num(c.daysLeft())
                    .fixed(c.horizon().label).text(c.key()).text(c.signature()).text(c.sans()).text(c.eku())
                    .text(c.chain()).text(c.sources()).text(c.fingerprint());
        }
        if (rows.isEmpty()) {
            w.row().fixed("No certificate material was in this run's input.");
        }
        w.finish();
        List<String> labels = new ArrayList<>();
        for (CertificateRows.Horizon h : List.of(CertificateRows.Horizon.EXPIRED, CertificateRows.Horizon.DAYS_30,
                CertificateRows.Horizon.DAYS_90)) {
            labels.add(h.label);
        }
        w.colour(5, labels, List.of(rgb(0xE06666), rgb(0xF4A582), rgb(0xFFD966)));
    }

    // ---------------------------------------------------------------- Waivers

    /**
     * One row per waiver and result it names (a waiver that names none has one row): the waiver's details repeated on
     * every row so that the sheet filters by waiver, status, owner, rule or subject.
     */
    private void waivers(SXSSFWorkbook wb, XlsxStyles st, ReportIndex index, List<WaiverRows.Waiver> waivers,
                         Evidence ev) {
        boolean fleet = index.fleet();
        List<Column> cols = new ArrayList<>();
        if (fleet) {
            cols.add(new Column("Cluster", 16));
        }
        cols.addAll(List.of(new Column("Waiver", 14), new Column("Waiver status", 13), new Column("Meaning", 40),
                new Column("Rules", 18), new Column("Subject selector", 36), new Column("Owner", 18),
                new Column("Approved by", 14), new Column("Ticket", 12), new Column("Justification", 50),
                new Column("Created", 11), new Column("Expires", 11), new Column("Source (file:line)", 22),
                new Column("Note", 40), new Column("Results named", 9), new Column("Result id", 18),
                new Column("Result status", 13), new Column("Severity", 10), new Column("Rule", 11),
                new Column("Namespace", 18), new Column("Kind", 16), new Column("Name", 30), new Column("Port", 8),
                new Column("Message", 60), new Column("Evidence", 60)));
        SheetWriter w = new SheetWriter(wb, st, "Waivers", cols);
        for (WaiverRows.Waiver v : waivers) {
            if (v.results().isEmpty()) {
                waiverStart(w, v, fleet);
            }
            for (Result r : v.results()) {
                waiverStart(w, v, fleet);
                w.fixed(r.id()).fixed(r.status().name()).fixed(label(r.severity())).text(r.ruleId());
                subject(w, r.subject());
                w.text(r.message()).text(ev.text(r.evidence()));
            }
        }
        if (waivers.isEmpty()) {
            w.row().fixed("No waivers in this run: no result is WAIVED, so every FAIL is reported as found.");
        }
        w.finish();
        int shift = fleet ? 1 : 0;
        w.colour(1 + shift, WaiverRows.STATUSES, List.of(rgb(0xD9D2E9), rgb(0xF4C7C3), rgb(0xC9DAF8), rgb(0xFCE8B2)));
        w.colour(15 + shift, STATUS_VALUES, STATUS_FILLS);
        w.colour(16 + shift, SEVERITY_VALUES, SEVERITY_FILLS);
    }

    private static void waiverStart(SheetWriter w, WaiverRows.Waiver v, boolean fleet) {
        WaiverEntry e = v.entry();
        w.row();
        if (fleet) {
            w.text(e.cluster());
        }
        String note = e.note();
        if (v.missing() > 0) {
            note = (note == null ? "" : note + "; ") + v.missing() + " named results are not in this report";
        }
        w.text(e.id()).fixed(v.status()).text(WaiverRows.meaning(v.status()))
                .text(String.join(", ", ReportIndex.nn(e.rules())))
                .text(e.subject() == null ? (v.fromResults() ? "" : "any subject") : e.subject())
                .text(e.owner()).text(e.approvedBy()).text(e.ticket()).wrap(e.justification()).text(e.created())
                .text(e.expires()).text(e.source()).wrap(note).num(ReportIndex.nn(e.resultIds()).size());
    }

    // ---------------------------------------------------------------- Trend

    private void trend(SXSSFWorkbook wb, XlsxStyles st, AuditReport report) {
        SheetWriter w = new SheetWriter(wb, st, "Trend", List.of(new Column("As of (UTC)", 19),
                new Column("Run id", 18), new Column("Complete", 9), new Column("Open FAIL", 9),
                new Column("critical", 9), new Column("high", 9), new Column("medium", 9), new Column("low", 9),
                new Column("info", 9), new Column("WAIVED", 9), new Column("ERROR", 9),
                new Column("Ports with enforced mTLS", 12), new Column("Workload ports", 10),
                new Column("Share with enforced mTLS", 12), new Column("Earliest certificate expiry (UTC)", 19)));
        for (TrendPoint p : report.trend()) {
            Map<String, Integer> open = p.openFindings() == null ? Map.of() : p.openFindings();
            int total = 0;
            for (int v : open.values()) {
                total += v;
            }
            w.row();
            Instant at = instant(p.asOf());
            if (at != null) {
                w.date(at);
            } else {
                w.text(p.asOf());
            }
            w.fixed(p.runId()).bool(p.complete()).num(total);
            for (String sev : SEVERITY_VALUES) {
                w.num(open.getOrDefault(sev, 0));
            }
            w.num(p.waived()).num(p.errors()).num(p.mtlsEnforcedPorts()).num(p.workloadPorts())
                    .percent(p.mtlsEnforcedShare());
            Instant exp = instant(p.earliestCertificateExpiry());
            if (exp != null) {
                w.date(exp);
            } else {
                w.text(p.earliestCertificateExpiry());
            }
        }
        w.finish();
    }

    /** One run of the history in words, for the Summary sheet. */
    static String trendLine(TrendPoint p) {
        Map<String, Integer> open = p.openFindings() == null ? Map.of() : p.openFindings();
        int total = 0;
        StringBuilder sev = new StringBuilder();
        for (String s : SEVERITY_VALUES) {
            int n = open.getOrDefault(s, 0);
            total += n;
            sev.append(sev.isEmpty() ? "" : ", ").append(n).append(' ').append(s);
        }
        return total + " open FAIL (" + sev + "); " + p.waived() + " WAIVED; " + p.errors() + " ERROR; mTLS enforced on "
                + p.mtlsEnforcedPorts() + " of " + p.workloadPorts() + " ports (" + String.format(java.util.Locale.ROOT,
                "%.1f %%", p.mtlsEnforcedShare() * 100) + "); earliest certificate expiry "
                + (p.earliestCertificateExpiry() == null ? "none" : p.earliestCertificateExpiry()) + "; "
                + (p.complete() ? "complete" : "INCOMPLETE");
    }

    /** One cluster of a fleet in words, for the Summary sheet. */
    static String clusterLine(ReportIndex.ClusterTally c) {
        StringBuilder sev = new StringBuilder();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity v = Severity.values()[i];
            sev.append(sev.isEmpty() ? "" : ", ").append(c.failures(v)).append(' ').append(v.label());
        }
        return c.results() + " results: " + c.count(Status.FAIL) + " FAIL (" + sev + "), " + c.count(Status.ERROR)
                + " ERROR, " + c.count(Status.WAIVED) + " WAIVED, " + c.count(Status.PASS) + " PASS; mTLS enforced on "
                + c.enforcedPorts() + " of " + c.workloadPorts() + " workload ports";
    }

    // ---------------------------------------------------------------- Collection

    private void collection(SXSSFWorkbook wb, XlsxStyles st, AuditReport report) {
        SheetWriter w = new SheetWriter(wb, st, "Collection", List.of(new Column("Entry", 12),
                new Column("Kind or source", 50), new Column("Objects read", 12), new Column("Issue kind", 16),
                new Column("Message", 90)));
        if (report.collection() != null) {
            for (CollectionIssue i : ReportIndex.nn(report.collection().issues())) {
                w.row().fixed("issue").text(i.source()).skip().text(i.kind()).text(i.message());
            }
            if (report.collection().kinds() != null) {
                for (var e : new java.util.TreeMap<>(report.collection().kinds()).entrySet()) {
                    w.row().fixed("read").text(e.getKey()).num(e.getValue() == null ? 0 : e.getValue());
                }
            }
        }
        w.finish();
        w.colour(0, List.of("issue"), List.of(rgb(0xFCE8B2)));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Texts that results share: evidence maps, each formatted once (the engine gives results of one subject, and
     * subjects with the same evidence, one shared map instance; S: 21k results, 2k maps), and controls lists.
     * Bounded: forgets everything past a million characters of evidence, or ten thousand lists.
     */
    static final class Evidence {
        private static final int MAX_CHARS = 1_000_000;
        private final java.util.IdentityHashMap<Map<String, ?>, String> texts = new java.util.IdentityHashMap<>();
        private long chars;

        private final java.util.IdentityHashMap<List<String>, String> controls = new java.util.IdentityHashMap<>();

        /**
         * A result's controls joined with ", ", each list once: the engine gives every result of a rule the rule's
         * list, and the same text instance lets the sheet writer copy the text it escaped before.
         */
        String controls(List<String> list) {
            if (list == null) {
                return "";
            }
            String s = controls.get(list);
            if (s == null) {
                if (controls.size() >= 10_000) {
                    controls.clear();
                }
                s = String.join(", ", list);
                controls.put(list, s);
            }
            return s;
        }

        String text(Map<String, ?> evidence) {
            if (evidence == null) {
                return EvidenceText.format(null);
            }
            String s = texts.get(evidence);
            if (s == null) {
                s = EvidenceText.format(evidence);
                if (chars + s.length() > MAX_CHARS) {
                    texts.clear();
                    chars = 0;
                }
                texts.put(evidence, s);
                chars += s.length();
            }
            return s;
        }
    }

    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final boolean TRACE = Boolean.getBoolean("meshaudit.render.trace");

    private static long cpu0;

    private static long trace(String what, long t0) {
        long now = System.nanoTime();
        if (TRACE && what == null) { // the start of a render
            cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        } else if (TRACE) {
            long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            System.err.printf(java.util.Locale.ROOT, "xlsx %-14s %6d ms wall %6d ms cpu%n", what, (now - t0) / 1_000_000,
                    (cpu - cpu0) / 1_000_000);
            cpu0 = cpu;
        }
        return now;
    }

    static byte[] rgb(int rgb) {
        return new byte[]{(byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb};
    }
}
