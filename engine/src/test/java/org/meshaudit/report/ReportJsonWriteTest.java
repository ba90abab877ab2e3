package org.meshaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.facts.SubjectRef;

/** {@link ReportJson.ResultWriter} writes a result byte for byte as Jackson's bean serializer writes it. */
class ReportJsonWriteTest {
    private static final SubjectRef POD = new SubjectRef("v1", "Pod", "shop", "api-1", "u-1", null);
    private static final SubjectRef PORT = new SubjectRef("v1", "Pod", "shop", "api-1", "", "8080");
    private static final SubjectRef BARE = new SubjectRef(null, "Namespace", "", "shop", null, null);

    static List<Result> results() {
        Canon canon = new Canon();
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", List.of("b", "a"));
        nested.put("a", Map.of("inner", true, "n", 3));
        nested.put("nil", null);
        Map<String, Object> plain = new TreeMap<>(Map.of("mode", "STRICT", "ports", List.of(8080, 9090)));
        List<String> withNull = Arrays.asList("zt:1", null, "pci:2");
        WaiverRef waiver = new WaiverRef("w-1", "team", "2026-12-31", "accepted \"risk\"", null,
                null);
        List<Result> out = new ArrayList<>();
        out.add(Result.withId(0x0123456789abcdefL, "MTLS-002", "1.0.0", "zero-trust", "Strict mTLS", Status.FAIL,
                Severity.HIGH, PORT, "PERMISSIVE accepted", canon.map(nested), List.of("zt:a", "pci:4.2.1"),
                "set STRICT", List.of("shop", "")));
        out.add(Result.withId(-1L, "CERT-003", "1.2.0", "zero-trust", "Certificates renew", Status.PASS,
                Severity.CRITICAL, POD, "ok \u2192 fine \u00e9 \u202e", Map.of(), List.of(), null, null));
        out.add(new Result("not-hex", "AUTHZ-001", null, null, null, null, null, null, null, null, null, null));
        out.add(new Result(null, "AUTHZ-002", "1.0.0", "zero-trust", "t", Status.WAIVED, Severity.LOW, BARE, "m",
                plain, withNull, "fix", waiver, "prod-eu"));
        out.add(new Result("00000000000000ff", "NET-001", "1.0.0", "zero-trust", "t", Status.ERROR, Severity.MEDIUM,
                BARE, "=cmd|' /C calc'!A0", canon.map(Map.of("k", "v")), List.of(), null, null, null,
                List.of()));
        return out;
    }

    @Test
    void resultsAreWrittenAsTheBeanSerializerWritesThem() throws Exception {
        for (Result r : results()) {
            String fast = new String(ReportJson.writer(true).writeValueAsBytes(r), StandardCharsets.UTF_8);
            String bean = new String(ReportJson.writer(false).writeValueAsBytes(r), StandardCharsets.UTF_8);
            assertEquals(bean, fast, r.ruleId());
        }
        // inside the report's list, at its nesting; values shared by several results (written from the table of
        // encoded values), also when the table is full
        List<Result> all = new ArrayList<>(results());
        all.addAll(results());
        List<String> controls = List.of("zt:800-207/T3", "pci:7.2.1");
        String message = new String("no authorization policy \"selects\" this\tworkload");
        for (int i = 0; i < 3; i++) {
            all.add(Result.withId(i, "AUTHZ-001", "1.0.0", "zero-trust", "Covered", Status.FAIL, Severity.HIGH, POD,
                    message, Map.of(), controls, "add a policy", null));
        }
        Map<String, List<Result>> report = Map.of("results", all);
        String bean = new String(ReportJson.writer(false).writeValueAsBytes(report), StandardCharsets.UTF_8);
        assertEquals(bean, new String(ReportJson.writer(true).writeValueAsBytes(report), StandardCharsets.UTF_8));
        for (int max : new int[] {0, 1, 5}) {
            assertEquals(bean, new String(ReportJson.writer(true).writer()
                    .withAttribute(ReportJson.Encoded.class, new ReportJson.Encoded(max)).writeValueAsBytes(report),
                    StandardCharsets.UTF_8), "table of " + max);
        }
    }

    /**
     * A report with many results is written in parts by several threads (ResultsWriter); the bytes are those of
     * Jackson's list and bean serializers on one thread, whether the parts come out even or not, to a stream or to
     * bytes, and for a list too short to be cut.
     */
    @Test
    void manyResultsWrittenInPartsAreTheBytesOfOneThread() throws Exception {
        int part = ReportJson.ResultsWriter.PART;
        for (int n : new int[] {0, 3, 4 * part, 9 * part + 17}) {
            List<Result> many = new ArrayList<>();
            for (int i = 0; many.size() < n; i++) {
                for (Result r : results()) {
                    if (many.size() < n) {
                        many.add(Result.withId(i, r.ruleId(), r.ruleVersion(), r.pack(), r.title(), r.status(),
                                r.severity(), r.subject(), r.message() == null ? null : r.message() + " " + i,
                                r.evidence(), r.controls(), r.remediation(), r.scopeNamespaces()));
                    }
                }
            }
            AuditReport report = ReportJsonReadTest.report(many);
            String bean = new String(ReportJson.writer(false).writeValueAsBytes(report), StandardCharsets.UTF_8);
            assertEquals(bean, new String(ReportJson.writer(true).writeValueAsBytes(report), StandardCharsets.UTF_8),
                    n + " results, to bytes");
            java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
            ReportJson.write(report, streamed);
            assertEquals(bean + "\n", streamed.toString(StandardCharsets.UTF_8), n + " results, streamed");
        }
    }

    /** An evidence value whose serialization fails. */
    public static final class Unwritable {
        public String getValue() {
            throw new IllegalStateException("cannot be written");
        }
    }

    /** A part that cannot be written fails the write with the part's own failure, whichever thread wrote it. */
    @Test
    void aPartThatFailsFailsTheWrite() {
        int part = ReportJson.ResultsWriter.PART;
        Result bad = new Result("00000000000000aa", "MTLS-001", "1.0.0", "zero-trust", "t", Status.FAIL,
                Severity.HIGH, POD, "m", Map.of("k", new Unwritable()), List.of(), null, null, null, null);
        for (int at : new int[] {0, part, 5 * part + 3}) { // written by this thread, by the helper, late
            List<Result> many = new ArrayList<>();
            for (int i = 0; i < 8 * part; i++) {
                many.add(i == at ? bad : results().get(0));
            }
            AuditReport report = ReportJsonReadTest.report(many);
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> ReportJson.write(report, java.io.OutputStream.nullOutputStream()));
            org.junit.jupiter.api.Assertions.assertTrue(String.valueOf(e.getMessage()).contains("cannot be written"),
                    "at " + at + ": " + e);
        }
    }
}
