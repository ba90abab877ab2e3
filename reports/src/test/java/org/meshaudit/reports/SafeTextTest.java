package org.meshaudit.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meshaudit.report.CertificateEntry;
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

    @Test
    void certificateRowsShowTheTypedEntry() {
        Instant asOf = Instant.parse("2026-11-29T00:00:00Z");
        CertificateEntry e = new CertificateEntry("sha256:00", "CN=a", "CN=ca", "01",
                new CertificateEntry.Validity("2026-01-01T00:00:00Z", "2026-12-09T00:00:00Z", "342d", "10d", "valid"),
                new CertificateEntry.Key("EC", 256, "P-256", null, 128, null),
                new CertificateEntry.Signature("SHA256WITHECDSA", "SHA-256"),
                new CertificateEntry.Sans(List.of("a.svc"), List.of(), List.of("spiffe://cluster.local/ns/a/sa/a"),
                        List.of(), List.of("spiffe://cluster.local/ns/a/sa/a"), 0, 0),
                List.of("digitalSignature"), List.of("serverAuth"), false, null, "mesh-workload", List.of("leaf"),
                new CertificateEntry.Chain("invalid", "unknown issuer", List.of()),
                List.of(new CertificateEntry.Source("Secret/ns/a", "secret", "ns", "chain", "pem")));
        CertificateRows.Row r = CertificateRows.of(new org.meshaudit.report.AuditReport("meshaudit.org/v1", "AuditReport",
                new org.meshaudit.report.Metadata("run", asOf.toString(), "meshaudit", "t", "s", "d", "baseline",
                        List.of(), List.of(), Map.of(), true, List.of()), null, List.of(), List.of(), null, List.of(e),
                null)).get(0);
        assertEquals(10L, r.daysLeft());
        assertEquals(CertificateRows.Horizon.DAYS_30, r.horizon());
        assertEquals("EC 256 (P-256)", r.key());
        assertEquals("SHA256WITHECDSA", r.signature());
        assertEquals("spiffe://cluster.local/ns/a/sa/a, a.svc", r.sans(), "SPIFFE id first, listed once");
        assertEquals("invalid: unknown issuer", r.chain());
        assertEquals("Secret/ns/a", r.sources());
    }
}
