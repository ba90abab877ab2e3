package org.meshaudit.reports.xlsx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.meshaudit.reports.Scenarios;

/**
 * Sheets whose rows were deflated as they were written go into the zip as raw entries with the same XML that POI's
 * own injection writes, and with sizes and CRCs that a strict reader accepts.
 */
class RawSheetEntriesTest {

    /** POI's injection (the XML of the rows inflated back from the temporary files), or ours. */
    private static SXSSFWorkbook workbook(boolean raw) {
        SXSSFWorkbook wb = new SXSSFWorkbook(null, 1, false, false) {
            @Override
            protected void injectData(org.apache.poi.openxml4j.util.ZipEntrySource source, OutputStream out)
                    throws IOException {
                if (!raw) {
                    super.injectData(source, out);
                    return;
                }
                RawSheetEntries.write(source, createArchiveOutputStream(out), name -> {
                    var x = getSheetFromZipEntryName(name);
                    return x == null ? null : getSheetAt(getXSSFWorkbook().getSheetIndex(x));
                });
            }

            @Override
            protected org.apache.poi.xssf.streaming.SheetDataWriter createSheetDataWriter() throws IOException {
                FastSheetDataWriter w = new FastSheetDataWriter();
                w.deleteOnExit();
                return w;
            }
        };
        wb.setZip64Mode(Zip64Mode.AsNeeded); // as the renderer
        return wb;
    }

    /** Three sheets: many rows of hostile and repeated text with a frozen header and filters, one row, none. */
    private static byte[] written(boolean raw) throws IOException {
        SXSSFWorkbook wb = workbook(raw);
        try {
            wb.getXSSFWorkbook().getProperties().getCoreProperties().setCreated(java.util.Optional.of(new java.util.Date(0)));
            CellStyle fill = wb.createCellStyle();
            fill.setFillForegroundColor(IndexedColors.LIGHT_YELLOW.getIndex());
            fill.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            SXSSFSheet big = wb.createSheet("Evidence");
            big.createFreezePane(0, 1);
            big.setAutoFilter(new CellRangeAddress(0, 0, 0, 3));
            var hostile = Scenarios.hostileNames();
            Random r = new Random(7);
            for (int i = 0; i < 40_000; i++) {
                SXSSFRow row = big.createRow(i);
                row.createCell(0).setCellValue("subject-" + i);
                row.createCell(1).setCellValue(hostile.get(i % hostile.size()));
                row.createCell(2).setCellValue(r.nextInt(1 << 20));
                var c = row.createCell(3);
                c.setCellValue(i % 3 == 0);
                c.setCellStyle(fill);
            }
            big.setColumnWidth(1, 40 * 256);
            wb.createSheet("One").createRow(0).createCell(0).setCellValue("only ☂ row");
            wb.createSheet("Empty");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        } finally {
            wb.close();
        }
    }

    /**
     * Every entry's bytes, read through the central directory with their CRC and size checked against it, and read
     * again as a stream by {@link ZipInputStream} (which checks them against the local headers) with the same bytes.
     */
    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (ZipFile z = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            for (ZipArchiveEntry e : java.util.Collections.list(z.getEntries())) {
                byte[] b;
                try (var in = z.getInputStream(e)) {
                    b = in.readAllBytes();
                }
                assertEquals(e.getSize(), b.length, e.getName());
                CRC32 crc = new CRC32();
                crc.update(b);
                assertEquals(e.getCrc(), crc.getValue(), e.getName());
                out.put(e.getName(), b);
            }
        }
        Map<String, byte[]> streamed = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                streamed.put(e.getName(), in.readAllBytes());
            }
        }
        assertEquals(out.keySet(), streamed.keySet());
        out.forEach((name, b) -> assertArrayEquals(b, streamed.get(name), name));
        return out;
    }

    @Test
    void sameXmlAsPoisInjectionWithCheckedSizesAndCrcs() throws IOException {
        Map<String, byte[]> poi = entries(written(false));
        Map<String, byte[]> ours = entries(written(true));
        assertEquals(poi.keySet(), ours.keySet());
        assertTrue(poi.containsKey("xl/worksheets/sheet1.xml"), poi.keySet().toString());
        for (String name : poi.keySet()) {
            assertArrayEquals(poi.get(name), ours.get(name), name);
        }
        String sheet = new String(ours.get("xl/worksheets/sheet1.xml"), StandardCharsets.UTF_8);
        assertTrue(sheet.contains("<c r=\"A40000\""), "last row present");
        assertTrue(sheet.endsWith("</worksheet>"), "end of the XML after the rows");
        assertTrue(new String(ours.get("xl/worksheets/sheet3.xml"), StandardCharsets.UTF_8)
                .contains("<sheetData>\n</sheetData>"));
        // the file is smaller than its XML: the rows' segment was taken as deflated, not stored
        assertTrue(written(true).length < ours.get("xl/worksheets/sheet1.xml").length / 4);
    }

    @Test
    void combinedCrcIsTheCrcOfTheConcatenation() {
        Random r = new Random(42);
        byte[] all = new byte[300_000];
        r.nextBytes(all);
        for (int[] cut : new int[][]{{0, 0}, {0, 1}, {1, 1}, {5, 5}, {0, 300_000}, {300_000, 300_000}, {1, 299_999},
                {12_345, 200_001}, {150_000, 150_001}}) {
            long a = crc(all, 0, cut[0]);
            long b = crc(all, cut[0], cut[1]);
            long c = crc(all, cut[1], all.length);
            long whole = crc(all, 0, all.length);
            long ab = RawSheetEntries.combine(a, b, cut[1] - cut[0]);
            assertEquals(whole, RawSheetEntries.combine(ab, c, all.length - cut[1]), cut[0] + "/" + cut[1]);
        }
    }

    @Test
    void deflateSegmentsEndToEndAreOneStream() throws Exception {
        byte[] a = "<worksheet><sheetData>\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "<row r=\"1\"/>\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        byte[] c = "</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DeflatedPart rows = new DeflatedPart(file, XlsxRenderer.DEFLATE_LEVEL);
        rows.write(b, 0, 7);
        rows.write(b, 7, b.length - 7);
        rows.close();
        assertEquals(b.length, rows.size());
        assertEquals(crc(b, 0, b.length), rows.crc());
        assertEquals(file.size(), rows.compressedSize());
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        RawSheetEntries.segment(a, stream);
        stream.write(file.toByteArray());
        RawSheetEntries.segment(c, stream);
        stream.write(DeflatedPart.FINAL_BLOCK);
        Inflater inf = new Inflater(true);
        inf.setInput(stream.toByteArray());
        byte[] out = new byte[a.length + b.length + c.length + 16];
        int n = inf.inflate(out);
        assertTrue(inf.finished(), "the last segment ends the stream");
        inf.end();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(a);
        expected.write(b);
        expected.write(c);
        assertArrayEquals(expected.toByteArray(), java.util.Arrays.copyOf(out, n));
    }

    @Test
    void templateSplitAsPoiPlacesTheRows() throws IOException {
        assertSplit("<w><a/><sheetData>\n", "</sheetData><b/></w>", "<w><a/><sheetData/><b/></w>");
        assertSplit("<w><sheetData><row/>", "</sheetData></w>", "<w><sheetData><row/></sheetData></w>");
        assertSplit("<w><sheetData>", "</sheetData>", "<w><sheetData>");
        assertSplit("<w></w><sheetData>\n", "</sheetData>", "<w></w>");
        assertThrows(IOException.class, () -> RawSheetEntries.around(
                "<w><sheetData x=\"1\"/></w>".getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertSplit(String head, String tail, String template) throws IOException {
        byte[][] parts = RawSheetEntries.around(template.getBytes(StandardCharsets.UTF_8));
        assertEquals(head, new String(parts[0], StandardCharsets.UTF_8));
        assertEquals(tail, new String(parts[1], StandardCharsets.UTF_8));
    }

    private static long crc(byte[] b, int from, int to) {
        CRC32 c = new CRC32();
        c.update(b, from, to - from);
        return c.getValue();
    }
}
