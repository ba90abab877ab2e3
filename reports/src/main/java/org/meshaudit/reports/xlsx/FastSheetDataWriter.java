package org.meshaudit.reports.xlsx;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/**
 * POI's SXSSF sheet writer with the same output, written faster: POI escapes a cell's text one code point at a time
 * (a {@code char[]} and a synchronized {@code BufferedWriter.write} per character), which was most of the XLSX
 * renderer's CPU. Here text is scanned per character and written in runs between the characters that need escaping,
 * into an unsynchronized buffer; the escaping rules are POI 5's ({@code SheetDataWriter.outputEscapedString}).
 */
final class FastSheetDataWriter extends SheetDataWriter {

    FastSheetDataWriter() throws IOException {
        super();
    }

    @Override
    public Writer createWriter(File fd) throws IOException {
        FileOutputStream fos = new FileOutputStream(fd);
        OutputStream decorated;
        try {
            decorated = decorateOutputStream(fos);
        } catch (IOException | RuntimeException e) {
            fos.close();
            throw e;
        }
        return new Buffer(new OutputStreamWriter(decorated, StandardCharsets.UTF_8));
    }

    @Override
    protected void outputEscapedString(String s) throws IOException {
        if (s == null || s.isEmpty()) {
            return;
        }
        int n = s.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\n' -> "&#xa;";
                case '\r' -> "&#xd;";
                case '\t' -> "&#x9;";
                case '\u00A0' -> "&#xa0;";
                // POI replaces other control characters and U+FFFE/U+FFFF (not allowed in XML) with '?'; surrogates,
                // paired or not, are written as they are, as POI does
                default -> c < ' ' || c >= '\uFFFE' ? "?" : null;
            };
            if (rep != null) {
                if (i > start) {
                    _out.write(s, start, i - start);
                }
                _out.write(rep);
                start = i + 1;
            }
        }
        if (start < n) {
            _out.write(s, start, n - start);
        }
    }

    /** A character buffer without the per-call locking of {@link java.io.BufferedWriter}; one thread writes. */
    static final class Buffer extends Writer {
        private final Writer out;
        private final char[] buf = new char[1 << 14];
        private int n;

        Buffer(Writer out) {
            this.out = out;
        }

        @Override
        public void write(int c) throws IOException {
            if (n == buf.length) {
                drain();
            }
            buf[n++] = (char) c;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            if (len >= buf.length) {
                drain();
                out.write(cbuf, off, len);
                return;
            }
            if (len > buf.length - n) {
                drain();
            }
            System.arraycopy(cbuf, off, buf, n, len);
            n += len;
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            while (len > 0) {
                if (n == buf.length) {
                    drain();
                }
                int k = Math.min(len, buf.length - n);
                s.getChars(off, off + k, buf, n);
                n += k;
                off += k;
                len -= k;
            }
        }

        @Override
        public void write(String s) throws IOException {
            write(s, 0, s.length());
        }

        private void drain() throws IOException {
            if (n > 0) {
                out.write(buf, 0, n);
                n = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            drain();
            out.close();
        }
    }
}
