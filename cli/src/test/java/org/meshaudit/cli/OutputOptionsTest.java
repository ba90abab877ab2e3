package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.RunFacts;
import org.meshaudit.report.AuditReport;

/** Writing the selected formats: a streaming renderer beside the others, atomically, errors after both are done. */
class OutputOptionsTest {

    /** A renderer that writes its name; {@code gate} (if any) must open before it finishes. */
    private record Fake(String format, boolean streaming, CountDownLatch gate, CountDownLatch done, boolean fails)
            implements Renderer {
        @Override
        public String extension() {
            return format;
        }

        @Override
        public void render(AuditReport report, OutputStream out) throws IOException {
            out.write(format.getBytes(StandardCharsets.UTF_8));
            try {
                if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                    throw new IOException(format + ": the other renderer never ran beside this one");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (done != null) {
                done.countDown();
            }
            if (fails) {
                throw new IOException(format + " failed");
            }
        }
    }

    @Test
    void streamingRendererRunsBesideTheOthers(@TempDir Path dir) throws IOException {
        CountDownLatch pdfDone = new CountDownLatch(1);
        // the JSON stand-in finishes only once the PDF stand-in has finished: sequential writing would wait forever
        Renderer json = new Fake("json", true, pdfDone, null, false);
        Renderer pdf = new Fake("pdf", false, null, pdfDone, false);
        List<Path> files = OutputOptions.writeTo(dir, null, RunFacts.NONE, List.of(json, pdf));
        assertEquals(List.of(dir.resolve("audit.json"), dir.resolve("audit.pdf")), files, "in the order asked for");
        assertEquals("json", Files.readString(dir.resolve("audit.json")));
        assertEquals("pdf", Files.readString(dir.resolve("audit.pdf")));
        try (var left = Files.list(dir)) {
            assertEquals(2, left.count(), "no temporary file left");
        }
    }

    @Test
    void failureBesideIsThrownAfterTheOthersAreWritten(@TempDir Path dir) {
        Renderer json = new Fake("json", true, null, null, true);
        Renderer xlsx = new Fake("xlsx", false, null, null, false);
        IOException e = assertThrows(IOException.class,
                () -> OutputOptions.writeTo(dir, null, RunFacts.NONE, List.of(json, xlsx)));
        assertEquals("json failed", e.getMessage());
        assertTrue(Files.exists(dir.resolve("audit.xlsx")), "the other format is still written");
        assertFalse(Files.exists(dir.resolve("audit.json")), "no partial file under the final name");
    }

    @Test
    void failureHereWaitsForTheFormatBeside(@TempDir Path dir) {
        CountDownLatch pdfDone = new CountDownLatch(1);
        Renderer json = new Fake("json", true, pdfDone, null, false);
        Renderer pdf = new Fake("pdf", false, null, pdfDone, true);
        IOException e = assertThrows(IOException.class,
                () -> OutputOptions.writeTo(dir, null, RunFacts.NONE, List.of(json, pdf)));
        assertEquals("pdf failed", e.getMessage());
        assertTrue(Files.exists(dir.resolve("audit.json")), "the streaming format finished before the error was thrown");
    }
}
