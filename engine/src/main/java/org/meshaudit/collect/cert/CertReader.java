package org.meshaudit.collect.cert;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.pkcs.AuthenticatedSafe;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.SignedData;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

/**
 * Turns untrusted bytes (PEM bundles, DER, PKCS#7, PKCS#12, JKS/JCEKS) into {@link CertBlob}s. Every problem becomes
 * an issue naming the source; nothing is thrown for bad input. Private keys are never decoded: PEM private-key blocks
 * are skipped without base64 decoding, PKCS#12 key bags are never decrypted, keystore keys are never loaded. Issue
 * messages never contain input bytes.
 */
public final class CertReader {

    /** Receives what was read. */
    public interface Sink {
        void certificate(CertBlob blob);

        void issue(String source, String kind, String message);
    }

    /**
     * The provenance shared by every certificate of one blob.
     *
     * @param location {@code path} or {@code Secret/ns/name[tls.crt]}
     */
    public record Origin(String location, String origin, String namespace, String name, String key, String role) {
    }

    private static final Set<String> CERT_LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE");
    private static final Set<String> PKCS7_LABELS = Set.of("PKCS7", "PKCS #7 SIGNED DATA", "CMS");
    /** Blocks that accompany keys and carry nothing to audit. */
    private static final Set<String> KEY_COMPANIONS = Set.of("EC PARAMETERS", "DH PARAMETERS", "DSA PARAMETERS");
    /** Extensions whose values are scanned: {@link DerSlices#SAN} to {@link DerSlices#NAME_CONSTRAINTS}. */
    private static final Set<ASN1ObjectIdentifier> SCANNED_EXTENSIONS = Set.of(Extension.subjectAlternativeName,
            Extension.basicConstraints, Extension.keyUsage, Extension.extendedKeyUsage,
            Extension.authorityKeyIdentifier, Extension.subjectKeyIdentifier, Extension.nameConstraints);

    private final CertLimits limits;
    private final char[] password;
    /** The certificates read so far by sha256: one DER array and one set of facts per distinct certificate. */
    private final Parsed parsed = new Parsed();
    private final MessageDigest sha256;

    /** @param password PKCS#12 / keystore password, or null (an empty password is then tried for PKCS#12) */
    public CertReader(CertLimits limits, char[] password) {
        this.limits = limits;
        this.password = password == null ? null : password.clone();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public CertLimits limits() {
        return limits;
    }

    /** Reads one blob of any supported format. */
    public void read(byte[] bytes, Origin origin, Sink sink) {
        if (bytes.length > limits.maxBlobBytes()) {
            sink.issue(origin.location(), "limit-exceeded", "certificate input of " + bytes.length
                    + " bytes is above the " + limits.maxBlobBytes() + "-byte limit; not read");
            return;
        }
        try {
            Bundle bundle = new Bundle(origin, sink);
            if (bytes.length == 0 || isBlank(bytes)) {
                sink.issue(origin.location(), "empty", "empty certificate bundle: no certificate found");
                return;
            }
            if (indexOfBegin(bytes) >= 0) {
                readPem(bytes, bundle);
            } else if (bytes.length >= 4 && (be32(bytes) == 0xFEEDFEED || be32(bytes) == 0xCECECECE)) {
                readKeyStore(bytes, be32(bytes) == 0xFEEDFEED ? "JKS" : "JCEKS", bundle);
            } else if ((bytes[0] & 0xff) == 0x30) {
                readDer(bytes, bundle);
            } else {
                sink.issue(origin.location(), "parse-error", "not certificate material: neither PEM, DER, PKCS#7, "
                        + "PKCS#12 nor a Java keystore");
                return;
            }
            bundle.finish();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // a last line of defence: the typed checks above should make this unreachable
            sink.issue(origin.location(), "parse-error", "unreadable certificate material ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** State of one blob being read: counts and the position of the next certificate. */
    private final class Bundle {
        final Origin origin;
        final Sink sink;
        int certs;
        int privateKeys;
        int problems;
        boolean capped;

        Bundle(Origin origin, Sink sink) {
            this.origin = origin;
            this.sink = sink;
        }

        void issue(String kind, String message) {
            problems++;
            sink.issue(origin.location(), kind, message);
        }

        boolean full() {
            if (certs >= limits.maxCertsPerBundle()) {
                if (!capped) {
                    capped = true;
                    issue("limit-exceeded", "bundle holds more than " + limits.maxCertsPerBundle()
                            + " certificates; the rest were not read");
                }
                return true;
            }
            return false;
        }

        void finish() {
            if (certs == 0 && problems == 0) {
                if (privateKeys > 0) {
                    issue("private-key", "holds " + privateKeys + " private key(s) but no certificate; the key "
                            + "material was dropped unread");
                } else {
                    issue("empty", "empty certificate bundle: no certificate found");
                }
            }
        }
    }

    // ---- PEM -----------------------------------------------------------------------------------------------------

    private void readPem(byte[] bytes, Bundle b) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte: offsets are shared
        int block = 0;
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            int begin = text.indexOf("-----BEGIN ", pos);
            if (begin < 0) {
                break;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            int eol = lineEnd(text, begin);
            if (labelEnd < 0 || labelEnd > eol) {
                b.issue("parse-error", "PEM block " + (block + 1) + ": malformed BEGIN line");
                pos = eol;
                continue;
            }
            block++;
            String label = text.substring(begin + 11, labelEnd).trim();
            String endMarker = "-----END " + label + "-----";
            int end = text.indexOf(endMarker, labelEnd);
            int nextBegin = text.indexOf("-----BEGIN ", labelEnd);
            if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
                int otherEnd = text.indexOf("-----END ", labelEnd);
                if (otherEnd >= 0 && (nextBegin < 0 || otherEnd < nextBegin) && !isKeyLabel(label)) {
                    b.issue("parse-error", "PEM block " + block + " (" + safeLabel(label) + "): END label does "
                            + "not match BEGIN");
                } else if (isKeyLabel(label)) {
                    b.privateKeys++;
                } else {
                    b.issue("parse-error", "PEM block " + block + " (" + safeLabel(label) + ") is truncated: BEGIN "
                            + "without END");
                }
                pos = nextBegin < 0 ? n : nextBegin;
                continue;
            }
            pos = end + endMarker.length();
            if (isKeyLabel(label) || KEY_COMPANIONS.contains(label)) {
                b.privateKeys += isKeyLabel(label) ? 1 : 0; // dropped without decoding a byte of it
                continue;
            }
            boolean cert = CERT_LABELS.contains(label);
            boolean pkcs7 = PKCS7_LABELS.contains(label);
            if (!cert && !pkcs7) {
                b.issue("unsupported", "PEM block " + block + " (" + safeLabel(label) + ") is not a certificate; "
                        + "not read");
                continue;
            }
            byte[] der = base64(bytes, labelEnd + 5, end);
            if (der == null) {
                b.issue("parse-error", "PEM block " + block + " (" + label + "): invalid base64");
                continue;
            }
            if (der.length == 0) {
                b.issue("parse-error", "PEM block " + block + " (" + label + ") is empty");
                continue;
            }
            if (pkcs7) {
                readPkcs7(der, b, "PEM block " + block + ": ", "pem");
            } else {
                if (b.full()) {
                    return;
                }
                certificate(der, label.equals("TRUSTED CERTIFICATE"), b, "PEM block " + block, "pem");
            }
        }
        if (block == 0) {
            b.issue("parse-error", "no PEM block found");
        }
    }

    private static boolean isKeyLabel(String label) {
        return label.contains("PRIVATE KEY");
    }

    private static String safeLabel(String label) {
        String s = label.length() > 40 ? label.substring(0, 40) + "..." : label;
        return s.replaceAll("[^A-Za-z0-9 #._-]", "?");
    }

    private static int lineEnd(String text, int from) {
        int i = text.indexOf('\n', from);
        return i < 0 ? text.length() : i;
    }

    /**
     * Strict base64 of a PEM body in {@code bytes[from, to)}: whitespace and RFC 7468 header lines are skipped,
     * anything else must decode. Works on the bytes directly (no per-line strings: performance.md 3.1).
     */
    private static byte[] base64(byte[] bytes, int from, int to) {
        byte[] plain = plainBase64(bytes, from, to);
        if (plain != null) {
            return plain;
        }
        byte[] data = new byte[Math.max(0, to - from)];
        int n = 0;
        for (int i = from; i < to; i++) { // one pass; header lines are rare and handled below
            byte c = bytes[i];
            if (c > ' ') {
                if (c == ':') {
                    return base64WithHeaders(bytes, from, to);
                }
                data[n++] = c;
            } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                return null;
            }
        }
        return decode(data, n);
    }

    private static final byte WS = -2;
    private static final byte PAD = -3;
    /** Base64 alphabet values; -1 for anything else, {@link #WS} for the whitespace PEM bodies may hold. */
    private static final byte[] B64 = new byte[256];

    /**
     * The 24 bits each alphabet character contributes at the first to fourth position of a group, negative for any
     * other byte: a group is the OR of four lookups, and one sign test checks all four characters.
     */
    private static final int[] GROUP0 = new int[256];
    private static final int[] GROUP1 = new int[256];
    private static final int[] GROUP2 = new int[256];
    private static final int[] GROUP3 = new int[256];
    private static final java.lang.invoke.VarHandle BIG_ENDIAN_INT = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);

    static {
        java.util.Arrays.fill(B64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            B64[alphabet.charAt(i)] = (byte) i;
        }
        B64[' '] = WS;
        B64['\n'] = WS;
        B64['\t'] = WS;
        B64['\r'] = WS;
        B64['='] = PAD;
        for (int c = 0; c < 256; c++) {
            int v = B64[c];
            GROUP0[c] = v < 0 ? Integer.MIN_VALUE : v << 18;
            GROUP1[c] = v < 0 ? Integer.MIN_VALUE : v << 12;
            GROUP2[c] = v < 0 ? Integer.MIN_VALUE : v << 6;
            GROUP3[c] = v < 0 ? Integer.MIN_VALUE : v;
        }
    }

    /**
     * The common PEM body decoded in one pass without copies: alphabet characters and whitespace only, in whole
     * four-character groups, padded correctly with zero unused bits. Null for anything else, which
     * {@link #base64(byte[], int, int)} then gathers and hands to the JDK decoder (which accepts or refuses it as
     * before).
     */
    static byte[] plainBase64(byte[] b, int from, int to) {
        byte[] out = new byte[(to - from) / 4 * 3 + 3];
        int n = 0;
        int acc = 0;
        int k = 0;
        int i = from;
        for (; i < to; i++) {
            if (k == 0) {
                // whole 64-character lines ending in LF or CRLF (RFC 7468's layout, every line of a body but its
                // last): sixteen groups in a counted loop, checked once at the end of the line; a line holding
                // anything but the alphabet is read again below, character by character
                int eol;
                while (i + 64 < to
                        && ((eol = b[i + 64]) == '\n' || (eol == '\r' && i + 65 < to && b[i + 65] == '\n'))) {
                    int bad = 0;
                    for (int j = i; j < i + 64; j += 4) {
                        int g = GROUP0[b[j] & 0xff] | GROUP1[b[j + 1] & 0xff] | GROUP2[b[j + 2] & 0xff]
                                | GROUP3[b[j + 3] & 0xff];
                        bad |= g;
                        BIG_ENDIAN_INT.set(out, n, g << 8); // its fourth octet is the next group's first
                        n += 3;
                    }
                    if (bad < 0) {
                        n -= 48;
                        break;
                    }
                    i += eol == '\n' ? 65 : 66;
                }
                while (i + 4 <= to) { // whole groups of four alphabet characters (the rest of a line)
                    int g = GROUP0[b[i] & 0xff] | GROUP1[b[i + 1] & 0xff] | GROUP2[b[i + 2] & 0xff]
                            | GROUP3[b[i + 3] & 0xff];
                    if (g < 0) {
                        break;
                    }
                    out[n] = (byte) (g >> 16);
                    out[n + 1] = (byte) (g >> 8);
                    out[n + 2] = (byte) g;
                    n += 3;
                    i += 4;
                }
                if (i >= to) {
                    break;
                }
            }
            int v = B64[b[i] & 0xff];
            if (v >= 0) {
                acc = (acc << 6) | v;
                if (++k == 4) {
                    out[n] = (byte) (acc >> 16);
                    out[n + 1] = (byte) (acc >> 8);
                    out[n + 2] = (byte) acc;
                    n += 3;
                    k = 0;
                    acc = 0;
                }
            } else if (v == PAD) {
                break;
            } else if (v != WS) {
                return null;
            }
        }
        if (i < to) { // at the first '=': "xx==" or "xxx=", then whitespace only
            int pads = 4 - k;
            if (k < 2) {
                return null;
            }
            for (; i < to; i++) {
                int v = B64[b[i] & 0xff];
                if (v == PAD) {
                    pads--;
                    if (pads < 0) {
                        return null;
                    }
                } else if (v != WS) {
                    return null;
                }
            }
            if (pads != 0) {
                return null;
            }
            if (k == 2) {
                if ((acc & 0xf) != 0) {
                    return null;
                }
                out[n++] = (byte) (acc >> 4);
            } else {
                if ((acc & 0x3) != 0) {
                    return null;
                }
                out[n] = (byte) (acc >> 10);
                out[n + 1] = (byte) (acc >> 2);
                n += 2;
            }
        } else if (k != 0) {
            return null;
        }
        if (n == 0) {
            return null;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** As {@link #base64(byte[], int, int)} for bodies with RFC 7468 / RFC 1421 header lines. */
    private static byte[] base64WithHeaders(byte[] bytes, int from, int to) {
        byte[] data = new byte[Math.max(0, to - from)];
        int n = 0;
        int lineStart = from;
        while (lineStart < to) {
            int eol = lineStart;
            boolean header = false;
            while (eol < to && bytes[eol] != '\n') {
                header |= bytes[eol] == ':';
                eol++;
            }
            if (!header) { // header lines (Proc-Type: ...) carry no data
                for (int i = lineStart; i < eol; i++) {
                    byte c = bytes[i];
                    if (c != ' ' && c != '\t' && c != '\r') {
                        data[n++] = c;
                    }
                }
            }
            lineStart = eol + 1;
        }
        return decode(data, n);
    }

    private static byte[] decode(byte[] data, int n) {
        try {
            return Base64.getDecoder().decode(n == data.length ? data : java.util.Arrays.copyOf(data, n));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- DER, PKCS#7, PKCS#12 ------------------------------------------------------------------------------------

    private void readDer(byte[] bytes, Bundle b) {
        // tell the formats apart by the first element inside the outer SEQUENCE, without parsing anything: INTEGER 3
        // = PKCS#12 PFX, OBJECT IDENTIFIER = PKCS#7 ContentInfo, anything else is read (and scanned, strictly) as a
        // certificate. Each reader scans its input with DerScanner before any parser sees it.
        int inner = bytes.length >= 2 ? headerLength(bytes, 0) : bytes.length;
        if (inner + 2 < bytes.length) {
            int tag = bytes[inner] & 0xff;
            if (tag == 0x02 && bytes[inner + 1] == 1 && bytes[inner + 2] == 3) {
                try {
                    DerScanner.exactlyOne(bytes, limits.maxAsn1Depth(), true); // PKCS#12 writers use BER
                } catch (DerScanner.MalformedDerException e) {
                    b.issue("parse-error", "not a DER certificate or PKCS#12 file: " + e.getMessage());
                    return;
                }
                readPkcs12(bytes, b);
                return;
            }
            if (tag == 0x06) {
                readPkcs7(bytes, b, "", "pkcs7");
                return;
            }
        }
        certificate(bytes, false, b, "DER", "der");
    }

    /**
     * Length of the tag and length octets of the element at {@code off}, or {@code der.length} when they do not fit
     * (the strict scan that follows reports the problem).
     */
    private static int headerLength(byte[] der, int off) {
        int p = off + 1;
        if ((der[off] & 0x1f) == 0x1f) {
            while (p < der.length && (der[p] & 0x80) != 0) {
                p++;
            }
            p++;
        }
        if (p >= der.length) {
            return der.length;
        }
        int first = der[p++] & 0xff;
        int n = first > 0x80 ? first & 0x7f : 0;
        return Math.min(der.length, p + n);
    }

    private void readPkcs7(byte[] der, Bundle b, String where, String format) {
        try {
            DerScanner.exactlyOne(der, limits.maxAsn1Depth(), true);
            ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (!PKCSObjectIdentifiers.signedData.equals(ci.getContentType())) {
                b.issue("unsupported", where + "PKCS#7 content type " + ci.getContentType() + " holds no certificates");
                return;
            }
            ASN1Set certs = SignedData.getInstance(ci.getContent()).getCertificates();
            if (certs == null || certs.size() == 0) {
                b.issue("empty", where + "PKCS#7 bundle holds no certificate");
                return;
            }
            int i = 0;
            for (ASN1Encodable e : certs) {
                i++;
                if (b.full()) {
                    return;
                }
                if (!(e.toASN1Primitive() instanceof ASN1Sequence)) {
                    b.issue("unsupported", where + "PKCS#7 entry " + i + " is not an X.509 certificate");
                    continue;
                }
                certificate(e.toASN1Primitive().getEncoded(ASN1Encoding.DER), false, b, where + "PKCS#7 entry " + i,
                        "pkcs7");
            }
        } catch (DerScanner.MalformedDerException e) {
            b.issue("parse-error", where + "malformed PKCS#7: " + e.getMessage());
        } catch (Exception e) {
            b.issue("parse-error", where + "malformed PKCS#7: " + describe(e));
        }
    }

    private void readPkcs12(byte[] der, Bundle b) {
        try {
            Pfx pfx = Pfx.getInstance(ASN1Primitive.fromByteArray(der));
            MacData mac = pfx.getMacData();
            if (mac != null && tooMany(mac.getIterationCount())) {
                b.issue("limit-exceeded", "PKCS#12 MAC iteration count " + mac.getIterationCount()
                        + " is above the limit of " + limits.maxPkcs12Iterations() + "; not read");
                return;
            }
            ContentInfo authSafe = pfx.getAuthSafe();
            if (!PKCSObjectIdentifiers.data.equals(authSafe.getContentType())) {
                b.issue("unsupported", "PKCS#12 protected by public-key integrity mode; not read");
                return;
            }
            byte[] inner = ASN1OctetString.getInstance(authSafe.getContent()).getOctets();
            DerScanner.exactlyOne(inner, limits.maxAsn1Depth(), true);
            AuthenticatedSafe safe = AuthenticatedSafe.getInstance(ASN1Primitive.fromByteArray(inner));
            for (ContentInfo ci : safe.getContentInfo()) {
                if (PKCSObjectIdentifiers.encryptedData.equals(ci.getContentType())) {
                    AlgorithmIdentifier alg = EncryptedData.getInstance(ci.getContent()).getEncryptionAlgorithm();
                    BigInteger it = iterations(alg);
                    if (it != null && tooMany(it)) {
                        b.issue("limit-exceeded", "PKCS#12 encryption iteration count " + it + " is above the limit of "
                                + limits.maxPkcs12Iterations() + "; not read");
                        return;
                    }
                }
            }
            PKCS12PfxPdu pdu = new PKCS12PfxPdu(pfx);
            char[] pw = password == null ? new char[0] : password;
            if (pdu.hasMac()) {
                boolean ok;
                try {
                    ok = pdu.isMacValid(new BcPKCS12MacCalculatorBuilderProvider(BcDefaultDigestProvider.INSTANCE), pw);
                } catch (Exception e) {
                    b.issue("parse-error", "PKCS#12 MAC cannot be checked: " + describe(e));
                    return;
                }
                if (!ok) {
                    b.issue("wrong-password", password == null
                            ? "PKCS#12 is password-protected: pass --pkcs12-password-env VAR or --pkcs12-password-file FILE"
                            : "PKCS#12 MAC does not verify: wrong password or corrupted file");
                    return;
                }
            } else {
                b.issue("no-mac", "PKCS#12 has no MAC: the integrity of its certificates cannot be verified");
            }
            for (ContentInfo ci : pdu.getContentInfos()) {
                PKCS12SafeBagFactory factory;
                if (PKCSObjectIdentifiers.encryptedData.equals(ci.getContentType())) {
                    factory = new PKCS12SafeBagFactory(ci, new JcePKCSPBEInputDecryptorProviderBuilder()
                            .setProvider(Bc.PROVIDER).build(pw));
                } else {
                    factory = new PKCS12SafeBagFactory(ci);
                }
                for (PKCS12SafeBag bag : factory.getSafeBags()) {
                    if (PKCSObjectIdentifiers.certBag.equals(bag.getType())
                            && bag.getBagValue() instanceof X509CertificateHolder h) {
                        if (b.full()) {
                            return;
                        }
                        certificate(h.getEncoded(), false, b, "PKCS#12 certificate bag", "pkcs12");
                    } else if (PKCSObjectIdentifiers.keyBag.equals(bag.getType())
                            || PKCSObjectIdentifiers.pkcs8ShroudedKeyBag.equals(bag.getType())) {
                        b.privateKeys++; // never decrypted, never kept
                    }
                }
            }
        } catch (DerScanner.MalformedDerException e) {
            b.issue("parse-error", "malformed PKCS#12: " + e.getMessage());
        } catch (Exception e) {
            b.issue("parse-error", "PKCS#12 cannot be read: " + describe(e));
        }
    }

    private boolean tooMany(BigInteger n) {
        return n.bitLength() > 31 || n.intValue() > limits.maxPkcs12Iterations();
    }

    private static BigInteger iterations(AlgorithmIdentifier alg) {
        if (PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm())) {
            PBES2Parameters p = PBES2Parameters.getInstance(alg.getParameters());
            if (PKCSObjectIdentifiers.id_PBKDF2.equals(p.getKeyDerivationFunc().getAlgorithm())) {
                return PBKDF2Params.getInstance(p.getKeyDerivationFunc().getParameters()).getIterationCount();
            }
            return null;
        }
        return PKCS12PBEParams.getInstance(alg.getParameters()).getIterations();
    }

    // ---- Java keystores ------------------------------------------------------------------------------------------

    private void readKeyStore(byte[] bytes, String type, Bundle b) {
        try {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(new ByteArrayInputStream(bytes), password); // null: certificates readable, integrity unchecked
            List<String> aliases = new ArrayList<>(Collections.list(ks.aliases()));
            Collections.sort(aliases);
            for (String alias : aliases) {
                java.security.cert.Certificate[] chain;
                if (ks.isCertificateEntry(alias)) {
                    chain = new java.security.cert.Certificate[] {ks.getCertificate(alias)};
                } else {
                    b.privateKeys += ks.isKeyEntry(alias) ? 1 : 0; // the key itself is never loaded
                    chain = ks.getCertificateChain(alias);
                }
                if (chain == null) {
                    continue;
                }
                for (java.security.cert.Certificate c : chain) {
                    if (c instanceof X509Certificate x) {
                        if (b.full()) {
                            return;
                        }
                        certificate(x.getEncoded(), false, b, type + " entry", type.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (java.io.IOException e) {
            b.issue(password == null ? "parse-error" : "wrong-password", type + " keystore cannot be read: "
                    + (e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? "wrong password or corrupted file" : describe(e)));
        } catch (Exception e) {
            b.issue("parse-error", type + " keystore cannot be read: " + describe(e));
        }
    }

    // ---- one certificate -----------------------------------------------------------------------------------------

    private void certificate(byte[] der, boolean trusted, Bundle b, String where, String format) {
        int index = b.certs + 1;
        String at = b.origin.location() + "#" + index;
        if (der.length > limits.maxCertBytes()) {
            b.issue("limit-exceeded", where + ": certificate of " + der.length + " bytes is above the "
                    + limits.maxCertBytes() + "-byte limit; not read");
            return;
        }
        try {
            if (trusted) { // OpenSSL TRUSTED CERTIFICATE: the certificate followed by trust settings
                int n = DerScanner.firstElement(der, 0, limits.maxAsn1Depth());
                der = java.util.Arrays.copyOf(der, n);
            } else {
                DerScanner.exactlyOne(der, limits.maxAsn1Depth());
            }
        } catch (DerScanner.MalformedDerException e) {
            b.issue("parse-error", where + ": not an X.509 certificate: " + e.getMessage());
            return;
        }
        byte[] digest = sha256.digest(der);
        CertBlob known = parsed.get(digest);
        if (known == null) {
            String hash = LowerHex.of(digest);
            Certificate c;
            int[] layout;
            try {
                c = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
                layout = DerSlices.layout(der);
                String problem = checkExtensions(c, der, layout, limits);
                if (problem != null) {
                    b.issue(problem.startsWith("extension of") ? "limit-exceeded" : "parse-error", where + ": " + problem);
                    return;
                }
            } catch (Exception | StackOverflowError e) {
                b.issue("parse-error", where + ": not an X.509 certificate: " + describe(e));
                return;
            }
            CertificateInfo info;
            try {
                info = CertificateExtractor.extract(c, der, layout, hash, limits.maxSans(), limits.maxAsn1Depth());
            } catch (RuntimeException | StackOverflowError e) {
                b.issue("parse-error", where + ": certificate fields cannot be read (" + e.getClass().getSimpleName()
                        + ")");
                return;
            }
            known = new CertBlob(der, hash, info, null);
            parsed.put(digest, known);
        }
        b.certs++;
        b.sink.certificate(new CertBlob(known.der(), known.sha256(), known.info(), new CertSource(at,
                b.origin.origin(), b.origin.namespace(), b.origin.name(), b.origin.key(), index, b.origin.role(),
                format)));
    }

    /**
     * The certificates read so far, by the sha256 of their DER: open addressing over the digests themselves (their
     * first four octets are already uniformly spread), with each slot's hash kept beside it so that probing and
     * growing touch one int array and visit a digest only when its hash matches (a lookup of a new certificate,
     * the common case, costs one cache miss). A map keyed by the hex text hashed 64 characters per lookup and
     * re-linked a node per entry on every resize, a visible share of reading a certificate.
     */
    private static final class Parsed {
        /** Slot hashes, never 0 in a used slot (0 marks a free one). */
        private int[] hashes = new int[64];
        private byte[][] digests = new byte[64][];
        private CertBlob[] blobs = new CertBlob[64];
        private int size;

        CertBlob get(byte[] digest) {
            int h = hash(digest);
            int mask = hashes.length - 1;
            for (int i = h & mask; hashes[i] != 0; i = (i + 1) & mask) {
                if (hashes[i] == h && java.util.Arrays.equals(digests[i], digest)) {
                    return blobs[i];
                }
            }
            return null;
        }

        /** Adds a digest that {@link #get(byte[])} did not find. */
        void put(byte[] digest, CertBlob blob) {
            if (++size * 2 > hashes.length) { // at most half full: probe runs stay short
                int[] oldHashes = hashes;
                byte[][] oldDigests = digests;
                CertBlob[] oldBlobs = blobs;
                hashes = new int[oldHashes.length * 2];
                digests = new byte[oldHashes.length * 2][];
                blobs = new CertBlob[oldHashes.length * 2];
                for (int i = 0; i < oldHashes.length; i++) {
                    if (oldHashes[i] != 0) {
                        insert(oldHashes[i], oldDigests[i], oldBlobs[i]);
                    }
                }
            }
            insert(hash(digest), digest, blob);
        }

        private void insert(int h, byte[] digest, CertBlob blob) {
            int mask = hashes.length - 1;
            int i = h & mask;
            while (hashes[i] != 0) {
                i = (i + 1) & mask;
            }
            hashes[i] = h;
            digests[i] = digest;
            blobs[i] = blob;
        }

        /** The digest's first four octets (uniform already), with 0 moved to 1 to keep 0 for free slots. */
        private static int hash(byte[] digest) {
            int h = (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
            return h == 0 ? 1 : h;
        }
    }

    /**
     * As {@link #checkExtensions(Certificate, CertLimits)}, from the extensions already located in the certificate's
     * bytes ({@code at}, {@link DerSlices#layout(byte[])}; may be null) when they pass: one pass over them in place
     * of BouncyCastle's lookups and copies. Any problem, or extensions not located, is reported from BouncyCastle's
     * objects, so messages (and the first problem named) stay as they were.
     */
    static String checkExtensions(Certificate c, byte[] der, int[] at, CertLimits limits) {
        if (at != null && at[DerSlices.EXTENSIONS] == 1
                && at[DerSlices.LARGEST_EXTENSION] <= limits.maxExtensionBytes()) {
            try {
                for (int k = 0; k < DerSlices.SCT; k++) { // the scanned ones: SAN to nameConstraints
                    int from = at[DerSlices.KNOWN + 2 * k];
                    if (from >= 0) {
                        DerScanner.exactlyOne(der, from, at[DerSlices.KNOWN + 2 * k + 1], limits.maxAsn1Depth());
                    }
                }
                return null;
            } catch (DerScanner.MalformedDerException e) {
                // named below
            }
        }
        return checkExtensions(c, limits);
    }

    /** Budget and well-formedness of the extensions the engine reads; null when acceptable. */
    static String checkExtensions(Certificate c, CertLimits limits) {
        Extensions exts = c.getTBSCertificate().getExtensions();
        if (exts == null) {
            return null;
        }
        for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
            Extension e = exts.getExtension(oid);
            byte[] v = e.getExtnValue().getOctets();
            if (v.length > limits.maxExtensionBytes()) {
                return "extension of " + v.length + " bytes (" + oid + ") is above the " + limits.maxExtensionBytes()
                        + "-byte limit; certificate not read";
            }
            if (SCANNED_EXTENSIONS.contains(oid)) {
                try {
                    DerScanner.exactlyOne(v, limits.maxAsn1Depth());
                } catch (DerScanner.MalformedDerException m) {
                    return "malformed extension " + oid + ": " + m.getMessage();
                }
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        m = m.split("\\R", 2)[0];
        // BouncyCastle messages name classes and lengths, not input bytes; still keep them short and printable
        m = m.replaceAll("[^\\x20-\\x7e]", "?");
        return m.length() > 160 ? m.substring(0, 160) + "..." : m;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte x : bytes) {
            if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
                return false;
            }
        }
        return true;
    }

    private static int be32(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    private static final byte[] BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);

    /**
     * Offset of the first {@code "-----BEGIN "} in {@code hay}, or -1. Every occurrence opens with five dashes, and
     * of any five consecutive offsets exactly one is 4 modulo 5: reading every fifth byte finds each occurrence's
     * dash run, and only a dash there leads to comparing the (at most five) starts around it. The reads do not
     * depend on one another (a Boyer-Moore-Horspool skip waits for the byte it just read to know where to read
     * next), so a DER blob, which is searched in full and often not yet in cache, is streamed in rather than read
     * one dependent cache miss at a time.
     */
    static int indexOfBegin(byte[] hay) {
        int last = hay.length - BEGIN.length; // the last offset an occurrence can start at
        for (int i = 4; i <= last + 4; i += 5) {
            if (hay[i] == '-') {
                // an occurrence with its dash run over i starts in [i - 4, i]; one starting earlier would have had
                // its own run over an earlier multiple and been found there, so the first match here is the first
                for (int start = Math.max(0, i - 4), end = Math.min(i, last); start <= end; start++) {
                    if (java.util.Arrays.equals(hay, start, start + BEGIN.length, BEGIN, 0, BEGIN.length)) {
                        return start;
                    }
                }
            }
        }
        return -1;
    }
}
