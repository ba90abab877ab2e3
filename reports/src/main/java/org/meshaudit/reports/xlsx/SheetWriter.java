package org.meshaudit.reports.xlsx;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.poi.common.usermodel.HyperlinkType;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.ComparisonOperator;
import org.apache.poi.ss.usermodel.ConditionalFormattingRule;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Hyperlink;
import org.apache.poi.ss.usermodel.PatternFormatting;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.SheetConditionalFormatting;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFConditionalFormattingRule;
import org.meshaudit.reports.common.SafeText;

/**
 * Streams one sheet: a styled, frozen header row with explicit widths, then typed data rows; {@link #finish()} adds
 * the autofilter and the conditional colours. Every string goes through {@link SafeText#cell} and is written as a
 * string cell, so no data cell is ever a formula. A sheet has at most 1,048,576 rows: the rows beyond continue on
 * sheets of the same columns named {@code NAME (2)}, {@code NAME (3)}... (a cluster of more than a million results
 * has that many Evidence rows), each with its header, filter and colours.
 */
final class SheetWriter {
    /** Excel's cell limit is 32,767 characters; keep room for the marker. */
    static final int MAX_CELL = 32_000;
    /** The last row index of an Excel sheet (1,048,576 rows). */
    static final int LAST_ROW = org.apache.poi.ss.SpreadsheetVersion.EXCEL2007.getLastRowIndex();

    record Column(String title, int width) {
    }

    /** One sheet of this writer's rows and the index of its next row. */
    private static final class Part {
        final SXSSFSheet sheet;
        int next = 1;

        Part(SXSSFSheet sheet) {
            this.sheet = sheet;
        }
    }

    private final SXSSFWorkbook wb;
    private final XlsxStyles styles;
    private final String name;
    private final List<Column> cols;
    private final int lastRow;
    private final List<Part> parts = new java.util.ArrayList<>();
    private Part part;
    private Row row;
    private int col;

    SheetWriter(SXSSFWorkbook wb, XlsxStyles styles, String name, List<Column> cols) {
        this(wb, styles, name, cols, LAST_ROW);
    }

    /** @param lastRow the last row index of each sheet (tests use a small one) */
    SheetWriter(SXSSFWorkbook wb, XlsxStyles styles, String name, List<Column> cols, int lastRow) {
        this.wb = wb;
        this.styles = styles;
        this.name = name;
        this.cols = List.copyOf(cols);
        this.lastRow = lastRow;
        part = newPart(name);
    }

    private Part newPart(String sheetName) {
        SXSSFSheet sheet = wb.createSheet(sheetName);
        Row header = sheet.createRow(0);
        header.setHeightInPoints(30);
        for (int i = 0; i < cols.size(); i++) {
            sheet.setColumnWidth(i, Math.min(255, cols.get(i).width()) * 256);
            Cell c = header.createCell(i);
            c.setCellValue(cols.get(i).title());
            c.setCellStyle(styles.header);
        }
        sheet.createFreezePane(0, 1);
        Part p = new Part(sheet);
        parts.add(p);
        return p;
    }

    SheetWriter row() {
        if (part.next > lastRow) {
            part = newPart(name + " (" + (parts.size() + 1) + ")");
        }
        row = part.sheet.createRow(part.next++);
        col = 0;
        return this;
    }

    SheetWriter text(String s) {
        Cell c = row.createCell(col++);
        if (s != null && !s.isEmpty()) {
            c.setCellValue(SafeText.cell(s, MAX_CELL));
        }
        c.setCellStyle(styles.text);
        return this;
    }

    /** Text in the default style: fixed words, enum names, ids we generate (still guarded). */
    SheetWriter fixed(String s) {
        Cell c = row.createCell(col++);
        if (s != null && !s.isEmpty()) {
            c.setCellValue(SafeText.cell(s, MAX_CELL));
        }
        c.setCellStyle(styles.plain);
        return this;
    }

    SheetWriter wrap(String s) {
        Cell c = row.createCell(col++);
        if (s != null && !s.isEmpty()) {
            c.setCellValue(SafeText.cell(s, MAX_CELL));
        }
        c.setCellStyle(styles.wrap);
        return this;
    }

    SheetWriter num(long n) {
        Cell c = row.createCell(col++);
        c.setCellValue(n);
        c.setCellStyle(styles.integer);
        return this;
    }

    SheetWriter num(Long n) {
        return n == null ? skip() : num(n.longValue());
    }

    SheetWriter percent(double d) {
        Cell c = row.createCell(col++);
        c.setCellValue(d);
        c.setCellStyle(styles.percent);
        return this;
    }

    SheetWriter bool(boolean b) {
        Cell c = row.createCell(col++);
        c.setCellValue(b);
        c.setCellStyle(styles.plain);
        return this;
    }

    SheetWriter date(Instant i) {
        if (i == null) {
            return skip();
        }
        Cell c = row.createCell(col++);
        c.setCellValue(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
        c.setCellStyle(styles.date);
        return this;
    }

    /** A port: a number when it is one, else text ({@code *}, named ports). */
    SheetWriter port(String p) {
        if (p != null && !p.isEmpty() && p.length() < 7 && digits(p)) {
            return num(Long.parseLong(p));
        }
        return text(p);
    }

    /** {@code p.chars().allMatch(Character::isDigit)} without a stream per cell (a port on most Evidence rows). */
    private static boolean digits(String p) {
        for (int i = 0; i < p.length(); i++) {
            if (!Character.isDigit(p.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A text cell linking to a cell of this workbook ({@code 'Sheet'!A5}). */
    SheetWriter link(String s, String target) {
        Cell c = row.createCell(col++);
        c.setCellValue(SafeText.cell(s, MAX_CELL));
        if (target != null) {
            Hyperlink h = wb.getCreationHelper().createHyperlink(HyperlinkType.DOCUMENT);
            h.setAddress(target);
            c.setHyperlink(h);
            c.setCellStyle(styles.link);
        } else {
            c.setCellStyle(styles.text);
        }
        return this;
    }

    SheetWriter skip() {
        col++;
        return this;
    }

    // Every cell gets an explicit style (the workbook default for plain cells): a cell without one makes SXSSF look
    // up its column's default style in the sheet's XML column list when the row is flushed, which cost more than
    // writing the cell. The file is the same (style 0 is not written).

    /** Autofilter over header and data; conditional fills are added by the caller through {@link #colour}. */
    void finish() {
        for (Part p : parts) {
            int last = Math.max(1, p.next - 1);
            p.sheet.setAutoFilter(new CellRangeAddress(0, last, 0, cols.size() - 1));
        }
    }

    /**
     * Colours cells of {@code column} whose value equals one of {@code values} (case-insensitive, as Excel compares),
     * over every data row, with the matching fill.
     */
    void colour(int column, List<String> values, List<byte[]> fills) {
        for (Part p : parts) {
            colour(p, column, values, fills);
        }
    }

    private static void colour(Part p, int column, List<String> values, List<byte[]> fills) {
        int last = Math.max(1, p.next - 1);
        SheetConditionalFormatting cf = p.sheet.getSheetConditionalFormatting();
        String colRef = CellReference.convertNumToColString(column);
        CellRangeAddress[] range = {new CellRangeAddress(1, last, column, column)};
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            ConditionalFormattingRule rule = v.equals("TRUE") || v.equals("FALSE")
                    ? cf.createConditionalFormattingRule("$" + colRef + "2=" + v)
                    : cf.createConditionalFormattingRule(ComparisonOperator.EQUAL, "\"" + v + "\"");
            PatternFormatting pf = rule.createPatternFormatting();
            ((org.apache.poi.xssf.usermodel.XSSFPatternFormatting) pf)
                    .setFillBackgroundColor(new XSSFColor(fills.get(i), null));
            pf.setFillPattern(FillPatternType.SOLID_FOREGROUND.getCode());
            if (rule instanceof XSSFConditionalFormattingRule) {
                cf.addConditionalFormatting(range, rule);
            }
        }
    }
}
