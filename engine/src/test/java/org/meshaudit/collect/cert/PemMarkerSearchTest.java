package org.meshaudit.collect.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The skipping search for {@code "-----BEGIN "} finds exactly what a byte-by-byte search finds. */
class PemMarkerSearchTest {

    private static int naive(byte[] hay) {
        byte[] needle = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void agreesWithByteByByteSearch() {
        Random r = new Random(42);
        byte[] alphabet = "-----BEGIN  EGIN-N\n\u00ff\u0030".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 200_000; round++) {
            byte[] hay = new byte[r.nextInt(40)];
            for (int i = 0; i < hay.length; i++) {
                hay[i] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
            }
            if (r.nextInt(3) == 0 && hay.length >= 11) { // plant the marker, sometimes damaged or overlapping
                int at = r.nextInt(hay.length - 10);
                System.arraycopy("-----BEGIN ".getBytes(StandardCharsets.US_ASCII), 0, hay, at, 11);
                if (r.nextBoolean()) {
                    hay[at + r.nextInt(11)] = alphabet[r.nextInt(alphabet.length)];
                }
            }
            assertEquals(naive(hay), CertReader.indexOfBegin(hay), () -> new String(hay, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void edges() {
        for (String s : new String[] {"", "-----BEGIN", "-----BEGIN ", "------BEGIN X", "x-----BEGIN ",
            "-----BEGIN-----BEGIN ", "----- BEGIN ", "-----BEGIN\n", " -----BEGIN  "}) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertEquals(naive(b), CertReader.indexOfBegin(b), s);
        }
    }
}
