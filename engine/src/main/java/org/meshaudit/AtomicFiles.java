package org.meshaudit;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files written whole or not at all: the content goes to a temporary name beside the target and is then renamed over
 * it, so that a failed or interrupted run never leaves a half-written file that looks whole (architecture.md).
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target}, creating its directory; the target is replaced whole or left as it was. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            moveOver(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Renames a finished temporary file over {@code target}: atomically where the file system can, else by a plain
     * replacing move. {@code tmp} must be in the target's directory.
     */
    public static void moveOver(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
