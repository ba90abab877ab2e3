package org.meshaudit.reports.xlsx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.streaming.SheetDataWriter;
import org.junit.jupiter.api.Test;
import org.meshaudit.reports.Scenarios;

/** The fast sheet writer escapes exactly as POI's own. */
class FastSheetDataWriterTest {

    static String written(SheetDataWriter w, List<String> texts) throws IOException {
        try {
            for (String t : texts) {
                ((Poi) w).escape(t);
            }
            w.close();
            try (var in = w.getWorksheetXMLInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            w.close();
            ((Poi) w).delete();
        }
    }

    static final class Poi extends SheetDataWriter {
        Poi() throws IOException {
            super();
        }

        /** The temporary file (POI deletes it in dispose, which is not public). */
        void delete() {
            getTempFile().delete();
        }

        void escape(String s) throws IOException {
            outputEscapedString(s);
            _out.write('|');
        }
    }

    @Test
    void sameBytesAsPoi() throws IOException {
        List<String> texts = new ArrayList<>(Scenarios.hostileNames());
        texts.addAll(List.of("", "plain", "a<b>&\"c'\t\r\n\u00A0d", "\u0000\u0001\u001F\u007F\u0080", "\uFFFE\uFFFF\uFFFD",
                "lone \uD800 high, lone \uDC00 low, pair \uD83D\uDD10", "\uD800<\uDC00 split pair",
                "\uD83D\u00A0 high before nbsp", "\uD83D\uFFFF high before U+FFFF", "\uD83D\u0001", "ends high \uD83D", "x".repeat(40_000) + "<" + "y".repeat(20_000)));
        String poi = written(new Poi(), texts);
        FastSheetDataWriter fast = new FastSheetDataWriter();
        StringBuilder b = new StringBuilder();
        try {
            for (String t : texts) {
                fast.outputEscapedString(t);
                fast.outputEscapedString("|");
            }
            fast.close();
            try (var in = fast.getWorksheetXMLInputStream()) {
                b.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            fast.close();
            fast.deleteOnExit();
        }
        assertEquals(poi, b.toString());
    }

    /** Whole rows: cell references, styles, every cell type the renderer writes, gaps, row attributes. */
    @Test
    void rowsSameBytesAsPoi() throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(null, -1, false, false)) { // -1: rows stay in memory
            SXSSFSheet sheet = wb.createSheet("s");
            CellStyle wrap = wb.createCellStyle();
            wrap.setWrapText(true);
            CellStyle top = wb.createCellStyle();
            top.setVerticalAlignment(VerticalAlignment.TOP);
            List<String> texts = new ArrayList<>(Scenarios.hostileNames());
            texts.addAll(List.of("", " leading", "trailing ", "\u00A0nbsp", "\ttab", "plain", "\uD83D\uDD10",
                    // long texts that repeat (the writer copies them after their second time): surrogate halves at the
                    // ends, escapes, non-ASCII
                    "\uDC00" + "long <text> & \"quotes\", ünïcödé 🔐\u00A0\t".repeat(3) + "\uD83D",
                    "dataplane=istio-sidecar; policies=[AuthorizationPolicy/team-00000/allow-callers]"));
            List<SXSSFRow> rows = new ArrayList<>();
            for (int r = 0; r < 40; r++) {
                SXSSFRow row = sheet.createRow(r * 7 + (r > 30 ? 100_000 : 0));
                rows.add(row);
                switch (r % 8) {
                    case 1 -> row.setHeightInPoints(30);
                    case 2 -> row.setZeroHeight(true);
                    case 3 -> row.setRowStyle(wrap);
                    case 4 -> row.setHidden(r % 16 == 4);
                    case 5 -> row.setCollapsed(r % 16 == 5);
                    default -> {
                    }
                }
                int col = 0;
                for (int k = 0; k < 12; k++) {
                    col += 1 + (k * r) % 5 + (k == 11 ? 700 : 0); // gaps, and columns past Z and ZZ
                    Cell c = row.createCell(col);
                    switch ((k + r) % 7) {
                        case 0 -> c.setCellValue(texts.get((k * 7 + r) % texts.size()));
                        case 1 -> c.setCellValue(new double[]{0, 1, -3.5, 1e20, 443, 0.125, 65535}[(k + r) % 7]);
                        case 2 -> c.setCellValue(LocalDateTime.of(2026, 3, 1 + r % 28, k, 7, 9));
                        case 3 -> c.setCellValue(r % 2 == 0);
                        case 4 -> {
                        } // blank
                        case 5 -> c.setCellValue(texts.get((k + r) % texts.size()));
                        default -> c.setCellValue((long) r * k);
                    }
                    if (k % 3 != 0) {
                        c.setCellStyle(k % 3 == 1 ? wrap : top);
                    }
                }
            }
            sheet.groupRow(14, 21);
            Poi poi = new Poi();
            FastSheetDataWriter fast = new FastSheetDataWriter();
            try {
                for (SXSSFRow row : rows) {
                    poi.writeRow(row.getRowNum(), row);
                    fast.writeRow(row.getRowNum(), row);
                    assertEquals(poi.getNumberOfFlushedRows(), fast.getNumberOfFlushedRows());
                    assertEquals(poi.getLowestIndexOfFlushedRows(), fast.getLowestIndexOfFlushedRows());
                    assertEquals(poi.getLastFlushedRow(), fast.getLastFlushedRow());
                    assertEquals(poi.getNumberOfCellsOfLastFlushedRow(), fast.getNumberOfCellsOfLastFlushedRow());
                }
                poi.close();
                fast.close();
                byte[] expected;
                try (var in = poi.getWorksheetXMLInputStream()) {
                    expected = in.readAllBytes();
                }
                try (var in = fast.getWorksheetXMLInputStream()) {
                    byte[] actual = in.readAllBytes();
                    assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
                    assertArrayEquals(expected, actual);
                }
                assertTrue(new String(expected, StandardCharsets.UTF_8).contains("outlineLevel=\"1\""), "grouped rows");
            } finally {
                poi.close();
                poi.delete();
                fast.close();
                fast.deleteOnExit();
            }
        }
    }
}
