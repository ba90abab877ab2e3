package org.meshaudit.reports.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.CertificateEntry;

/**
 * The one place that turns {@code AuditReport.certificates} ({@link CertificateEntry}) into rows the renderers show.
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
        List<CertificateEntry> certs = report.certificates();
        if (certs == null || certs.isEmpty()) {
            return List.of();
        }
        Instant asOf = parseInstant(report.metadata() == null ? null : report.metadata().asOf());
        List<Row> out = new ArrayList<>(certs.size());
        for (CertificateEntry c : certs) {
            out.add(row(c, asOf));
        }
        return out;
    }

    static Row row(CertificateEntry c, Instant asOf) {
        Instant nb = c.validity() == null ? null : parseInstant(c.validity().notBefore());
        Instant na = c.validity() == null ? null : parseInstant(c.validity().notAfter());
        Long days = na == null || asOf == null ? null : Math.floorDiv(ChronoUnit.SECONDS.between(asOf, na), 86400L);
        Horizon h = days == null ? Horizon.UNKNOWN : !na.isAfter(asOf) ? Horizon.EXPIRED
                : days <= 30 ? Horizon.DAYS_30 : days <= 90 ? Horizon.DAYS_90 : days <= 365 ? Horizon.DAYS_365
                : Horizon.LATER;
        return new Row(nz(c.fingerprint()), nz(c.subject()), nz(c.issuer()), nb, na, days, key(c.key()),
                c.signature() == null ? "" : nz(c.signature().algorithm()), sans(c.sans()), join(c.eku()),
                chain(c.chain()), sources(c.sources()), h);
    }

    private static String key(CertificateEntry.Key k) {
        if (k == null) {
            return "";
        }
        if (k.error() != null) {
            return nz(k.algorithm()) + " (" + k.error() + ")";
        }
        StringBuilder b = new StringBuilder(nz(k.algorithm()));
        if (k.bits() > 0) {
            b.append(' ').append(k.bits());
        }
        if (k.curve() != null) {
            b.append(" (").append(k.curve()).append(')');
        }
        return b.toString();
    }

    private static String sans(CertificateEntry.Sans s) {
        if (s == null) {
            return "";
        }
        List<String> all = new ArrayList<>();
        all.addAll(nonNull(s.spiffe()));
        all.addAll(nonNull(s.dns()));
        all.addAll(nonNull(s.ip()));
        for (String u : nonNull(s.uri())) {
            if (!all.contains(u)) {
                all.add(u);
            }
        }
        all.addAll(nonNull(s.email()));
        String out = String.join(", ", all);
        return s.truncated() > 0 ? out + " (+" + s.truncated() + " more)" : out;
    }

    private static String chain(CertificateEntry.Chain c) {
        if (c == null) {
            return "";
        }
        return c.reason() == null ? nz(c.status()) : nz(c.status()) + ": " + c.reason();
    }

    private static String sources(List<CertificateEntry.Source> sources) {
        List<String> out = new ArrayList<>();
        for (CertificateEntry.Source s : nonNull(sources)) {
            out.add(s.location());
        }
        return String.join(", ", out);
    }

    private static String join(List<String> l) {
        return String.join(", ", nonNull(l));
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
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
