package org.meshaudit.collect.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Integer;
import org.junit.jupiter.api.Test;

/** The table hex writes what the JDK's formatter writes, and serials print as {@code BigInteger.toString(16)}. */
class LowerHexTest {

    @Test
    void asHexFormat() {
        Random r = new Random(11);
        for (int round = 0; round < 2_000; round++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            int from = b.length == 0 ? 0 : r.nextInt(b.length);
            int to = from + (b.length == from ? 0 : r.nextInt(b.length - from + 1));
            assertEquals(HexFormat.of().formatHex(b), LowerHex.of(b));
            assertEquals(HexFormat.of().formatHex(b, from, to), LowerHex.of(b, from, to));
        }
    }

    @Test
    void serialsAsBigInteger() throws Exception {
        Random r = new Random(12);
        for (int round = 0; round < 5_000; round++) {
            BigInteger v = new BigInteger(1 + r.nextInt(160), r);
            if (round % 7 == 0) {
                v = BigInteger.valueOf(round % 300);
            }
            byte[] enc = new ASN1Integer(v).getEncoded();
            assertEquals(v.toString(16), CertificateExtractor.serial(new ASN1Integer(v)), v.toString());
            assertEquals(v.toString(16), CertificateExtractor.serial(enc, 2, enc.length, new ASN1Integer(v)));
        }
    }
}
