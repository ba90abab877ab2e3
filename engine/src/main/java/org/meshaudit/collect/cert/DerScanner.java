package org.meshaudit.collect.cert;

/**
 * A non-allocating, iterative walk over DER tag-length-value headers. It proves, before any parser sees the bytes,
 * that every declared length fits inside its parent and that constructed values do not nest deeper than a budget, so
 * that length-lying or deeply nested input (CVE-2019-17359, CVE-2023-33202 classes) cannot drive allocation or
 * recursion in the parser.
 */
public final class DerScanner {

    /** Why bytes are not acceptable DER; the message never contains input bytes. */
    public static final class MalformedDerException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedDerException(String message) {
            super(message);
        }
    }

    private DerScanner() {
    }

    /**
     * Checks the first element of {@code der} and returns its total encoded length.
     *
     * @param maxDepth deepest constructed nesting allowed (the outer element is depth 1)
     */
    public static int firstElement(byte[] der, int offset, int maxDepth) throws MalformedDerException {
        return firstElement(der, offset, maxDepth, false);
    }

    /**
     * As {@link #firstElement(byte[], int, int)}; with {@code ber} also accepts BER indefinite lengths on constructed
     * values (PKCS#7 and PKCS#12 writers use them), still bounded by depth and by the enclosing definite lengths.
     */
    public static int firstElement(byte[] der, int offset, int maxDepth, boolean ber) throws MalformedDerException {
        return firstElement(der, offset, der.length, maxDepth, ber);
    }

    /** As {@link #firstElement(byte[], int, int, boolean)} within {@code der[offset, limit)}. */
    static int firstElement(byte[] der, int offset, int limit, int maxDepth, boolean ber)
            throws MalformedDerException {
        return ber ? general(der, offset, limit, maxDepth, true) : definite(der, offset, limit, maxDepth);
    }

    /**
     * The walk of {@link #general} for DER alone, where every length is definite: one stack of end offsets, and the
     * innermost end kept at hand. Every certificate and every scanned extension value goes through here; the
     * verdicts and messages are those of {@link #general} with {@code ber} false.
     */
    static int definite(byte[] der, int offset, int limit, int maxDepth) throws MalformedDerException {
        int[] ends = new int[Math.min(maxDepth, (limit - offset) / 2) + 1]; // ends of the enclosing open values
        int depth = 0;
        int end = limit; // end of the innermost open value (limit outside the element)
        int pos = offset;
        while (true) {
            if (pos >= end) {
                throw new MalformedDerException("truncated DER: a value ends before its header");
            }
            int tag = der[pos++] & 0xff;
            if ((tag & 0x1f) == 0x1f) { // high tag number form
                pos = skipTagNumber(der, pos, end);
            }
            if (pos >= end) {
                throw new MalformedDerException("truncated DER length");
            }
            int first = der[pos++] & 0xff;
            long length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                throw new MalformedDerException("indefinite length is not DER");
            } else {
                int count = first & 0x7f;
                if (count > 4) {
                    throw new MalformedDerException("DER length field of " + count + " bytes");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    if (pos >= end) {
                        throw new MalformedDerException("truncated DER length");
                    }
                    length = (length << 8) | (der[pos++] & 0xff);
                }
            }
            if (length > end - pos) {
                throw new MalformedDerException("DER length " + length + " exceeds the " + (end - pos)
                        + " bytes available");
            }
            int valueEnd = pos + (int) length;
            if ((tag & 0x20) != 0) {
                if (depth == maxDepth) {
                    throw new MalformedDerException("ASN.1 nesting deeper than " + maxDepth);
                }
                ends[depth++] = end;
                end = valueEnd;
            } else {
                pos = valueEnd;
            }
            while (pos == end && depth > 0) { // close the values that end here
                end = ends[--depth];
            }
            if (depth == 0) {
                return pos - offset;
            }
        }
    }

    /** The walk with BER indefinite lengths allowed when {@code ber}. */
    static int general(byte[] der, int offset, int limit, int maxDepth, boolean ber) throws MalformedDerException {
        // a constructed value takes at least two octets: no more levels than that can open
        int levels = Math.min(maxDepth, (limit - offset) / 2) + 1;
        int[] ends = new int[levels];   // end offset of each open value, -1 when indefinite
        int[] bounds = new int[levels]; // nearest definite end at or above each level
        int depth = 0;
        int pos = offset;
        int outerEnd = -1;
        while (true) {
            while (depth > 0 && ends[depth - 1] >= 0 && pos == ends[depth - 1]) {
                depth--;
            }
            if (depth == 0 && outerEnd >= 0) {
                break;
            }
            int end = depth == 0 ? limit : bounds[depth - 1];
            if (pos >= end) {
                throw new MalformedDerException("truncated DER: a value ends before its header");
            }
            if (depth > 0 && ends[depth - 1] < 0 && der[pos] == 0) { // end-of-contents of an indefinite value
                if (pos + 1 >= end || der[pos + 1] != 0) {
                    throw new MalformedDerException("malformed end-of-contents");
                }
                pos += 2;
                depth--;
                if (depth == 0) {
                    outerEnd = pos;
                }
                continue;
            }
            int tag = der[pos++] & 0xff;
            if ((tag & 0x1f) == 0x1f) { // high tag number form
                pos = skipTagNumber(der, pos, end);
            }
            if (pos >= end) {
                throw new MalformedDerException("truncated DER length");
            }
            int first = der[pos++] & 0xff;
            long length;
            boolean indefinite = false;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                if (!ber || (tag & 0x20) == 0) {
                    throw new MalformedDerException("indefinite length is not DER");
                }
                indefinite = true;
                length = 0;
            } else {
                int count = first & 0x7f;
                if (count > 4) {
                    throw new MalformedDerException("DER length field of " + count + " bytes");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    if (pos >= end) {
                        throw new MalformedDerException("truncated DER length");
                    }
                    length = (length << 8) | (der[pos++] & 0xff);
                }
            }
            if (length > end - pos) {
                throw new MalformedDerException("DER length " + length + " exceeds the " + (end - pos)
                        + " bytes available");
            }
            int valueEnd = indefinite ? -1 : pos + (int) length;
            if (depth == 0 && !indefinite) {
                outerEnd = valueEnd;
            }
            if ((tag & 0x20) != 0) {
                if (depth == maxDepth) {
                    throw new MalformedDerException("ASN.1 nesting deeper than " + maxDepth);
                }
                ends[depth] = valueEnd;
                bounds[depth] = indefinite ? end : valueEnd;
                depth++;
            } else {
                pos = valueEnd;
            }
        }
        return outerEnd - offset;
    }

    /** The offset after the subsequent octets of a high tag number starting at {@code pos} (at most four). */
    private static int skipTagNumber(byte[] der, int pos, int end) throws MalformedDerException {
        for (int n = 1; ; n++) {
            if (pos >= end) {
                throw new MalformedDerException("truncated DER tag");
            }
            int b = der[pos++] & 0xff;
            if (n > 4) {
                throw new MalformedDerException("DER tag number too large");
            }
            if ((b & 0x80) == 0) {
                return pos;
            }
        }
    }

    /** Checks that {@code der} is exactly one well-formed element. */
    public static void exactlyOne(byte[] der, int maxDepth) throws MalformedDerException {
        exactlyOne(der, maxDepth, false);
    }

    /**
     * Checks that {@code der[from, to)} is exactly one well-formed element (as {@link #exactlyOne(byte[], int)} of a
     * copy of that range would: the same verdict and message).
     */
    public static void exactlyOne(byte[] der, int from, int to, int maxDepth) throws MalformedDerException {
        if (from >= to) {
            throw new MalformedDerException("empty DER");
        }
        int n = firstElement(der, from, to, maxDepth, false);
        if (n != to - from) {
            throw new MalformedDerException((to - from - n) + " trailing bytes after the DER value");
        }
    }

    /** Checks that {@code der} is exactly one well-formed element, BER indefinite lengths allowed when asked. */
    public static void exactlyOne(byte[] der, int maxDepth, boolean ber) throws MalformedDerException {
        if (der.length == 0) {
            throw new MalformedDerException("empty DER");
        }
        int n = firstElement(der, 0, maxDepth, ber);
        if (n != der.length) {
            throw new MalformedDerException((der.length - n) + " trailing bytes after the DER value");
        }
    }
}
