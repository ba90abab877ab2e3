package org.meshaudit.reports.xlsx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sheet file written on a background thread gets every byte, in order, and its errors reach the writer. */
class BackgroundOutputStreamTest {

    @Test
    void everyByteInOrder() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Random random = new Random(7);
        try (OutputStream out = new FastSheetDataWriter.BackgroundOutputStream(file)) {
            for (int i = 0; i < 300; i++) {
                byte[] chunk = new byte[random.nextInt(i % 50 == 0 ? 300_000 : 70_000)];
                random.nextBytes(chunk);
                int off = chunk.length > 10 ? random.nextInt(10) : 0;
                out.write(chunk, off, chunk.length - off);
                expected.write(chunk, off, chunk.length - off);
                if (i % 97 == 0) {
                    out.write(i);
                    expected.write(i);
                    out.flush();
                    assertArrayEquals(expected.toByteArray(), file.toByteArray(), "flushed");
                }
            }
            out.close();
            out.close(); // POI closes a sheet's writer more than once
        }
        assertArrayEquals(expected.toByteArray(), file.toByteArray());
    }

    @Test
    void failureReachesTheWriter() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        IOException e = assertThrows(IOException.class, () -> {
            try (OutputStream out = new FastSheetDataWriter.BackgroundOutputStream(failing)) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[100_000], 0, 100_000);
                }
            }
        });
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("disk full"), e.toString());
    }
}
