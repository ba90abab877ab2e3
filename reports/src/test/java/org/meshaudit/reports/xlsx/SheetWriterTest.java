package org.meshaudit.reports.xlsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** Rows beyond a sheet's last row continue on sheets of the same columns, each with header, filter and colours. */
class SheetWriterTest {

    @Test
    void rowsBeyondTheLastRowContinueOnNumberedSheets() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SXSSFWorkbook wb = new SXSSFWorkbook(1)) {
            SheetWriter w = new SheetWriter(wb, new XlsxStyles(wb), "Evidence",
                    List.of(new SheetWriter.Column("Id", 10), new SheetWriter.Column("Status", 10)), 10);
            for (int i = 0; i < 25; i++) {
                w.row().fixed("r" + i).fixed(i % 2 == 0 ? "PASS" : "FAIL");
            }
            w.finish();
            w.colour(1, List.of("FAIL", "PASS"), XlsxRenderer.STATUS_FILLS.subList(0, 2));
            wb.write(out);
        }
        try (XSSFWorkbook read = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(3, read.getNumberOfSheets());
            int[] rows = {10, 10, 5};
            String[] names = {"Evidence", "Evidence (2)", "Evidence (3)"};
            int n = 0;
            for (int s = 0; s < 3; s++) {
                XSSFSheet sheet = read.getSheetAt(s);
                assertEquals(names[s], sheet.getSheetName());
                assertEquals("Id", sheet.getRow(0).getCell(0).getStringCellValue(), "header on every part");
                assertEquals(rows[s], sheet.getLastRowNum(), names[s]);
                for (int r = 1; r <= rows[s]; r++, n++) {
                    assertEquals("r" + n, sheet.getRow(r).getCell(0).getStringCellValue());
                }
                assertNotNull(sheet.getCTWorksheet().getAutoFilter(), "filter on " + names[s]);
                assertEquals("A1:B" + (rows[s] + 1), sheet.getCTWorksheet().getAutoFilter().getRef());
                assertEquals(2, sheet.getSheetConditionalFormatting().getNumConditionalFormattings(), names[s]);
                assertNotNull(sheet.getPaneInformation(), "frozen header on " + names[s]);
            }
            assertEquals(25, n, "every row written once");
        }
    }

    @Test
    void aSheetWithinTheLimitIsOneSheet() throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(1)) {
            SheetWriter w = new SheetWriter(wb, new XlsxStyles(wb), "Findings",
                    List.of(new SheetWriter.Column("Id", 10)), 10);
            for (int i = 0; i < 10; i++) {
                w.row().fixed("r" + i);
            }
            w.finish();
            assertEquals(1, wb.getNumberOfSheets());
            Sheet only = wb.getSheetAt(0);
            assertEquals(10, only.getLastRowNum());
            assertEquals(SheetWriter.LAST_ROW, 1_048_575);
        }
    }
}
