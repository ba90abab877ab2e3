package org.meshaudit.normalize.cert;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.meshaudit.api.UsageException;

/**
 * Thresholds of controls-catalog.md 7.9 for one profile ({@code baseline}, {@code strict}, {@code bsi}, {@code fips}),
 * judged against one clock. All certificate maths that depends on the profile or the date lives here.
 */
public record CryptoProfile(String name, Instant asOf) {
    public static final Set<String> NAMES = Set.of("baseline", "strict", "bsi", "fips");
    /** IR 8547: 112-bit strength deprecated after 2030, so from 2031-01-01 the note becomes a finding. */
    static final Instant END_OF_2030 = LocalDate.of(2031, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    static final long HOUR = 3600;
    static final long DAY = 86_400;

    public CryptoProfile {
        if (!NAMES.contains(name)) {
            throw new UsageException("unknown profile '" + name + "'", "use one of baseline, strict, bsi, fips");
        }
    }

    public boolean after2030() {
        return !asOf.isBefore(END_OF_2030);
    }

    /** Curves accepted without a KEY-003 finding: CABF 6.1.5; BSI TR-02102 adds the Brainpool curves. */
    public boolean curveApproved(String curve) {
        return switch (curve) {
            case "P-256", "P-384", "P-521" -> true;
            case "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1" -> name.equals("bsi");
            default -> false;
        };
    }

    /**
     * CA/B Forum BR 6.3.2 with ballot SC-081v3: maximum subscriber validity in days for a certificate issued at
     * {@code notBefore} [date-aware].
     */
    public static int brMaxDays(Instant notBefore) {
        LocalDate d = notBefore.atZone(ZoneOffset.UTC).toLocalDate();
        if (d.isBefore(LocalDate.of(2026, 3, 15))) {
            return 398;
        }
        if (d.isBefore(LocalDate.of(2027, 3, 15))) {
            return 200;
        }
        if (d.isBefore(LocalDate.of(2029, 3, 15))) {
            return 100;
        }
        return 47;
    }

    /** Leaf lifetime limits in seconds: {recommended, maximum} for a class (7.9). */
    public long[] leafLifetime(String certClass, Instant notBefore) {
        return switch (certClass) {
            case CertificateClass.MESH -> name.equals("strict") ? new long[] {DAY, DAY} : new long[] {DAY, 90 * DAY};
            case CertificateClass.PUBLIC -> new long[] {brMaxDays(notBefore) * DAY, brMaxDays(notBefore) * DAY};
            default -> new long[] {90 * DAY, 366 * DAY};
        };
    }

    static String human(long seconds) {
        if (seconds % DAY == 0) {
            return seconds / DAY + "d";
        }
        if (seconds >= 2 * DAY) {
            return tenths(seconds, DAY) + "d";
        }
        if (seconds % HOUR == 0) {
            return seconds / HOUR + "h";
        }
        return tenths(seconds, HOUR) + "h";
    }

    /**
     * {@code value / unit} with one decimal, rounded half up (what {@code %.1f} prints; integer arithmetic, as this
     * runs for every certificate and cert-manager object).
     */
    static String tenths(long value, long unit) {
        boolean negative = value < 0;
        long v = Math.abs(value);
        long t = (v * 20 + unit) / (2 * unit); // round(v * 10 / unit), halves up
        String s = t / 10 + "." + t % 10;
        return negative ? "-" + s : s; // as %.1f: -0.04 prints -0.0
    }
}
