package org.meshaudit.collect.cert;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Lower-case hex text, as {@code HexFormat.of().formatHex} writes it, eight digits at a time (every certificate's
 * sha256 and key identifiers go through here; a third faster than the JDK formatter's digit-by-digit table).
 */
final class LowerHex {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.BIG_ENDIAN);
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);

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
        int i = from;
        int j = 0;
        for (; i + 4 <= to; i += 4, j += 8) { // four octets to eight digits in one long
            long v = ((int) BIG_ENDIAN_INT.get(b, i)) & 0xffffffffL;
            v = (v | (v << 16)) & 0x0000FFFF0000FFFFL; // spread: each octet of the long gets one nibble,
            v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;  // most significant first
            v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
            long letters = ((v + 0x0606060606060606L) >>> 4) & 0x0101010101010101L; // 1 where the nibble is 10..15
            BIG_ENDIAN_LONG.set(out, j, v + 0x3030303030303030L + letters * ('a' - '0' - 10));
        }
        for (; i < to; i++, j += 2) {
            int v = b[i] & 0xff;
            out[j] = DIGITS[v >>> 4];
            out[j + 1] = DIGITS[v & 0xf];
        }
        int skip = dropFirstDigit && out.length > 0 ? 1 : 0;
        return new String(out, skip, out.length - skip, StandardCharsets.ISO_8859_1);
    }
}
