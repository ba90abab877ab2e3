package org.meshaudit.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meshaudit.reports.common.CertificateRows;
import org.meshaudit.reports.common.EvidenceText;
import org.meshaudit.reports.common.SafeText;

class SafeTextTest {
    @Test
    void escapesControlBidiAndLoneSurrogates() {
        assertEquals("a<U+0000>b<U+202E>c<U+D800>", SafeText.clean("a\0b\u202Ec\uD800"));
        assertEquals("🔐 ok", SafeText.clean("🔐 ok"), "valid pairs are kept");
        assertEquals("", SafeText.clean(null));
    }

    @Test
    void clipsWithoutSplittingPairsOrMarkers() {
        String s = SafeText.clip("ab\u202Ecdefghij", 5);
        assertTrue(s.startsWith("ab ["), s);
        assertTrue(s.endsWith("; full value in audit.json]"));
        assertEquals("a [… 2 more characters; full value in audit.json]", SafeText.clip("a🔐", 2));
    }

    @Test
    void guardsFormulaPrefixes() {
        for (String s : List.of("=1", "+1", "-1", "@x", "＝1")) {
            assertEquals("'" + s, SafeText.cell(s, 100));
        }
        assertEquals("a=1", SafeText.cell("a=1", 100));
        assertEquals("<U+0009>=1", SafeText.cell("\t=1", 100));
    }

    @Test
    void evidenceIsSortedAndCompact() {
        assertEquals("a=[1, 2]; b={x=1, y=null}", EvidenceText.format(Map.of("b", new java.util.HashMap<>(Map.of("x", 1)) {{
            put("y", null);
        }}, "a", List.of(1, 2))));
    }

    /** The typed entry that is on its way: records are read through their components like maps. */
    record Validity(Instant notBefore, Instant notAfter) {
    }

    record Key(String algorithm, int size) {
    }

    record Entry(String fingerprint, String subject, String issuer, Validity validity, Key key, String signature,
                 List<String> sans, List<String> eku, List<String> chain, List<String> sources) {
    }

    @Test
    void certificateRowsReadMapsAndRecordsAlike() throws Exception {
        Instant asOf = Instant.parse("2026-11-29T00:00:00Z");
        Entry e = new Entry("sha256:00", "CN=a", "CN=ca", new Validity(Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-12-09T00:00:00Z")), new Key("EC", 256), "SHA256WITHECDSA", List.of("a.svc"),
                List.of("serverAuth"), List.of("sha256:11"), List.of("Secret/ns/a"));
        Map<String, Object> m = Map.of("fingerprint", "sha256:00", "subject", "CN=a", "issuer", "CN=ca",
                "validity", Map.of("notBefore", "2026-01-01T00:00:00Z", "notAfter", "2026-12-09T00:00:00Z"),
                "key", Map.of("algorithm", "EC", "size", 256), "signature", "SHA256WITHECDSA", "sans", List.of("a.svc"),
                "eku", List.of("serverAuth"), "chain", List.of("sha256:11"), "sources", List.of("Secret/ns/a"));
        var method = CertificateRows.class.getDeclaredMethod("row", Map.class, Instant.class);
        method.setAccessible(true);
        var asMap = CertificateRows.class.getDeclaredMethod("asMap", Object.class);
        asMap.setAccessible(true);
        Object fromRecord = method.invoke(null, asMap.invoke(null, e), asOf);
        Object fromMap = method.invoke(null, m, asOf);
        assertEquals(fromMap, fromRecord);
        CertificateRows.Row r = (CertificateRows.Row) fromMap;
        assertEquals(10L, r.daysLeft());
        assertEquals(CertificateRows.Horizon.DAYS_30, r.horizon());
        assertEquals("EC 256", r.key());
    }
}
