package org.meshaudit.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Golden files under {@code src/test/resources/golden/<scenario>/}: PDF as extracted text per page plus the page
 * count, XLSX read back with POI as one CSV per sheet; run id, as-of, version and digests scrubbed.
 * {@code -Dgolden.update=true} rewrites them; review the diff.
 */
final class Golden {
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private Golden() {
    }

    static String scrub(String s) {
        return s.replace("run-0123456789ab", "<RUN-ID>")
                .replace(Scenarios.AS_OF, "<AS-OF>")
                .replaceAll("sha256:[0-9a-f]{64}", "sha256:<DIGEST>")
                .replaceAll("meshaudit \\d+\\.\\d+\\.\\d+\\S*", "meshaudit <VERSION>");
    }

    /** Page text keyed {@code page-NN.txt}, plus {@code pages.txt} with the count. */
    static Map<String, String> pdfText(byte[] pdf) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        PdfReader reader = new PdfReader(pdf);
        try {
            int n = reader.getNumberOfPages();
            out.put("pages.txt", n + "\n");
            PdfTextExtractor ex = new PdfTextExtractor(reader);
            for (int i = 1; i <= n; i++) {
                out.put(String.format("page-%02d.txt", i), scrub(ex.getTextFromPage(i)).stripTrailing() + "\n");
            }
        } finally {
            reader.close();
        }
        return out;
    }

    /** One CSV per sheet; cells shown as type:value so typed cells stay visible ({@code n:} number, {@code d:} date...). */
    static Map<String, String> xlsxCsv(byte[] xlsx) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            DataFormatter fmt = new DataFormatter(java.util.Locale.ROOT);
            for (Sheet sheet : wb) {
                StringBuilder b = new StringBuilder();
                for (Row row : sheet) {
                    StringBuilder line = new StringBuilder();
                    for (int c = 0; c < row.getLastCellNum(); c++) {
                        if (c > 0) {
                            line.append(',');
                        }
                        Cell cell = row.getCell(c);
                        line.append(csv(cell == null ? "" : typed(cell, fmt)));
                    }
                    b.append(scrub(line.toString())).append('\n');
                }
                out.put(sheet.getSheetName() + ".csv", b.toString());
            }
        }
        return out;
    }

    private static String typed(Cell cell, DataFormatter fmt) {
        CellType t = cell.getCellType();
        String link = cell.getHyperlink() == null ? "" : "→" + cell.getHyperlink().getAddress();
        return switch (t) {
            case NUMERIC -> (DateUtil.isCellDateFormatted(cell) ? "d:" + cell.getLocalDateTimeCellValue() : "n:" + fmt.formatCellValue(cell)) + link;
            case BOOLEAN -> "b:" + cell.getBooleanCellValue();
            case FORMULA -> "f:" + cell.getCellFormula();
            case BLANK -> "";
            default -> cell.getStringCellValue().isEmpty() ? "" : cell.getStringCellValue() + link;
        };
    }

    private static String csv(String s) {
        if (s.isEmpty()) {
            return s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Compares (or with {@code -Dgolden.update=true} rewrites) every file of a golden folder. */
    static void check(String dir, Map<String, String> actual) throws IOException {
        Path root = Path.of(System.getProperty("golden.dir", "src/test/resources/golden")).resolve(dir);
        if (UPDATE) {
            if (Files.isDirectory(root)) {
                try (var files = Files.list(root)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(root);
            for (var e : actual.entrySet()) {
                Files.writeString(root.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            return;
        }
        try (var files = Files.list(root)) {
            assertEquals(files.map(p -> p.getFileName().toString()).sorted().toList(),
                    actual.keySet().stream().sorted().toList(), dir + ": golden file set (run with -Dgolden.update=true)");
        }
        for (var e : actual.entrySet()) {
            String expected = Files.readString(root.resolve(e.getKey()), StandardCharsets.UTF_8);
            assertEquals(expected, e.getValue(), dir + "/" + e.getKey() + " differs (run with -Dgolden.update=true and review the diff)");
        }
    }
}
