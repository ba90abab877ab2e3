package org.meshaudit.normalize.cert;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
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
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
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
import org.meshaudit.collect.cert.DerScanner;

/**
 * Reads the facts rules need from a parsed certificate, with BouncyCastle's ASN.1 classes only (no JCA conversion: it
 * halves throughput, performance.md 3.1). Pure and thread-safe.
 */
public final class CertificateExtractor {
    private static final HexFormat HEX = HexFormat.of();
    private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();
    private static final Map<ASN1ObjectIdentifier, String> SIG_NAMES = new ConcurrentHashMap<>();
    private static final Map<ASN1ObjectIdentifier, String[]> CURVES = new ConcurrentHashMap<>();
    private static final Map<java.nio.ByteBuffer, String> NAME_CACHE = new ConcurrentHashMap<>();
    private static final Map<String, String> HASHES = Map.ofEntries(
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
    private static final Map<String, String> DIGESTS = Map.of("1.3.14.3.2.26", "SHA1",
            "2.16.840.1.101.3.4.2.4", "SHA224", "2.16.840.1.101.3.4.2.1", "SHA256", "2.16.840.1.101.3.4.2.2", "SHA384",
            "2.16.840.1.101.3.4.2.3", "SHA512", "1.2.840.113549.2.5", "MD5");
    private static final Map<KeyPurposeId, String> EKU = Map.of(KeyPurposeId.id_kp_serverAuth, "serverAuth",
            KeyPurposeId.id_kp_clientAuth, "clientAuth", KeyPurposeId.id_kp_codeSigning, "codeSigning",
            KeyPurposeId.id_kp_emailProtection, "emailProtection", KeyPurposeId.id_kp_timeStamping, "timeStamping",
            KeyPurposeId.id_kp_OCSPSigning, "OCSPSigning", KeyPurposeId.anyExtendedKeyUsage, "anyExtendedKeyUsage");
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
        TBSCertificate tbs = c.getTBSCertificate();
        Extensions exts = tbs.getExtensions();
        String subject = name(tbs.getSubject());
        String issuer = name(tbs.getIssuer());

        Key key = key(tbs.getSubjectPublicKeyInfo(), maxDepth);
        AlgorithmIdentifier sig = c.getSignatureAlgorithm();
        String sigHash = sigHash(sig);
        String sigName = sigName(sig, sigHash);

        BasicConstraints bc = exts == null ? null : BasicConstraints.fromExtensions(exts);
        // byte equality first (the common case either way); BC's normalising comparison only when bytes differ
        // but the printed names agree
        boolean selfIssued = java.util.Arrays.equals(der(tbs.getSubject()), der(tbs.getIssuer()))
                || (subject.equals(issuer) && tbs.getSubject().equals(tbs.getIssuer()));
        boolean ca = bc != null ? bc.isCA() : (tbs.getVersionNumber() < 3 && selfIssued);
        int pathLen = bc != null && bc.isCA() && bc.getPathLenConstraint() != null
                ? bc.getPathLenConstraint().intValue() : -1;

        List<String> ku = new ArrayList<>();
        KeyUsage usage = exts == null ? null : KeyUsage.fromExtensions(exts);
        if (usage != null) {
            for (int i = 0; i < KU.length; i++) {
                if (usage.hasUsages(KU_BITS[i])) {
                    ku.add(KU[i]);
                }
            }
        }
        List<String> eku = new ArrayList<>();
        ExtendedKeyUsage ext = exts == null ? null : ExtendedKeyUsage.fromExtensions(exts);
        if (ext != null) {
            for (KeyPurposeId id : ext.getUsages()) {
                eku.add(EKU.getOrDefault(id, id.getId()));
            }
        }
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        int other = 0;
        int truncated = 0;
        GeneralNames sans = exts == null ? null : GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
        if (sans != null) {
            int listed = 0;
            for (GeneralName n : sans.getNames()) {
                if (listed >= maxSans) {
                    truncated++;
                    continue;
                }
                listed++;
                switch (n.getTagNo()) {
                    case GeneralName.dNSName -> dns.add(text(n.getName()));
                    case GeneralName.uniformResourceIdentifier -> uris.add(text(n.getName()));
                    case GeneralName.rfc822Name -> emails.add(text(n.getName()));
                    case GeneralName.iPAddress -> ips.add(ip(ASN1OctetString.getInstance(n.getName()).getOctets()));
                    default -> other++;
                }
            }
        }
        String ski = "";
        String aki = "";
        if (exts != null) {
            SubjectKeyIdentifier s = SubjectKeyIdentifier.fromExtensions(exts);
            if (s != null) {
                ski = HEX.formatHex(s.getKeyIdentifier());
            }
            AuthorityKeyIdentifier a = AuthorityKeyIdentifier.fromExtensions(exts);
            if (a != null && a.getKeyIdentifierObject() != null) {
                aki = HEX.formatHex(a.getKeyIdentifierObject().getOctets());
            }
        }
        boolean sct = exts != null && exts.getExtension(SCT_LIST) != null;
        return new CertificateInfo(sha256, subject, issuer, tbs.getSerialNumber().getValue().toString(16),
                tbs.getStartDate().getDate().toInstant(), tbs.getEndDate().getDate().toInstant(), key.algorithm,
                key.bits, key.curve, key.exponent, key.strength, key.error, sigName, sigHash, ca, pathLen,
                List.copyOf(ku), List.copyOf(eku), List.copyOf(dns), List.copyOf(ips), List.copyOf(uris),
                List.copyOf(emails), other, truncated, selfIssued, ski, aki, sct);
    }

    /** DN text, cached by encoding: issuers repeat across a bundle. */
    private static String name(org.bouncycastle.asn1.x500.X500Name n) {
        byte[] enc = der(n);
        if (NAME_CACHE.size() > 10_000) {
            NAME_CACHE.clear();
        }
        return NAME_CACHE.computeIfAbsent(java.nio.ByteBuffer.wrap(enc), k -> n.toString());
    }

    private static byte[] der(org.bouncycastle.asn1.x500.X500Name n) {
        try {
            return n.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Key(String algorithm, int bits, String curve, long exponent, int strength, String error) {
    }

    private static Key key(SubjectPublicKeyInfo spki, int maxDepth) {
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        try {
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption) || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                byte[] raw = spki.getPublicKeyData().getOctets();
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
                    String[] c = curve(curveOid);
                    if (c == null) {
                        return new Key("EC", 0, curveOid.getId(), 0, 0, "EC curve " + curveOid.getId() + " is not known");
                    }
                    int bits = Integer.parseInt(c[1]);
                    return new Key("EC", bits, c[0], 0, bits / 2, null);
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

    /** {name, order bits} of a named curve, cached; NIST curves get their FIPS names. */
    private static String[] curve(ASN1ObjectIdentifier oid) {
        String[] known = CURVES.get(oid);
        if (known != null) {
            return known.length == 0 ? null : known;
        }
        String[] found = new String[0];
        String name = ECNamedCurveTable.getName(oid);
        X9ECParameters p = ECNamedCurveTable.getByOID(oid);
        if (name != null && p != null) {
            String nist = switch (oid.getId()) {
                case "1.2.840.10045.3.1.1" -> "P-192";
                case "1.3.132.0.33" -> "P-224";
                case "1.2.840.10045.3.1.7" -> "P-256";
                case "1.3.132.0.34" -> "P-384";
                case "1.3.132.0.35" -> "P-521";
                default -> name;
            };
            found = new String[] {nist, Integer.toString(p.getN().bitLength())};
        }
        CURVES.put(oid, found);
        return found.length == 0 ? null : found;
    }

    private static String sigHash(AlgorithmIdentifier sig) {
        String oid = sig.getAlgorithm().getId();
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS.getId())) {
            try {
                RSASSAPSSparams p = RSASSAPSSparams.getInstance(sig.getParameters());
                return DIGESTS.getOrDefault(p.getHashAlgorithm().getAlgorithm().getId(), "unknown");
            } catch (RuntimeException e) {
                return "unknown";
            }
        }
        return HASHES.getOrDefault(oid, "unknown");
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
        return "0x" + HEX.formatHex(b);
    }
}
