package org.meshaudit.collect.cert;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * Reads the facts rules need from a parsed certificate, with BouncyCastle's ASN.1 classes only (no JCA conversion: it
 * halves throughput, performance.md 3.1). Pure and thread-safe.
 */
public final class CertificateExtractor {
    private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();
    private static final Map<ASN1ObjectIdentifier, String> SIG_NAMES = new ConcurrentHashMap<>();
    /** EC key facts by named curve: the key's facts depend on the curve alone. */
    private static final Map<ASN1ObjectIdentifier, Key> EC_KEYS = new ConcurrentHashMap<>();
    private static final Map<Encoding, String> NAME_CACHE = new ConcurrentHashMap<>();

    /** A DER encoding, or a slice of one, as a map key (eight octets hashed at a time, vectorised equality). */
    private static final class Encoding {
        private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        final byte[] bytes;
        final int from;
        final int to;
        /** Computed when first asked (a name found as the last issuer is never hashed); 0 until then. */
        private int hash;

        Encoding(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        Encoding(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.from = from;
            this.to = to;
        }

        /** A multiply-xor over whole words: a byte-at-a-time 31 * h chain waited on every octet of every name. */
        private int computeHash() {
            long h = to - from;
            int i = from;
            for (; i + 8 <= to; i += 8) {
                h = (h ^ (long) LONGS.get(bytes, i)) * 0x9E3779B97F4A7C15L;
            }
            for (; i < to; i++) {
                h = (h ^ bytes[i]) * 0x9E3779B97F4A7C15L;
            }
            int folded = (int) (h ^ (h >>> 29) ^ (h >>> 47));
            return folded == 0 ? 1 : folded;
        }

        /** A key that does not keep the whole certificate alive. */
        Encoding own() {
            return from == 0 && to == bytes.length ? this
                    : new Encoding(java.util.Arrays.copyOfRange(bytes, from, to));
        }

        boolean sameBytes(Encoding e) {
            return java.util.Arrays.equals(e.bytes, e.from, e.to, bytes, from, to);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Encoding e && e.hashCode() == hashCode() && sameBytes(e);
        }

        @Override
        public int hashCode() {
            int h = hash;
            if (h == 0) {
                h = computeHash();
                hash = h;
            }
            return h;
        }
    }
    private static final Map<String, String> HASH_NAMES = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.2", "MD2"), Map.entry("1.2.840.113549.1.1.3", "MD4"),
            Map.entry("1.2.840.113549.1.1.4", "MD5"), Map.entry("1.2.840.113549.1.1.5", "SHA1"),
            Map.entry("1.2.840.113549.1.1.14", "SHA224"), Map.entry("1.2.840.113549.1.1.11", "SHA256"),
            Map.entry("1.2.840.113549.1.1.12", "SHA384"), Map.entry("1.2.840.113549.1.1.13", "SHA512"),
            Map.entry("1.2.840.10045.4.1", "SHA1"), Map.entry("1.2.840.10045.4.3.1", "SHA224"),
            Map.entry("1.2.840.10045.4.3.2", "SHA256"), Map.entry("1.2.840.10045.4.3.3", "SHA384"),
            Map.entry("1.2.840.10045.4.3.4", "SHA512"), Map.entry("1.2.840.10040.4.3", "SHA1"),
            Map.entry("2.16.840.1.101.3.4.3.1", "SHA224"), Map.entry("2.16.840.1.101.3.4.3.2", "SHA256"),
            Map.entry("2.16.840.1.101.3.4.3.3", "SHA384"), Map.entry("2.16.840.1.101.3.4.3.4", "SHA512"),
            Map.entry("1.3.101.112", "EdDSA"), Map.entry("1.3.101.113", "EdDSA"),
            Map.entry("1.3.14.3.2.29", "SHA1"), Map.entry("1.3.14.3.2.27", "SHA1"));
    /** Signature algorithm to hash, keyed by OID: {@code getId()} re-parses a freshly read OID every time. */
    private static final Map<ASN1ObjectIdentifier, String> HASHES = byOid(HASH_NAMES);
    private static final Map<String, String> DIGESTS = Map.of("1.3.14.3.2.26", "SHA1",
            "2.16.840.1.101.3.4.2.4", "SHA224", "2.16.840.1.101.3.4.2.1", "SHA256", "2.16.840.1.101.3.4.2.2", "SHA384",
            "2.16.840.1.101.3.4.2.3", "SHA512", "1.2.840.113549.2.5", "MD5");
    private static final Map<ASN1ObjectIdentifier, String> EKU = Map.of(
            KeyPurposeId.id_kp_serverAuth.toOID(), "serverAuth", KeyPurposeId.id_kp_clientAuth.toOID(), "clientAuth",
            KeyPurposeId.id_kp_codeSigning.toOID(), "codeSigning",
            KeyPurposeId.id_kp_emailProtection.toOID(), "emailProtection",
            KeyPurposeId.id_kp_timeStamping.toOID(), "timeStamping", KeyPurposeId.id_kp_OCSPSigning.toOID(),
            "OCSPSigning", KeyPurposeId.anyExtendedKeyUsage.toOID(), "anyExtendedKeyUsage");
    /** The contents octets of the {@link #EKU} OIDs, and their names, in the same order. */
    private static final byte[][] EKU_CONTENTS;
    private static final String[] EKU_NAMES;

    static {
        List<Map.Entry<ASN1ObjectIdentifier, String>> known = new ArrayList<>(EKU.entrySet());
        EKU_CONTENTS = new byte[known.size()][];
        EKU_NAMES = new String[known.size()];
        for (int i = 0; i < known.size(); i++) {
            try {
                byte[] enc = known.get(i).getKey().getEncoded();
                EKU_CONTENTS[i] = java.util.Arrays.copyOfRange(enc, 2, enc.length); // short form: under 128 octets
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            EKU_NAMES[i] = known.get(i).getValue();
        }
    }
    private static final String[] KU = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
        "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    private static final int[] KU_BITS = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment,
        KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign, KeyUsage.cRLSign,
        KeyUsage.encipherOnly, KeyUsage.decipherOnly};
    private static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");

    private CertificateExtractor() {
    }

    /**
     * @param maxSans SANs listed (the rest are counted in {@link CertificateInfo#sansTruncated()})
     */
    public static CertificateInfo extract(Certificate c, String sha256, int maxSans, int maxDepth) {
        return extract(c, null, sha256, maxSans, maxDepth);
    }

    /**
     * @param der the encoding {@code c} was parsed from, or null: names are then re-encoded to be compared and
     *            cached (the slices of the original bytes are the same bytes, without the encoding work)
     */
    public static CertificateInfo extract(Certificate c, byte[] der, String sha256, int maxSans, int maxDepth) {
        return extract(c, der, der == null ? null : DerSlices.layout(der), sha256, maxSans, maxDepth);
    }

    /**
     * As {@link #extract(Certificate, byte[], String, int, int)} with the layout of {@code der} at hand.
     *
     * @param at {@link DerSlices#layout(byte[])} of {@code der}, or null
     */
    static CertificateInfo extract(Certificate c, byte[] der, int[] at, String sha256, int maxSans, int maxDepth) {
        TBSCertificate tbs = c.getTBSCertificate();
        Extensions exts = tbs.getExtensions();
        // with the original bytes, fields and the common extension shapes are read from them (DerSlices); anything
        // else, and everything when der is null, is read through BouncyCastle's objects (the general path)
        boolean fast = at != null;
        // the extension values as slices of der (an absent extension is absent for BouncyCastle too); when they
        // could not be located there, every extension is read through BouncyCastle's objects
        boolean slices = fast && at[DerSlices.EXTENSIONS] == 1;
        Encoding subjectDer = at == null ? new Encoding(der(tbs.getSubject()))
                : new Encoding(der, at[2], at[3]);
        Encoding issuerDer = at == null ? new Encoding(der(tbs.getIssuer())) : new Encoding(der, at[0], at[1]);
        String subject = subjectName(tbs.getSubject(), subjectDer);
        String issuer = issuerName(tbs.getIssuer(), issuerDer);

        Key key = key(tbs.getSubjectPublicKeyInfo(), der, at, maxDepth);
        String[] signature = signature(c.getSignatureAlgorithm(), der, at);
        String sigHash = signature[0];
        String sigName = signature[1];

        int[] bcFast = null;
        boolean hasBc;
        boolean bcCa;
        int bcPathLen;
        if (slices) {
            int from = at[known(DerSlices.BASIC_CONSTRAINTS)];
            bcFast = from < 0 ? new int[] {-1, -1}
                    : DerSlices.basicConstraints(der, from, at[known(DerSlices.BASIC_CONSTRAINTS) + 1]);
        }
        if (bcFast != null) {
            hasBc = bcFast[0] >= 0;
            bcCa = bcFast[0] == 1;
            bcPathLen = bcFast[1];
        } else {
            BasicConstraints bc = exts == null ? null : BasicConstraints.fromExtensions(exts);
            hasBc = bc != null;
            bcCa = hasBc && bc.isCA();
            bcPathLen = bcCa && bc.getPathLenConstraint() != null ? bc.getPathLenConstraint().intValue() : -1;
        }
        // byte equality first (the common case either way); BC's normalising comparison only when bytes differ
        // but the printed names agree
        boolean selfIssued = subjectDer.sameBytes(issuerDer)
                || (subject.equals(issuer) && tbs.getSubject().equals(tbs.getIssuer()));
        boolean ca = hasBc ? bcCa : (tbs.getVersionNumber() < 3 && selfIssued);
        int pathLen = hasBc && bcCa ? bcPathLen : -1;

        List<String> ku = new ArrayList<>();
        int kuFast = -1;
        if (slices) {
            int from = at[known(DerSlices.KEY_USAGE)];
            kuFast = from < 0 ? 0 : DerSlices.keyUsage(der, from, at[known(DerSlices.KEY_USAGE) + 1]);
        }
        if (kuFast >= 0) {
            for (int i = 0; i < KU.length; i++) {
                if ((kuFast & KU_BITS[i]) == KU_BITS[i]) {
                    ku.add(KU[i]);
                }
            }
        } else {
            KeyUsage usage = exts == null ? null : KeyUsage.fromExtensions(exts);
            if (usage != null) {
                for (int i = 0; i < KU.length; i++) {
                    if (usage.hasUsages(KU_BITS[i])) {
                        ku.add(KU[i]);
                    }
                }
            }
        }
        List<String> eku = null;
        if (slices) {
            int from = at[known(DerSlices.EXTENDED_KEY_USAGE)];
            eku = from < 0 ? new ArrayList<>() : eku(der, from, at[known(DerSlices.EXTENDED_KEY_USAGE) + 1]);
        }
        if (eku == null) {
            eku = new ArrayList<>();
            ASN1Encodable parsed = exts == null ? null : exts.getExtensionParsedValue(Extension.extendedKeyUsage);
            if (parsed != null) {
                for (ASN1Encodable e : org.bouncycastle.asn1.ASN1Sequence.getInstance(parsed)) {
                    ASN1ObjectIdentifier id = ASN1ObjectIdentifier.getInstance(e);
                    String known = EKU.get(id);
                    eku.add(known != null ? known : id.getId());
                }
            }
        }
        Sans sans = new Sans();
        boolean sansRead = false;
        if (slices) {
            int from = at[known(DerSlices.SAN)];
            sansRead = from < 0 || sans.read(der, from, at[known(DerSlices.SAN) + 1], maxSans);
        }
        if (!sansRead) {
            sans = new Sans();
            GeneralNames names = exts == null ? null
                    : GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
            if (names != null) {
                int listed = 0;
                for (GeneralName n : names.getNames()) {
                    if (listed >= maxSans) {
                        sans.truncated++;
                        continue;
                    }
                    listed++;
                    switch (n.getTagNo()) {
                        case GeneralName.dNSName -> sans.dns.add(text(n.getName()));
                        case GeneralName.uniformResourceIdentifier -> sans.uris.add(text(n.getName()));
                        case GeneralName.rfc822Name -> sans.emails.add(text(n.getName()));
                        case GeneralName.iPAddress -> sans.ips.add(ip(ASN1OctetString.getInstance(n.getName())
                                .getOctets()));
                        default -> sans.other++;
                    }
                }
            }
        }
        String ski = null;
        String aki = null;
        if (slices) {
            int from = at[known(DerSlices.SUBJECT_KEY_ID)];
            int to = at[known(DerSlices.SUBJECT_KEY_ID) + 1];
            int[] id = from < 0 ? null : DerSlices.subjectKeyId(der, from, to);
            ski = from < 0 ? "" : id == null ? null : LowerHex.of(der, id[0], id[1]);
            from = at[known(DerSlices.AUTHORITY_KEY_ID)];
            to = at[known(DerSlices.AUTHORITY_KEY_ID) + 1];
            id = from < 0 ? null : DerSlices.authorityKeyId(der, from, to);
            aki = from < 0 ? "" : id == null ? null : id.length == 0 ? "" : LowerHex.of(der, id[0], id[1]);
        }
        if (ski == null) {
            SubjectKeyIdentifier s = exts == null ? null : SubjectKeyIdentifier.fromExtensions(exts);
            ski = s == null ? "" : LowerHex.of(s.getKeyIdentifier());
        }
        if (aki == null) {
            AuthorityKeyIdentifier a = exts == null ? null : AuthorityKeyIdentifier.fromExtensions(exts);
            aki = a == null || a.getKeyIdentifierObject() == null ? ""
                    : LowerHex.of(a.getKeyIdentifierObject().getOctets());
        }
        boolean sct = slices ? at[known(DerSlices.SCT)] >= 0 : exts != null && exts.getExtension(SCT_LIST) != null;
        String serial = fast ? serial(der, at[DerSlices.SERIAL], at[DerSlices.SERIAL + 1], tbs.getSerialNumber())
                : serial(tbs.getSerialNumber());
        Instant notBefore = fast ? instant(der, at[DerSlices.NOT_BEFORE], at[DerSlices.NOT_BEFORE + 1],
                at[DerSlices.NOT_BEFORE + 2], tbs.getStartDate()) : instant(tbs.getStartDate());
        Instant notAfter = fast ? instant(der, at[DerSlices.NOT_AFTER], at[DerSlices.NOT_AFTER + 1],
                at[DerSlices.NOT_AFTER + 2], tbs.getEndDate()) : instant(tbs.getEndDate());
        return new CertificateInfo(sha256, subject, issuer, serial, notBefore, notAfter, key.algorithm,
                key.bits, key.curve, key.exponent, key.strength, key.error, sigName, sigHash, ca, pathLen,
                frozen(ku), frozen(eku), frozen(sans.dns), frozen(sans.ips), frozen(sans.uris), frozen(sans.emails),
                sans.other, sans.truncated, selfIssued, ski, aki, sct);
    }

    /** Index in {@link DerSlices#layout(byte[])}'s answer of the value start of the extension {@code which}. */
    private static int known(int which) {
        return DerSlices.KNOWN + 2 * which;
    }

    /** SANs as listed for {@link CertificateInfo}. */
    private static final class Sans {
        final List<String> dns = new ArrayList<>();
        final List<String> ips = new ArrayList<>();
        final List<String> uris = new ArrayList<>();
        final List<String> emails = new ArrayList<>();
        int other;
        int truncated;

        /**
         * Reads a subjectAltName value of rfc822Name, dNSName, URI and iPAddress entries (primitive, minimal DER
         * lengths) directly, as BouncyCastle reads them (IA5String octets one char each); false, with nothing
         * kept, for any other shape or kind of name (BouncyCastle then reads and checks it).
         */
        boolean read(byte[] v, int from, int to, int maxSans) {
            int[] seq = DerSlices.strict(v, from, to, 0x30);
            if (seq == null || seq[1] != to || seq[0] == seq[1]) {
                return false;
            }
            int count = 0;
            for (int p = seq[0]; p < seq[1]; count++) {
                int tag = v[p] & 0xff;
                if (tag != 0x81 && tag != 0x82 && tag != 0x86 && tag != 0x87) {
                    return false;
                }
                int[] e = DerSlices.strict(v, p, seq[1], tag);
                if (e == null) {
                    return false;
                }
                p = e[1];
            }
            int listed = 0;
            for (int p = seq[0]; p < seq[1]; ) {
                int tag = v[p] & 0xff;
                int[] e = DerSlices.strict(v, p, seq[1], tag);
                p = e[1];
                if (listed >= maxSans) {
                    truncated++;
                    continue;
                }
                listed++;
                switch (tag) {
                    case 0x82 -> dns.add(latin1(v, e));
                    case 0x86 -> uris.add(latin1(v, e));
                    case 0x81 -> emails.add(latin1(v, e));
                    default -> ips.add(ip(java.util.Arrays.copyOfRange(v, e[0], e[1])));
                }
            }
            return count > 0;
        }

        private static String latin1(byte[] v, int[] e) {
            return new String(v, e[0], e[1] - e[0], java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * extendedKeyUsage read directly when it is a SEQUENCE of the purposes named in {@link #EKU} (minimal DER), or
     * null (BouncyCastle then reads it, and names other OIDs by their dotted form).
     */
    private static List<String> eku(byte[] v, int from, int to) {
        int[] seq = DerSlices.strict(v, from, to, 0x30);
        if (seq == null || seq[1] != to) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int p = seq[0]; p < seq[1]; ) {
            int[] oid = DerSlices.strict(v, p, seq[1], 0x06);
            if (oid == null) {
                return null;
            }
            String name = null;
            int length = oid[1] - oid[0];
            for (int i = 0; i < EKU_CONTENTS.length && name == null; i++) {
                byte[] known = EKU_CONTENTS[i];
                // the purposes differ in their last octet: compare that first
                if (known.length == length && known[length - 1] == v[oid[1] - 1]
                        && java.util.Arrays.equals(v, oid[0], oid[1], known, 0, length)) {
                    name = EKU_NAMES[i];
                }
            }
            if (name == null) {
                return null;
            }
            out.add(name);
            p = oid[1];
        }
        return out;
    }

    /**
     * The instant of an X.509 time. RFC 5280 (4.1.2.5) requires {@code YYMMDDHHMMSSZ} (UTCTime, 1950-2049) or
     * {@code YYYYMMDDHHMMSSZ} (GeneralizedTime); those are read directly from the encoding (BouncyCastle's
     * {@code getDate()} goes through {@code SimpleDateFormat} and dominated extraction). Any other form is left to
     * BouncyCastle.
     */
    static Instant instant(org.bouncycastle.asn1.x509.Time t) {
        try {
            byte[] enc = t.toASN1Primitive().getEncoded();
            int len = enc.length >= 2 ? enc[1] : -1;
            if (len >= 0 && enc.length == len + 2) {
                Instant read = instant(enc, enc[0], 2, enc.length);
                if (read != null) {
                    return read;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall through to BouncyCastle's reading
        }
        return t.getDate().toInstant();
    }

    /**
     * As {@link #instant(org.bouncycastle.asn1.x509.Time)} for the time {@code t} whose tag and contents octets
     * {@code d[from, to)} are at hand (the certificate's own bytes).
     */
    static Instant instant(byte[] d, int tag, int from, int to, org.bouncycastle.asn1.x509.Time t) {
        Instant read = instant(d, tag, from, to);
        return read != null ? read : t.getDate().toInstant();
    }

    /** The RFC 5280 forms of UTCTime (tag 0x17) and GeneralizedTime (0x18) contents in {@code d[from, to)}, or null. */
    private static Instant instant(byte[] d, int tag, int from, int to) {
        int len = to - from;
        if (!((tag == 0x17 && len == 13) || (tag == 0x18 && len == 15))) {
            return null;
        }
        int p = from;
        int year;
        if (tag == 0x17) {
            int yy = digits(d, p, 2);
            year = yy < 0 ? -1 : yy >= 50 ? 1900 + yy : 2000 + yy;
            p += 2;
        } else {
            year = digits(d, p, 4);
            p += 4;
        }
        int month = digits(d, p, 2);
        int day = digits(d, p + 2, 2);
        int hour = digits(d, p + 4, 2);
        int minute = digits(d, p + 6, 2);
        int second = digits(d, p + 8, 2);
        if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23 && minute >= 0
                && minute <= 59 && second >= 0 && second <= 59 && d[p + 10] == 'Z'
                && day <= lengthOfMonth(year, month)) {
            return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second);
        }
        return null;
    }

    /** Days in the month of the proleptic Gregorian calendar (as {@code YearMonth.lengthOfMonth}). */
    static int lengthOfMonth(int year, int month) {
        if (month == 2) {
            return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /**
     * Days from 1970-01-01 to a valid date of years 0 to 9999 (as {@code LocalDate.toEpochDay}, without building
     * the date: the proleptic Gregorian days-from-civil count over 400-year eras starting in March).
     */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** The list as read (never shared with anyone else), unmodifiable. */
    private static List<String> frozen(List<String> fresh) {
        return fresh.isEmpty() ? List.of() : java.util.Collections.unmodifiableList(fresh);
    }

    /** An issuer's encoding (its own copy) and text. */
    private record Named(Encoding encoding, String text) {
    }

    /**
     * The issuer named last: consecutive certificates mostly share their issuer, and comparing its octets is cheaper
     * than a map lookup. Immutable, so a racing reader sees a whole pair or the previous one.
     */
    private static volatile Named lastIssuer;

    /** As {@link #name} for the issuer, through {@link #lastIssuer}. */
    private static String issuerName(org.bouncycastle.asn1.x500.X500Name n, Encoding key) {
        Named last = lastIssuer;
        if (last != null && last.encoding.sameBytes(key)) {
            return last.text;
        }
        String text = name(n, key);
        lastIssuer = new Named(key.own(), text);
        return text;
    }

    /** The encoding of the empty Name (an empty RDNSequence), which BouncyCastle prints as "". */
    private static final Encoding EMPTY_NAME = new Encoding(new byte[] {0x30, 0x00});

    /**
     * A subject's text: from the cache when the name is known as an issuer's, and otherwise printed without being
     * remembered (a leaf's subject is its own: caching every one would fill the cache, and empty it now and again,
     * for nothing).
     */
    private static String subjectName(org.bouncycastle.asn1.x500.X500Name n, Encoding key) {
        if (key.sameBytes(EMPTY_NAME)) { // SPIFFE leaves have no subject
            return "";
        }
        String known = NAME_CACHE.get(key);
        return known != null ? known : n.toString();
    }

    /** DN text, cached by encoding: issuers repeat across a bundle. */
    private static String name(org.bouncycastle.asn1.x500.X500Name n, Encoding key) {
        if (NAME_CACHE.size() > 10_000) {
            NAME_CACHE.clear();
        }
        String known = NAME_CACHE.get(key);
        if (known == null) {
            known = n.toString();
            NAME_CACHE.put(key.own(), known);
        }
        return known;
    }

    private static byte[] der(org.bouncycastle.asn1.x500.X500Name n) {
        try {
            return n.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex of the serial number, as {@code BigInteger.toString(16)} prints it, without the BigInteger. */
    static String serial(org.bouncycastle.asn1.ASN1Integer serial) {
        byte[] enc;
        try {
            enc = serial.getEncoded();
        } catch (java.io.IOException e) {
            return serial.getValue().toString(16);
        }
        int off = 2;
        if ((enc[1] & 0x80) != 0) {
            off += enc[1] & 0x7f;
        }
        return serial(enc, off, enc.length, serial);
    }

    /** As {@link #serial(org.bouncycastle.asn1.ASN1Integer)} from the contents octets {@code d[from, to)}. */
    static String serial(byte[] d, int from, int to, org.bouncycastle.asn1.ASN1Integer serial) {
        if (from >= to || (d[from] & 0x80) != 0) { // negative (not RFC 5280, but seen): BigInteger's form
            return serial.getValue().toString(16);
        }
        int z = from;
        while (z < to - 1 && d[z] == 0) {
            z++;
        }
        return LowerHex.of(d, z, to, (d[z] & 0xf0) == 0); // BigInteger prints no leading zero digit ("0" for 0)
    }

    private record Key(String algorithm, int bits, String curve, long exponent, int strength, String error) {
    }

    /** An AlgorithmIdentifier's encoding (a private copy) and what was read from it. */
    private record Read<T>(byte[] encoding, T value) {
        boolean of(byte[] d, int from, int to) {
            return java.util.Arrays.equals(encoding, 0, encoding.length, d, from, to);
        }
    }

    /**
     * The signature algorithm read last, and the key algorithm read last (RSA excepted): certificates of one issuer
     * share them, and comparing the encoding is cheaper than BouncyCastle's OID hashing and lookups. What is read
     * from an AlgorithmIdentifier depends on its encoding alone. Immutable, so a racing reader sees a whole pair.
     */
    private static volatile Read<String[]> lastSignature;
    private static volatile Read<Key> lastKeyAlgorithm;

    /** {hash, name} of the certificate's signature algorithm {@code sig}, encoded as given by {@code at} if known. */
    private static String[] signature(AlgorithmIdentifier sig, byte[] der, int[] at) {
        int from = at == null ? -1 : at[DerSlices.SIGNATURE_ALGORITHM];
        int to = from < 0 ? -1 : at[DerSlices.SIGNATURE_ALGORITHM + 1];
        Read<String[]> last = lastSignature;
        if (last != null && from >= 0 && last.of(der, from, to)) {
            return last.value();
        }
        String hash = sigHash(sig);
        String[] read = {hash, sigName(sig, hash)};
        if (from >= 0) {
            lastSignature = new Read<>(java.util.Arrays.copyOfRange(der, from, to), read);
        }
        return read;
    }

    /**
     * As {@link #key(SubjectPublicKeyInfo, int)}, through {@link #lastKeyAlgorithm}: except for RSA keys (whose
     * facts are in the key itself), a key's facts depend on its AlgorithmIdentifier alone.
     */
    private static Key key(SubjectPublicKeyInfo spki, byte[] der, int[] at, int maxDepth) {
        int from = at == null ? -1 : at[DerSlices.KEY_ALGORITHM];
        int to = from < 0 ? -1 : at[DerSlices.KEY_ALGORITHM + 1];
        Read<Key> last = lastKeyAlgorithm;
        if (last != null && from >= 0 && last.of(der, from, to)) {
            return last.value();
        }
        Key key = key(spki, maxDepth);
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        if (from >= 0 && !oid.equals(PKCSObjectIdentifiers.rsaEncryption)
                && !oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            lastKeyAlgorithm = new Read<>(java.util.Arrays.copyOfRange(der, from, to), key);
        }
        return key;
    }

    private static Key key(SubjectPublicKeyInfo spki, int maxDepth) {
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        try {
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption) || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                byte[] raw = spki.getPublicKeyData().getOctets();
                long[] fast = DerSlices.rsaModulusBitsAndExponent(raw);
                if (fast != null) {
                    int bits = (int) fast[0];
                    return new Key("RSA", bits, "", fast[1], ffcStrength(bits), null);
                }
                DerScanner.exactlyOne(raw, maxDepth);
                RSAPublicKey k = RSAPublicKey.getInstance(ASN1Primitive.fromByteArray(raw));
                int bits = k.getModulus().bitLength();
                BigInteger e = k.getPublicExponent();
                long exp = e.bitLength() > 62 ? Long.MAX_VALUE : e.longValue();
                return new Key("RSA", bits, "", exp, ffcStrength(bits), null);
            }
            if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                ASN1Encodable params = spki.getAlgorithm().getParameters();
                if (params instanceof ASN1ObjectIdentifier curveOid) {
                    return EC_KEYS.computeIfAbsent(curveOid, CertificateExtractor::ecKey);
                }
                String what = params == null || params instanceof DERNull ? "implicit" : "explicit";
                // explicit (possibly binary-field) parameters are not evaluated (CVE-2024-29857 class)
                return new Key("EC", 0, what, 0, 0, "EC key with " + what + " curve parameters is not evaluated");
            }
            if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                return new Key("Ed25519", 255, "Ed25519", 0, 128, null);
            }
            if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
                return new Key("Ed448", 448, "Ed448", 0, 224, null);
            }
            if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
                ASN1Encodable params = spki.getAlgorithm().getParameters();
                int bits = params == null ? 0 : DSAParameter.getInstance(params).getP().bitLength();
                return new Key("DSA", bits, "", 0, ffcStrength(bits), bits == 0 ? "DSA key without parameters" : null);
            }
        } catch (Exception | StackOverflowError e) {
            return new Key("unknown", 0, "", 0, 0, "public key cannot be decoded (" + e.getClass().getSimpleName() + ")");
        }
        return new Key("unknown", 0, "", 0, 0, "public key algorithm " + oid.getId() + " is not recognised");
    }

    /** SP 800-57 Part 1 Table 2 for RSA and finite-field keys. */
    static int ffcStrength(int bits) {
        if (bits >= 15360) {
            return 256;
        }
        if (bits >= 7680) {
            return 192;
        }
        if (bits >= 3072) {
            return 128;
        }
        if (bits >= 2048) {
            return 112;
        }
        return bits >= 1024 ? 80 : 0;
    }

    /** The facts of an EC key on a named curve (one per curve: {@link #EC_KEYS}); NIST curves get their FIPS names. */
    private static Key ecKey(ASN1ObjectIdentifier oid) {
        String name = ECNamedCurveTable.getName(oid);
        X9ECParameters p = ECNamedCurveTable.getByOID(oid);
        if (name == null || p == null) {
            return new Key("EC", 0, oid.getId(), 0, 0, "EC curve " + oid.getId() + " is not known");
        }
        String nist = switch (oid.getId()) {
            case "1.2.840.10045.3.1.1" -> "P-192";
            case "1.3.132.0.33" -> "P-224";
            case "1.2.840.10045.3.1.7" -> "P-256";
            case "1.3.132.0.34" -> "P-384";
            case "1.3.132.0.35" -> "P-521";
            default -> name;
        };
        int bits = p.getN().bitLength();
        return new Key("EC", bits, nist, 0, bits / 2, null);
    }

    private static Map<ASN1ObjectIdentifier, String> byOid(Map<String, String> byId) {
        Map<ASN1ObjectIdentifier, String> m = new java.util.HashMap<>();
        byId.forEach((k, v) -> m.put(new ASN1ObjectIdentifier(k), v));
        return Map.copyOf(m);
    }

    private static String sigHash(AlgorithmIdentifier sig) {
        if (sig.getAlgorithm().equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            try {
                RSASSAPSSparams p = RSASSAPSSparams.getInstance(sig.getParameters());
                return DIGESTS.getOrDefault(p.getHashAlgorithm().getAlgorithm().getId(), "unknown");
            } catch (RuntimeException e) {
                return "unknown";
            }
        }
        return HASHES.getOrDefault(sig.getAlgorithm(), "unknown");
    }

    private static String sigName(AlgorithmIdentifier sig, String hash) {
        ASN1ObjectIdentifier oid = sig.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return hash + "WITHRSAANDMGF1";
        }
        return SIG_NAMES.computeIfAbsent(oid, o -> NAMES.getAlgorithmName(o));
    }

    private static String text(ASN1Encodable e) {
        return e instanceof ASN1String s ? s.getString() : e.toString();
    }

    private static String ip(byte[] b) {
        if (b.length == 4 || b.length == 16) {
            try {
                return InetAddress.getByAddress(b).getHostAddress();
            } catch (UnknownHostException e) {
                // unreachable for 4 or 16 bytes
            }
        }
        return "0x" + LowerHex.of(b);
    }
}
