package org.meshaudit.collect.cert;

import java.nio.charset.StandardCharsets;

/**
 * Lower-case hex text, as {@code HexFormat.of().formatHex} writes it, from a digit table into one byte array (the JDK
 * 17 formatter appends character by character to a builder; every certificate's sha256 and key identifiers go
 * through here).
 */
final class LowerHex {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private LowerHex() {
    }

    static String of(byte[] b) {
        return of(b, 0, b.length);
    }

    static String of(byte[] b, int from, int to) {
        return of(b, from, to, false);
    }

    /** The hex of {@code b[from, to)}, without its first digit when {@code dropFirstDigit} (and there is one). */
    static String of(byte[] b, int from, int to, boolean dropFirstDigit) {
        byte[] out = new byte[(to - from) * 2];
        for (int i = from, j = 0; i < to; i++, j += 2) {
            int v = b[i] & 0xff;
            out[j] = DIGITS[v >>> 4];
            out[j + 1] = DIGITS[v & 0xf];
        }
        int skip = dropFirstDigit && out.length > 0 ? 1 : 0;
        return new String(out, skip, out.length - skip, StandardCharsets.ISO_8859_1);
    }
}
