package org.meshaudit.normalize.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meshaudit.api.UsageException;

/** Date-aware thresholds of controls-catalog.md 7.5 and 7.9. */
class CryptoProfileTest {

    @ParameterizedTest(name = "issued {0}: {1} days")
    @CsvSource({"2025-06-01T00:00:00Z,398", "2026-03-14T23:59:59Z,398", "2026-03-15T00:00:00Z,200",
        "2027-03-14T00:00:00Z,200", "2027-03-15T00:00:00Z,100", "2029-03-14T00:00:00Z,100", "2029-03-15T00:00:00Z,47"})
    void brMaximumFollowsSc081AtNotBefore(String notBefore, int days) {
        assertEquals(days, CryptoProfile.brMaxDays(Instant.parse(notBefore)));
    }

    @Test
    void after2030StartsOnNewYear2031() {
        assertEquals(false, new CryptoProfile("baseline", Instant.parse("2030-12-31T23:59:59Z")).after2030());
        assertEquals(true, new CryptoProfile("baseline", Instant.parse("2031-01-01T00:00:00Z")).after2030());
    }

    @Test
    void brainpoolOnlyUnderBsi() {
        Instant t = Instant.parse("2026-11-29T00:00:00Z");
        assertEquals(false, new CryptoProfile("baseline", t).curveApproved("brainpoolP256r1"));
        assertEquals(true, new CryptoProfile("bsi", t).curveApproved("brainpoolP256r1"));
        assertEquals(false, new CryptoProfile("bsi", t).curveApproved("P-224"));
    }

    @Test
    void strictCapsMeshLeavesAt24h() {
        Instant t = Instant.parse("2026-11-29T00:00:00Z");
        assertEquals(90 * 86400L, new CryptoProfile("baseline", t).leafLifetime(CertificateClass.MESH, t)[1]);
        assertEquals(86400L, new CryptoProfile("strict", t).leafLifetime(CertificateClass.MESH, t)[1]);
    }

    @Test
    void rejectsUnknownProfile() {
        assertThrows(UsageException.class, () -> new CryptoProfile("lenient", Instant.EPOCH));
    }

    @org.junit.jupiter.api.Test
    void tenthsPrintWhatPercentPoint1fPrints() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200_000; i++) {
            long unit = i % 2 == 0 ? CryptoProfile.DAY : CryptoProfile.HOUR;
            long v = switch (i % 4) {
                case 0 -> random.nextInt(400 * 86_400);
                case 1 -> -random.nextInt(400 * 86_400);
                case 2 -> (random.nextInt(100_000) * unit) / 20; // exact halves and tenths
                default -> random.nextLong() % (1L << 40);
            };
            org.junit.jupiter.api.Assertions.assertEquals(
                    String.format(java.util.Locale.ROOT, "%.1f", v / (double) unit), CryptoProfile.tenths(v, unit),
                    v + " / " + unit);
        }
    }
}
