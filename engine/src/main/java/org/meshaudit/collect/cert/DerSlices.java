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
        return element(d, off, end, tag, false);
    }

    /**
     * {issuerStart, issuerEnd, subjectStart, subjectEnd} (whole elements, tag included) of an X.509 certificate
     * (RFC 5280 4.1: Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber,
     * signature, issuer, validity, subject, ... } ... }), or null.
     */
    static int[] issuerAndSubject(byte[] d) {
        int[] at = layout(d);
        return at == null ? null : java.util.Arrays.copyOf(at, 4);
    }

    /** Index of the serial number's value in {@link #layout(byte[])}'s answer ({start, end}). */
    static final int SERIAL = 4;
    /** Index of notBefore's {tag, valueStart, valueEnd} in {@link #layout(byte[])}'s answer. */
    static final int NOT_BEFORE = 6;
    /** Index of notAfter's {tag, valueStart, valueEnd} in {@link #layout(byte[])}'s answer. */
    static final int NOT_AFTER = 9;

    /**
     * Positions of the fields of an X.509 certificate the extractor reads from the bytes: {issuerStart, issuerEnd,
     * subjectStart, subjectEnd} (whole elements, as {@link #issuerAndSubject(byte[])}), the serial number's value
     * {start, end} at {@link #SERIAL}, and {tag, valueStart, valueEnd} of the first two elements of the validity at
     * {@link #NOT_BEFORE} and {@link #NOT_AFTER}; or null.
     */
    static int[] layout(byte[] d) {
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
        int[] notBefore = time(d, validity[0], validity[1]);
        int[] notAfter = notBefore == null ? null : time(d, notBefore[1], validity[1]);
        if (notAfter == null) {
            return null;
        }
        int subjectStart = validity[1];
        int[] subject = tlv(d, subjectStart, end, 0x30);
        if (subject == null) {
            return null;
        }
        return new int[] {issuerStart, issuer[1], subjectStart, subject[1], serial[0], serial[1],
            d[validity[0]] & 0xff, notBefore[0], notBefore[1], d[notBefore[1]] & 0xff, notAfter[0], notAfter[1]};
    }

    /** {valueStart, valueEnd} of the UTCTime or GeneralizedTime at {@code off}, or null. */
    private static int[] time(byte[] d, int off, int end) {
        if (off >= end) {
            return null;
        }
        int tag = d[off] & 0xff;
        return tag == 0x17 || tag == 0x18 ? tlv(d, off, end, tag) : null;
    }

    // ---- extension values --------------------------------------------------------------------------------------
    // Each reader takes the octets of one extension value (extnValue) and answers what BouncyCastle's reading of it
    // answers, or null (or -1) when the value is not exactly of the common DER shape handled here: BouncyCastle then
    // reads it (and accepts or rejects it) as before. Lengths must be minimal (X.690 10.1) and elements must fill
    // their parents exactly.

    /**
     * {valueStart, valueEnd} of the element at {@code off} with tag {@code tag}, whose minimally encoded definite
     * length (at most 3 length octets) fits within {@code end}; or null.
     */
    static int[] strict(byte[] d, int off, int end, int tag) {
        return element(d, off, end, tag, true);
    }

    /**
     * The value bounds of one element: a definite length of up to 4 octets, or, when {@code minimal}, of up to 3
     * octets minimally encoded (no leading zero octet, no long form below 128).
     */
    private static int[] element(byte[] d, int off, int end, int tag, boolean minimal) {
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
            if (n == 0 || n > (minimal ? 3 : 4) || p + n > end || (minimal && d[p] == 0)) {
                return null;
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (d[p++] & 0xff);
            }
            if (minimal && len < 0x80) {
                return null;
            }
        }
        if (len > end - p) {
            return null;
        }
        return new int[] {p, p + (int) len};
    }

    /**
     * basicConstraints as {cA, pathLenConstraint (-1 when absent)}: {@code SEQUENCE {}}, {@code SEQUENCE { BOOLEAN }}
     * or {@code SEQUENCE { BOOLEAN TRUE, INTEGER 0..2^23-1 }} (minimal); or null.
     */
    static int[] basicConstraints(byte[] v) {
        int[] seq = strict(v, 0, v.length, 0x30);
        if (seq == null || seq[1] != v.length) {
            return null;
        }
        if (seq[0] == seq[1]) {
            return new int[] {0, -1};
        }
        int[] ca = strict(v, seq[0], seq[1], 0x01);
        if (ca == null || ca[1] - ca[0] != 1 || (v[ca[0]] != 0 && v[ca[0]] != (byte) 0xff)) {
            return null;
        }
        boolean isCa = v[ca[0]] != 0;
        if (ca[1] == seq[1]) {
            return new int[] {isCa ? 1 : 0, -1};
        }
        int[] len = strict(v, ca[1], seq[1], 0x02);
        if (!isCa || len == null || len[1] != seq[1] || len[1] - len[0] > 3 || !minimalNonNegative(v, len)) {
            return null;
        }
        int pathLen = 0;
        for (int i = len[0]; i < len[1]; i++) {
            pathLen = (pathLen << 8) | (v[i] & 0xff);
        }
        return new int[] {1, pathLen};
    }

    /**
     * keyUsage as BouncyCastle's {@code KeyUsage} bits (first octet in bits 0-7, second in 8-15): a BIT STRING of one
     * or two octets whose unused bits are zero; or -1.
     */
    static int keyUsage(byte[] v) {
        int[] bits = strict(v, 0, v.length, 0x03);
        if (bits == null || bits[1] != v.length) {
            return -1;
        }
        int n = bits[1] - bits[0];
        if (n < 2 || n > 3) {
            return -1;
        }
        int unused = v[bits[0]];
        if (unused < 0 || unused > 7 || (v[bits[1] - 1] & ((1 << unused) - 1)) != 0) {
            return -1;
        }
        int value = v[bits[0] + 1] & 0xff;
        if (n == 3) {
            value |= (v[bits[0] + 2] & 0xff) << 8;
        }
        return value;
    }

    /**
     * {start, end} of the key identifier of an authorityKeyIdentifier that is {@code SEQUENCE { [0] keyIdentifier }},
     * an empty array for {@code SEQUENCE {}}; or null (authorityCertIssuer and serial go to BouncyCastle).
     */
    static int[] authorityKeyId(byte[] v) {
        int[] seq = strict(v, 0, v.length, 0x30);
        if (seq == null || seq[1] != v.length) {
            return null;
        }
        if (seq[0] == seq[1]) {
            return new int[0];
        }
        int[] id = strict(v, seq[0], seq[1], 0x80);
        return id == null || id[1] != seq[1] ? null : id;
    }

    /** {start, end} of the octets of a subjectKeyIdentifier (OCTET STRING), or null. */
    static int[] subjectKeyId(byte[] v) {
        int[] id = strict(v, 0, v.length, 0x04);
        return id == null || id[1] != v.length ? null : id;
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
