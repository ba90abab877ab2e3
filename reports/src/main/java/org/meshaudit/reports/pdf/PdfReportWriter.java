package org.meshaudit.reports.pdf;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.SplitCharacter;
import com.lowagie.text.pdf.DefaultSplitCharacter;
import com.lowagie.text.pdf.PdfAction;
import com.lowagie.text.pdf.PdfChunk;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfOutline;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import com.lowagie.text.pdf.draw.DottedLineSeparator;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
import org.meshaudit.report.WaiverRef;
import org.meshaudit.report.WorkloadEntry;
import org.meshaudit.reports.common.CertificateRows;
import org.meshaudit.reports.common.EvidenceText;
import org.meshaudit.reports.common.ReportDigest;
import org.meshaudit.reports.common.ReportIndex;
import org.meshaudit.reports.common.ReportIndex.RequirementRef;
import org.meshaudit.reports.common.ReportIndex.RuleTally;
import org.meshaudit.reports.common.WaiverRows;

/**
 * Lays out one PDF in one pass. The table of contents needs every section's page, so it is laid out last and its
 * pages are then moved behind the cover. The chapters are numbered as they will end up, since the contents' length is
 * known beforehand: a trial layout of the contents alone, with the widest page numbers, takes at least as many pages as
 * the real one (a narrower number never adds a line break), and the real one is padded to that length. The page count
 * in every footer is a template (form XObject) filled in when the document closes.
 */
final class PdfReportWriter {

    /** The widest page number the layout allows for: six digits. */
    private static final String NUMBER_SPACE = "999999";
    private static final float FOOTER_SIZE = 7.5f;
    private static final float COVER_SIZE = 8;

    /** A table of contents entry. */
    private record TocEntry(int level, String anchor, String title) {
    }

    static final Map<Severity, Color> SEVERITY = new EnumMap<>(Map.of(
            Severity.CRITICAL, new Color(0xB0, 0x1E, 0x1E), Severity.HIGH, new Color(0xE0, 0x6C, 0x2B),
            Severity.MEDIUM, new Color(0xE8, 0xB3, 0x1E), Severity.LOW, new Color(0x8D, 0xB5, 0x4A),
            Severity.INFO, new Color(0x6C, 0x8E, 0xBF)));
    static final Map<Status, Color> STATUS = new EnumMap<>(Map.of(
            Status.PASS, new Color(0x3C, 0x9A, 0x5F), Status.FAIL, new Color(0xC6, 0x28, 0x28),
            Status.ERROR, new Color(0xE6, 0x8A, 0x00), Status.WAIVED, new Color(0x7E, 0x57, 0xC2),
            Status.MANUAL, new Color(0x3F, 0x7F, 0xBF), Status.NOT_APPLICABLE, new Color(0xB0, 0xB0, 0xB0)));
    private static final Map<Status, Color> STATUS_TINT = new EnumMap<>(Map.of(
            Status.PASS, new Color(0xDF, 0xF1, 0xE5), Status.FAIL, new Color(0xF8, 0xD7, 0xD5),
            Status.ERROR, new Color(0xFC, 0xE8, 0xC8), Status.WAIVED, new Color(0xE8, 0xE0, 0xF4),
            Status.MANUAL, new Color(0xDA, 0xE7, 0xF5), Status.NOT_APPLICABLE, new Color(0xF0, 0xF0, 0xF0)));
    private static final Color RULE = new Color(0xC8, 0xCE, 0xD6);
    private static final Color SHADE = new Color(0xF3, 0xF5, 0xF8);
    private static final float TABLE_FONT = 7.5f;
    private static final int CHUNK_ROWS = 200;
    private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private final AuditReport report;
    private final ReportIndex index;
    private final List<WaiverRows.Waiver> waiverList;
    /** FAIL results a waiver names but does not waive (expired, not yet valid): result id to the waivers. */
    private final Map<String, List<WaiverRows.Waiver>> notApplied = new HashMap<>();
    /** The finding number (#) chapter 3 gives the results in {@link #notApplied}. */
    private final Map<String, Integer> findingNumber = new HashMap<>();
    private final PdfLimits limits;
    private final Map<String, Integer> pages = new LinkedHashMap<>();
    private final List<TocEntry> toc = new ArrayList<>();
    /** The page count shown in every footer and the cover's report digest, filled in when the document closes. */
    private PdfTemplate pageCount;
    private PdfTemplate reportDigest;
    private int lastPage;
    /** Pages the table of contents takes (known before the layout), and the physical page it starts on (0 before). */
    private int tocPageCount;
    private int tocStart;
    private Document doc;
    private PdfWriter writer;
    private PdfOutline currentChapter;
    private int chapterNo;
    private int sectionNo;

    PdfReportWriter(AuditReport report, PdfLimits limits) {
        this.report = report;
        this.index = new ReportIndex(report);
        this.waiverList = WaiverRows.of(report, index);
        for (WaiverRows.Waiver w : waiverList) {
            for (Result r : w.results()) {
                if (WaiverRows.notApplied(w, r)) {
                    notApplied.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(w);
                }
            }
        }
        if (!notApplied.isEmpty()) {
            int n = 0; // the order of chapter 3: failures by severity, then errors
            for (int i = Severity.values().length - 1; i >= 0; i--) {
                for (Result r : index.failures(Severity.values()[i])) {
                    n++;
                    if (notApplied.containsKey(r.id())) {
                        findingNumber.putIfAbsent(r.id(), n);
                    }
                }
            }
        }
        this.limits = limits;
        planToc();
    }

    // =================================================================== driver

    /** Lays the report out into {@code out}; returns the page count. */
    int write(OutputStream out) throws IOException {
        try {
            tocPageCount = contentsLength();
            doc = newDocument();
            writer = PdfWriter.getInstance(doc, out);
            writer.setPageEvent(new Decorations());
            writer.setViewerPreferences(PdfWriter.PageModeUseOutlines);
            writer.setPdfVersion(PdfWriter.VERSION_1_7);
            Metadata m = report.metadata();
            doc.addTitle("meshaudit audit report " + (m == null ? "" : m.runId()));
            doc.addSubject("Kubernetes zero-trust compliance audit" + (m == null ? "" : " of " + m.source()));
            doc.addCreator("meshaudit " + (m == null ? "" : m.toolVersion()));
            doc.open();
            writer.setLinearPageMode(); // one page tree node, so that the contents can be moved
            pageCount = writer.getDirectContent().createTemplate(
                    PdfFonts.REGULAR.getWidthPoint(NUMBER_SPACE, FOOTER_SIZE), FOOTER_SIZE * 1.5f);
            cover();
            executiveSummary();
            frameworks();
            findings();
            posture();
            certificates();
            waivers();
            collection();
            method();
            tableOfContents();
            doc.newPage();
            moveContentsBehindCover();
            doc.close();
            return lastPage;
        } catch (DocumentException e) {
            throw new IOException("PDF layout failed: " + e.getMessage(), e);
        }
    }

    // =================================================================== page furniture

    private final class Decorations extends PdfPageEventHelper {
        @Override
        public void onGenericTag(PdfWriter w, Document d, Rectangle rect, String tag) {
            pages.putIfAbsent(tag, shownPage(w.getPageNumber()));
        }

        @Override
        public void onEndPage(PdfWriter w, Document d) {
            PdfContentByte cb = w.getDirectContent();
            int page = shownPage(w.getPageNumber());
            lastPage = Math.max(lastPage, page);
            Metadata m = report.metadata();
            float left = d.left();
            float right = d.right();
            if (page > 1) {
                cb.beginText();
                cb.setFontAndSize(PdfFonts.REGULAR, FOOTER_SIZE);
                cb.setColorFill(PdfFonts.MUTED);
                cb.showTextAligned(Element.ALIGN_LEFT, "meshaudit audit report · " + PdfFonts.text(m == null ? "" : m.runId(), 60)
                        + " · as of " + PdfFonts.text(m == null ? "" : m.asOf(), 40), left, d.top() + 20, 0);
                String source = PdfFonts.text(m == null ? "" : m.source(), 80);
                cb.showTextAligned(Element.ALIGN_RIGHT, source, right, d.top() + 20, 0);
                cb.endText();
                cb.setColorStroke(RULE);
                cb.setLineWidth(0.5f);
                cb.moveTo(left, d.top() + 14);
                cb.lineTo(right, d.top() + 14);
                cb.stroke();
            }
            float countAt = right - pageCount.getWidth(); // "Page n of " ends where the count's template starts
            cb.beginText();
            cb.setFontAndSize(PdfFonts.REGULAR, FOOTER_SIZE);
            cb.setColorFill(PdfFonts.MUTED);
            cb.showTextAligned(Element.ALIGN_RIGHT, "Page " + page + " of ", countAt, d.bottom() - 24, 0);
            cb.endText();
            cb.addTemplate(pageCount, countAt, d.bottom() - 24 - FOOTER_SIZE * 0.5f); // in reading order
            cb.beginText();
            cb.setFontAndSize(PdfFonts.REGULAR, FOOTER_SIZE);
            cb.setColorFill(PdfFonts.MUTED);
            cb.showTextAligned(Element.ALIGN_LEFT, m != null && !m.complete() ? "INCOMPLETE RUN: see Collection coverage"
                    : "Complete evidence: audit.xlsx and audit.json", left, d.bottom() - 24, 0);
            cb.endText();
        }

        @Override
        public void onCloseDocument(PdfWriter w, Document d) {
            pageCount.beginText();
            pageCount.setFontAndSize(PdfFonts.REGULAR, FOOTER_SIZE);
            pageCount.setColorFill(PdfFonts.MUTED);
            pageCount.showTextAligned(Element.ALIGN_LEFT, String.valueOf(lastPage), 0, FOOTER_SIZE * 0.5f, 0);
            pageCount.endText();
            if (reportDigest != null) {
                String digest = ReportDigest.sha256(report);
                reportDigest.beginText();
                reportDigest.setFontAndSize(PdfFonts.REGULAR, COVER_SIZE);
                reportDigest.setColorFill(PdfFonts.INK);
                reportDigest.showTextAligned(Element.ALIGN_LEFT, digest == null ? "not available" : digest, 0,
                        COVER_SIZE * 0.5f, 0);
                reportDigest.endText();
            }
        }
    }

    private static Document newDocument() {
        return new Document(PageSize.A4, 40, 40, 56, 50);
    }

    /**
     * The page a physical page is shown as once the contents sit behind the cover: the cover is 1, the chapters
     * written before the contents move back by its length, and the contents' own pages follow the cover.
     */
    private int shownPage(int physical) {
        if (physical == 1) {
            return 1;
        }
        return tocStart == 0 ? physical + tocPageCount : physical - tocStart + 2;
    }

    /** Pages the table of contents takes: a trial layout of it alone, with the widest page numbers. */
    private int contentsLength() throws DocumentException {
        Document trial = newDocument();
        PdfWriter w = PdfWriter.getInstance(trial, OutputStream.nullOutputStream());
        trial.open();
        contentsInto(trial, null);
        int n = w.getPageNumber();
        trial.close();
        return n;
    }

    /** Moves the table of contents, laid out last, to the pages after the cover. */
    private void moveContentsBehindCover() throws DocumentException {
        int total = writer.getPageNumber() - 1; // the last page is the empty one just opened
        if (total - tocStart + 1 != tocPageCount) { // cannot happen: the trial layout is never shorter
            throw new IllegalStateException("table of contents took " + (total - tocStart + 1) + " pages, expected "
                    + tocPageCount);
        }
        int[] order = new int[total];
        int i = 0;
        order[i++] = 1;
        for (int p = tocStart; p <= total; p++) {
            order[i++] = p;
        }
        for (int p = 2; p < tocStart; p++) {
            order[i++] = p;
        }
        writer.reorderPages(order);
    }

    // =================================================================== building blocks

    private void planToc() {
        toc.add(new TocEntry(1, "summary", "1 Executive summary"));
        int sub = 0;
        if (index.fleet()) {
            toc.add(new TocEntry(2, "fleet", "1." + ++sub + " Clusters of the fleet"));
        }
        if (!ReportIndex.nn(report.trend()).isEmpty()) {
            toc.add(new TocEntry(2, "trend", "1." + ++sub + " Trend over the last runs"));
        }
        toc.add(new TocEntry(1, "frameworks", "2 Frameworks and requirements"));
        int i = 0;
        for (FrameworkView f : ReportIndex.nn(report.frameworks())) {
            i++;
            toc.add(new TocEntry(2, "fw-" + i, "2." + i + " " + frameworkTitle(f)));
        }
        toc.add(new TocEntry(1, "findings", "3 Findings"));
        toc.add(new TocEntry(1, "posture", "4 Effective mTLS posture"));
        toc.add(new TocEntry(1, "certificates", "5 Certificate inventory"));
        toc.add(new TocEntry(1, "waivers", "6 Waivers and accepted risks"));
        if (!waiverList.isEmpty()) {
            toc.add(new TocEntry(2, "waiver-register", "6.1 Waiver register"));
            toc.add(new TocEntry(2, "waived-results", "6.2 Accepted risks: WAIVED results"));
        }
        toc.add(new TocEntry(1, "collection", "7 Collection coverage and issues"));
        toc.add(new TocEntry(1, "method", "8 Method and scope"));
    }

    private static String frameworkTitle(FrameworkView f) {
        String name = f.title() == null || f.title().isEmpty() ? ReportIndex.frameworkName(f.id()) : f.title();
        return name + " — " + f.version();
    }

    /** Starts a chapter on a new page: heading, named destination, outline entry, TOC page tag. */
    private void chapter(String anchor, String title) throws DocumentException {
        doc.newPage();
        chapterNo++;
        sectionNo = 0;
        String full = chapterNo + " " + title;
        Chunk c = new Chunk(full, PdfFonts.bold(16, PdfFonts.NAVY));
        c.setLocalDestination(anchor);
        c.setGenericTag(anchor);
        Paragraph p = new Paragraph(c);
        p.setSpacingAfter(8);
        doc.add(p);
        currentChapter = new PdfOutline(writer.getRootOutline(), PdfAction.gotoLocalPage(anchor, false), full, false);
    }

    /** A numbered section inside the current chapter, with its own outline entry. */
    private void section(String anchor, String title, boolean newPage) throws DocumentException {
        if (newPage) {
            doc.newPage();
        }
        sectionNo++;
        String full = chapterNo + "." + sectionNo + " " + title;
        sectionHeading(anchor, full);
    }

    private void sectionHeading(String anchor, String full) throws DocumentException {
        keepWithNext(140);
        Chunk c = new Chunk(PdfFonts.text(full, 200), PdfFonts.bold(12, PdfFonts.NAVY));
        c.setLocalDestination(anchor);
        c.setGenericTag(anchor);
        Paragraph p = new Paragraph(c);
        p.setSpacingBefore(10);
        p.setSpacingAfter(5);
        p.setKeepTogether(true);
        doc.add(p);
        new PdfOutline(currentChapter, PdfAction.gotoLocalPage(anchor, false), PdfFonts.text(full, 120), false);
    }

    /** Starts a new page when less than {@code points} of height are left (a heading must not end a page). */
    private void keepWithNext(float points) {
        if (writer.getVerticalPosition(true) - doc.bottom() < points) {
            doc.newPage();
        }
    }

    private void para(String text) throws DocumentException {
        para(text, PdfFonts.font(9));
    }

    private void para(String text, Font f) throws DocumentException {
        Paragraph p = new Paragraph(PdfFonts.text(text, 4000), f);
        p.setLeading(f.getSize() * 1.35f);
        p.setSpacingAfter(4);
        doc.add(p);
    }

    private void note(String text) throws DocumentException {
        Paragraph p = new Paragraph(PdfFonts.text(text, 4000), PdfFonts.font(8, PdfFonts.MUTED));
        p.setLeading(10.5f);
        p.setSpacingBefore(3);
        p.setSpacingAfter(4);
        doc.add(p);
    }

    private static PdfPTable table(float[] widths, String... headers) {
        PdfPTable t = new PdfPTable(widths);
        t.setWidthPercentage(100);
        t.setSplitLate(true); // a row that fits on a page is not cut across two (its status cell would continue empty)
        t.setSpacingBefore(4);
        t.setSpacingAfter(8);
        if (headers.length > 0) {
            for (String h : headers) {
                PdfPCell c = new PdfPCell(new Phrase(h, PdfFonts.bold(TABLE_FONT, Color.WHITE)));
                c.setBackgroundColor(PdfFonts.NAVY);
                c.setBorderColor(PdfFonts.NAVY);
                c.setPadding(3);
                c.setPaddingBottom(4);
                t.addCell(c);
            }
            t.setHeaderRows(1);
        }
        return t;
    }

    private static PdfPCell cell(String text) {
        return cell(text, PdfFonts.font(TABLE_FONT));
    }

    private static PdfPCell cell(String text, Font f) {
        return safeCell(PdfFonts.text(text), f);
    }

    /**
     * Where the identifiers in narrow columns may wrap besides spaces and hyphens: after a slash
     * ({@code PeerAuthentication/checkout/} over {@code ledger-legacy-http}), after a closing bracket
     * ({@code 164.308(a)(1)} over {@code (ii)(A)}) and after a comma ({@code CN=Shop Issuing CA,} over
     * {@code O=shop.example.com}), rather than inside a name.
     */
    private static final SplitCharacter IDENTIFIER_BREAKS = new DefaultSplitCharacter() {
        @Override
        public boolean isSplitCharacter(int start, int current, int end, char[] cc, PdfChunk[] ck) {
            char c = getCurrentCharacter(current, cc, ck);
            return c == '/' || c == ')' || c == ',' || super.isSplitCharacter(start, current, end, cc, ck);
        }
    };

    /** A cell whose text was already made safe (see {@link PdfFonts#lines}). */
    private static PdfPCell safeCell(String safe, Font f) {
        Chunk text = new Chunk(safe, f);
        text.setSplitCharacter(IDENTIFIER_BREAKS);
        PdfPCell c = new PdfPCell(new Phrase(text));
        c.setBorderColor(RULE);
        c.setBorderWidth(0.5f);
        c.setPadding(3);
        c.setPaddingBottom(4);
        c.setLeading(0, 1.2f);
        return c;
    }

    private static PdfPCell num(long n) {
        PdfPCell c = cell(String.format(Locale.ROOT, "%,d", n));
        c.setHorizontalAlignment(Element.ALIGN_RIGHT);
        return c;
    }

    private static PdfPCell status(Status s) {
        PdfPCell c = cell(s == null ? "" : s.name().replace('_', ' '), PdfFonts.bold(TABLE_FONT, s == Status.NOT_APPLICABLE ? PdfFonts.INK : Color.WHITE));
        if (s != null) {
            c.setBackgroundColor(STATUS.get(s));
        }
        return c;
    }

    private static PdfPCell severity(Severity s) {
        PdfPCell c = cell(s == null ? "" : s.label().toUpperCase(Locale.ROOT), PdfFonts.bold(TABLE_FONT,
                s == Severity.MEDIUM || s == Severity.LOW ? PdfFonts.INK : Color.WHITE));
        if (s != null) {
            c.setBackgroundColor(SEVERITY.get(s));
        }
        return c;
    }

    private static PdfPCell label(String text) {
        PdfPCell c = cell(text, PdfFonts.bold(TABLE_FONT));
        c.setBackgroundColor(SHADE);
        return c;
    }

    /** {@code 1 result}, {@code 2 results}. */
    private static String results(long n) {
        return fmt(n) + (n == 1 ? " result" : " results");
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Adds a long table in chunks so that rows already laid out are released. */
    private void flushIfLarge(PdfPTable t, int rows) throws DocumentException {
        if (rows > 0 && rows % CHUNK_ROWS == 0) {
            doc.add(t);
        }
    }

    private void finishTable(PdfPTable t) throws DocumentException {
        t.setComplete(true);
        doc.add(t);
    }

    // =================================================================== cover and contents

    private void cover() throws DocumentException {
        Metadata m = report.metadata();
        Paragraph brand = new Paragraph("meshaudit", PdfFonts.bold(11, PdfFonts.MUTED));
        brand.setSpacingBefore(40);
        doc.add(brand);
        Paragraph title = new Paragraph("Kubernetes zero-trust compliance audit", PdfFonts.bold(24, PdfFonts.NAVY));
        title.setSpacingBefore(6);
        title.setLeading(28);
        doc.add(title);
        Paragraph sub = new Paragraph(PdfFonts.text(m == null ? "" : m.source(), 300), PdfFonts.font(12, PdfFonts.INK));
        sub.setSpacingBefore(4);
        sub.setSpacingAfter(18);
        doc.add(sub);

        boolean complete = m != null && m.complete();
        PdfPTable banner = new PdfPTable(1);
        banner.setWidthPercentage(100);
        String head = complete ? "Run complete: every input was read and every check evaluated."
                : "RUN INCOMPLETE: some input could not be read or some checks could not be evaluated. Those checks "
                + "are reported as ERROR (not evaluated), never as PASS.";
        PdfPCell b = new PdfPCell(new Phrase(head, PdfFonts.bold(10, Color.WHITE)));
        b.setBackgroundColor(complete ? STATUS.get(Status.PASS) : STATUS.get(Status.ERROR));
        b.setBorder(Rectangle.NO_BORDER);
        b.setPadding(8);
        banner.addCell(b);
        if (!complete && m != null) {
            for (String r : ReportIndex.nn(m.incompleteReasons())) {
                PdfPCell rc = new PdfPCell(new Phrase("• " + PdfFonts.text(r, 400), PdfFonts.font(8.5f)));
                rc.setBackgroundColor(STATUS_TINT.get(Status.ERROR));
                rc.setBorder(Rectangle.NO_BORDER);
                rc.setPadding(4);
                rc.setPaddingLeft(10);
                banner.addCell(rc);
            }
        }
        banner.setSpacingAfter(16);
        doc.add(banner);

        PdfPTable t = table(new float[]{1.3f, 4f});
        if (m != null) {
            kv(t, "Run id", m.runId());
            kv(t, "As of (UTC)", m.asOf() + "  (the clock for every time-dependent judgement)");
            kv(t, "Cluster or input", m.source());
            kv(t, "Input digest", m.inputDigest());
            List<String> fw = new ArrayList<>();
            List<String> scope = new ArrayList<>();
            for (FrameworkView f : ReportIndex.nn(report.frameworks())) {
                fw.add(frameworkTitle(f));
                if (f.scope() != null) {
                    List<String> ns = ReportIndex.nn(f.scope().namespaces());
                    scope.add(ReportIndex.frameworkName(f.id()) + ": " + f.scope().selector() + " → " + ns.size()
                            + " namespace" + (ns.size() == 1 ? "" : "s") + (ns.isEmpty() ? "" : " (" + abbreviate(ns, 12) + ")"));
                }
            }
            kv(t, "Frameworks", fw);
            kv(t, "Scope", scope);
            kv(t, "Profile", m.profile());
            kv(t, "Tool", m.tool() + " " + m.toolVersion());
            List<String> packs = new ArrayList<>();
            for (PackInfo p : ReportIndex.nn(m.packs())) {
                packs.add(p.id() + " " + p.version() + ", " + p.rules() + " rules, " + p.sha256());
            }
            kv(t, "Rule packs", packs);
            if (m.options() != null && !m.options().isEmpty()) {
                kv(t, "Options", EvidenceText.format(m.options()));
            }
            List<String> inputs = new ArrayList<>();
            for (InputRef in : ReportIndex.nn(m.inputs())) {
                inputs.add(in.cluster() + ": run " + in.runId() + ", as of " + in.asOf() + ", " + in.source() + ", "
                        + (in.complete() ? "complete" : "INCOMPLETE") + ", meshaudit " + in.toolVersion()
                        + ", input digest " + in.inputDigest() + ", report " + in.sha256());
            }
            if (!inputs.isEmpty()) {
                kv(t, "Fleet (merged reports)", inputs);
            }
        }
        Summary s = report.summary();
        if (report.waivers() != null || s != null && s.waivers() != null) {
            kv(t, "Waivers", waiverCounts() + "; " + results(index.waived().size()) + " WAIVED (section 6)");
        } else if (!index.waived().isEmpty()) {
            kv(t, "Waivers", results(index.waived().size()) + " WAIVED; no waivers file is recorded in this report "
                    + "(section 6)");
        }
        List<TrendPoint> trend = ReportIndex.nn(report.trend());
        if (!trend.isEmpty()) {
            kv(t, "History", trend.size() + " runs from " + trend.get(0).asOf() + " to "
                    + trend.get(trend.size() - 1).asOf() + " (section 1)");
        }
        t.addCell(label("Report digest")); // filled in at the end: the JSON renderer may still be writing it
        float widestHex = 0;
        for (char c : "0123456789abcdef".toCharArray()) {
            widestHex = Math.max(widestHex, PdfFonts.REGULAR.getWidthPoint(String.valueOf(c), COVER_SIZE));
        }
        reportDigest = writer.getDirectContent().createTemplate(
                PdfFonts.REGULAR.getWidthPoint("sha256:", COVER_SIZE) + 64 * widestHex, COVER_SIZE * 1.5f);
        Phrase digest = new Phrase();
        digest.add(new Chunk(Image.getInstance(reportDigest), 0, -COVER_SIZE * 0.5f));
        digest.add(new Chunk("\nSHA-256 of audit.json, the canonical evidence this PDF was rendered from",
                PdfFonts.font(COVER_SIZE)));
        PdfPCell d = safeCell("", PdfFonts.font(COVER_SIZE));
        d.setPhrase(digest);
        t.addCell(d);
        doc.add(t);
        note("This PDF is the reading copy. audit.json is the canonical evidence (byte-identical for the same input "
                + "and as-of time); audit.xlsx holds every result, PASS included, as filterable tables. "
                + "Attacker-controlled text (object names, certificate fields) is shown with control and "
                + "direction-override characters escaped as <U+XXXX>; very long values are shortened with a marker.");
    }

    private static String abbreviate(List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + ", … " + (items.size() - max) + " more";
    }

    private static void kv(PdfPTable t, String k, String v) {
        kv(t, k, List.of(v == null ? "" : v));
    }

    private static void kv(PdfPTable t, String k, List<String> lines) {
        t.addCell(label(k));
        t.addCell(safeCell(PdfFonts.lines(lines, 600), PdfFonts.font(8)));
    }

    /** The table of contents, laid out after every chapter (so every page is known), shown after the cover. */
    private void tableOfContents() throws DocumentException {
        doc.newPage();
        tocStart = writer.getPageNumber();
        contentsInto(doc, pages);
        while (writer.getPageNumber() - tocStart + 1 < tocPageCount) { // as long as the trial layout
            doc.newPage();
            writer.setPageEmpty(false);
        }
    }

    /** The contents' paragraphs; {@code numbers == null} lays them out with the widest page numbers. */
    private void contentsInto(Document d, Map<String, Integer> numbers) throws DocumentException {
        Paragraph h = new Paragraph("Contents", PdfFonts.bold(16, PdfFonts.NAVY));
        h.setSpacingAfter(10);
        d.add(h);
        for (TocEntry e : toc) {
            Font f = e.level() == 1 ? PdfFonts.bold(10) : PdfFonts.font(9);
            Chunk title = new Chunk(PdfFonts.text(e.title(), 150), f);
            title.setLocalGoto(e.anchor());
            Paragraph p = new Paragraph();
            p.setFont(f);
            p.add(title);
            p.add(new Chunk(new DottedLineSeparator()));
            Integer page = numbers == null ? null : numbers.get(e.anchor());
            Chunk pn = new Chunk(numbers == null ? NUMBER_SPACE : page == null ? "–" : String.valueOf(page), f);
            pn.setLocalGoto(e.anchor());
            p.add(pn);
            p.setIndentationLeft(e.level() == 1 ? 0 : 14);
            p.setSpacingBefore(e.level() == 1 ? 6 : 1);
            d.add(p);
        }
    }

    // =================================================================== 1 executive summary

    private void executiveSummary() throws DocumentException {
        chapter("summary", "Executive summary");
        Summary s = report.summary();
        Metadata m = report.metadata();
        int fails = index.failures().size();
        int errors = index.errors().size();
        Map<String, Integer> bySev = s == null || s.failuresBySeverity() == null ? Map.of() : s.failuresBySeverity();
        StringBuilder sev = new StringBuilder();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity v = Severity.values()[i];
            sev.append(sev.isEmpty() ? "" : ", ").append(bySev.getOrDefault(v.label(), 0)).append(' ').append(v.label());
        }
        int results = s == null ? ReportIndex.nn(report.results()).size() : s.results();
        para(fmt(fails) + " failure" + (fails == 1 ? "" : "s") + " (" + sev + ") in " + fmt(results)
                + " results over " + (s == null ? 0 : fmt(s.workloads())) + " workloads. "
                + (s == null ? "" : fmt(s.mtlsEnforcedPorts()) + " of " + fmt(s.workloadPorts())
                + " workload ports (" + Charts.pct(s.mtlsEnforcedShare()) + ") enforce mTLS. ")
                + (errors == 0 ? "Every check could be evaluated. " : fmt(errors) + " checks could not be evaluated (ERROR). ")
                + (m != null && m.complete() ? "The run is complete." : "The run is INCOMPLETE (see section 7).")
                + (index.fleet() ? " This is a fleet report merged from " + fmt(index.clusters().size())
                + " clusters (section 1.1); every result names its cluster." : ""));
        if (report.waivers() != null || !index.waived().isEmpty()) {
            para(waiverSentence());
        }

        PdfPTable tiles = new PdfPTable(4);
        tiles.setWidthPercentage(100);
        tiles.setSpacingBefore(6);
        tiles.setSpacingAfter(10);
        tile(tiles, "Results", fmt(results), PdfFonts.NAVY);
        tile(tiles, "Failures", fmt(fails), fails > 0 ? STATUS.get(Status.FAIL) : STATUS.get(Status.PASS));
        tile(tiles, "Not evaluated", fmt(errors), errors > 0 ? STATUS.get(Status.ERROR) : STATUS.get(Status.PASS));
        tile(tiles, "Ports with enforced mTLS", s == null ? "–" : Charts.pct(s.mtlsEnforcedShare()), PdfFonts.NAVY);
        doc.add(tiles);

        PdfPTable charts = new PdfPTable(2);
        charts.setWidthPercentage(100);
        charts.setSpacingAfter(8);
        charts.addCell(chartCell(requirementChart()));
        charts.addCell(chartCell(severityChart(bySev)));
        charts.addCell(chartCell(mtlsChart(s)));
        charts.addCell(chartCell(expiryChart()));
        doc.add(charts);

        // most frequent failing rules
        List<RuleTally> failing = new ArrayList<>();
        for (RuleTally t : index.rules().values()) {
            if (t.count(Status.FAIL) + t.count(Status.ERROR) > 0) {
                failing.add(t);
            }
        }
        failing.sort(Comparator.comparing((RuleTally t) -> t.severity() == null ? Severity.INFO : t.severity(),
                Comparator.reverseOrder()).thenComparing(t -> -t.count(Status.FAIL)).thenComparing(RuleTally::ruleId));
        Paragraph h = new Paragraph("Rules with failures", PdfFonts.bold(10, PdfFonts.NAVY));
        h.setSpacingBefore(4);
        doc.add(h);
        if (failing.isEmpty()) {
            note("No rule failed and none was left unevaluated.");
        } else {
            PdfPTable t = table(new float[]{0.9f, 4.2f, 0.9f, 0.6f, 0.6f, 0.6f}, "Rule", "Secure state checked",
                    "Severity", "FAIL", "ERROR", "PASS");
            int shown = 0;
            for (RuleTally r : failing) {
                if (++shown > 25) {
                    break;
                }
                t.addCell(cell(r.ruleId(), PdfFonts.bold(TABLE_FONT)));
                t.addCell(cell(r.title()));
                t.addCell(severity(r.severity()));
                t.addCell(num(r.count(Status.FAIL)));
                t.addCell(num(r.count(Status.ERROR)));
                t.addCell(num(r.count(Status.PASS)));
            }
            doc.add(t);
            if (failing.size() > 25) {
                note((failing.size() - 25) + " more rules with failures are listed in section 3.");
            }
        }
        if (index.fleet()) {
            fleetOverview();
        }
        if (!ReportIndex.nn(report.trend()).isEmpty()) {
            trend();
        }
    }

    /** An instant as {@code yyyy-MM-dd HH:mm} (UTC), or the text as written when it is not one. */
    private static String utc(String instant) {
        try {
            return DAY.format(java.time.Instant.parse(instant));
        } catch (RuntimeException e) {
            return instant;
        }
    }

    /** The waivers in one paragraph: what applied, what did not, what to clean up. */
    private String waiverSentence() {
        Map<String, Integer> c = waiverStatusCounts();
        int waived = index.waived().size();
        int standing = notApplied.size();
        if (report.waivers() == null) {
            return "Waivers: " + results(waived) + (waived == 1 ? " is" : " are") + " WAIVED (accepted risks, not "
                    + "counted as FAIL in the roll-up); the report records no waivers file. Details in section 6.";
        }
        StringBuilder b = new StringBuilder("Waivers: ");
        b.append(fmt(waived)).append(waived == 1 ? " result is" : " results are").append(" WAIVED under ")
                .append(c.get("active")).append(" active waiver").append(c.get("active") == 1 ? "" : "s")
                .append(" (accepted risks, not counted as FAIL in the roll-up).");
        int late = c.get("expired") + c.get("not-yet-valid");
        if (late > 0) {
            b.append(' ').append(c.get("expired")).append(" expired and ").append(c.get("not-yet-valid"))
                    .append(" not-yet-valid waiver").append(late == 1 ? "" : "s").append(" did not apply: the ")
                    .append(fmt(standing)).append(" FAIL result").append(standing == 1 ? " they name stands" : "s they name stand")
                    .append(" in section 3.");
        }
        if (c.get("stale") > 0) {
            b.append(' ').append(c.get("stale")).append(" stale waiver").append(c.get("stale") == 1 ? " matches" : "s match")
                    .append(" no FAIL and should be removed.");
        }
        return b.append(" Details in section 6.").toString();
    }

    /** Waivers per status as the report counts them (summary.waivers), else as listed. */
    private Map<String, Integer> waiverStatusCounts() {
        Summary s = report.summary();
        Map<String, Integer> c = new LinkedHashMap<>(WaiverRows.byStatus(waiverList));
        if (s != null && s.waivers() != null) {
            for (String k : WaiverRows.STATUSES) {
                c.put(k, s.waivers().getOrDefault(k, 0));
            }
        }
        return c;
    }

    private String waiverCounts() {
        StringBuilder b = new StringBuilder();
        for (var e : waiverStatusCounts().entrySet()) {
            b.append(b.isEmpty() ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().replace('-', ' '));
        }
        return b.toString();
    }

    private void fleetOverview() throws DocumentException {
        section("fleet", "Clusters of the fleet", false);
        note("This report merges the reports of several clusters (meshaudit merge). Results, workloads and waivers "
                + "keep their cluster; result ids are derived from cluster and original id. Each input is identified "
                + "by its run id and the SHA-256 of the report file it came from.");
        Map<String, InputRef> inputs = new LinkedHashMap<>();
        if (report.metadata() != null) {
            for (InputRef in : ReportIndex.nn(report.metadata().inputs())) {
                inputs.put(in.cluster(), in);
            }
        }
        PdfPTable t = table(new float[]{1.45f, 1.75f, 1.1f, 0.75f, 0.55f, 0.55f, 0.55f, 0.75f, 0.85f, 0.6f, 1.3f},
                "Cluster", "Run / as of", "Run", "Results", "FAIL", "Crit.", "High", "ERROR", "WAIVED", "PASS",
                "mTLS-enforced ports");
        t.setComplete(false);
        int rows = 0;
        for (ReportIndex.ClusterTally c : index.clusters().values()) {
            InputRef in = inputs.get(c.cluster());
            t.addCell(cell(c.cluster(), PdfFonts.bold(TABLE_FONT)));
            t.addCell(safeCell(PdfFonts.lines(in == null ? List.of("—") : List.of(in.runId(), in.asOf()), 200),
                    PdfFonts.font(TABLE_FONT)));
            PdfPCell complete = cell(in == null ? "—" : in.complete() ? "complete" : "INCOMPLETE",
                    PdfFonts.bold(TABLE_FONT, Color.WHITE));
            if (in != null) {
                complete.setBackgroundColor(in.complete() ? STATUS.get(Status.PASS) : STATUS.get(Status.ERROR));
            }
            t.addCell(complete);
            t.addCell(num(c.results()));
            PdfPCell f = num(c.count(Status.FAIL));
            if (c.count(Status.FAIL) > 0) {
                f.setBackgroundColor(STATUS_TINT.get(Status.FAIL));
            }
            t.addCell(f);
            t.addCell(num(c.failures(Severity.CRITICAL)));
            t.addCell(num(c.failures(Severity.HIGH)));
            PdfPCell e = num(c.count(Status.ERROR));
            if (c.count(Status.ERROR) > 0) {
                e.setBackgroundColor(STATUS_TINT.get(Status.ERROR));
            }
            t.addCell(e);
            t.addCell(num(c.count(Status.WAIVED)));
            t.addCell(num(c.count(Status.PASS)));
            t.addCell(cell(fmt(c.enforcedPorts()) + " of " + fmt(c.workloadPorts()) + (c.workloadPorts() == 0 ? ""
                    : " (" + Charts.pct((double) c.enforcedPorts() / c.workloadPorts()) + ")")));
            flushIfLarge(t, ++rows);
        }
        finishTable(t);
    }

    private void trend() throws DocumentException {
        List<TrendPoint> trend = report.trend();
        section("trend", "Trend over the last runs", false);
        note("The last " + trend.size() + " runs kept in the history (scan --history), oldest first; this run is the "
                + "last. Open findings are FAIL results not waived; a run that was incomplete may undercount them.");
        PdfPTable charts = new PdfPTable(2);
        charts.setWidthPercentage(100);
        charts.setSpacingAfter(6);
        charts.setKeepTogether(true);
        List<Charts.Column> open = new ArrayList<>();
        List<Charts.Column> share = new ArrayList<>();
        for (TrendPoint p : trend) {
            Map<String, Integer> o = p.openFindings() == null ? Map.of() : p.openFindings();
            List<Charts.Bar> segs = new ArrayList<>();
            for (int i = Severity.values().length - 1; i >= 0; i--) {
                Severity v = Severity.values()[i];
                segs.add(new Charts.Bar(v.label(), o.getOrDefault(v.label(), 0), SEVERITY.get(v)));
            }
            String day = p.asOf() == null ? "?" : p.asOf().length() >= 10 ? p.asOf().substring(5, 10) : p.asOf();
            open.add(new Charts.Column(day, segs));
            share.add(new Charts.Column(day, List.of(new Charts.Bar("enforced", p.mtlsEnforcedShare(), STATUS.get(Status.PASS)))));
        }
        List<Charts.Bar> legend = new ArrayList<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            legend.add(new Charts.Bar(Severity.values()[i].label(), 0, SEVERITY.get(Severity.values()[i])));
        }
        charts.addCell(chartCell(Charts.columns(writer, "Open findings per run (FAIL by severity)", open, legend, false)));
        charts.addCell(chartCell(Charts.columns(writer, "Workload ports with enforced mTLS per run", share,
                List.of(new Charts.Bar("share of workload ports with enforced mTLS", 0, STATUS.get(Status.PASS))), true)));
        doc.add(charts);
        PdfPTable t = table(new float[]{1.25f, 1.35f, 0.6f, 0.45f, 0.45f, 0.45f, 0.45f, 0.45f, 0.75f, 0.7f, 1.25f, 1.2f},
                "As of (UTC)", "Run id", "Open FAIL", "Crit.", "High", "Med.", "Low", "Info", "WAIVED", "ERROR",
                "mTLS-enforced ports", "Earliest cert. expiry (UTC)");
        TrendPoint prev = null;
        for (TrendPoint p : trend) {
            Map<String, Integer> o = p.openFindings() == null ? Map.of() : p.openFindings();
            int total = 0;
            for (int v : o.values()) {
                total += v;
            }
            t.addCell(safeCell(PdfFonts.lines(List.of(utc(p.asOf()), p.complete() ? "" : "incomplete run"), 200),
                    PdfFonts.font(TABLE_FONT)));
            t.addCell(cell(p.runId()));
            PdfPCell tc = num(total);
            if (prev != null) {
                int before = 0;
                for (int v : (prev.openFindings() == null ? Map.<String, Integer>of() : prev.openFindings()).values()) {
                    before += v;
                }
                if (total != before) {
                    tc = cell(fmt(total) + (total > before ? " ▲" : " ▼"));
                    tc.setHorizontalAlignment(Element.ALIGN_RIGHT);
                    tc.setBackgroundColor(STATUS_TINT.get(total > before ? Status.FAIL : Status.PASS));
                }
            }
            t.addCell(tc);
            for (int i = Severity.values().length - 1; i >= 0; i--) {
                t.addCell(num(o.getOrDefault(Severity.values()[i].label(), 0)));
            }
            t.addCell(num(p.waived()));
            t.addCell(num(p.errors()));
            t.addCell(cell(fmt(p.mtlsEnforcedPorts()) + " of " + fmt(p.workloadPorts()) + " ("
                    + Charts.pct(p.mtlsEnforcedShare()) + ")"));
            t.addCell(cell(p.earliestCertificateExpiry() == null ? "—" : utc(p.earliestCertificateExpiry())));
            prev = p;
        }
        doc.add(t);
    }

    private static void tile(PdfPTable t, String label, String value, Color colour) {
        PdfPCell c = new PdfPCell();
        c.setBorderColor(RULE);
        c.setBorderWidth(0.5f);
        c.setPadding(6);
        Paragraph v = new Paragraph(value, PdfFonts.bold(18, colour));
        v.setAlignment(Element.ALIGN_CENTER);
        c.addElement(v);
        Paragraph l = new Paragraph(label, PdfFonts.font(8, PdfFonts.MUTED));
        l.setAlignment(Element.ALIGN_CENTER);
        c.addElement(l);
        t.addCell(c);
    }

    private static PdfPCell chartCell(Image img) {
        PdfPCell c = new PdfPCell(img, false);
        c.setBorder(Rectangle.NO_BORDER);
        c.setPadding(4);
        c.setHorizontalAlignment(Element.ALIGN_CENTER);
        return c;
    }

    private static final List<Status> STATUS_ORDER = List.of(Status.FAIL, Status.ERROR, Status.WAIVED, Status.MANUAL,
            Status.PASS, Status.NOT_APPLICABLE);

    private Image requirementChart() throws DocumentException {
        List<Charts.Stack> rows = new ArrayList<>();
        for (FrameworkView f : ReportIndex.nn(report.frameworks())) {
            Map<Status, Integer> counts = ReportIndex.requirementStatus(f);
            List<Charts.Bar> segs = new ArrayList<>();
            for (Status s : STATUS_ORDER) {
                segs.add(new Charts.Bar(s.name(), counts.get(s), STATUS.get(s)));
            }
            rows.add(new Charts.Stack(ReportIndex.shortName(f.id()), segs));
        }
        List<Charts.Bar> legend = new ArrayList<>();
        for (Status s : STATUS_ORDER) {
            legend.add(new Charts.Bar(s.name(), 0, STATUS.get(s)));
        }
        return Charts.stacks(writer, "Requirement status per framework (count)", rows, legend, false,
                "no framework selected");
    }

    private Image severityChart(Map<String, Integer> bySev) throws DocumentException {
        List<Charts.Bar> bars = new ArrayList<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity v = Severity.values()[i];
            bars.add(new Charts.Bar(v.label(), bySev.getOrDefault(v.label(), 0), SEVERITY.get(v)));
        }
        return Charts.bars(writer, "Findings (FAIL) by severity", bars, null);
    }

    private Image mtlsChart(Summary s) throws DocumentException {
        List<Charts.Stack> rows = new ArrayList<>();
        Color notEnforced = STATUS.get(Status.FAIL);
        Color error = STATUS.get(Status.ERROR);
        Color enforced = STATUS.get(Status.PASS);
        if (s != null && s.workloadPorts() > 0) {
            rows.add(new Charts.Stack("All ports", List.of(
                    new Charts.Bar("enforced", s.mtlsEnforcedPorts(), enforced),
                    new Charts.Bar("not enforced", s.workloadPorts() - s.mtlsEnforcedPorts() - s.errorPorts(), notEnforced),
                    new Charts.Bar("not evaluated", s.errorPorts(), error))));
            // per dataplane, from the posture
            Map<String, int[]> byPlane = new TreeMap<>();
            if (report.posture() != null) {
                for (WorkloadEntry w : ReportIndex.nn(report.posture().workloads())) {
                    int[] c = byPlane.computeIfAbsent(w.dataplane() == null ? "unknown" : w.dataplane(), k -> new int[3]);
                    for (PortEntry p : ReportIndex.nn(w.ports())) {
                        c[p.error() != null ? 2 : ReportIndex.enforced(w, p) ? 0 : 1]++;
                    }
                }
            }
            for (var e : byPlane.entrySet()) {
                if (rows.size() >= 5) {
                    break;
                }
                int[] c = e.getValue();
                rows.add(new Charts.Stack(PdfFonts.text(e.getKey(), 14), List.of(new Charts.Bar("enforced", c[0], enforced),
                        new Charts.Bar("not enforced", c[1], notEnforced), new Charts.Bar("not evaluated", c[2], error))));
            }
        }
        return Charts.stacks(writer, "Workload ports with enforced mTLS (share)", rows, List.of(
                new Charts.Bar("enforced", 0, enforced), new Charts.Bar("not enforced", 0, notEnforced),
                new Charts.Bar("not evaluated", 0, error)), true, "no workload ports in the input");
    }

    private Image expiryChart() throws DocumentException {
        Map<CertificateRows.Horizon, Integer> h = CertificateRows.horizons(CertificateRows.of(report));
        List<Charts.Bar> bars = new ArrayList<>();
        Color[] colours = {new Color(0xB0, 0x1E, 0x1E), new Color(0xE0, 0x6C, 0x2B), new Color(0xE8, 0xB3, 0x1E),
                new Color(0x8D, 0xB5, 0x4A), new Color(0x3C, 0x9A, 0x5F), new Color(0xB0, 0xB0, 0xB0)};
        for (CertificateRows.Horizon k : CertificateRows.Horizon.values()) {
            if (k == CertificateRows.Horizon.UNKNOWN && h.get(k) == 0) {
                continue;
            }
            bars.add(new Charts.Bar(k.label, h.get(k), colours[k.ordinal()]));
        }
        return Charts.bars(writer, "Certificate expiry horizon (from as-of)", bars,
                "no certificate material in this run's input");
    }

    // =================================================================== 2 frameworks

    private void frameworks() throws DocumentException {
        chapter("frameworks", "Frameworks and requirements");
        para("Each framework's requirements are rolled up from the results that evidence them: FAIL if any unwaived "
                + "FAIL on an in-scope subject; else ERROR if any check could not be evaluated; else PASS if anything "
                + "passed; MANUAL and NOT_APPLICABLE as declared. Counts are results per status.");
        int i = 0;
        for (FrameworkView f : ReportIndex.nn(report.frameworks())) {
            i++;
            section("fw-" + i, frameworkTitle(f), i > 1);
            if (f.scope() != null) {
                List<String> ns = ReportIndex.nn(f.scope().namespaces());
                para("Scope: " + f.scope().selector() + ". In-scope namespaces (" + ns.size() + "): "
                        + (ns.isEmpty() ? "none" : abbreviate(ns, 60)) + ".", PdfFonts.font(8.5f));
                List<String> um = ReportIndex.nn(f.scope().unmeshedWorkloads());
                if (!um.isEmpty()) {
                    para("In-scope workloads outside the mesh (" + um.size() + "): " + abbreviate(um, 40) + ".",
                            PdfFonts.font(8.5f));
                }
            }
            Map<Status, Integer> rs = ReportIndex.requirementStatus(f);
            StringBuilder b = new StringBuilder();
            for (Status s : STATUS_ORDER) {
                b.append(b.isEmpty() ? "" : ", ").append(rs.get(s)).append(' ').append(s.name());
            }
            para(ReportIndex.nn(f.requirements()).size() + " requirements: " + b + ".", PdfFonts.font(8.5f));
            PdfPTable t = table(new float[]{1.3f, 3.4f, 1.2f, 2.2f, 0.55f, 0.55f, 0.55f, 0.55f, 0.55f},
                    "Requirement", "Title", "Status", "Mapped rules", "Pass", "Fail", "Err.", "N/A", "Man.");
            t.setComplete(false);
            List<Requirement> manual = new ArrayList<>();
            int rows = 0;
            for (Requirement r : ReportIndex.nn(f.requirements())) {
                Map<String, Integer> c = r.counts() == null ? Map.of() : r.counts();
                t.addCell(cell(r.id(), PdfFonts.bold(TABLE_FONT)));
                Phrase title = new Phrase(PdfFonts.text(r.title() == null || r.title().isEmpty() ? "—" : r.title()),
                        PdfFonts.font(TABLE_FONT));
                String kind = r.kind() == null || "automated".equals(r.kind()) ? "" : r.kind();
                String extra = PdfFonts.lines(List.of(kind, r.note() == null ? "" : r.note(),
                        Boolean.TRUE.equals(r.addressable()) ? "addressable specification" : ""), 600);
                if (!extra.isEmpty()) {
                    title.add(new Chunk("\n" + extra, PdfFonts.font(6.5f, PdfFonts.MUTED)));
                }
                PdfPCell tc = safeCell("", PdfFonts.font(TABLE_FONT));
                tc.setPhrase(title);
                t.addCell(tc);
                t.addCell(status(r.status()));
                t.addCell(cell(String.join(", ", ReportIndex.nn(r.ruleIds()))));
                t.addCell(num(c.getOrDefault("PASS", 0)));
                t.addCell(num(c.getOrDefault("FAIL", 0)));
                t.addCell(num(c.getOrDefault("ERROR", 0)));
                t.addCell(num(c.getOrDefault("NOT_APPLICABLE", 0)));
                t.addCell(num(c.getOrDefault("MANUAL", 0)));
                if (r.status() == Status.MANUAL) {
                    manual.add(r);
                }
                flushIfLarge(t, ++rows);
            }
            finishTable(t);
            if (manual.isEmpty()) {
                note("Manual items: no requirement of this framework is marked MANUAL in this run. Requirements a "
                        + "pack does not map to any rule are not evaluated here and need the assessor's own procedure.");
            } else {
                note("Manual items needing the assessor's attestation (" + manual.size() + "):");
                PdfPTable mt = table(new float[]{1.3f, 3.2f, 4.4f}, "Requirement", "Title", "What the assessor checks");
                for (Requirement r : manual) {
                    mt.addCell(cell(r.id(), PdfFonts.bold(TABLE_FONT)));
                    mt.addCell(cell(r.title()));
                    mt.addCell(cell(r.note() == null || r.note().isEmpty() ? "—" : r.note()));
                }
                doc.add(mt);
            }
        }
        if (i == 0) {
            note("No framework was selected for this run.");
        }
    }

    // =================================================================== 3 findings

    private void findings() throws DocumentException {
        chapter("findings", "Findings");
        List<Result> fails = index.failures();
        List<Result> errors = index.errors();
        boolean blocks = fails.size() + errors.size() <= limits.findingBlocks();
        para(fmt(fails.size()) + " failures and " + fmt(errors.size()) + " checks not evaluated, most severe first. "
                + "Numbers (#) match the Findings sheet of audit.xlsx."
                + (blocks ? "" : " There are more than " + fmt(limits.findingBlocks()) + ", so they are listed as one "
                + "table per rule; expected state, controls and remediation are given once per rule."));
        int n = 0;
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity sev = Severity.values()[i];
            List<Result> list = index.failures(sev);
            section("sev-" + sev.label(), sev.label().substring(0, 1).toUpperCase(Locale.ROOT) + sev.label().substring(1)
                    + " (" + fmt(list.size()) + ")", false);
            if (list.isEmpty()) {
                note("No " + sev.label() + " failures.");
                continue;
            }
            n = blocks ? findingBlocks(list, n) : findingTables(list, n);
        }
        section("errors", "Not evaluated (ERROR, " + fmt(errors.size()) + ")", false);
        if (errors.isEmpty()) {
            note("Every check could be evaluated.");
        } else {
            note("These checks could not be evaluated; the message gives the reason. They are not passes.");
            n = blocks ? findingBlocks(errors, n) : findingTables(errors, n);
        }
        passedChecks();
    }

    private int findingBlocks(List<Result> list, int n) throws DocumentException {
        for (Result r : list) {
            n++;
            PdfPTable t = new PdfPTable(new float[]{1.1f, 5f});
            t.setWidthPercentage(100);
            t.setSplitLate(false);
            t.setKeepTogether(false);
            t.setSpacingAfter(7);
            Color head = r.status() == Status.ERROR ? STATUS.get(Status.ERROR) : SEVERITY.get(r.severity() == null ? Severity.INFO : r.severity());
            Color headInk = r.severity() == Severity.MEDIUM || r.severity() == Severity.LOW ? PdfFonts.INK : Color.WHITE;
            PdfPCell h = cell("#" + n + "  " + (r.status() == Status.ERROR ? "NOT EVALUATED" : r.severity().label().toUpperCase(Locale.ROOT))
                    + "  " + r.ruleId() + " — " + r.title(), PdfFonts.bold(8.5f, r.status() == Status.ERROR ? Color.WHITE : headInk));
            h.setColspan(2);
            h.setBackgroundColor(head);
            h.setBorderColor(head);
            t.addCell(h);
            t.setHeaderRows(1);
            SubjectRef s = r.subject();
            if (r.cluster() != null) {
                findingRow(t, "Cluster", r.cluster());
            }
            findingRow(t, "Subject", s == null ? List.of() : List.of(s.key(), s.uid() == null || s.uid().isEmpty() ? "" : "uid " + s.uid()));
            findingRow(t, "Observed", r.message());
            findingRow(t, "Expected", r.title());
            List<String> ev = EvidenceText.lines(r.evidence());
            if (!ev.isEmpty()) {
                findingRow(t, "Evidence", ev);
            }
            findingRow(t, "Requirements", requirementsText(r));
            findingRow(t, "Controls", String.join(", ", ReportIndex.nn(r.controls())));
            if (r.remediation() != null && !r.remediation().isEmpty()) {
                findingRow(t, "Remediation", r.remediation());
            }
            if (notApplied.containsKey(r.id())) {
                findingRow(t, "Waiver", notAppliedLines(r));
            }
            findingRow(t, "Rule / result", r.ruleId() + " " + r.ruleVersion() + " (" + r.pack() + "), result " + r.id());
            doc.add(t);
        }
        return n;
    }

    /** Why a waiver that names this FAIL did not waive it. */
    private List<String> notAppliedLines(Result r) {
        List<String> out = new ArrayList<>();
        for (WaiverRows.Waiver w : notApplied.getOrDefault(r.id(), List.of())) {
            WaiverEntry e = w.entry();
            out.add("Waiver " + e.id() + " is " + w.status().replace('-', ' ') + " ("
                    + ("expired".equals(w.status()) ? "expired " + e.expires() : "valid from " + e.created())
                    + (e.source() == null ? "" : ", " + e.source()) + "): not applied, this FAIL stands.");
        }
        return out;
    }

    private static void findingRow(PdfPTable t, String k, String v) {
        findingRow(t, k, List.of(v == null ? "" : v));
    }

    private static void findingRow(PdfPTable t, String k, List<String> lines) {
        t.addCell(label(k));
        PdfPCell c = new PdfPCell(new Phrase(PdfFonts.lines(lines, 1500), PdfFonts.font(TABLE_FONT)));
        c.setBorderColor(RULE);
        c.setBorderWidth(0.5f);
        c.setPadding(3);
        c.setPaddingBottom(4);
        c.setLeading(0, 1.2f);
        t.addCell(c);
    }

    private List<String> requirementsText(Result r) {
        Map<String, StringBuilder> byFw = new LinkedHashMap<>();
        for (RequirementRef ref : index.requirementsOf(r)) {
            StringBuilder b = byFw.computeIfAbsent(ReportIndex.frameworkName(ref.framework().id()), k -> new StringBuilder());
            b.append(b.isEmpty() ? "" : ", ").append(ref.requirement().id());
        }
        List<String> out = new ArrayList<>();
        for (var e : byFw.entrySet()) {
            out.add(e.getKey() + ": " + e.getValue());
        }
        return out.isEmpty() ? List.of("—") : out;
    }

    /** Compact form for large runs: per rule a header (expected, controls, remediation) and a table of subjects. */
    private int findingTables(List<Result> list, int n) throws DocumentException {
        int i = 0;
        while (i < list.size()) {
            Result first = list.get(i);
            int j = i;
            while (j < list.size() && list.get(j).ruleId().equals(first.ruleId())) {
                j++;
            }
            keepWithNext(100);
            Paragraph p = new Paragraph();
            p.add(new Chunk(first.ruleId() + " — " + PdfFonts.text(first.title(), 300), PdfFonts.bold(9)));
            p.add(new Chunk("  (" + fmt(j - i) + ")", PdfFonts.font(9, PdfFonts.MUTED)));
            p.setSpacingBefore(6);
            doc.add(p);
            note("Requirements: " + String.join("; ", requirementsText(first)) + ". Remediation: "
                    + (first.remediation() == null ? "—" : first.remediation()));
            PdfPTable t = table(new float[]{0.55f, 2.4f, 2.6f, 2.6f}, "#", "Subject", "Observed", "Evidence");
            t.setComplete(false);
            int rows = 0;
            for (int k = i; k < j; k++) {
                Result r = list.get(k);
                t.addCell(num(++n));
                t.addCell(cell(ReportIndex.subjectKey(r)));
                if (notApplied.containsKey(r.id())) {
                    List<String> lines = new ArrayList<>();
                    lines.add(r.message() == null ? "" : r.message());
                    lines.addAll(notAppliedLines(r));
                    t.addCell(safeCell(PdfFonts.lines(lines, 1500), PdfFonts.font(TABLE_FONT)));
                } else {
                    t.addCell(cell(r.message()));
                }
                t.addCell(cell(EvidenceText.format(r.evidence())));
                flushIfLarge(t, ++rows);
            }
            finishTable(t);
            i = j;
        }
        return n;
    }

    private void passedChecks() throws DocumentException {
        section("passed", "Passed and not applicable checks (summary)", false);
        note("Passes are summarised per rule; every individual result, PASS included, is in the Evidence sheet of "
                + "audit.xlsx and in audit.json.");
        PdfPTable t = table(new float[]{0.9f, 4.4f, 0.7f, 0.7f, 0.7f, 0.7f}, "Rule", "Secure state checked", "PASS",
                "N/A", "FAIL", "ERROR");
        for (RuleTally r : index.rules().values()) {
            t.addCell(cell(r.ruleId(), PdfFonts.bold(TABLE_FONT)));
            t.addCell(cell(r.title()));
            t.addCell(num(r.count(Status.PASS)));
            t.addCell(num(r.count(Status.NOT_APPLICABLE)));
            t.addCell(num(r.count(Status.FAIL)));
            t.addCell(num(r.count(Status.ERROR)));
        }
        if (index.rules().isEmpty()) {
            note("No results.");
        } else {
            doc.add(t);
        }
    }

    // =================================================================== 4 posture

    private void posture() throws DocumentException {
        chapter("posture", "Effective mTLS posture");
        para("The mTLS mode each workload port really enforces, computed as the mesh computes it (policy inheritance "
                + "and port-level overrides). A port enforces mTLS when the workload is in a mesh, inbound traffic "
                + "is captured by the proxy and mTLS is required.");
        if (report.posture() == null) {
            note("No posture in this report.");
            return;
        }
        Map<String, String> mesh = report.posture().mesh();
        if (mesh != null && !mesh.isEmpty()) {
            section("mesh", "Mesh settings read or assumed", false);
            PdfPTable t = table(new float[]{2f, 4f}, "Setting", "Value");
            for (var e : new TreeMap<>(mesh).entrySet()) {
                t.addCell(cell(e.getKey()));
                t.addCell(cell(e.getValue()));
            }
            doc.add(t);
        }
        List<WorkloadEntry> workloads = ReportIndex.nn(report.posture().workloads());
        // per namespace
        Map<String, long[]> byNs = new TreeMap<>();
        int portRows = 0;
        boolean fleet = index.fleet();
        for (WorkloadEntry w : workloads) {
            String ns = w.namespace() == null ? "" : w.namespace();
            long[] c = byNs.computeIfAbsent(fleet ? Objects.toString(w.cluster(), "") + "\u0000" + ns : ns,
                    k -> new long[5]);
            c[0]++;
            c[1] += w.dataplane() != null && !"none".equals(w.dataplane()) ? 1 : 0;
            for (PortEntry p : ReportIndex.nn(w.ports())) {
                c[2]++;
                if (p.error() != null) {
                    c[4]++;
                } else if (ReportIndex.enforced(w, p)) {
                    c[3]++;
                }
                portRows++;
            }
        }
        section("posture-ns", "By namespace", false);
        PdfPTable nt = table(new float[]{2.6f, 1f, 1f, 1f, 1f, 1f, 1f}, fleet ? "Cluster: namespace" : "Namespace",
                "Workloads", "Meshed", "Ports", "mTLS enforced", "Not enforced", "Not evaluated");
        nt.setComplete(false);
        int rows = 0;
        List<Map.Entry<String, long[]>> nsRows = new ArrayList<>(byNs.entrySet());
        if (nsRows.size() > limits.namespaceRows()) {
            // too many to list: the namespaces with ports that do not enforce mTLS (or were not evaluated), worst first
            long[] total = new long[5];
            for (var e : nsRows) {
                for (int i = 0; i < 5; i++) {
                    total[i] += e.getValue()[i];
                }
            }
            nsRows.removeIf(e -> e.getValue()[2] - e.getValue()[3] == 0);
            int gaps = nsRows.size();
            nsRows.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[3] - e.getValue()[2])
                    .thenComparing(Map.Entry::getKey));
            if (nsRows.size() > limits.namespaceRows()) {
                nsRows = nsRows.subList(0, limits.namespaceRows());
            }
            note(fmt(byNs.size()) + " namespaces are more than this PDF lists (" + fmt(limits.namespaceRows()) + "): "
                    + fmt(gaps) + " have workload ports that do not enforce mTLS or were not evaluated; "
                    + (nsRows.size() < gaps ? "the " + fmt(nsRows.size()) + " with the most such ports are" : "they are")
                    + " listed below, most first, after the total over all namespaces. Every namespace and port is in "
                    + "the Posture sheet of audit.xlsx.");
            nsRows.add(0, Map.entry("\u0001", total));
        }
        for (var e : nsRows) {
            long[] c = e.getValue();
            if (e.getKey().equals("\u0001")) {
                nt.addCell(label("All " + fmt(byNs.size()) + " namespaces"));
                for (long v : new long[] {c[0], c[1], c[2], c[3], c[2] - c[3] - c[4], c[4]}) {
                    PdfPCell n = num(v);
                    n.setBackgroundColor(SHADE);
                    nt.addCell(n);
                }
                continue;
            }
            String key = e.getKey();
            int cut = key.indexOf('\u0000');
            String ns = cut < 0 ? key : key.substring(cut + 1);
            nt.addCell(cell((cut < 0 ? "" : key.substring(0, cut) + ": ") + (ns.isEmpty() ? "(cluster-scoped)" : ns)));
            nt.addCell(num(c[0]));
            nt.addCell(num(c[1]));
            nt.addCell(num(c[2]));
            nt.addCell(num(c[3]));
            PdfPCell ne = num(c[2] - c[3] - c[4]);
            if (c[2] - c[3] - c[4] > 0) {
                ne.setBackgroundColor(STATUS_TINT.get(Status.FAIL));
            }
            nt.addCell(ne);
            nt.addCell(num(c[4]));
            flushIfLarge(nt, ++rows);
        }
        finishTable(nt);

        boolean all = portRows <= limits.postureRows();
        section("posture-ports", all ? "Workload × port" : "Workload ports without enforced mTLS", false);
        if (!all) {
            note(fmt(portRows) + " workload ports are more than this PDF lists (" + fmt(limits.postureRows())
                    + "); below are the ports that do not enforce mTLS or could not be evaluated, up to that many. "
                    + "Every port is in the Posture sheet of audit.xlsx and in audit.json.");
        }
        PdfPTable t = table(new float[]{2.7f, 1.2f, 1.0f, 0.95f, 1.5f, 0.95f, 0.95f, 2.5f}, "Workload", "Dataplane",
                "Port", "Captured", "Server mode", "mTLS req.", "Enforced", "Decided by / notes");
        t.setComplete(false);
        rows = 0;
        int skipped = 0;
        outer:
        for (WorkloadEntry w : workloads) {
            String wl = (w.cluster() == null ? "" : w.cluster() + ": ")
                    + (w.namespace() == null || w.namespace().isEmpty() ? "" : w.namespace() + "/") + w.kind() + "/" + w.name();
            List<PortEntry> ports = ReportIndex.nn(w.ports());
            if (ports.isEmpty() && all) {
                t.addCell(cell(wl));
                t.addCell(cell(w.dataplane()));
                PdfPCell c = cell(w.error() != null ? "not evaluated: " + w.error() : "no ports" + (w.notes() == null || w.notes().isEmpty() ? "" : "; " + String.join("; ", w.notes())));
                c.setColspan(6);
                t.addCell(c);
                flushIfLarge(t, ++rows);
                continue;
            }
            for (PortEntry p : ports) {
                boolean enforced = ReportIndex.enforced(w, p);
                if (!all && enforced) {
                    continue;
                }
                if (rows >= limits.postureRows()) {
                    skipped++;
                    continue;
                }
                t.addCell(cell(wl));
                t.addCell(cell(w.dataplane()));
                t.addCell(cell(p.port() + (p.protocol() == null ? "" : "/" + p.protocol())));
                t.addCell(cell(p.inboundCaptured() ? "yes" : "no"));
                t.addCell(cell(p.serverMode()));
                t.addCell(cell(p.mtlsRequired() ? "yes" : "no"));
                PdfPCell e = cell(p.error() != null ? "ERROR" : enforced ? "yes" : "no", PdfFonts.bold(TABLE_FONT));
                e.setBackgroundColor(STATUS_TINT.get(p.error() != null ? Status.ERROR : enforced ? Status.PASS : Status.FAIL));
                t.addCell(e);
                StringBuilder d = new StringBuilder(String.join(", ", ReportIndex.nn(p.decidedBy())));
                if (p.decidedAt() != null) {
                    d.append(d.isEmpty() ? "" : " ").append("(").append(p.decidedAt().toLowerCase(Locale.ROOT)).append(")");
                }
                if (p.captureNote() != null) {
                    d.append("; ").append(p.captureNote());
                }
                if (p.error() != null) {
                    d.append("; ").append(p.error());
                }
                t.addCell(cell(d.toString()));
                flushIfLarge(t, ++rows);
            }
        }
        finishTable(t);
        if (skipped > 0) {
            note(fmt(skipped) + " more ports without enforced mTLS are not listed here; see the Posture sheet of audit.xlsx.");
        }
    }

    // =================================================================== 5 certificates

    private void certificates() throws DocumentException {
        chapter("certificates", "Certificate inventory");
        List<CertificateRows.Row> rows = new ArrayList<>(CertificateRows.of(report));
        if (rows.isEmpty()) {
            para("No certificate material was in this run's input, so no certificate was inventoried or judged.");
            return;
        }
        Map<CertificateRows.Horizon, Integer> h = CertificateRows.horizons(rows);
        StringBuilder b = new StringBuilder();
        for (var e : h.entrySet()) {
            if (e.getValue() > 0) {
                b.append(b.isEmpty() ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().label);
            }
        }
        para(fmt(rows.size()) + " certificates, expiry measured from the as-of time: " + b + ". Listed nearest expiry first"
                + (rows.size() > limits.certificateRows() ? "; the first " + fmt(limits.certificateRows())
                + " are shown, all are in the Certificates sheet of audit.xlsx." : "."));
        rows.sort(Comparator.comparing(CertificateRows.Row::notAfter, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(CertificateRows.Row::fingerprint));
        PdfPTable t = table(new float[]{2.15f, 2.0f, 1.25f, 0.55f, 0.8f, 1.7f, 2.8f}, "Subject", "Issuer", "Not after (UTC)",
                "Days", "Key", "Signature", "SANs / EKU / fingerprint");
        t.setComplete(false);
        int n = 0;
        for (CertificateRows.Row c : rows) {
            if (n >= limits.certificateRows()) {
                break;
            }
            t.addCell(cell(c.subject()));
            t.addCell(cell(c.issuer()));
            t.addCell(cell(c.notAfter() == null ? "unknown" : DAY.format(c.notAfter())));
            PdfPCell d = cell(c.daysLeft() == null ? "—" : String.valueOf(c.daysLeft()));
            d.setHorizontalAlignment(Element.ALIGN_RIGHT);
            if (c.horizon() == CertificateRows.Horizon.EXPIRED || c.horizon() == CertificateRows.Horizon.DAYS_30) {
                d.setBackgroundColor(STATUS_TINT.get(Status.FAIL));
            } else if (c.horizon() == CertificateRows.Horizon.DAYS_90) {
                d.setBackgroundColor(STATUS_TINT.get(Status.ERROR));
            }
            t.addCell(d);
            t.addCell(cell(c.key()));
            t.addCell(cell(c.signature()));
            t.addCell(safeCell(PdfFonts.lines(List.of(c.sans().isEmpty() ? "" : "SANs: " + c.sans(),
                    c.eku().isEmpty() ? "" : "EKU: " + c.eku(), c.fingerprint()), 600), PdfFonts.font(TABLE_FONT)));
            flushIfLarge(t, ++n);
        }
        finishTable(t);
    }

    // =================================================================== 6 waivers

    private void waivers() throws DocumentException {
        chapter("waivers", "Waivers and accepted risks");
        List<Result> waived = index.waived();
        if (waiverList.isEmpty()) {
            para("No waivers in this run. No result has the status WAIVED, so every FAIL in this report stands as "
                    + "found; no risk was accepted through the tool.");
            return;
        }
        Object file = report.metadata() == null || report.metadata().options() == null ? null
                : report.metadata().options().get("waivers");
        para("A waiver accepts the risk of FAIL results of given rules on subjects matching a selector, for a named "
                + "owner, until an expiry date. An active waiver turns those results into WAIVED: they stay listed and "
                + "do not count as FAIL in the requirement roll-up. An expired or not-yet-valid waiver is not applied "
                + "and its results stay FAIL; a stale waiver matches no FAIL. ERROR is never waived."
                + (file == null ? "" : " Waivers file: " + EvidenceText.value(file) + "."));
        if (report.waivers() == null) {
            para("This report records no waivers file (no waivers[] section), yet " + results(waived.size())
                    + (waived.size() == 1 ? " is" : " are") + " WAIVED; the waivers below are as those results carry "
                    + "them, without file, line or status.", PdfFonts.bold(9));
        } else {
            para(waiverCounts() + "; " + results(waived.size()) + " WAIVED; " + fmt(notApplied.size())
                    + " FAIL result" + (notApplied.size() == 1 ? "" : "s") + " named by a waiver that did not apply.",
                    PdfFonts.bold(9));
        }

        section("waiver-register", "Waiver register", false);
        boolean blocks = waiverList.size() <= limits.waiverBlocks();
        if (blocks) {
            for (WaiverRows.Waiver w : waiverList) {
                waiverBlock(w);
            }
        } else {
            note(fmt(waiverList.size()) + " waivers, one row each; the results each names are in the Waivers sheet "
                    + "of audit.xlsx.");
            waiverTable();
        }

        section("waived-results", "Accepted risks: WAIVED results", false);
        if (waived.isEmpty()) {
            note("No result is WAIVED: no waiver applied to a FAIL in this run.");
            return;
        }
        note("Every WAIVED result with the waiver that accepted it, most severe first"
                + (waived.size() > limits.waivedRows() ? "; the first " + fmt(limits.waivedRows()) + " of "
                + fmt(waived.size()) + " are listed, all are in the Waivers sheet of audit.xlsx." : "."));
        PdfPTable t = table(new float[]{0.85f, 0.9f, 2.6f, 3.1f, 1.5f}, "Severity", "Rule", "Subject",
                "Observed / evidence", "Waiver");
        t.setComplete(false);
        int n = 0;
        for (Result r : waived) {
            if (n >= limits.waivedRows()) {
                break;
            }
            t.addCell(severity(r.severity()));
            t.addCell(cell(r.ruleId()));
            t.addCell(cell(ReportIndex.subjectKey(r)));
            t.addCell(safeCell(PdfFonts.lines(List.of(r.message() == null ? "" : r.message(),
                    EvidenceText.format(r.evidence())), 600), PdfFonts.font(TABLE_FONT)));
            WaiverRef ref = r.waiver();
            t.addCell(safeCell(PdfFonts.lines(ref == null ? List.of("not recorded") : List.of(ref.id(),
                    "owner " + Objects.toString(ref.owner(), "—"), "expires " + Objects.toString(ref.expires(), "—")),
                    300), PdfFonts.font(TABLE_FONT)));
            flushIfLarge(t, ++n);
        }
        finishTable(t);
    }

    private static final Map<String, Status> WAIVER_COLOUR = Map.of("active", Status.WAIVED, "expired", Status.FAIL,
            "not-yet-valid", Status.MANUAL, "stale", Status.ERROR);

    /** One waiver as a block: heading with id and status, then who, why, until when, where, and what it names. */
    private void waiverBlock(WaiverRows.Waiver w) throws DocumentException {
        WaiverEntry e = w.entry();
        PdfPTable t = new PdfPTable(new float[]{1.1f, 5f});
        t.setWidthPercentage(100);
        t.setSplitLate(false);
        t.setKeepTogether(false);
        t.setSpacingAfter(7);
        Color head = STATUS.get(WAIVER_COLOUR.getOrDefault(w.status(), Status.NOT_APPLICABLE));
        int named = ReportIndex.nn(e.resultIds()).size();
        PdfPCell h = cell(e.id() + "  " + w.status().replace('-', ' ').toUpperCase(Locale.ROOT) + "  "
                + (e.cluster() == null ? "" : "cluster " + e.cluster() + "  ") + "· " + fmt(named) + " result"
                + (named == 1 ? "" : "s") + " named", PdfFonts.bold(8.5f, Color.WHITE));
        h.setColspan(2);
        h.setBackgroundColor(head);
        h.setBorderColor(head);
        t.addCell(h);
        t.setHeaderRows(1);
        findingRow(t, "Status", WaiverRows.meaning(w.status()));
        if (e.note() != null || w.missing() > 0) {
            findingRow(t, "Note", List.of(Objects.toString(e.note(), ""), w.missing() == 0 ? ""
                    : fmt(w.missing()) + " named results are not in this report"));
        }
        findingRow(t, "Rules", String.join(", ", ReportIndex.nn(e.rules())));
        findingRow(t, "Subject", e.subject() == null ? (w.fromResults() ? "not recorded" : "any subject") : e.subject());
        findingRow(t, "Owner", Objects.toString(e.owner(), "not recorded"));
        findingRow(t, "Approved by", List.of(Objects.toString(e.approvedBy(), "not recorded"),
                e.ticket() == null ? "" : "ticket " + e.ticket()));
        findingRow(t, "Justification", Objects.toString(e.justification(), "not recorded"));
        findingRow(t, "Valid", (e.created() == null ? "" : "from " + e.created() + " ") + "until "
                + Objects.toString(e.expires(), "—"));
        findingRow(t, "Source", e.source() == null ? "the waiver carried by the results (no waivers file entry)"
                : e.source());
        List<String> lines = new ArrayList<>();
        int shown = 0;
        for (Result r : w.results()) {
            if (shown++ >= limits.waiverResults()) {
                lines.add("… " + fmt(w.results().size() - limits.waiverResults()) + " more in the Waivers sheet of "
                        + "audit.xlsx");
                break;
            }
            Integer no = findingNumber.get(r.id());
            lines.add(r.status().name() + " " + label(r.severity()) + "  " + r.ruleId() + "  " + ReportIndex.subjectKey(r)
                    + (no == null ? "" : "  (finding #" + no + ")"));
        }
        findingRow(t, "Results", lines.isEmpty() ? List.of("none: it matches no FAIL result") : lines);
        doc.add(t);
    }

    private static String label(Severity s) {
        return s == null ? "" : s.label();
    }

    /** The register as one table row per waiver, for many waivers. */
    private void waiverTable() throws DocumentException {
        PdfPTable t = table(new float[]{1.2f, 0.95f, 1.9f, 1.5f, 2.4f, 1.2f, 1.2f, 0.7f}, "Waiver", "Status",
                "Rules / subject", "Owner / approver", "Justification", "Valid", "Source", "Results");
        t.setComplete(false);
        int n = 0;
        for (WaiverRows.Waiver w : waiverList) {
            WaiverEntry e = w.entry();
            t.addCell(cell((e.cluster() == null ? "" : e.cluster() + ": ") + e.id(), PdfFonts.bold(TABLE_FONT)));
            PdfPCell st = cell(w.status().replace('-', ' '), PdfFonts.bold(TABLE_FONT, Color.WHITE));
            st.setBackgroundColor(STATUS.get(WAIVER_COLOUR.getOrDefault(w.status(), Status.NOT_APPLICABLE)));
            t.addCell(st);
            t.addCell(safeCell(PdfFonts.lines(List.of(String.join(", ", ReportIndex.nn(e.rules())),
                    Objects.toString(e.subject(), "any subject")), 400), PdfFonts.font(TABLE_FONT)));
            t.addCell(safeCell(PdfFonts.lines(List.of(Objects.toString(e.owner(), "—"),
                    e.approvedBy() == null ? "" : "approved by " + e.approvedBy(),
                    e.ticket() == null ? "" : "ticket " + e.ticket()), 300), PdfFonts.font(TABLE_FONT)));
            t.addCell(cell(Objects.toString(e.justification(), "—")));
            t.addCell(cell((e.created() == null ? "" : e.created() + " → ") + Objects.toString(e.expires(), "—")));
            t.addCell(cell(Objects.toString(e.source(), "—")));
            t.addCell(num(ReportIndex.nn(e.resultIds()).size()));
            flushIfLarge(t, ++n);
        }
        finishTable(t);
    }

    // =================================================================== 7 collection

    private void collection() throws DocumentException {
        chapter("collection", "Collection coverage and issues");
        Metadata m = report.metadata();
        List<CollectionIssue> issues = report.collection() == null ? List.of() : ReportIndex.nn(report.collection().issues());
        if (m != null && m.complete()) {
            para("The run is complete: every input was read and no check was left unevaluated.");
        } else {
            para("The run is INCOMPLETE. What could not be read or evaluated is listed below; checks that depend on "
                    + "it are ERROR (not evaluated), never PASS.");
            if (m != null) {
                for (String r : ReportIndex.nn(m.incompleteReasons())) {
                    para("• " + r, PdfFonts.font(8.5f));
                }
            }
        }
        section("issues", "What was not read (" + fmt(issues.size()) + ")", false);
        if (issues.isEmpty()) {
            note("No collection issues.");
        } else {
            PdfPTable t = table(new float[]{2.6f, 1.1f, 4f}, "Source", "Issue", "Message");
            t.setComplete(false);
            int n = 0;
            for (CollectionIssue i : issues) {
                if (n >= limits.collectionRows()) {
                    break;
                }
                t.addCell(cell(i.source()));
                t.addCell(cell(i.kind()));
                t.addCell(cell(i.message()));
                flushIfLarge(t, ++n);
            }
            finishTable(t);
            if (issues.size() > limits.collectionRows()) {
                note(fmt(issues.size() - limits.collectionRows()) + " more issues are in the Collection sheet of audit.xlsx.");
            }
        }
        section("kinds", "Objects read per kind", false);
        Map<String, Integer> kinds = report.collection() == null || report.collection().kinds() == null ? Map.of()
                : new TreeMap<>(report.collection().kinds());
        if (kinds.isEmpty()) {
            note("No objects were read.");
        } else {
            PdfPTable t = table(new float[]{5f, 1f}, "apiVersion/kind", "Objects");
            long total = 0;
            for (var e : kinds.entrySet()) {
                t.addCell(cell(e.getKey()));
                t.addCell(num(e.getValue() == null ? 0 : e.getValue()));
                total += e.getValue() == null ? 0 : e.getValue();
            }
            t.addCell(label("Total"));
            t.addCell(num(total));
            doc.add(t);
        }
    }

    // =================================================================== 8 method

    private void method() throws DocumentException {
        chapter("method", "Method and scope");
        Metadata m = report.metadata();
        para("Input. " + (m == null ? "" : m.source() + ", input digest " + m.inputDigest() + ". ")
                + "meshaudit reads what the cluster runs (live, or offline from manifests and snapshots) and the "
                + "certificate material it trusts. It never reads private keys and never renders secret data.");
        para("Method. The effective mTLS posture per workload and port is computed as Istio and Linkerd compute it "
                + "(selector over namespace over root-namespace policy, port-level overrides, traffic capture "
                + "exclusions). Rule packs then evaluate one rule per subject; each result names its rule and "
                + "version, the subject (kind, namespace, name, uid), what was observed, what was expected, the "
                + "controls it evidences and the as-of time.");
        para("Statuses. PASS: the subject meets the rule. FAIL: it does not. WAIVED: a FAIL covered by an unexpired "
                + "waiver, still listed. NOT_APPLICABLE: the rule does not apply, with the reason. ERROR: the rule "
                + "could not be evaluated, with the reason; never counted as PASS. MANUAL: needs human attestation.");
        para("Clock. Every time-dependent judgement (certificate validity, expiry horizon) uses the as-of time "
                + (m == null ? "" : m.asOf()) + ". The same input and as-of time give a byte-identical audit.json.");
        StringBuilder scope = new StringBuilder("Scope. ");
        for (FrameworkView f : ReportIndex.nn(report.frameworks())) {
            if (f.scope() != null) {
                scope.append(ReportIndex.frameworkName(f.id())).append(": ").append(f.scope().selector()).append(" (")
                        .append(ReportIndex.nn(f.scope().namespaces()).size()).append(" namespaces). ");
            }
        }
        scope.append("Without a selector a framework covers every namespace except the cluster's system namespaces.");
        para(scope.toString());
        para("Profile and options. " + (m == null ? "" : "Threshold profile " + m.profile()
                + (m.options() == null || m.options().isEmpty() ? "" : "; options " + EvidenceText.format(m.options())) + ". ")
                + "Rule packs are listed with version and SHA-256 on the cover.");
        Object waiversFile = m == null || m.options() == null ? null : m.options().get("waivers");
        para("Waivers. " + (report.waivers() == null ? "No waivers file is recorded in this report"
                + (index.waived().isEmpty() ? "." : "; section 6 lists the WAIVED results with the waiver each carries, if any.")
                : "Waivers are read from " + (waiversFile == null ? "the waivers file" : EvidenceText.value(waiversFile))
                + " and applied after evaluation with the as-of clock: a FAIL whose rule and subject match a waiver in "
                + "force becomes WAIVED and keeps its severity, message and evidence; ERROR is never waived. Section 6 "
                + "lists every waiver with its file and line, including those that did not apply."));
        if (!ReportIndex.nn(report.trend()).isEmpty()) {
            para("History. The trend (section 1) comes from the run history kept with scan --history: one line per run, "
                    + "the last " + report.trend().size() + " runs shown; a rerun with the same run id replaces its line.");
        }
        if (index.fleet()) {
            para("Fleet. This report merges " + index.clusters().size() + " cluster reports (meshaudit merge). Summaries "
                    + "and requirement roll-ups are recomputed over all clusters (a requirement fails if it fails in any "
                    + "cluster); each input report is identified on the cover by its run id and SHA-256.");
        }
        para("Limits of this document. This PDF lists every failure and every unevaluated check; passes are "
                + "summarised per rule, and long tables are capped where stated. audit.xlsx holds every result, port, "
                + "certificate, waiver and collection issue; audit.json is the canonical, complete evidence.");
    }
}
