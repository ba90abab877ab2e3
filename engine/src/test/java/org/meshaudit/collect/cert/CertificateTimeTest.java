package org.meshaudit.collect.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The direct reading of X.509 times agrees with BouncyCastle's on every form (RFC 5280 4.1.2.5). */
class CertificateTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"500101000000Z", "491231235959Z", "000229120000Z", "260315083000Z", "991231235959Z"})
    void utcTimeAsBouncyCastleReadsIt(String text) {
        Time t = new Time(new ASN1UTCTime(text));
        assertEquals(t.getDate().toInstant(), CertificateExtractor.instant(t), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"20500101000000Z", "99991231235959Z", "19700101000000Z", "20240229235959Z",
        "20260315083000.5Z", "20260315083000+0100", "202603150830Z"})
    void generalizedTimeAsBouncyCastleReadsIt(String text) {
        Time t = new Time(new ASN1GeneralizedTime(text));
        assertEquals(t.getDate().toInstant(), CertificateExtractor.instant(t), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2603150830Z", "260315083000+0100"})
    void nonConformingUtcTimeFallsBackToBouncyCastle(String text) {
        Time t = new Time(new ASN1UTCTime(text));
        Instant bc = t.getDate().toInstant();
        assertEquals(bc, CertificateExtractor.instant(t), text);
    }

    /** The calendar arithmetic agrees with java.time on every date the two time forms can carry. */
    @Test
    void calendarAsJavaTime() {
        java.time.LocalDate date = java.time.LocalDate.of(0, 1, 1);
        java.time.LocalDate end = java.time.LocalDate.of(10_000, 1, 1);
        while (date.isBefore(end)) {
            assertEquals(date.toEpochDay(), CertificateExtractor.epochDay(date.getYear(), date.getMonthValue(),
                    date.getDayOfMonth()), date.toString());
            if (date.getDayOfMonth() == 1) {
                assertEquals(date.lengthOfMonth(), CertificateExtractor.lengthOfMonth(date.getYear(),
                        date.getMonthValue()), date.toString());
            }
            date = date.plusDays(1);
        }
    }
}
