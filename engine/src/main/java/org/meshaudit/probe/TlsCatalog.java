package org.meshaudit.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded candidate lists the prober offers: cipher suites (IANA codes, with the weakness class of
 * controls-catalog.md 7.9) and key-exchange groups (with their security size in bits).
 */
public final class TlsCatalog {

    /** Weakness of a cipher suite (7.9 "TLS 1.2 cipher suites"); {@code OK} = (EC)DHE + AEAD or a TLS 1.3 suite. */
    public enum Weakness { HIGH, MEDIUM, LOW, OK }

    /** One cipher suite. */
    public record Suite(int code, String name, Weakness weakness, String why) {
        public String hex() {
            return String.format("0x%04x", code);
        }
    }

    /** One key-exchange group; {@code bits} is the field/curve size (255 for x25519), {@code weak} per 7.9. */
    public record Group(int code, String name, int bits, boolean ffdhe, boolean weak) {
    }

    /** Protocol versions, highest first. */
    public enum Version {
        TLS13("TLSv1.3", 0x0304), TLS12("TLSv1.2", 0x0303), TLS11("TLSv1.1", 0x0302), TLS10("TLSv1", 0x0301),
        SSL3("SSLv3", 0x0300);

        public final String label;
        public final int wire;

        Version(String label, int wire) {
            this.label = label;
            this.wire = wire;
        }

        public static Version ofWire(int wire) {
            for (Version v : values()) {
                if (v.wire == wire) {
                    return v;
                }
            }
            return null;
        }

        public static Version ofLabel(String label) {
            for (Version v : values()) {
                if (v.label.equals(label) || v.name().equals(label)) {
                    return v;
                }
            }
            return null;
        }
    }

    private static final Map<Integer, Suite> SUITES = new LinkedHashMap<>();
    private static final Map<Integer, Group> GROUPS = new LinkedHashMap<>();

    private static void s(int code, String name, Weakness w, String why) {
        SUITES.put(code, new Suite(code, name, w, why));
    }

    private static void g(int code, String name, int bits, boolean ffdhe) {
        GROUPS.put(code, new Group(code, name, bits, ffdhe, ffdhe ? bits < 2048 : bits < 255));
    }

    static {
        // TLS 1.3
        s(0x1301, "TLS_AES_128_GCM_SHA256", Weakness.OK, "TLS 1.3 AEAD");
        s(0x1302, "TLS_AES_256_GCM_SHA384", Weakness.OK, "TLS 1.3 AEAD");
        s(0x1303, "TLS_CHACHA20_POLY1305_SHA256", Weakness.OK, "TLS 1.3 AEAD");
        s(0x1304, "TLS_AES_128_CCM_SHA256", Weakness.OK, "TLS 1.3 AEAD");
        s(0x1305, "TLS_AES_128_CCM_8_SHA256", Weakness.OK, "TLS 1.3 AEAD");
        // (EC)DHE + AEAD
        s(0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", Weakness.OK, "ECDHE + AEAD");
        s(0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", Weakness.OK, "ECDHE + AEAD");
        s(0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Weakness.OK, "ECDHE + AEAD");
        s(0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", Weakness.OK, "ECDHE + AEAD");
        s(0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", Weakness.OK, "ECDHE + AEAD");
        s(0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", Weakness.OK, "ECDHE + AEAD");
        s(0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", Weakness.OK, "DHE + AEAD");
        s(0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", Weakness.OK, "DHE + AEAD");
        // (EC)DHE + CBC: low
        s(0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", Weakness.LOW, "CBC mode");
        s(0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", Weakness.LOW, "CBC mode");
        s(0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", Weakness.LOW, "CBC mode");
        s(0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", Weakness.LOW, "CBC mode");
        s(0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", Weakness.LOW, "CBC mode");
        s(0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", Weakness.LOW, "CBC mode");
        s(0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", Weakness.LOW, "CBC mode");
        s(0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", Weakness.LOW, "CBC mode");
        s(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", Weakness.LOW, "CBC mode");
        s(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", Weakness.LOW, "CBC mode");
        s(0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", Weakness.LOW, "CBC mode");
        s(0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", Weakness.LOW, "CBC mode");
        // static RSA key exchange and 3DES: medium
        s(0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", Weakness.MEDIUM, "static RSA key exchange");
        s(0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", Weakness.MEDIUM, "static RSA key exchange");
        s(0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", Weakness.MEDIUM, "static RSA key exchange");
        s(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", Weakness.MEDIUM, "static RSA key exchange");
        s(0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", Weakness.MEDIUM, "static RSA key exchange");
        s(0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", Weakness.MEDIUM, "static RSA key exchange");
        s(0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", Weakness.MEDIUM, "3DES");
        s(0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", Weakness.MEDIUM, "3DES");
        s(0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", Weakness.MEDIUM, "3DES");
        // NULL, anon, EXPORT, RC4, DES: high
        s(0x0001, "TLS_RSA_WITH_NULL_MD5", Weakness.HIGH, "NULL cipher");
        s(0x0002, "TLS_RSA_WITH_NULL_SHA", Weakness.HIGH, "NULL cipher");
        s(0x003b, "TLS_RSA_WITH_NULL_SHA256", Weakness.HIGH, "NULL cipher");
        s(0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", Weakness.HIGH, "NULL cipher");
        s(0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA", Weakness.HIGH, "NULL cipher");
        s(0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", Weakness.HIGH, "anonymous key exchange");
        s(0x006c, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", Weakness.HIGH, "anonymous key exchange");
        s(0x00a6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", Weakness.HIGH, "anonymous key exchange");
        s(0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", Weakness.HIGH, "anonymous key exchange");
        s(0xc015, "TLS_ECDH_anon_WITH_NULL_SHA", Weakness.HIGH, "anonymous key exchange");
        s(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", Weakness.HIGH, "EXPORT cipher");
        s(0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", Weakness.HIGH, "EXPORT cipher");
        s(0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", Weakness.HIGH, "EXPORT cipher");
        s(0x0004, "TLS_RSA_WITH_RC4_128_MD5", Weakness.HIGH, "RC4");
        s(0x0005, "TLS_RSA_WITH_RC4_128_SHA", Weakness.HIGH, "RC4");
        s(0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", Weakness.HIGH, "RC4");
        s(0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", Weakness.HIGH, "anonymous key exchange, RC4");
        s(0x0009, "TLS_RSA_WITH_DES_CBC_SHA", Weakness.HIGH, "single DES");
        s(0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", Weakness.HIGH, "single DES");

        g(0x001d, "x25519", 255, false);
        g(0x0017, "secp256r1", 256, false);
        g(0x0018, "secp384r1", 384, false);
        g(0x0019, "secp521r1", 521, false);
        g(0x001e, "x448", 448, false);
        g(0x11ec, "X25519MLKEM768", 255, false);
        g(0x0100, "ffdhe2048", 2048, true);
        g(0x0101, "ffdhe3072", 3072, true);
        g(0x0102, "ffdhe4096", 4096, true);
        g(0x0015, "secp224r1", 224, false);
        g(0x0013, "secp192r1", 192, false);
        g(0x0010, "secp160r1", 160, false);
        g(0x0001, "sect163k1", 163, false);
    }

    private TlsCatalog() {
    }

    /** Suites to offer for a version: TLS 1.3 suites only for 1.3, every other candidate otherwise. */
    public static List<Suite> candidates(Version v) {
        List<Suite> out = new ArrayList<>();
        for (Suite s : SUITES.values()) {
            boolean tls13 = (s.code() & 0xff00) == 0x1300;
            if (tls13 == (v == Version.TLS13)) {
                out.add(s);
            }
        }
        return out;
    }

    public static Suite suite(int code) {
        Suite s = SUITES.get(code);
        return s != null ? s : new Suite(code, String.format("UNKNOWN_0x%04x", code), Weakness.OK, "not in the candidate list");
    }

    public static Suite suiteNamed(String name) {
        for (Suite s : SUITES.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    public static List<Group> groups() {
        return List.copyOf(GROUPS.values());
    }

    public static Group group(int code) {
        Group g = GROUPS.get(code);
        return g != null ? g : new Group(code, String.format("group_0x%04x", code), 0, false, false);
    }

    public static Group groupNamed(String name) {
        for (Group g : GROUPS.values()) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        return null;
    }

    /** A finite-field group the server chose itself (TLS 1.2 DHE without a named group), by its prime's size. */
    public static Group customDh(int bits) {
        return new Group(-1, "dhe-" + bits, bits, true, bits < 2048);
    }
}
