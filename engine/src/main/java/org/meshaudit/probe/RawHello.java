package org.meshaudit.probe;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.meshaudit.probe.TlsCatalog.Version;

/**
 * A hand-built ClientHello and a parser for what the server answers up to ServerHelloDone. Used to enumerate versions,
 * suites and groups without completing a handshake and without touching the JVM-wide JSSE configuration
 * ({@code jdk.tls.disabledAlgorithms} and {@code jdk.tls.namedGroups} are read once per JVM, so a JSSE client could
 * neither offer SSLv3/TLS 1.0 nor pick groups per attempt). No key material is sent: TLS 1.3 hellos carry an empty
 * key_share (RFC 8446 4.2.8), so the server answers with a HelloRetryRequest that names its group.
 */
final class RawHello {
    static final byte[] HRR_RANDOM = HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
    private static final int MAX_BYTES = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the server answered. {@code outcome}: SERVER_HELLO, HELLO_RETRY, ALERT, CLOSED, NOT_TLS. */
    record Answer(String outcome, Version version, int suite, int group, int dhBits, boolean certRequested,
                  List<byte[]> chain, String alert) {
        boolean accepted() {
            return outcome.equals("SERVER_HELLO") || outcome.equals("HELLO_RETRY");
        }
    }

    private RawHello() {
    }

    static byte[] clientHello(Version v, List<Integer> suites, List<Integer> groups, String sniHost) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int legacy = v == Version.TLS13 ? 0x0303 : v.wire;
        u16(body, legacy);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        body.writeBytes(random);
        if (v == Version.TLS13) {
            byte[] sid = new byte[32];
            RANDOM.nextBytes(sid);
            body.write(32);
            body.writeBytes(sid);
        } else {
            body.write(0);
        }
        u16(body, suites.size() * 2 + (v == Version.TLS13 ? 0 : 2));
        suites.forEach(s -> u16(body, s));
        if (v != Version.TLS13) {
            u16(body, 0x00ff); // renegotiation SCSV
        }
        body.write(1);
        body.write(0); // null compression
        if (v != Version.SSL3) {
            ByteArrayOutputStream ext = new ByteArrayOutputStream();
            if (sniHost != null) {
                byte[] h = sniHost.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                ByteArrayOutputStream sn = new ByteArrayOutputStream();
                u16(sn, h.length + 3);
                sn.write(0);
                u16(sn, h.length);
                sn.writeBytes(h);
                extension(ext, 0x0000, sn.toByteArray());
            }
            ByteArrayOutputStream sg = new ByteArrayOutputStream();
            u16(sg, groups.size() * 2);
            groups.forEach(g -> u16(sg, g));
            extension(ext, 0x000a, sg.toByteArray());
            extension(ext, 0x000b, new byte[] {1, 0});
            int[] sigalgs = {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201,
                    0x0807, 0x0808};
            ByteArrayOutputStream sa = new ByteArrayOutputStream();
            u16(sa, sigalgs.length * 2);
            for (int a : sigalgs) {
                u16(sa, a);
            }
            extension(ext, 0x000d, sa.toByteArray());
            if (v == Version.TLS13) {
                extension(ext, 0x002b, new byte[] {2, 0x03, 0x04});
                extension(ext, 0x0033, new byte[] {0, 0}); // empty client_shares: ask the server to pick
                extension(ext, 0x002d, new byte[] {1, 1}); // psk_dhe_ke (servers expect the extension)
            }
            u16(body, ext.size());
            body.writeBytes(ext.toByteArray());
        }
        byte[] b = body.toByteArray();
        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        hs.write(1);
        u24(hs, b.length);
        hs.writeBytes(b);
        byte[] h = hs.toByteArray();
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.write(22);
        u16(rec, v == Version.SSL3 ? 0x0300 : 0x0301);
        u16(rec, h.length);
        rec.writeBytes(h);
        return rec.toByteArray();
    }

    /**
     * Reads records until the server's first flight is understood: a HelloRetryRequest, a TLS 1.3 ServerHello, or for
     * older versions everything up to ServerHelloDone (Certificate, ServerKeyExchange, CertificateRequest).
     */
    static Answer read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        int total = 0;
        Version version = null;
        int suite = -1;
        int group = -1;
        int dhBits = -1;
        boolean certRequested = false;
        List<byte[]> chain = new ArrayList<>();
        boolean helloSeen = false;
        while (true) {
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (EOFException e) {
                return helloSeen ? new Answer("SERVER_HELLO", version, suite, group, dhBits, certRequested, chain, null)
                        : new Answer("CLOSED", null, -1, -1, -1, false, List.of(), null);
            }
            int major = in.readUnsignedByte();
            int minor = in.readUnsignedByte();
            int len = in.readUnsignedShort();
            if (major != 3 || (type != 21 && type != 22 && type != 20 && type != 23) || len > 18432) {
                return new Answer("NOT_TLS", null, -1, -1, -1, false, List.of(), null);
            }
            byte[] payload = new byte[len];
            in.readFully(payload);
            total += len + 5;
            if (total > MAX_BYTES) {
                throw new IOException("server's first flight exceeds " + MAX_BYTES + " bytes");
            }
            if (type == 21) {
                String alert = payload.length >= 2 ? alertName(payload[1] & 0xff) : "alert";
                if (helloSeen) {
                    return new Answer("SERVER_HELLO", version, suite, group, dhBits, certRequested, chain, alert);
                }
                return new Answer("ALERT", null, -1, -1, -1, false, List.of(), alert);
            }
            if (type != 22) {
                // change_cipher_spec or encrypted data: a TLS 1.3 server is past its hello
                if (helloSeen) {
                    return new Answer("SERVER_HELLO", version, suite, group, dhBits, certRequested, chain, null);
                }
                continue;
            }
            hs.writeBytes(payload);
            byte[] buf = hs.toByteArray();
            int pos = 0;
            while (buf.length - pos >= 4) {
                int mt = buf[pos] & 0xff;
                int ml = ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
                if (buf.length - pos - 4 < ml) {
                    break;
                }
                byte[] m = Arrays.copyOfRange(buf, pos + 4, pos + 4 + ml);
                pos += 4 + ml;
                switch (mt) {
                    case 2: {
                        helloSeen = true;
                        Parsed p = serverHello(m);
                        version = p.version;
                        suite = p.suite;
                        if (p.group >= 0) {
                            group = p.group;
                        }
                        if (p.hrr) {
                            return new Answer("HELLO_RETRY", version, suite, group, -1, false, List.of(), null);
                        }
                        if (version == Version.TLS13) {
                            return new Answer("SERVER_HELLO", version, suite, group, -1, false, List.of(), null);
                        }
                        break;
                    }
                    case 11:
                        chain = certificates(m);
                        break;
                    case 12: {
                        TlsCatalog.Suite s = TlsCatalog.suite(suite);
                        if (s.name().contains("ECDHE") && m.length >= 3 && (m[0] & 0xff) == 3) {
                            group = ((m[1] & 0xff) << 8) | (m[2] & 0xff);
                        } else if (s.name().contains("DHE") && m.length >= 2) {
                            int pl = ((m[0] & 0xff) << 8) | (m[1] & 0xff);
                            int lead = 0;
                            while (lead < pl && 2 + lead < m.length && m[2 + lead] == 0) {
                                lead++;
                            }
                            int bits = (pl - lead) * 8;
                            if (2 + lead < m.length && pl > lead) {
                                bits -= Integer.numberOfLeadingZeros(m[2 + lead] & 0xff) - 24;
                            }
                            dhBits = bits;
                        }
                        break;
                    }
                    case 13:
                        certRequested = true;
                        break;
                    case 14:
                        return new Answer("SERVER_HELLO", version, suite, group, dhBits, certRequested, chain, null);
                    default:
                        break;
                }
            }
            hs.reset();
            hs.write(buf, pos, buf.length - pos);
        }
    }

    private record Parsed(Version version, int suite, int group, boolean hrr) {
    }

    private static Parsed serverHello(byte[] m) throws IOException {
        if (m.length < 38) {
            throw new IOException("ServerHello too short");
        }
        int wire = ((m[0] & 0xff) << 8) | (m[1] & 0xff);
        boolean hrr = Arrays.equals(Arrays.copyOfRange(m, 2, 34), HRR_RANDOM);
        int sidLen = m[34] & 0xff;
        int p = 35 + sidLen;
        if (m.length < p + 3) {
            throw new IOException("ServerHello truncated");
        }
        int suite = ((m[p] & 0xff) << 8) | (m[p + 1] & 0xff);
        p += 3;
        int group = -1;
        if (m.length >= p + 2) {
            int extLen = ((m[p] & 0xff) << 8) | (m[p + 1] & 0xff);
            p += 2;
            int end = Math.min(m.length, p + extLen);
            while (p + 4 <= end) {
                int et = ((m[p] & 0xff) << 8) | (m[p + 1] & 0xff);
                int el = ((m[p + 2] & 0xff) << 8) | (m[p + 3] & 0xff);
                p += 4;
                if (p + el > end) {
                    break;
                }
                if (et == 0x002b && el >= 2) {
                    wire = ((m[p] & 0xff) << 8) | (m[p + 1] & 0xff);
                } else if (et == 0x0033 && el >= 2) {
                    group = ((m[p] & 0xff) << 8) | (m[p + 1] & 0xff);
                }
                p += el;
            }
        }
        return new Parsed(Version.ofWire(wire), suite, group, hrr);
    }

    private static List<byte[]> certificates(byte[] m) {
        List<byte[]> out = new ArrayList<>();
        if (m.length < 3) {
            return out;
        }
        int p = 3;
        int end = Math.min(m.length, 3 + (((m[0] & 0xff) << 16) | ((m[1] & 0xff) << 8) | (m[2] & 0xff)));
        while (p + 3 <= end && out.size() < 10) {
            int l = ((m[p] & 0xff) << 16) | ((m[p + 1] & 0xff) << 8) | (m[p + 2] & 0xff);
            p += 3;
            if (p + l > end) {
                break;
            }
            out.add(Arrays.copyOfRange(m, p, p + l));
            p += l;
        }
        return out;
    }

    static String alertName(int d) {
        switch (d) {
            case 0: return "close_notify";
            case 10: return "unexpected_message";
            case 20: return "bad_record_mac";
            case 40: return "handshake_failure";
            case 42: return "bad_certificate";
            case 47: return "illegal_parameter";
            case 48: return "unknown_ca";
            case 50: return "decode_error";
            case 70: return "protocol_version";
            case 71: return "insufficient_security";
            case 80: return "internal_error";
            case 86: return "inappropriate_fallback";
            case 109: return "missing_extension";
            case 112: return "unrecognized_name";
            case 116: return "certificate_required";
            case 120: return "no_application_protocol";
            default: return "alert_" + d;
        }
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write((v >> 8) & 0xff);
        o.write(v & 0xff);
    }

    private static void u24(ByteArrayOutputStream o, int v) {
        o.write((v >> 16) & 0xff);
        o.write((v >> 8) & 0xff);
        o.write(v & 0xff);
    }
}
