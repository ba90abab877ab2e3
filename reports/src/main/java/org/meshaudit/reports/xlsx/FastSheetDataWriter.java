package org.meshaudit.reports.xlsx;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/**
 * POI's SXSSF sheet writer with the same bytes, written faster. POI's {@code SheetDataWriter} pays per cell for a
 * {@code CellReference} and its string, an {@code Integer.toString} of the style, a dozen small {@code Writer.write}
 * calls (each a copy into a {@code BufferedWriter}, later re-encoded by an {@code OutputStreamWriter}), and escapes
 * text one code point at a time; with about 1,400 bytes of XML per Evidence row that was most of the renderer's CPU.
 * Here a cell's reference is its column's cached letters and the row's number, written once per row; the fixed
 * parts of a cell are pre-encoded bytes; text is escaped and encoded to UTF-8 in one pass into a byte buffer
 * ({@link Utf8Buffer}), repeated long texts are copied (see {@link #text}); a row's cells are taken in order from its
 * map instead of looked up column by column; the temporary file is deflated and written on a background thread
 * ({@link BackgroundOutputStream}, {@link DeflatedPart}).
 *
 * <p>The escaping rules are POI 5's ({@code SheetDataWriter.outputEscapedString}), the encoding is that of POI's
 * {@code OutputStreamWriter} (UTF-8, {@code ?} for an unpaired surrogate); {@code FastSheetDataWriterTest} compares
 * the bytes with POI's own writer.
 */
final class FastSheetDataWriter extends SheetDataWriter {

    private static final byte[] ROW_START = ascii("<row r=\"");
    private static final byte[] CUSTOM_HEIGHT = ascii(" customHeight=\"1\" ht=\"");
    private static final byte[] HIDDEN_TRUE = ascii(" hidden=\"1\"");
    private static final byte[] HIDDEN_FALSE = ascii(" hidden=\"0\"");
    private static final byte[] COLLAPSED_TRUE = ascii(" collapsed=\"1\"");
    private static final byte[] COLLAPSED_FALSE = ascii(" collapsed=\"0\"");
    private static final byte[] ROW_OPENED = ascii(">\n");
    private static final byte[] ROW_END = ascii("</row>\n");
    private static final byte[] CELL_START = ascii("<c r=\"");
    private static final byte[] INLINE_STRING = ascii(" t=\"inlineStr\"><is><t");
    private static final byte[] PRESERVE = ascii(" xml:space=\"preserve\"");
    private static final byte[] STRING_END = ascii("</t></is></c>");
    private static final byte[] NUMBER = ascii(" t=\"n\"><v>");
    private static final byte[] VALUE_END = ascii("</v></c>");
    private static final byte[] BOOLEAN_TRUE = ascii(" t=\"b\"><v>1</v></c>");
    private static final byte[] BOOLEAN_FALSE = ascii(" t=\"b\"><v>0</v></c>");
    private static final byte[] BLANK = ascii("></c>");

    /** Column letters ({@code A}, {@code AB}) by column index, as {@link CellReference} writes them. */
    private byte[][] columns = new byte[32][];
    /** {@code " s=\"N\""} by style index; style 0 is not written, as POI does not. */
    private byte[][] styles = new byte[16][];
    /** The 1-based number of the row being written, set once per row. */
    private byte[] rowNumber;

    FastSheetDataWriter() throws IOException {
        super();
    }

    @Override
    public Writer createWriter(File fd) throws IOException {
        return new Utf8Buffer(new BackgroundOutputStream(decorateOutputStream(new FileOutputStream(fd))));
    }

    /**
     * The sheet's rows deflated into the temporary file as they are written ({@link DeflatedPart}). Set by the
     * superclass's constructor (through {@link #createWriter}), hence no initializer here.
     */
    private DeflatedPart part;

    @Override
    protected OutputStream decorateOutputStream(FileOutputStream fos) {
        part = new DeflatedPart(fos, XlsxRenderer.DEFLATE_LEVEL);
        return part;
    }

    /** The rows as XML, inflated from the file; a {@link DeflatedPart.Reader}, which also gives the raw segment. */
    @Override
    protected InputStream decorateInputStream(FileInputStream fis) {
        return part.new Reader(fis, getTempFile());
    }

    /** The temporary file is also deleted at JVM exit (for a warm-up the JVM may end in the middle of). */
    void deleteOnExit() {
        getTempFile().deleteOnExit();
    }

    private Utf8Buffer out() {
        return (Utf8Buffer) _out;
    }

    // The row bookkeeping of POI's writeRow, kept here because writeRow is replaced (its fields are private); SXSSF
    // reads it through these getters.
    private int flushedRows;
    private int lowestFlushedRow;
    private int cellsOfLastFlushedRow;
    private int lastFlushedRow = -1;

    @Override
    public int getNumberOfFlushedRows() {
        return flushedRows;
    }

    @Override
    public int getNumberOfCellsOfLastFlushedRow() {
        return cellsOfLastFlushedRow;
    }

    @Override
    public int getLowestIndexOfFlushedRows() {
        return lowestFlushedRow;
    }

    @Override
    public int getLastFlushedRow() {
        return lastFlushedRow;
    }

    /**
     * POI's row: the same bookkeeping and {@code <row>} element, but the cells are taken in order from the row's
     * map ({@link SXSSFRow#cellIterator()}) where POI looks every column index up in it, which cost more than
     * writing the cell.
     */
    @Override
    public void writeRow(int rownum, SXSSFRow row) throws IOException {
        if (flushedRows == 0) {
            lowestFlushedRow = rownum;
        }
        lastFlushedRow = Math.max(rownum, lastFlushedRow);
        cellsOfLastFlushedRow = row.getLastCellNum();
        flushedRows++;
        rowNumber = ascii(Integer.toString(rownum + 1));
        Utf8Buffer out = out();
        out.write(ROW_START);
        out.write(rowNumber);
        out.write('"');
        if (row.hasCustomHeight()) {
            out.write(CUSTOM_HEIGHT);
            out.write(Float.toString(row.getHeightInPoints()));
            out.write('"');
        }
        if (row.getZeroHeight()) {
            out.write(HIDDEN_TRUE);
        }
        if (row.isFormatted()) {
            out.write(" s=\"" + (row.getRowStyle().getIndex() & 0xffff) + "\" customFormat=\"1\"");
        }
        if (row.getOutlineLevel() != 0) {
            out.write(" outlineLevel=\"" + row.getOutlineLevel() + "\"");
        }
        if (row.getHidden() != null) {
            out.write(row.getHidden() ? HIDDEN_TRUE : HIDDEN_FALSE);
        }
        if (row.getCollapsed() != null) {
            out.write(row.getCollapsed() ? COLLAPSED_TRUE : COLLAPSED_FALSE);
        }
        out.write(ROW_OPENED);
        for (Iterator<Cell> cells = row.cellIterator(); cells.hasNext(); ) {
            Cell cell = cells.next();
            writeCell(cell.getColumnIndex(), cell);
        }
        out.write(ROW_END);
    }

    @Override
    public void writeCell(int columnIndex, Cell cell) throws IOException {
        if (cell == null) {
            return;
        }
        CellType type = cell.getCellType();
        if (type != CellType.STRING && type != CellType.NUMERIC && type != CellType.BOOLEAN
                && type != CellType.BLANK) {
            // the renderer writes no formula (SheetWriter: every text is a string cell) and no error cell; POI's
            // own writeCell would need the row state of the replaced writeRow
            throw new IllegalStateException("not a cell type of this workbook: " + type);
        }
        Utf8Buffer out = out();
        out.write(CELL_START);
        out.write(column(columnIndex));
        out.write(rowNumber);
        out.write('"');
        int style = cell.getCellStyle().getIndex() & 0xffff;
        if (style != 0) {
            out.write(style(style));
        }
        switch (type) {
            case STRING -> {
                String s = cell.getStringCellValue();
                out.write(INLINE_STRING);
                if (hasLeadingTrailingSpaces(s)) {
                    out.write(PRESERVE);
                }
                out.write('>');
                text(out, s);
                out.write(STRING_END);
            }
            case NUMERIC -> {
                out.write(NUMBER);
                out.write(Double.toString(cell.getNumericCellValue()));
                out.write(VALUE_END);
            }
            case BOOLEAN -> out.write(cell.getBooleanCellValue() ? BOOLEAN_TRUE : BOOLEAN_FALSE);
            default -> out.write(BLANK);
        }
    }

    // Long texts repeat within a sheet as the same String instance: the engine shares a rule's message and controls
    // among its results, and the renderer formats each shared evidence map once. Their escaped UTF-8 is kept by
    // identity in a small direct-mapped table, kept from a text's second sighting on (unless another text took its
    // slot), so that a repeated text is escaped once and then copied (Evidence at S: 11 of the 13.5 million
    // characters of text are messages, evidence and controls, of a few hundred distinct values).
    // Shorter texts are mostly unique ids and names; longer ones would cost too much memory.
    private static final int CACHE_SLOTS = 1 << 10;
    private static final int CACHE_MIN = 40;
    private static final int CACHE_MAX = 2_048;
    private String[] cachedTexts;
    private byte[][] cachedBytes;
    private Utf8Buffer scratch;
    private java.io.ByteArrayOutputStream scratchBytes;

    /** A cell's text, escaped and encoded, or copied when it was before. */
    private void text(Utf8Buffer out, String s) throws IOException {
        int n = s.length();
        if (n < CACHE_MIN || n > CACHE_MAX) {
            out.escaped(s);
            return;
        }
        if (cachedTexts == null) {
            cachedTexts = new String[CACHE_SLOTS];
            cachedBytes = new byte[CACHE_SLOTS][];
            scratchBytes = new java.io.ByteArrayOutputStream(CACHE_MAX * 3);
            scratch = new Utf8Buffer(scratchBytes, 1 << 13);
        }
        int slot = System.identityHashCode(s) & (CACHE_SLOTS - 1);
        if (cachedTexts[slot] != s) {
            cachedTexts[slot] = s;
            cachedBytes[slot] = null;
            out.escaped(s);
            return;
        }
        byte[] b = cachedBytes[slot];
        if (b == null) {
            // the same bytes as escaping into the sheet: a text is always between '>' and '</t>', so a surrogate
            // half at either end becomes '?' there as here
            scratchBytes.reset();
            scratch.escaped(s);
            scratch.finish();
            b = scratchBytes.toByteArray();
            cachedBytes[slot] = b;
        }
        out.write(b);
    }

    /** POI's test for {@code xml:space="preserve"} (its own is package-private). */
    private static boolean hasLeadingTrailingSpaces(String str) {
        if (str != null && !str.isEmpty()) {
            return Character.isWhitespace(str.charAt(0)) || Character.isWhitespace(str.charAt(str.length() - 1));
        }
        return false;
    }

    @Override
    protected void outputEscapedString(String s) throws IOException {
        if (s != null && !s.isEmpty()) {
            out().escaped(s);
        }
    }

    private byte[] column(int i) {
        if (i >= columns.length) {
            columns = java.util.Arrays.copyOf(columns, Math.max(i + 1, columns.length * 2));
        }
        byte[] c = columns[i];
        if (c == null) {
            c = ascii(CellReference.convertNumToColString(i));
            columns[i] = c;
        }
        return c;
    }

    private byte[] style(int i) {
        if (i >= styles.length) {
            styles = java.util.Arrays.copyOf(styles, Math.max(i + 1, styles.length * 2));
        }
        byte[] s = styles[i];
        if (s == null) {
            s = ascii(" s=\"" + i + "\"");
            styles[i] = s;
        }
        return s;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A UTF-8 writer into a byte buffer, without the locking of {@link java.io.BufferedWriter} and the char-to-byte
     * second pass of {@link java.io.OutputStreamWriter}; one thread writes. Encodes as {@code OutputStreamWriter}
     * does with UTF-8: a surrogate pair as four bytes, an unpaired surrogate as {@code ?}, a high surrogate at the
     * end of one write paired with a low one at the start of the next.
     */
    static final class Utf8Buffer extends Writer {
        /** Escapes of the ASCII characters that POI escapes; {@code null}: written as it is. */
        private static final byte[][] ESCAPES = new byte[128][];

        static {
            ESCAPES['<'] = ascii("&lt;");
            ESCAPES['>'] = ascii("&gt;");
            ESCAPES['&'] = ascii("&amp;");
            ESCAPES['"'] = ascii("&quot;");
            ESCAPES['\n'] = ascii("&#xa;");
            ESCAPES['\r'] = ascii("&#xd;");
            ESCAPES['\t'] = ascii("&#x9;");
            // POI replaces the other control characters (not allowed in XML) with '?'
            for (int c = 0; c < ' '; c++) {
                if (ESCAPES[c] == null) {
                    ESCAPES[c] = ascii("?");
                }
            }
        }

        private static final byte[] NBSP = ascii("&#xa0;");

        private final OutputStream out;
        private final byte[] buf;
        private int n;
        /** A high surrogate written last, waiting for its low half; 0 when none. */
        private char high;

        Utf8Buffer(OutputStream out) {
            this(out, 1 << 16);
        }

        Utf8Buffer(OutputStream out, int size) {
            this.out = out;
            this.buf = new byte[size];
        }

        /** Pre-encoded ASCII bytes. */
        void write(byte[] b) throws IOException {
            if (high != 0) {
                unpaired();
            }
            if (b.length > buf.length - n) {
                drain();
            }
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }

        /** Cell text escaped as POI escapes it, then encoded. */
        void escaped(String s) throws IOException {
            int len = s.length();
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c < 0x80 && high == 0) {
                    byte[] e = ESCAPES[c];
                    if (e == null) {
                        if (n == buf.length) {
                            drain();
                        }
                        buf[n++] = (byte) c;
                    } else {
                        write(e);
                    }
                } else if (c == '\u00A0') {
                    write(NBSP);
                } else if (c >= '\uFFFE' || c < 0x80 && ESCAPES[c] != null) {
                    // U+FFFE/U+FFFF become '?' (POI); an escaped ASCII character after a pending high surrogate
                    write(c >= '\uFFFE' ? ESCAPES[0] : ESCAPES[c]);
                } else {
                    put(c); // surrogates, paired or not, go to the encoder as they are, as POI writes them
                }
            }
        }

        @Override
        public void write(int c) throws IOException {
            put((char) c);
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                put(cbuf[i]);
            }
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                put(s.charAt(i));
            }
        }

        @Override
        public void write(String s) throws IOException {
            write(s, 0, s.length());
        }

        private void put(char c) throws IOException {
            if (buf.length - n < 4) {
                drain();
            }
            if (high != 0) {
                if (Character.isLowSurrogate(c)) {
                    int cp = Character.toCodePoint(high, c);
                    high = 0;
                    buf[n++] = (byte) (0xF0 | cp >> 18);
                    buf[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    buf[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    buf[n++] = (byte) (0x80 | cp & 0x3F);
                    return;
                }
                unpaired();
                if (buf.length - n < 4) {
                    drain();
                }
            }
            if (c < 0x80) {
                buf[n++] = (byte) c;
            } else if (c < 0x800) {
                buf[n++] = (byte) (0xC0 | c >> 6);
                buf[n++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c)) {
                high = c;
            } else if (Character.isLowSurrogate(c)) {
                buf[n++] = '?';
            } else {
                buf[n++] = (byte) (0xE0 | c >> 12);
                buf[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[n++] = (byte) (0x80 | c & 0x3F);
            }
        }

        /** A high surrogate not followed by a low one: the encoder's replacement. */
        private void unpaired() throws IOException {
            high = 0;
            if (n == buf.length) {
                drain();
            }
            buf[n++] = '?';
        }

        private void drain() throws IOException {
            if (n > 0) {
                out.write(buf, 0, n);
                n = 0;
            }
        }

        /** Everything written so far to the stream, a pending high surrogate as '?'; the stream stays open. */
        void finish() throws IOException {
            if (high != 0) {
                unpaired();
            }
            drain();
        }

        @Override
        public void flush() throws IOException {
            drain(); // a pending high surrogate stays pending, as in OutputStreamWriter
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (high != 0) {
                unpaired();
            }
            drain();
            out.close();
        }
    }

    /**
     * Writes a sheet's temporary file on a background thread: deflating the XML ({@link DeflatedPart}) and the
     * kernel's copy into the file run beside the rows being made. Written chunks are copied into a few buffers that
     * cycle between this stream and its thread; the thread starts with the first write, {@link #flush} and
     * {@link #close} wait until everything is in the file, and an error of the thread is thrown by the next call.
     */
    static final class BackgroundOutputStream extends OutputStream {
        private static final int BUFFERS = 3;
        private static final int SIZE = 1 << 16;

        /** A chunk for the thread; {@code len < 0}: the stream is closed. */
        private record Chunk(byte[] bytes, int len) {
        }

        private final OutputStream out;
        private final java.util.concurrent.BlockingQueue<byte[]> free =
                new java.util.concurrent.ArrayBlockingQueue<>(BUFFERS);
        private final java.util.concurrent.BlockingQueue<Chunk> full =
                new java.util.concurrent.ArrayBlockingQueue<>(BUFFERS + 1);
        private volatile IOException failure;
        private Thread thread;
        private boolean closed;

        BackgroundOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            if (thread == null) {
                for (int i = 0; i < BUFFERS; i++) {
                    free.add(new byte[SIZE]);
                }
                thread = new Thread(this::run, "meshaudit-xlsx-sheet-file");
                thread.setDaemon(true);
                thread.start();
            }
            while (len > 0) {
                byte[] buf = take(free); // waits while every buffer is still being written
                rethrow();
                int k = Math.min(len, buf.length);
                System.arraycopy(b, off, buf, 0, k);
                put(new Chunk(buf, k));
                off += k;
                len -= k;
            }
        }

        private void run() {
            try {
                while (true) {
                    Chunk c = full.take();
                    if (c.len() < 0) {
                        return;
                    }
                    if (failure == null) {
                        try {
                            out.write(c.bytes(), 0, c.len());
                        } catch (Throwable e) { // the writing thread rethrows it
                            failure = e instanceof IOException io ? io : new IOException(e);
                        }
                    }
                    free.put(c.bytes());
                }
            } catch (InterruptedException e) {
                failure = new java.io.InterruptedIOException("sheet file writer interrupted");
                free.offer(new byte[SIZE]); // wakes a writer waiting for a buffer, which then throws
            }
        }

        @Override
        public void flush() throws IOException {
            if (thread != null && !closed) {
                // every buffer back in the free queue: nothing is waiting to be written
                byte[][] held = new byte[BUFFERS][];
                for (int i = 0; i < BUFFERS; i++) {
                    held[i] = take(free);
                }
                for (byte[] b : held) {
                    free.add(b);
                }
            }
            rethrow();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (thread != null) {
                    put(new Chunk(null, -1));
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while writing a sheet file");
                    }
                }
                rethrow();
            } finally {
                out.close();
            }
        }

        private void rethrow() throws IOException {
            IOException e = failure;
            if (e != null) {
                // a new exception each time: write and then close may both throw it (try-with-resources would add
                // the one exception to itself as suppressed)
                throw new IOException("writing the sheet's temporary file: " + e.getMessage(), e);
            }
        }

        private void put(Chunk c) throws IOException {
            try {
                full.put(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing a sheet file");
            }
        }

        private static byte[] take(java.util.concurrent.BlockingQueue<byte[]> q) throws IOException {
            try {
                return q.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing a sheet file");
            }
        }
    }
}
