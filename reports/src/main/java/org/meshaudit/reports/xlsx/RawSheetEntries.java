package org.meshaudit.reports.xlsx;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.openxml4j.util.ZipArchiveThresholdInputStream;
import org.apache.poi.openxml4j.util.ZipEntrySource;
import org.apache.poi.util.IOUtils;
import org.apache.poi.xssf.streaming.SXSSFSheet;

/**
 * The last step of writing a streaming workbook ({@code SXSSFWorkbook.injectData}): every part of the template
 * workbook is copied into the zip, and each worksheet part gets its rows between the template's XML before and after
 * {@code <sheetData>}, as POI writes them. Here a sheet whose rows are already deflated ({@link DeflatedPart}) is
 * written as a raw zip entry: the start of its XML as a deflate segment, the rows' segment copied from the temporary
 * file as it is, the end of its XML as a segment, then an empty final block. Raw deflate segments that each end on a
 * byte boundary with a non-final block are one valid deflate stream when put end to end, and the final block ends it;
 * the entry's CRC-32 is combined from the three segments' ({@link #combine}). The XML inside is byte for byte the one
 * POI writes ({@code RawSheetEntriesTest}).
 */
final class RawSheetEntries {
    private static final String DATA = "<sheetData";
    private static final String EMPTY = "<sheetData/>";
    private static final String OPEN = "<sheetData>";
    private static final String CLOSE = "</sheetData>";

    private RawSheetEntries() {
    }

    /**
     * Writes every part of {@code source} to {@code zos}, then finishes it.
     *
     * @param sheets the streaming sheet of a worksheet part's name, null for any other part (and chart sheets)
     */
    static void write(ZipEntrySource source, ZipArchiveOutputStream zos, Function<String, SXSSFSheet> sheets)
            throws IOException {
        try {
            for (Enumeration<? extends ZipArchiveEntry> en = source.getEntries(); en.hasMoreElements(); ) {
                ZipArchiveEntry ze = en.nextElement();
                try (InputStream in = source.getInputStream(ze)) {
                    if (in instanceof ZipArchiveThresholdInputStream t) {
                        t.setGuardState(false); // as POI: the template is our own, the sheets are large
                    }
                    SXSSFSheet sheet = sheets.apply(ze.getName());
                    if (sheet == null) {
                        ZipArchiveEntry out = entry(ze);
                        if (ze.getSize() >= 0) {
                            out.setSize(ze.getSize());
                        }
                        zos.putArchiveEntry(out);
                        IOUtils.copy(in, zos);
                        zos.closeArchiveEntry();
                    } else {
                        sheet(ze, in.readAllBytes(), sheet, zos);
                    }
                }
            }
        } finally {
            zos.finish();
            source.close();
        }
    }

    private static void sheet(ZipArchiveEntry ze, byte[] template, SXSSFSheet sheet, ZipArchiveOutputStream zos)
            throws IOException {
        byte[][] around = around(template);
        byte[] head = around[0];
        byte[] tail = around[1];
        try (InputStream data = sheet.getWorksheetXMLInputStream()) { // flushes the last rows, closes the writer
            ZipArchiveEntry out = entry(ze);
            // a raw entry needs Commons Compress's own writer: POI's (Zip64Mode.Always) would not see it
            if (data instanceof DeflatedPart.Reader r && zos.getClass() == ZipArchiveOutputStream.class) {
                DeflatedPart rows = r.part();
                ByteArrayOutputStream headZ = new ByteArrayOutputStream();
                ByteArrayOutputStream tailZ = new ByteArrayOutputStream();
                DeflatedPart start = segment(head, headZ);
                DeflatedPart end = segment(tail, tailZ);
                tailZ.write(DeflatedPart.FINAL_BLOCK);
                out.setMethod(ZipEntry.DEFLATED);
                out.setSize(start.size() + rows.size() + end.size());
                out.setCompressedSize(headZ.size() + rows.compressedSize() + tailZ.size());
                out.setCrc(combine(combine(start.crc(), rows.crc(), rows.size()), end.crc(), end.size()));
                try (InputStream raw = r.raw()) {
                    zos.addRawArchiveEntry(out, new SequenceInputStream(Collections.enumeration(List.of(
                            new ByteArrayInputStream(headZ.toByteArray()), raw,
                            new ByteArrayInputStream(tailZ.toByteArray())))));
                }
            } else { // rows kept as XML: deflated here, as POI does
                zos.putArchiveEntry(out);
                zos.write(head);
                IOUtils.copy(data, zos);
                zos.write(tail);
                zos.closeArchiveEntry();
            }
        }
    }

    private static ZipArchiveEntry entry(ZipArchiveEntry template) {
        ZipArchiveEntry out = new ZipArchiveEntry(template.getName());
        if (template.getTime() >= 0) {
            out.setTime(template.getTime());
        }
        return out;
    }

    /**
     * A worksheet template's XML before and after its rows, as POI's {@code copyStreamAndInjectWorksheet} places
     * them: an empty {@code <sheetData/>} becomes {@code <sheetData>\n} before the rows and {@code </sheetData>}
     * after; an open {@code <sheetData>} keeps what it holds, the rows following it; no sheetData at all puts the
     * rows at the end.
     */
    static byte[][] around(byte[] template) throws IOException {
        String s = new String(template, StandardCharsets.UTF_8);
        int at = s.indexOf(DATA);
        String head;
        String tail;
        if (at < 0) {
            head = s + OPEN + "\n";
            tail = CLOSE;
        } else if (s.startsWith(EMPTY, at)) {
            head = s.substring(0, at) + OPEN + "\n";
            tail = CLOSE + s.substring(at + EMPTY.length());
        } else if (s.startsWith(OPEN, at)) {
            int end = s.indexOf(CLOSE, at);
            head = end < 0 ? s : s.substring(0, end);
            tail = end < 0 ? CLOSE : s.substring(end);
        } else {
            throw new IOException("worksheet part with an unexpected sheetData element");
        }
        return new byte[][]{head.getBytes(StandardCharsets.UTF_8), tail.getBytes(StandardCharsets.UTF_8)};
    }

    /** {@code xml} as a deflate segment ({@link DeflatedPart}) written to {@code into}. */
    static DeflatedPart segment(byte[] xml, ByteArrayOutputStream into) throws IOException {
        DeflatedPart p = new DeflatedPart(into, XlsxRenderer.DEFLATE_LEVEL);
        p.write(xml, 0, xml.length);
        p.close();
        return p;
    }

    /**
     * The CRC-32 of A followed by B, from A's and B's CRCs and B's length. Appending a zero bit to the message is a
     * linear map on the CRC register (a 32×32 matrix over GF(2)); appending {@code lenB} zero bytes is that map to the
     * power 8·lenB, built by repeated squaring, and the CRC of B, which starts from the same register, is then
     * added (the method of zlib's {@code crc32_combine}).
     */
    static long combine(long crcA, long crcB, long lenB) {
        if (lenB <= 0) {
            return crcA;
        }
        long[] odd = new long[32]; // the operator for an odd power of two of zero bits
        long[] even = new long[32];
        odd[0] = 0xEDB88320L; // one zero bit: the reflected polynomial
        for (int n = 1; n < 32; n++) {
            odd[n] = 1L << (n - 1);
        }
        square(even, odd); // two zero bits
        square(odd, even); // four
        long c = crcA;
        long len = lenB;
        while (true) {
            square(even, odd); // the first time: one zero byte; then 4, 16... bytes
            if ((len & 1) != 0) {
                c = times(even, c);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even); // 2, 8, 32... bytes
            if ((len & 1) != 0) {
                c = times(odd, c);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
        }
        return c ^ crcB;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(long[] result, long[] matrix) {
        for (int n = 0; n < 32; n++) {
            result[n] = times(matrix, matrix[n]);
        }
    }
}
