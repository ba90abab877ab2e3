package org.meshaudit.collect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.meshaudit.Parallel;
import org.meshaudit.api.EngineException;

/**
 * The snapshot's input digest: SHA-256 over each input's name, a zero byte and its bytes, in the order they were
 * read. It is computed on a thread of its own, in that order, while the collector and the stages after it go on: it
 * is first needed for the report's metadata. Until C2 compiles it with the CPU's SHA instructions (and a run under C1
 * alone never does), SHA-256 hashes about 90 MB/s on the benchmark's machine: about a third of a small scan's
 * collect stage, and 2.2 s of M's 3.5, when the reading thread did it.
 */
final class InputDigest {
    /** Bytes handed over and not hashed yet, at most (a slower hash holds the reader back rather than the heap). */
    private static final int QUEUED_BYTES = 16 << 20;
    /** Streamed bytes are copied into buffers of this size, each used again once hashed: no garbage per read. */
    private static final int CHUNK = 1 << 16;
    /** Updated on the digest thread only, and read once it has finished. */
    private final MessageDigest sha;
    /** Bounds the bytes of whole inputs waiting to be hashed (streamed bytes are bounded by the buffers made). */
    private final Semaphore room = new Semaphore(QUEUED_BYTES);
    /**
     * Buffers copied into and not hashed yet, at most QUEUED_BYTES / CHUNK; a permit comes back after its buffer is
     * free again, so no more buffers than that are ever made.
     */
    private final Semaphore buffers = new Semaphore(QUEUED_BYTES / CHUNK);
    /** Hashed buffers, free for the next copy. */
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private ExecutorService worker;
    private Future<?> last;

    InputDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new EngineException("SHA-256 unavailable", e);
        }
    }

    /** An input whose bytes are all at hand; they must not change afterwards. */
    void add(String name, byte[] bytes) {
        start(name);
        queue(bytes, 0, bytes.length);
    }

    /** Starts an input whose bytes follow by {@link #update}. */
    void start(String name) {
        byte[] head = (name + "\0").getBytes(StandardCharsets.UTF_8);
        queue(head, 0, head.length);
    }

    /** More bytes of the input started last; copied, so the caller may reuse its buffer. */
    void update(byte[] bytes, int offset, int length) {
        for (int at = offset, end = offset + length; at < end; at += CHUNK) {
            int n = Math.min(CHUNK, end - at);
            byte[] copy = buffer();
            System.arraycopy(bytes, at, copy, 0, n);
            submit(() -> {
                try {
                    sha.update(copy, 0, n);
                } finally {
                    free.add(copy);
                    buffers.release();
                }
            });
        }
    }

    /** A hashed buffer, or a new one while fewer than the bound exist; waits for the hash to free one otherwise. */
    private byte[] buffer() {
        buffers.acquireUninterruptibly();
        byte[] b = free.poll(); // empty: every buffer made is in use, fewer than the bound
        return b != null ? b : new byte[CHUNK];
    }

    private void queue(byte[] bytes, int offset, int length) {
        int permits = Math.min(length, QUEUED_BYTES);
        room.acquireUninterruptibly(permits);
        submit(() -> {
            try {
                sha.update(bytes, offset, length);
            } finally {
                room.release(permits);
            }
        });
    }

    private void submit(Runnable task) {
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "meshaudit-digest");
                t.setDaemon(true);
                return t;
            });
        }
        last = worker.submit(task); // one thread, tasks in submission order: the digest's order is the reading order
    }

    /**
     * Ends the input: the digest, {@code sha256:<hex>}, once everything handed over is hashed. Asking for it waits for
     * that; the hashing goes on meanwhile.
     */
    Supplier<String> result() {
        Future<?> end = last;
        if (worker != null) {
            worker.shutdown();
            worker = null;
        }
        return new Supplier<>() {
            private String hex;

            @Override
            public synchronized String get() {
                if (hex == null) {
                    if (end != null) {
                        Parallel.join(end);
                    }
                    hex = "sha256:" + HexFormat.of().formatHex(sha.digest());
                }
                return hex;
            }
        };
    }

    /** Stops the digest thread once it has done what it was given (for a snapshot that is not built). */
    void close() {
        if (worker != null) {
            worker.shutdown();
        }
    }
}
