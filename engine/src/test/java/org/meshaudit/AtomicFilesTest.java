package org.meshaudit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTheTargetWholeAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("nested/history.json");
        AtomicFiles.write(target, "first".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(target, "second".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
        assertEquals(List.of("nested"), names());
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of("history.json"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aFailedRenameLeavesWhatWasThereAndNoTemporaryFile() throws IOException {
        Path target = Files.createDirectories(dir.resolve("audit.json")); // a non-empty directory cannot be replaced
        Files.writeString(target.resolve("keep"), "kept");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[] {1, 2, 3}));
        assertTrue(Files.isDirectory(target));
        assertEquals("kept", Files.readString(target.resolve("keep")));
        assertEquals(List.of("audit.json"), names());
    }
}
