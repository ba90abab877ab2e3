package org.meshaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The input digest is hashed on its own thread: it must still be SHA-256 over name, zero byte, bytes, in order. */
class InputDigestTest {

    private static String expected(Object... nameThenBytes) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            sha.update(((String) nameThenBytes[i]).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update((byte[]) nameThenBytes[i + 1]);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void wholeAndStreamedInputsHashInReadingOrder() throws Exception {
        byte[] a = "apiVersion: v1\nkind: Namespace\n".getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[40 << 20]; // more than the bytes the digest lets wait, so the reader is held back
        new Random(7).nextBytes(big);
        InputDigest d = new InputDigest();
        d.add("a.yaml", a);
        d.start("big.json");
        byte[] buf = new byte[1 << 16];
        for (int off = 0; off < big.length; off += buf.length) {
            int n = Math.min(buf.length, big.length - off);
            System.arraycopy(big, off, buf, 0, n);
            d.update(buf, 0, n);
            Arrays.fill(buf, (byte) 0); // the caller reuses its buffer at once: the digest must have copied it
        }
        Supplier<String> result = d.result();
        assertEquals(expected("a.yaml", a, "big.json", big), result.get());
        assertEquals(result.get(), result.get());
    }

    @Test
    void updatesOfAnySizeFromAnyOffsetAreCopiedWhole() throws Exception {
        byte[] data = new byte[24 << 20]; // past the buffers the digest makes: they are used again
        new Random(11).nextBytes(data);
        int[] sizes = {1, 7, 1 << 16, (1 << 16) + 1, 200_000, 3};
        byte[] buf = new byte[200_000 + 13];
        InputDigest d = new InputDigest();
        d.start("data.json");
        for (int off = 0, k = 0; off < data.length; k++) {
            int n = Math.min(sizes[k % sizes.length], data.length - off);
            System.arraycopy(data, off, buf, 13, n);
            d.update(buf, 13, n);
            Arrays.fill(buf, (byte) 0);
            off += n;
        }
        assertEquals(expected("data.json", data), d.result().get());
    }

    @Test
    void orderAndNamesCount() throws Exception {
        byte[] x = {1, 2, 3};
        byte[] y = {4, 5};
        InputDigest first = new InputDigest();
        first.add("x", x);
        first.add("y", y);
        InputDigest swapped = new InputDigest();
        swapped.add("y", y);
        swapped.add("x", x);
        String one = first.result().get();
        assertEquals(expected("x", x, "y", y), one);
        assertNotEquals(one, swapped.result().get());
    }

    @Test
    void noInputIsTheDigestOfNothing() throws Exception {
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest()),
                new InputDigest().result().get());
    }
}
