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
     * Index of 1 in {@link #layout(byte[])}'s answer when the extensions were read from the bytes (the slots from
     * {@link #LARGEST_EXTENSION} on hold), 0 when BouncyCastle's objects must be asked.
     */
    static final int EXTENSIONS = 12;
    /** Index of the length of the largest extension value (0 without extensions). */
    static final int LARGEST_EXTENSION = 13;
    /**
     * Index of the {valueStart, valueEnd} pairs of the extension values (the extnValue octets) of the extensions
     * the engine reads, in the order of {@link #SAN} to {@link #SCT}: -1 for an absent extension.
     */
    static final int KNOWN = 14;
    static final int SAN = 0;
    static final int BASIC_CONSTRAINTS = 1;
    static final int KEY_USAGE = 2;
    static final int EXTENDED_KEY_USAGE = 3;
    static final int AUTHORITY_KEY_ID = 4;
    static final int SUBJECT_KEY_ID = 5;
    static final int NAME_CONSTRAINTS = 6;
    static final int SCT = 7;
    private static final int KNOWN_COUNT = 8;
    /**
     * Index of {start, end} of the whole signatureAlgorithm AlgorithmIdentifier (after the TBSCertificate), and
     * after it of the subjectPublicKeyInfo's algorithm AlgorithmIdentifier; -1 when not found.
     */
    static final int SIGNATURE_ALGORITHM = KNOWN + 2 * KNOWN_COUNT;
    static final int KEY_ALGORITHM = SIGNATURE_ALGORITHM + 2;
    private static final int LAYOUT_LENGTH = KEY_ALGORITHM + 2;
    /** Contents octets of the SCT list OID 1.3.6.1.4.1.11129.2.4.2 (the others are 2.5.29.x: 55 1D x). */
    static final byte[] SCT_OID = {0x2B, 0x06, 0x01, 0x04, 0x01, (byte) 0xD6, 0x79, 0x02, 0x04, 0x02};

    /**
     * Positions of the fields of an X.509 certificate the extractor reads from the bytes: {issuerStart, issuerEnd,
     * subjectStart, subjectEnd} (whole elements, as {@link #issuerAndSubject(byte[])}), the serial number's value
     * {start, end} at {@link #SERIAL}, {tag, valueStart, valueEnd} of the first two elements of the validity at
     * {@link #NOT_BEFORE} and {@link #NOT_AFTER}, and the extensions from {@link #EXTENSIONS} on; or null.
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
        int[] at = new int[LAYOUT_LENGTH];
        at[0] = issuerStart;
        at[1] = issuer[1];
        at[2] = subjectStart;
        at[3] = subject[1];
        at[SERIAL] = serial[0];
        at[SERIAL + 1] = serial[1];
        at[NOT_BEFORE] = d[validity[0]] & 0xff;
        at[NOT_BEFORE + 1] = notBefore[0];
        at[NOT_BEFORE + 2] = notBefore[1];
        at[NOT_AFTER] = d[notBefore[1]] & 0xff;
        at[NOT_AFTER + 1] = notAfter[0];
        at[NOT_AFTER + 2] = notAfter[1];
        int[] signature = tlv(d, tbs[1], cert[1], 0x30);
        at[SIGNATURE_ALGORITHM] = signature == null ? -1 : tbs[1];
        at[SIGNATURE_ALGORITHM + 1] = signature == null ? -1 : signature[1];
        at[KEY_ALGORITHM] = -1;
        at[KEY_ALGORITHM + 1] = -1;
        at[EXTENSIONS] = extensions(d, subject[1], end, at) ? 1 : 0;
        return at;
    }

    /**
     * {start, end} of the whole subjectPublicKeyInfo element (tag included) of an X.509 certificate, or null: the
     * element after the subject of the TBSCertificate (RFC 5280 4.1).
     */
    static int[] subjectPublicKeyInfo(byte[] d) {
        int[] cert = tlv(d, 0, d.length, 0x30);
        int[] tbs = cert == null ? null : tlv(d, cert[0], cert[1], 0x30);
        if (tbs == null) {
            return null;
        }
        int p = tbs[0];
        if (p < tbs[1] && (d[p] & 0xff) == 0xA0) {
            int[] v = tlv(d, p, tbs[1], 0xA0);
            if (v == null) {
                return null;
            }
            p = v[1];
        }
        // serialNumber, signature, issuer, validity, subject
        for (int tag : new int[] {0x02, 0x30, 0x30, 0x30, 0x30}) {
            int[] v = tlv(d, p, tbs[1], tag);
            if (v == null) {
                return null;
            }
            p = v[1];
        }
        int[] spki = tlv(d, p, tbs[1], 0x30);
        return spki == null ? null : new int[] {p, spki[1]};
    }

    /**
     * Reads the rest of a TBSCertificate after the subject (subjectPublicKeyInfo, the optional unique identifiers,
     * the optional [3] extensions) into {@code at}'s extension slots, once, in encoding order: the certificate's
     * extensions are then known without BouncyCastle's hash lookups, and the values checked or read are slices of
     * the certificate's own bytes. Called on bytes BouncyCastle has parsed as a certificate, which therefore has no
     * repeated extension; false (BouncyCastle's objects are then asked) for any shape not exactly Extension ::=
     * SEQUENCE { OID, BOOLEAN OPTIONAL, OCTET STRING } with primitive, canonically encoded OIDs (so that equal OIDs
     * have equal contents octets), and for a repeated known extension (BouncyCastle can be told to accept those).
     */
    private static boolean extensions(byte[] d, int p, int end, int[] at) {
        java.util.Arrays.fill(at, KNOWN, KNOWN + 2 * KNOWN_COUNT, -1);
        int[] spki = tlv(d, p, end, 0x30);
        if (spki == null) {
            return false;
        }
        int[] algorithm = tlv(d, spki[0], spki[1], 0x30);
        if (algorithm != null) {
            at[KEY_ALGORITHM] = spki[0];
            at[KEY_ALGORITHM + 1] = algorithm[1];
        }
        p = spki[1];
        while (p < end) {
            int tag = d[p] & 0xff;
            if (tag != 0xA3) { // issuerUniqueID, subjectUniqueID: stepped over
                int[] other = tlv(d, p, end, tag);
                if (other == null || (tag & 0x1f) == 0x1f) {
                    return false;
                }
                p = other[1];
                continue;
            }
            int[] explicit = tlv(d, p, end, 0xA3);
            int[] list = explicit == null ? null : tlv(d, explicit[0], explicit[1], 0x30);
            if (list == null || list[1] != explicit[1]) {
                return false;
            }
            for (int q = list[0]; q < list[1]; ) {
                int[] ext = tlv(d, q, list[1], 0x30);
                int[] oid = ext == null ? null : tlv(d, ext[0], ext[1], 0x06);
                if (oid == null || !canonicalOid(d, oid[0], oid[1])) {
                    return false;
                }
                int v = oid[1];
                if (v < ext[1] && d[v] == 0x01) { // critical
                    int[] critical = tlv(d, v, ext[1], 0x01);
                    if (critical == null) {
                        return false;
                    }
                    v = critical[1];
                }
                int[] value = tlv(d, v, ext[1], 0x04);
                if (value == null || value[1] != ext[1]) {
                    return false;
                }
                at[LARGEST_EXTENSION] = Math.max(at[LARGEST_EXTENSION], value[1] - value[0]);
                int known = known(d, oid[0], oid[1]);
                if (known >= 0) {
                    if (at[KNOWN + 2 * known] >= 0) {
                        return false;
                    }
                    at[KNOWN + 2 * known] = value[0];
                    at[KNOWN + 2 * known + 1] = value[1];
                }
                q = ext[1];
            }
            p = explicit[1];
        }
        return true;
    }

    /**
     * Contents octets of an OID as BouncyCastle accepts them by default: non-empty, each subidentifier without a
     * leading 0x80 octet, the last octet closing a subidentifier.
     */
    private static boolean canonicalOid(byte[] d, int from, int to) {
        if (from >= to || (d[to - 1] & 0x80) != 0) {
            return false;
        }
        boolean start = true;
        for (int i = from; i < to; i++) {
            if (start && (d[i] & 0xff) == 0x80) {
                return false;
            }
            start = (d[i] & 0x80) == 0;
        }
        return true;
    }

    /** Which of {@link #SAN} to {@link #SCT} the OID with contents {@code d[from, to)} is, or -1. */
    private static int known(byte[] d, int from, int to) {
        if (to - from == 3 && d[from] == 0x55 && d[from + 1] == 0x1D) { // 2.5.29.x
            return switch (d[from + 2]) {
                case 17 -> SAN;
                case 19 -> BASIC_CONSTRAINTS;
                case 15 -> KEY_USAGE;
                case 37 -> EXTENDED_KEY_USAGE;
                case 35 -> AUTHORITY_KEY_ID;
                case 14 -> SUBJECT_KEY_ID;
                case 30 -> NAME_CONSTRAINTS;
                default -> -1;
            };
        }
        return java.util.Arrays.equals(d, from, to, SCT_OID, 0, SCT_OID.length) ? SCT : -1;
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
        return basicConstraints(v, 0, v.length);
    }

    /** As {@link #basicConstraints(byte[])} of the value in {@code v[from, to)}. */
    static int[] basicConstraints(byte[] v, int from, int to) {
        int[] seq = strict(v, from, to, 0x30);
        if (seq == null || seq[1] != to) {
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
        return keyUsage(v, 0, v.length);
    }

    /** As {@link #keyUsage(byte[])} of the value in {@code v[from, to)}. */
    static int keyUsage(byte[] v, int from, int to) {
        int[] bits = strict(v, from, to, 0x03);
        if (bits == null || bits[1] != to) {
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
        return authorityKeyId(v, 0, v.length);
    }

    /** As {@link #authorityKeyId(byte[])} of the value in {@code v[from, to)} (positions in {@code v}). */
    static int[] authorityKeyId(byte[] v, int from, int to) {
        int[] seq = strict(v, from, to, 0x30);
        if (seq == null || seq[1] != to) {
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
        return subjectKeyId(v, 0, v.length);
    }

    /** As {@link #subjectKeyId(byte[])} of the value in {@code v[from, to)} (positions in {@code v}). */
    static int[] subjectKeyId(byte[] v, int from, int to) {
        int[] id = strict(v, from, to, 0x04);
        return id == null || id[1] != to ? null : id;
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
