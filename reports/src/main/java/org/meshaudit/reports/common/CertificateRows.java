package org.meshaudit.reports.common;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshaudit.report.AuditReport;

/**
 * The one place that knows the shape of {@code AuditReport.certificates}. Today each entry is an untyped map; a typed
 * {@code CertificateEntry} (fingerprint, subject, issuer, validity, key, signature, SANs, EKU, chain, sources) is on
 * its way. Entries are read generically (maps as they are, records through their components), so both shapes give
 * the same {@link Row}s; when the typed entry lands, only {@link #of(AuditReport)} should need a look.
 */
public final class CertificateRows {

    /** Expiry horizon buckets, nearest first. */
    public enum Horizon {
        EXPIRED("expired"), DAYS_30("≤ 30 days"), DAYS_90("31–90 days"), DAYS_365("91–365 days"),
        LATER("> 1 year"), UNKNOWN("unknown");

        public final String label;

        Horizon(String label) {
            this.label = label;
        }
    }

    /** One certificate as the renderers show it. Strings are raw (not yet escaped). */
    public record Row(String fingerprint, String subject, String issuer, Instant notBefore, Instant notAfter,
                      Long daysLeft, String key, String signature, String sans, String eku, String chain,
                      String sources, Horizon horizon) {
    }

    private CertificateRows() {
    }

    public static List<Row> of(AuditReport report) {
        List<?> certs = report.certificates();
        if (certs == null || certs.isEmpty()) {
            return List.of();
        }
        Instant asOf = parseInstant(report.metadata() == null ? null : report.metadata().asOf());
        List<Row> out = new ArrayList<>(certs.size());
        for (Object c : certs) {
            out.add(row(asMap(c), asOf));
        }
        return out;
    }

    static Row row(Map<String, Object> m, Instant asOf) {
        Map<String, Object> validity = asMap(first(m, "validity"));
        Instant nb = parseInstant(first(m, "notBefore", "validFrom"), first(validity, "notBefore", "from", "start"));
        Instant na = parseInstant(first(m, "notAfter", "validUntil", "expires"), first(validity, "notAfter", "to", "end"));
        Long days = na == null || asOf == null ? null : Math.floorDiv(ChronoUnit.SECONDS.between(asOf, na), 86400L);
        Horizon h = days == null ? Horizon.UNKNOWN : na.isBefore(asOf) || na.equals(asOf) ? Horizon.EXPIRED
                : days <= 30 ? Horizon.DAYS_30 : days <= 90 ? Horizon.DAYS_90 : days <= 365 ? Horizon.DAYS_365
                : Horizon.LATER;
        return new Row(text(first(m, "fingerprint", "sha256", "fingerprintSha256")),
                text(first(m, "subject", "subjectDn")), text(first(m, "issuer", "issuerDn")), nb, na, days,
                key(first(m, "key", "publicKey"), m), text(first(m, "signature", "signatureAlgorithm")),
                text(first(m, "sans", "SANs", "subjectAltNames", "san")), text(first(m, "eku", "EKU", "extendedKeyUsage")),
                text(first(m, "chain")), text(first(m, "sources", "source")), h);
    }

    /** Counts per horizon, every bucket listed. */
    public static Map<Horizon, Integer> horizons(List<Row> rows) {
        Map<Horizon, Integer> out = new LinkedHashMap<>();
        for (Horizon h : Horizon.values()) {
            out.put(h, 0);
        }
        for (Row r : rows) {
            out.merge(r.horizon(), 1, Integer::sum);
        }
        return out;
    }

    private static String key(Object key, Map<String, Object> m) {
        if (key == null) {
            Object alg = first(m, "keyAlgorithm");
            Object size = first(m, "keySize", "keyBits");
            return alg == null ? "" : size == null ? text(alg) : text(alg) + " " + text(size);
        }
        Map<String, Object> k = asMap(key);
        if (k.isEmpty()) {
            return text(key);
        }
        Object alg = first(k, "algorithm", "type", "alg");
        Object size = first(k, "size", "bits", "length");
        Object curve = first(k, "curve");
        StringBuilder b = new StringBuilder(alg == null ? "" : text(alg));
        if (size != null) {
            b.append(b.isEmpty() ? "" : " ").append(text(size));
        }
        if (curve != null) {
            b.append(b.isEmpty() ? "" : " ").append('(').append(text(curve)).append(')');
        }
        return b.isEmpty() ? EvidenceText.value(k) : b.toString();
    }

    private static Object first(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            Object v = m.get(k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Collection<?> c) {
            StringBuilder b = new StringBuilder();
            for (Object o : c) {
                if (!b.isEmpty()) {
                    b.append(", ");
                }
                b.append(o instanceof Map<?, ?> || (o != null && o.getClass().isRecord()) ? EvidenceText.value(asMap(o)) : String.valueOf(o));
            }
            return b.toString();
        }
        if (v instanceof Map<?, ?> || v.getClass().isRecord()) {
            return EvidenceText.value(asMap(v));
        }
        return String.valueOf(v);
    }

    /** A map for a map, a record's components for a record, else an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        if (o != null && o.getClass().isRecord()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent c : o.getClass().getRecordComponents()) {
                try {
                    java.lang.reflect.Method acc = c.getAccessor();
                    if (!acc.canAccess(o)) {
                        acc.setAccessible(true);
                    }
                    Object v = acc.invoke(o);
                    out.put(c.getName(), v != null && v.getClass().isRecord() ? asMap(v) : v);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    out.put(c.getName(), null);
                }
            }
            return out;
        }
        return Map.of();
    }

    static Instant parseInstant(Object... candidates) {
        for (Object v : candidates) {
            if (v == null) {
                continue;
            }
            if (v instanceof Instant i) {
                return i;
            }
            if (v instanceof OffsetDateTime o) {
                return o.toInstant();
            }
            if (v instanceof ZonedDateTime z) {
                return z.toInstant();
            }
            if (v instanceof TemporalAccessor t && t instanceof LocalDate d) {
                return d.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            String s = v.toString().trim();
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(s).toInstant();
                } catch (DateTimeParseException e2) {
                    try {
                        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
                    } catch (DateTimeParseException e3) {
                        // try the next candidate
                    }
                }
            }
        }
        return null;
    }
}
