package org.meshaudit.reports.xlsx;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;

/** The workbook's few shared styles (a style per cell would bloat the file). */
final class XlsxStyles {
    final CellStyle header;
    final CellStyle text;
    final CellStyle wrap;
    final CellStyle integer;
    final CellStyle percent;
    final CellStyle date;
    final CellStyle link;
    final CellStyle bold;
    /** The workbook's default style (index 0), set explicitly on plain cells. */
    final CellStyle plain;

    XlsxStyles(SXSSFWorkbook wb) {
        plain = wb.getCellStyleAt(0);
        Font headerFont = wb.createFont();
        headerFont.setBold(true);
        headerFont.setColor(IndexedColors.WHITE.getIndex());
        XSSFCellStyle h = (XSSFCellStyle) wb.createCellStyle();
        h.setFont(headerFont);
        h.setFillForegroundColor(new XSSFColor(new byte[]{(byte) 0x1F, (byte) 0x3A, (byte) 0x5F}, null));
        h.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        h.setBorderBottom(BorderStyle.THIN);
        h.setWrapText(true);
        h.setVerticalAlignment(VerticalAlignment.CENTER);
        header = h;

        text = wb.createCellStyle();
        text.setVerticalAlignment(VerticalAlignment.TOP);

        wrap = wb.createCellStyle();
        wrap.setWrapText(true);
        wrap.setVerticalAlignment(VerticalAlignment.TOP);

        integer = wb.createCellStyle();
        integer.setDataFormat(wb.createDataFormat().getFormat("0"));
        integer.setVerticalAlignment(VerticalAlignment.TOP);

        percent = wb.createCellStyle();
        percent.setDataFormat(wb.createDataFormat().getFormat("0.0%"));

        date = wb.createCellStyle();
        date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
        date.setVerticalAlignment(VerticalAlignment.TOP);

        Font linkFont = wb.createFont();
        linkFont.setUnderline(Font.U_SINGLE);
        linkFont.setColor(IndexedColors.BLUE.getIndex());
        link = wb.createCellStyle();
        link.setFont(linkFont);
        link.setVerticalAlignment(VerticalAlignment.TOP);

        Font b = wb.createFont();
        b.setBold(true);
        bold = wb.createCellStyle();
        bold.setFont(b);
    }
}
