package org.meshaudit.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.RunFacts;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;
import org.meshaudit.reports.common.ReportDigest;
import org.meshaudit.reports.pdf.PdfRenderer;
import org.meshaudit.reports.xlsx.XlsxRenderer;

class RendererGoldenTest {
    static AuditReport demo;
    static byte[] pdf;
    static byte[] xlsx;

    @BeforeAll
    static void render() throws IOException {
        demo = Scenarios.demo();
        pdf = render(new PdfRenderer(), demo);
        xlsx = render(new XlsxRenderer(), demo);
    }

    static byte[] render(Renderer r, AuditReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.render(report, out);
        return out.toByteArray();
    }

    @Test
    void pdfTextPerPageMatchesGolden() throws IOException {
        Golden.check("demo/pdf", Golden.pdfText(pdf));
    }

    @Test
    void xlsxSheetsMatchGolden() throws IOException {
        Golden.check("demo/xlsx", Golden.xlsxCsv(xlsx));
    }

    /** Waivers (active, expired, stale, not yet valid) and a history trend. */
    @Test
    void lifecycleMatchesGolden() throws IOException {
        AuditReport r = Scenarios.lifecycle();
        Golden.check("lifecycle/pdf", Golden.pdfText(render(new PdfRenderer(), r)));
        Golden.check("lifecycle/xlsx", Golden.xlsxCsv(render(new XlsxRenderer(), r)));
    }

    /** A merged fleet report: the cluster of every result, workload and waiver. */
    @Test
    void fleetMatchesGolden() throws IOException {
        AuditReport r = Scenarios.fleet();
        Golden.check("fleet/pdf", Golden.pdfText(render(new PdfRenderer(), r)));
        Golden.check("fleet/xlsx", Golden.xlsxCsv(render(new XlsxRenderer(), r)));
    }

    @Test
    void renderersAreRegistered() {
        List<String> formats = ServiceLoader.load(Renderer.class).stream().map(p -> p.get().format()).sorted().toList();
        assertEquals(List.of("html", "json", "junit", "openreports", "oscal", "pdf", "policyreport", "prometheus", "sarif", "xlsx"), formats);
    }

    @Test
    void reportDigestIsTheDigestOfAuditJson() throws Exception {
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ReportJson.toBytes(demo)));
        assertEquals(expected, ReportDigest.sha256(demo));
        assertTrue(new String(Golden.pdfText(pdf).get("page-01.txt")).contains("sha256:<DIGEST>"));
    }

    /** The digest the JSON renderer remembers while writing is that of what it wrote, and only for that report. */
    @Test
    void digestRememberedByTheJsonRendererIsThatOfItsBytes() throws Exception {
        AuditReport fleet = Scenarios.fleet();
        byte[] written = render(new org.meshaudit.reports.json.JsonRenderer(), fleet);
        String ofBytes = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(written));
        assertEquals(ofBytes, ReportDigest.sha256(fleet));
        String ofDemo = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(ReportJson.toBytes(demo)));
        assertEquals(ofDemo, ReportDigest.sha256(demo), "another report is digested anew");
        assertEquals(ofBytes, ReportDigest.sha256(Scenarios.fleet()), "an equal report read again is digested anew");
    }

    /**
     * A run whose formats show no digest writes the same audit.json without hashing it; with a PDF among them, the
     * JSON renderer computes the digest the cover shows.
     */
    @Test
    void theJsonIsHashedOnlyWhenAFormatOfTheRunCitesItsDigest() throws Exception {
        Renderer json = new org.meshaudit.reports.json.JsonRenderer();
        RunFacts jsonAlone = RunFacts.NONE.writing(List.of(json, new XlsxRenderer()));
        RunFacts withPdf = RunFacts.NONE.writing(List.of(json, new PdfRenderer()));
        assertFalse(jsonAlone.digestCited());
        assertTrue(withPdf.digestCited());
        assertTrue(RunFacts.NONE.digestCited(), "not knowing the formats, the digest is computed");

        AuditReport fleet = Scenarios.fleet();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        json.render(fleet, jsonAlone, plain);
        assertArrayEquals(ReportJson.toBytes(fleet), plain.toByteArray());
        ByteArrayOutputStream hashed = new ByteArrayOutputStream();
        json.render(fleet, withPdf, hashed);
        assertArrayEquals(plain.toByteArray(), hashed.toByteArray());
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain.toByteArray())),
                ReportDigest.sha256(fleet));
    }

    /** A digest asked for while the JSON renderer writes that report (on another thread) waits for its digest. */
    @Test
    void digestAskedWhileTheJsonIsWrittenWaitsForIt() throws Exception {
        AuditReport fleet = Scenarios.fleet();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ByteArrayOutputStream held = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (started.getCount() > 0) {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.write(b, off, len);
            }
        };
        Thread json = new Thread(() -> {
            try {
                new org.meshaudit.reports.json.JsonRenderer().render(fleet, held);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        json.start();
        started.await();
        java.util.concurrent.FutureTask<String> asked = new java.util.concurrent.FutureTask<>(() -> ReportDigest.sha256(fleet));
        new Thread(asked).start();
        Thread.sleep(200);
        assertTrue(!asked.isDone(), "waits while the JSON is written");
        release.countDown();
        json.join();
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(held.toByteArray())),
                asked.get());
    }

    /** A JSON write that fails leaves no digest behind: the next reader computes it. */
    @Test
    void failedJsonWriteLeavesTheDigestToBeComputed() throws Exception {
        AuditReport fleet = Scenarios.fleet();
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> new org.meshaudit.reports.json.JsonRenderer().render(fleet, broken));
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(ReportJson.toBytes(fleet))), ReportDigest.sha256(fleet));
    }

    /** The counts the renderers report while writing (the benchmark's rows/s and pages) match the files. */
    @Test
    void renderersCountRowsAndPagesTheyWrite() throws IOException {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        org.meshaudit.api.RenderStats stats = (what, n) -> counts.merge(what, n, Long::sum);
        new XlsxRenderer().render(demo, org.meshaudit.api.RunFacts.NONE, new ByteArrayOutputStream(), stats);
        new PdfRenderer().render(demo, org.meshaudit.api.RunFacts.NONE, new ByteArrayOutputStream(), stats);
        long rows = 0;
        for (var e : Golden.xlsxCsv(xlsx).entrySet()) {
            long n = e.getValue().lines().count() - 1; // header
            String sheet = e.getKey().replace(".csv", "");
            assertEquals(n, counts.get("rows." + sheet), sheet);
            rows += n;
        }
        assertEquals(rows, counts.get("rows"));
        assertEquals(Long.parseLong(Golden.pdfText(pdf).get("pages.txt").strip()), counts.get("pages"));
    }

    @Test
    void pdfTextIsStableAcrossRuns() throws IOException {
        assertEquals(Golden.pdfText(pdf), Golden.pdfText(render(new PdfRenderer(), demo)));
    }

    @Test
    void pdfEmbedsOnlyTheBundledFont() throws IOException {
        String raw = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("DejaVuSansCondensed"), "bundled font used");
        assertTrue(raw.contains("/FontFile2"), "font program embedded");
        assertTrue(!raw.contains("/BaseFont/Helvetica"), "no non-embedded standard-14 font");
    }

    @Test
    void pdfHasOutlineAndPageNumbers() throws IOException {
        var reader = new com.lowagie.text.pdf.PdfReader(pdf);
        try {
            var bookmarks = com.lowagie.text.pdf.SimpleBookmark.getBookmarkList(reader);
            assertEquals(8, bookmarks.size(), "one bookmark per chapter");
            assertEquals("1 Executive summary", bookmarks.get(0).get("Title"));
            int n = reader.getNumberOfPages();
            String last = new com.lowagie.text.pdf.parser.PdfTextExtractor(reader).getTextFromPage(n);
            assertTrue(last.contains("Page " + n + " of " + n), last);
        } finally {
            reader.close();
        }
    }

    /**
     * The contents are laid out last and moved behind the cover: every bookmark must open the page that carries its
     * heading, and the contents must give that same page for it.
     */
    @Test
    void contentsAndBookmarksGiveThePageOfEachHeading() throws IOException {
        assertEquals(1, contentsGivePagesOfHeadings(pdf), "the demo's contents fit one page");
    }

    /** Forty frameworks with long titles: contents over several pages, the chapters after them numbered on. */
    @Test
    void contentsOverSeveralPagesKeepThePagesRight() throws IOException {
        List<org.meshaudit.report.FrameworkView> many = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            for (var f : demo.frameworks()) {
                many.add(new org.meshaudit.report.FrameworkView(f.id() + "-" + i, f.version(), f.scope(),
                        f.requirements(), "Copy " + i + " of " + f.title() + ", long enough to wrap in the contents",
                        f.source(),
                        f.profile(), f.summary()));
            }
        }
        AuditReport big = new AuditReport(demo.apiVersion(), demo.kind(), demo.metadata(), demo.summary(), many,
                demo.results(), demo.posture(), demo.certificates(), demo.collection(), demo.waivers(), demo.trend());
        int contentsPages = contentsGivePagesOfHeadings(render(new PdfRenderer(), big));
        assertTrue(contentsPages >= 2, "contents over " + contentsPages + " pages");
    }

    /** Checks every bookmark against its page and the contents; returns the pages the contents take. */
    private static int contentsGivePagesOfHeadings(byte[] file) throws IOException {
        var reader = new com.lowagie.text.pdf.PdfReader(file);
        try {
            var ex = new com.lowagie.text.pdf.parser.PdfTextExtractor(reader);
            assertTrue(ex.getTextFromPage(2).startsWith("Contents"), "contents follow the cover");
            List<java.util.Map<String, Object>> marks = new java.util.ArrayList<>();
            flatten(com.lowagie.text.pdf.SimpleBookmark.getBookmarkList(reader), marks);
            assertTrue(marks.size() > 8, "chapters and their sections");
            var named = com.lowagie.text.pdf.SimpleNamedDestination.getNamedDestination(reader, false);
            List<Integer> at = new java.util.ArrayList<>();
            for (var b : marks) {
                String target = b.get("Page") != null ? (String) b.get("Page") : (String) named.get((String) b.get("Named"));
                at.add(Integer.parseInt(target.split(" ")[0]));
            }
            int firstChapter = at.get(0);
            StringBuilder contents = new StringBuilder();
            for (int p = 2; p < firstChapter; p++) {
                contents.append(ex.getTextFromPage(p));
            }
            String flat = contents.toString().replace("\n", "").replace(" ", "");
            int previous = firstChapter;
            int listed = 0;
            for (int i = 0; i < marks.size(); i++) {
                String title = (String) marks.get(i).get("Title");
                int page = at.get(i);
                assertTrue(page >= previous, title + " comes after the one before");
                previous = page;
                assertTrue(ex.getTextFromPage(page).replace("\n", "").replace(" ", "").contains(title.replace(" ", "")),
                        title + " is on page " + page);
                String key = title.replace(" ", "");
                if (flat.contains(key)) { // the contents list chapters and some sections
                    assertTrue(flat.contains(key + page), title + " listed at page " + page);
                    listed++;
                }
            }
            assertTrue(listed >= 8, "every chapter is in the contents: " + listed);
            int n = reader.getNumberOfPages();
            assertTrue(ex.getTextFromPage(n).contains("Page " + n + " of " + n), "last page numbered");
            return firstChapter - 2;
        } finally {
            reader.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(List<java.util.Map<String, Object>> marks, List<java.util.Map<String, Object>> out) {
        for (var b : marks) {
            out.add(b);
            if (b.get("Kids") != null) {
                flatten((List<java.util.Map<String, Object>>) b.get("Kids"), out);
            }
        }
    }
}
