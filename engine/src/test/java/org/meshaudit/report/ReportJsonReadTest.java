package org.meshaudit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.api.UsageException;
import org.meshaudit.facts.SubjectRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Reading a report back: same bytes when written again, and repeated texts and evidence maps shared (memory). */
class ReportJsonReadTest {

    private static Result result(String name, String message, Map<String, Object> evidence) {
        SubjectRef ref = new SubjectRef("apps/v1", "Deployment", "shop", name, "", "8080");
        return Result.withId(name.hashCode(), "MTLS-002", "1.0.0", "zero-trust", "mTLS strict", Status.FAIL,
                Severity.HIGH, ref, message, evidence, List.of("zt:ZT-1", "pci-dss:4.2.1"), "fix it", null);
    }

    private static Map<String, Object> evidence(String mode) {
        Map<String, Object> e = new LinkedHashMap<>(); // a fresh map each time, as Jackson would read them
        e.put("serverMode", new String(mode.toCharArray()));
        e.put("decidedBy", new ArrayList<>(List.of("PeerAuthentication/shop/default")));
        e.put("port", 8080);
        return e;
    }

    /** A report of these results, with the least of everything else (ReportJsonWriteTest uses it too). */
    static AuditReport report(List<Result> results) {
        Metadata m = new Metadata("run-1", "2026-03-01T00:00:00Z", "meshaudit", "0.1.0", "test", "sha256:x",
                "baseline", List.of("zero-trust"), List.of(), Map.of(), true, List.of());
        Summary s = new Summary(results.size(), Map.of("FAIL", results.size()), Map.of("high", results.size()), 0, 0,
                0, 0, 0, 0, 0);
        return new AuditReport(AuditReport.API_VERSION, AuditReport.KIND, m, s, List.of(), results,
                new Posture(Map.of(), List.of()), List.of(),
                new CollectionView(Map.of(), List.of(), List.of(), List.of()));
    }

    @Test
    void readBackWritesTheSameBytesAndSharesRepeatedValues(@TempDir Path dir) throws Exception {
        List<Result> results = List.of(result("a", "PERMISSIVE accepted", evidence("PERMISSIVE")),
                result("b", "PERMISSIVE accepted", evidence("PERMISSIVE")),
                result("c", "DISABLE accepted", evidence("DISABLE")));
        byte[] written = ReportJson.toBytes(report(results));
        Path file = Files.write(dir.resolve("audit.json"), written);

        AuditReport read = ReportJson.read(file);

        assertArrayEquals(written, ReportJson.toBytes(read));
        List<Result> r = read.results();
        assertSame(r.get(0).evidence(), r.get(1).evidence(), "equal evidence maps are one instance");
        assertNotSame(r.get(0).evidence(), r.get(2).evidence());
        assertSame(r.get(0).message(), r.get(1).message(), "repeated texts are one instance");
        assertSame(r.get(0).subject().namespace(), r.get(2).subject().namespace());
        assertSame(r.get(0).controls().get(1), r.get(2).controls().get(1));
        assertSame(r.get(0).controls(), r.get(2).controls(), "equal lists of strings are one instance");
    }

    @Test
    void aFileThatIsNotAReportIsAUsageError(@TempDir Path dir) throws Exception {
        ObjectNode other = ReportJson.toTree(Map.of("kind", "Something")) instanceof ObjectNode o ? o : null;
        Path file = Files.writeString(dir.resolve("x.json"), String.valueOf(other));
        assertThrows(UsageException.class, () -> ReportJson.read(file));
        Path broken = Files.writeString(dir.resolve("y.json"), "{\"apiVersion\": ");
        assertThrows(UsageException.class, () -> ReportJson.read(broken));
        assertThrows(UsageException.class, () -> ReportJson.read(dir.resolve("missing.json")));
    }
    @Test
    void layoutIsJacksonsDefaultPrettyPrinterWithNewlines() throws Exception {
        Map<String, Object> deep = new LinkedHashMap<>();
        Map<String, Object> at = deep;
        for (int i = 0; i < 70; i++) { // deeper than the printer's table of indentations
            Map<String, Object> next = new LinkedHashMap<>();
            at.put("k" + i, next);
            at.put("list", List.of());
            at = next;
        }
        at.put("empty", Map.of());
        at.put("absent", null);
        at.put("values", java.util.Arrays.asList("x", 1, 2L, true, null, Map.of("z", 1, "a", List.of())));
        Map<String, Object> canonical = new Canon().map(deep); // as the engine makes them
        List<Result> results = List.of(result("a", "PERMISSIVE accepted", evidence("PERMISSIVE")),
                result("b", "nested", deep), result("c", "canonical", canonical));
        AuditReport report = report(results);
        tools.jackson.databind.ObjectMapper jackson = tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .changeDefaultPropertyInclusion(v -> v.withValueInclusion(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
                .defaultPrettyPrinter(new tools.jackson.core.util.DefaultPrettyPrinter().withObjectIndenter(
                        new tools.jackson.core.util.DefaultIndenter("  ", "\n")))
                .build();
        byte[] expected = (jackson.writeValueAsString(report) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertArrayEquals(expected, ReportJson.toBytes(report));
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        ReportJson.write(report, streamed);
        assertArrayEquals(expected, streamed.toByteArray());
    }
}
