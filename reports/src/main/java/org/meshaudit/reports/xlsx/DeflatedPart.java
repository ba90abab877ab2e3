package org.meshaudit.reports.xlsx;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A sheet's data (the rows between {@code <sheetData>} and {@code </sheetData>}) deflated while it is written, into the
 * sheet's temporary file: a raw deflate segment that ends on a byte boundary without a final block (a sync flush), so
 * that the workbook's writer can put it unchanged between the deflated start and end of the sheet's XML
 * ({@link RawSheetEntries}). The rows are compressed once, on the thread that writes the temporary file, beside the
 * rows being made, and the file holds about a tenth of the XML; before, the XML went to the file as it was, was read
 * back and compressed at the end on the rendering thread (at L two gigabytes of XML, about seven seconds of deflate
 * and three of file input and output after the last row).
 *
 * <p>The writer keeps the CRC-32 and the length of the XML it was given: the zip entry needs them.
 */
final class DeflatedPart extends OutputStream {
    /** An empty final block of fixed Huffman codes: it ends a stream of segments, or a segment read by itself. */
    static final byte[] FINAL_BLOCK = {0x03, 0x00};

    private final OutputStream file;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 16];
    private long size;
    private long compressed;
    private boolean closed;

    /** @param file the temporary file's stream, closed with this one */
    DeflatedPart(OutputStream file, int level) {
        this.file = file;
        this.deflater = new Deflater(level, true);
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
        if (len == 0) {
            return;
        }
        crc.update(b, off, len);
        size += len;
        deflater.setInput(b, off, len);
        while (!deflater.needsInput()) {
            drain(Deflater.NO_FLUSH);
        }
    }

    /** Writes what the deflater has ready; with SYNC_FLUSH until all of it is out. */
    private int drain(int flush) throws IOException {
        int n = deflater.deflate(buf, 0, buf.length, flush);
        if (n > 0) {
            file.write(buf, 0, n);
            compressed += n;
        }
        return n;
    }

    /** Only the file's own buffers: a deflate flush here would cost compression and is not needed before close. */
    @Override
    public void flush() throws IOException {
        if (!closed) {
            file.flush();
        }
    }

    /** Ends the segment on a byte boundary (a sync flush) and closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            while (drain(Deflater.SYNC_FLUSH) == buf.length) {
                // more output pending
            }
        } finally {
            deflater.end();
            file.close();
        }
    }

    /** CRC-32 of the XML written (call after {@link #close}). */
    long crc() {
        return crc.getValue();
    }

    /** Bytes of XML written. */
    long size() {
        return size;
    }

    /** Bytes of the deflate segment in the file. */
    long compressedSize() {
        return compressed;
    }

    /**
     * The XML of a closed part, inflated from its file, for whoever reads the sheet's data the way POI does ({@code
     * SXSSFSheet.getWorksheetXMLInputStream}); {@link #raw} gives the segment itself.
     */
    final class Reader extends InflaterInputStream {
        private final File source;

        Reader(FileInputStream in, File source) {
            super(new SequenceInputStream(in, new ByteArrayInputStream(FINAL_BLOCK)), new Inflater(true), 1 << 16);
            this.source = source;
        }

        DeflatedPart part() {
            return DeflatedPart.this;
        }

        /** The deflate segment as written, from the start of the file. */
        InputStream raw() throws IOException {
            return new FileInputStream(source);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                inf.end();
            }
        }
    }
}
