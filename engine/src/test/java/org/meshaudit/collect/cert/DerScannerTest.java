package org.meshaudit.collect.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The DER-only walk answers exactly what the general walk answers without BER: the same length or message. */
class DerScannerTest {

    static Object general(byte[] d, int from, int to, int depth) {
        try {
            return DerScanner.general(d, from, to, depth, false);
        } catch (DerScanner.MalformedDerException e) {
            return e.getMessage();
        }
    }

    static Object definite(byte[] d, int from, int to, int depth) {
        try {
            return DerScanner.definite(d, from, to, depth);
        } catch (DerScanner.MalformedDerException e) {
            return e.getMessage();
        }
    }

    @Test
    void definiteAsGeneral() throws Exception {
        Random r = new Random(21);
        List<byte[]> inputs = new ArrayList<>(ExtractorShortcutsTest.baseCertificates());
        byte[] structured = "\u0030\u0080\u00a0\u0081\u0082\u0084\u0085\u001f\u003f\u0000\u0001\u0002\u0004\u007f\u00ff"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 20_000; i++) { // short inputs made mostly of header-like octets
            byte[] b = new byte[r.nextInt(24)];
            for (int j = 0; j < b.length; j++) {
                b[j] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : structured[r.nextInt(structured.length)];
            }
            inputs.add(b);
        }
        inputs.addAll(ExtractorShortcutsTest.withMutants(ExtractorShortcutsTest.baseCertificates(), r, 200));
        int accepted = 0;
        for (byte[] d : inputs) {
            for (int depth : new int[] {0, 1, 2, 3, 5, 32}) {
                int from = d.length == 0 ? 0 : r.nextInt(Math.min(3, d.length));
                int to = d.length - (d.length - from > 2 ? r.nextInt(2) : 0);
                Object expected = general(d, from, to, depth);
                assertEquals(expected, definite(d, from, to, depth), () -> HexFormat.of().formatHex(d));
                accepted += expected instanceof Integer ? 1 : 0;
            }
        }
        assertTrue(accepted > 5_000, "accepted " + accepted);
    }
}
