package org.meshaudit.collect.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The PEM shortcuts agree with the general way: the strided search for {@code "-----BEGIN "} finds what a byte-by-byte
 * search finds, and the one-pass base64 decoding answers what the JDK decoder answers on the body without
 * whitespace, or declines.
 */
class PemShortcutsTest {

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

    /** The JDK's strict decoding of the body with whitespace removed, or null when it refuses. */
    private static byte[] jdk(byte[] body) {
        StringBuilder sb = new StringBuilder();
        for (byte c : body) {
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                sb.append((char) (c & 0xff));
            }
        }
        try {
            return java.util.Base64.getDecoder().decode(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void plainBase64AgreesWithTheJdkOrDeclines() {
        Random r = new Random(7);
        byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/==== \n\r\t:-\u0000\u00ff"
                .getBytes(StandardCharsets.ISO_8859_1);
        int taken = 0;
        for (int round = 0; round < 100_000; round++) {
            byte[] body;
            if (round % 2 == 0) { // a real body (64-character lines, LF or CRLF), sometimes damaged
                byte[] data = new byte[r.nextInt(round % 8 == 0 ? 1200 : 200)];
                r.nextBytes(data);
                byte[] eol = r.nextInt(4) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'};
                body = ("\n" + java.util.Base64.getMimeEncoder(64, eol).encodeToString(data) + "\n")
                        .getBytes(StandardCharsets.US_ASCII);
                for (int damage = round % 4 == 0 ? 1 + r.nextInt(3) : 0; damage > 0 && body.length > 0; damage--) {
                    body[r.nextInt(body.length)] = alphabet[r.nextInt(alphabet.length)];
                }
            } else {
                body = new byte[r.nextInt(12)];
                for (int i = 0; i < body.length; i++) {
                    body[i] = alphabet[r.nextInt(alphabet.length)];
                }
            }
            byte[] mine = CertReader.plainBase64(body, 0, body.length);
            if (mine != null) {
                taken++;
                byte[] expected = jdk(body);
                assertNotNull(expected, () -> new String(body, StandardCharsets.ISO_8859_1));
                assertArrayEquals(expected, mine, () -> new String(body, StandardCharsets.ISO_8859_1));
            }
        }
        assertEquals(true, taken > 30_000, "taken " + taken);
        for (int len = 1; len < 1000; len += len < 100 ? 1 : 37) { // every undamaged body takes the shortcut
            byte[] data = new byte[len];
            r.nextBytes(data);
            for (byte[] eol : new byte[][] {{'\r', '\n'}, {'\n'}}) {
                byte[] body = (java.util.Base64.getMimeEncoder(64, eol).encodeToString(data) + new String(eol,
                        StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(data, CertReader.plainBase64(body, 0, body.length));
            }
        }
    }
}
