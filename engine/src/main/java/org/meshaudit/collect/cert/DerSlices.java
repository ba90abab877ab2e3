package org.meshaudit.collect.cert;

/**
 * Positions of a few fields inside certificate bytes that {@link org.meshaudit.collect.cert.DerScanner} has already
 * accepted and BouncyCastle has parsed, so that the extractor can compare and cache names by their original bytes and
 * read an RSA modulus size without re-encoding or building big integers. Every method answers null when the bytes do
 * not have exactly the expected shape; callers then take the general BouncyCastle path.
 */
final class DerSlices {
    private DerSlices() {
    }

    /** {valueStart, valueEnd} of the definite-length element at {@code off}, within {@code end}, or null. */
    static int[] tlv(byte[] d, int off, int end, int tag) {
        if (off + 2 > end || (d[off] & 0xff) != tag) {
            return null;
        }
        int p = off + 1;
        int first = d[p++] & 0xff;
        long len;
        if (first < 0x80) {
            len = first;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 4 || p + n > end) {
                return null;
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (d[p++] & 0xff);
            }
        }
        if (len > end - p) {
            return null;
        }
        return new int[] {p, p + (int) len};
    }

    /**
     * {issuerStart, issuerEnd, subjectStart, subjectEnd} (whole elements, tag included) of an X.509 certificate
     * (RFC 5280 4.1: Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber,
     * signature, issuer, validity, subject, ... } ... }), or null.
     */
    static int[] issuerAndSubject(byte[] d) {
        int[] cert = tlv(d, 0, d.length, 0x30);
        if (cert == null) {
            return null;
        }
        int[] tbs = tlv(d, cert[0], cert[1], 0x30);
        if (tbs == null) {
            return null;
        }
        int p = tbs[0];
        int end = tbs[1];
        if (p < end && (d[p] & 0xff) == 0xA0) {
            int[] v = tlv(d, p, end, 0xA0);
            if (v == null) {
                return null;
            }
            p = v[1];
        }
        int[] serial = tlv(d, p, end, 0x02);
        if (serial == null) {
            return null;
        }
        int[] alg = tlv(d, serial[1], end, 0x30);
        if (alg == null) {
            return null;
        }
        int issuerStart = alg[1];
        int[] issuer = tlv(d, issuerStart, end, 0x30);
        if (issuer == null) {
            return null;
        }
        int[] validity = tlv(d, issuer[1], end, 0x30);
        if (validity == null) {
            return null;
        }
        int subjectStart = validity[1];
        int[] subject = tlv(d, subjectStart, end, 0x30);
        if (subject == null) {
            return null;
        }
        return new int[] {issuerStart, issuer[1], subjectStart, subject[1]};
    }

    /**
     * {modulus bits, public exponent (Long.MAX_VALUE above 62 bits)} of a PKCS#1 RSAPublicKey
     * (SEQUENCE { INTEGER n, INTEGER e }) that is exactly that, with minimally encoded non-negative integers, or
     * null.
     */
    static long[] rsaModulusBitsAndExponent(byte[] d) {
        int[] seq = tlv(d, 0, d.length, 0x30);
        if (seq == null || seq[1] != d.length) {
            return null;
        }
        int[] n = tlv(d, seq[0], seq[1], 0x02);
        if (n == null) {
            return null;
        }
        int[] e = tlv(d, n[1], seq[1], 0x02);
        if (e == null || e[1] != seq[1] || !minimalNonNegative(d, n) || !minimalNonNegative(d, e)) {
            return null; // BouncyCastle's parser decides (and rejects what DER forbids)
        }
        long bits = bitLength(d, n[0], n[1]);
        long eBits = bitLength(d, e[0], e[1]);
        long exponent;
        if (eBits > 62) {
            exponent = Long.MAX_VALUE;
        } else {
            exponent = 0;
            for (int i = e[0]; i < e[1]; i++) {
                exponent = (exponent << 8) | (d[i] & 0xff);
            }
        }
        return new long[] {bits, exponent};
    }

    /** A DER INTEGER body that is non-empty, non-negative and minimally encoded (X.690 8.3.2). */
    private static boolean minimalNonNegative(byte[] d, int[] v) {
        int len = v[1] - v[0];
        if (len == 0 || d[v[0]] < 0) {
            return false;
        }
        return len == 1 || d[v[0]] != 0 || d[v[0] + 1] < 0;
    }

    /** Bit length of the non-negative big-endian integer in {@code d[from, to)}. */
    private static long bitLength(byte[] d, int from, int to) {
        int i = from;
        while (i < to && d[i] == 0) {
            i++;
        }
        if (i == to) {
            return 0;
        }
        return (long) (to - i - 1) * 8 + (32 - Integer.numberOfLeadingZeros(d[i] & 0xff));
    }
}
