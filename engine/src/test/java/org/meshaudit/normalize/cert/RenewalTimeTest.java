package org.meshaudit.normalize.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CM-2, with cases from cert-manager pkg/util/pki/renewaltime_test.go (TestRenewalTime, TestRenewBefore). */
class RenewalTimeTest {
    static final Instant NB = Instant.parse("2026-11-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "worked example: 24h issued, renewBefore 25h is ignored -> 1/3 | 24h | 25h |    | 2026-11-01T16:00:00Z",
        "no renewBefore: renew at 2/3 of 90d                          | 2160h |   |    | 2026-12-31T00:00:00Z",
        "renewBefore shorter than lifetime is used                    | 2160h | 360h | | 2027-01-15T00:00:00Z",
        "renewBefore equal to lifetime is ignored                     | 1h | 1h |       | 2026-11-01T00:40:00Z",
        "percentage 25 of 100h                                         | 100h |  | 25   | 2026-11-04T03:00:00Z",
        "percentage 100 is invalid -> 1/3                              | 3h |    | 100   | 2026-11-01T02:00:00Z",
        "renewBefore wins over percentage                              | 10h | 5h | 90  | 2026-11-01T05:00:00Z",
        "truncated to the second                                       | 10s |   |      | 2026-11-01T00:00:06Z",
    })
    void computesEffectiveRenewalTime(String name, String lifetime, String renewBefore, Integer pct, String expected) {
        Instant na = NB.plus(RenewalTime.parseGoDuration(lifetime));
        RenewalTime.Result r = RenewalTime.compute(NB, na, RenewalTime.parseGoDuration(renewBefore), pct);
        assertEquals(Instant.parse(expected), r.at(), r.basis());
    }

    @ParameterizedTest
    @CsvSource({"2160h,2160", "1h30m,1.5", "720h0m0s,720", "90m,1.5"})
    void parsesGoDurations(String text, double hours) {
        assertEquals(Duration.ofMinutes((long) (hours * 60)), RenewalTime.parseGoDuration(text));
    }

    @ParameterizedTest
    @CsvSource({"abc", "10", "h", "1x"})
    void rejectsInvalidDurations(String text) {
        assertNull(RenewalTime.parseGoDuration(text));
    }
}
