package org.meshaudit.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.api.UsageException;
import org.meshaudit.evaluate.Evaluator;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.Result;
import org.meshaudit.report.WaiverEntry;

/** Waiver matching, expiry at the as-of clock, stale and expired reporting, ERROR never waived, malformed files. */
class WaiversTest {
    static final Instant AS_OF = Instant.parse("2026-11-29T00:00:00Z");

    @TempDir
    Path dir;

    static Result result(String rule, String kind, String ns, String name, String port, Status status) {
        SubjectRef ref = new SubjectRef("v1", kind, ns, name, "", port);
        return new Result(Evaluator.resultId(rule, ref), rule, "1.0.0", "zero-trust", "t", status, Severity.HIGH, ref,
                "observed", Map.of("mode", "DISABLE"), List.of("zt:1"), status == Status.FAIL ? "fix it" : null);
    }

    static final List<Result> RESULTS = List.of(
            result("MTLS-003", "DestinationRule", "checkout", "ledger-plaintext", null, Status.FAIL),
            result("MTLS-003", "DestinationRule", "checkout", "ledger-tls", null, Status.PASS),
            result("MTLS-002", "Deployment", "checkout", "ledger", "8080", Status.FAIL),
            result("MTLS-002", "Deployment", "checkout", "ledger", "9090", Status.FAIL),
            result("MTLS-002", "Deployment", "legacy", "billing", "8080", Status.FAIL),
            result("MTLS-001", "Namespace", "", "checkout", null, Status.FAIL),
            result("AUTHZ-001", "Deployment", "checkout", "payments", null, Status.ERROR));

    static final Map<String, Map<String, String>> LABELS = Map.of(
            "Deployment/checkout/ledger", Map.of("app", "ledger", "tier", "backend"),
            "Deployment/legacy/billing", Map.of("app", "billing"));

    Waivers file(String body) throws IOException {
        return Waivers.read(Files.writeString(dir.resolve("waivers.yaml"), body));
    }

    static String waiver(String id, String rules, String subject, String expires) {
        return "  - id: " + id + "\n    rules: " + rules + "\n" + (subject == null ? "" : "    subject: " + subject + "\n")
                + "    justification: legacy client, tracked in PAY-812\n    owner: payments-platform\n"
                + "    approvedBy: ciso\n    expires: " + expires + "\n";
    }

    Waivers.Outcome apply(String subject) throws IOException {
        return file("waivers:\n" + waiver("W-1", "[MTLS-002, MTLS-003]", subject, "2027-03-31"))
                .apply(RESULTS, LABELS, AS_OF);
    }

    static List<String> waivedKeys(Waivers.Outcome o) {
        return o.results().stream().filter(r -> r.status() == Status.WAIVED)
                .map(r -> r.ruleId() + " " + r.subject().key()).sorted().toList();
    }

    @ParameterizedTest(name = "subject {0} waives {1}")
    @CsvSource(delimiter = '|', value = {
            "{kind: DestinationRule, namespace: checkout, name: ledger-plaintext}|MTLS-003 DestinationRule/checkout/ledger-plaintext",
            "{kind: destinationrule}|MTLS-003 DestinationRule/checkout/ledger-plaintext",
            "{namespace: checkout, name: 'ledger*'}|MTLS-002 Deployment/checkout/ledger:8080,MTLS-002 Deployment/checkout/ledger:9090,MTLS-003 DestinationRule/checkout/ledger-plaintext",
            "{name: 'ledger-?laintext'}|MTLS-003 DestinationRule/checkout/ledger-plaintext",
            "{namespace: 'leg*'}|MTLS-002 Deployment/legacy/billing:8080",
            "{kind: Deployment, port: 8080}|MTLS-002 Deployment/checkout/ledger:8080,MTLS-002 Deployment/legacy/billing:8080",
            "{labels: {app: ledger}}|MTLS-002 Deployment/checkout/ledger:8080,MTLS-002 Deployment/checkout/ledger:9090",
            "{labels: {app: ledger, tier: frontend}}|",
            "{kind: Deployment, labels: {app: billing}, port: 8080}|MTLS-002 Deployment/legacy/billing:8080",
    })
    void matchesBySubjectSelector(String subject, String expected) throws IOException {
        List<String> want = expected == null ? List.of() : List.of(expected.split(","));
        assertEquals(want, waivedKeys(apply(subject)));
    }

    @Test
    void rulesLimitTheMatchAndNamespaceMatchesTheNamespaceItself() throws IOException {
        Waivers.Outcome o = file("waivers:\n" + waiver("W-1", "[MTLS-001]", "{namespace: checkout}", "2027-03-31"))
                .apply(RESULTS, LABELS, AS_OF);
        assertEquals(List.of("MTLS-001 Namespace/checkout"), waivedKeys(o));
    }

    @Test
    void waivedResultKeepsSeverityEvidenceAndCarriesTheWaiver() throws IOException {
        Waivers.Outcome o = apply("{kind: DestinationRule, name: ledger-plaintext}");
        Result r = o.results().stream().filter(x -> x.status() == Status.WAIVED).findFirst().orElseThrow();
        Result before = RESULTS.get(0);
        assertEquals(before.id(), r.id());
        assertEquals(Severity.HIGH, r.severity());
        assertEquals(before.evidence(), r.evidence());
        assertEquals(before.message(), r.message());
        assertNotNull(r.waiver());
        assertEquals("W-1", r.waiver().id());
        assertEquals("payments-platform", r.waiver().owner());
        assertEquals("2027-03-31", r.waiver().expires());
        assertTrue(r.waiver().justification().contains("PAY-812"));
        WaiverEntry e = o.entries().get(0);
        assertEquals("active", e.status());
        assertEquals(List.of(before.id()), e.resultIds());
        assertEquals("waivers.yaml:2", e.source());
        assertEquals(Map.of("active", 1, "expired", 0, "stale", 0, "not-yet-valid", 0), o.counts());
    }

    @Test
    void errorIsNeverWaived() throws IOException {
        Waivers.Outcome o = file("waivers:\n" + waiver("W-E", "[AUTHZ-001]", "{name: payments}", "2027-03-31"))
                .apply(RESULTS, LABELS, AS_OF);
        assertEquals(Status.ERROR, o.results().get(6).status());
        assertNull(o.results().get(6).waiver());
        WaiverEntry e = o.entries().get(0);
        assertEquals("stale", e.status());
        assertTrue(e.note().contains("ERROR is never waived"), e.note());
    }

    @Test
    void expiryIsJudgedAtTheAsOfClock() throws IOException {
        String body = "waivers:\n" + waiver("W-1", "[MTLS-003]", "{name: ledger-plaintext}", "2026-11-28");
        // expires at the end of 2026-11-28 UTC: applies on the 28th, not on the 29th
        Waivers w = file(body);
        assertEquals(1, waivedKeys(w.apply(RESULTS, LABELS, Instant.parse("2026-11-28T23:59:59Z"))).size());
        Waivers.Outcome expired = w.apply(RESULTS, LABELS, AS_OF);
        assertEquals(List.of(), waivedKeys(expired));
        assertEquals(Status.FAIL, expired.results().get(0).status());
        WaiverEntry e = expired.entries().get(0);
        assertEquals("expired", e.status());
        assertEquals(List.of(RESULTS.get(0).id()), e.resultIds(), "an expired waiver names the FAILs it would cover");
        assertEquals(1, expired.counts().get("expired"));
        // an instant is exact
        Waivers exact = file("waivers:\n" + waiver("W-1", "[MTLS-003]", "{name: ledger-plaintext}",
                "2026-11-29T00:00:01Z"));
        assertEquals(1, waivedKeys(exact.apply(RESULTS, LABELS, AS_OF)).size());
    }

    @Test
    void createdInTheFutureIsNotYetValid() throws IOException {
        Waivers w = file("waivers:\n" + waiver("W-1", "[MTLS-003]", "{name: ledger-plaintext}", "2027-03-31")
                + "    created: 2026-12-01\n");
        Waivers.Outcome o = w.apply(RESULTS, LABELS, AS_OF);
        assertEquals(List.of(), waivedKeys(o));
        assertEquals("not-yet-valid", o.entries().get(0).status());
    }

    @Test
    void waiverMatchingNothingIsStale() throws IOException {
        Waivers.Outcome o = file("waivers:\n"
                + waiver("W-1", "[MTLS-003]", "{name: ledger-tls}", "2027-03-31")
                + waiver("W-2", "[MTLS-003]", "{name: ledger-plaintext}", "2027-03-31")).apply(RESULTS, LABELS, AS_OF);
        assertEquals("stale", o.entries().get(0).status(), "a PASS subject gives the waiver nothing to waive");
        assertTrue(o.entries().get(0).resultIds().isEmpty());
        assertEquals("active", o.entries().get(1).status());
        assertEquals(Map.of("active", 1, "expired", 0, "stale", 1, "not-yet-valid", 0), o.counts());
    }

    @Test
    void noWaiversLeavesResultsAndReportsNothing() {
        Waivers.Outcome o = Waivers.none().apply(RESULTS, LABELS, AS_OF);
        assertEquals(RESULTS, o.results());
        assertNull(o.entries());
        assertNull(o.counts());
    }

    @Test
    void configReferencesAFileOrHoldsAnInlineList() throws IOException {
        Files.writeString(dir.resolve("w.yaml"), "waivers:\n" + waiver("W-F", "[MTLS-003]", null, "2027-03-31"));
        Path cfg = Files.writeString(dir.resolve("meshaudit.yaml"), "systemNamespaces: [monitoring]\nwaivers: w.yaml\n");
        assertEquals("W-F", Waivers.load(null, cfg).list().get(0).id());
        Path inline = Files.writeString(dir.resolve("inline.yaml"), "waivers:\n"
                + waiver("W-I", "MTLS-003", "{kind: DestinationRule}", "2027-03-31"));
        Waivers w = Waivers.load(null, inline);
        assertEquals("W-I", w.list().get(0).id());
        assertEquals("inline.yaml:2", w.list().get(0).source());
        // --waivers wins over the config
        assertEquals("W-F", Waivers.load(dir.resolve("w.yaml"), inline).list().get(0).id());
        assertTrue(!Waivers.load(null, Files.writeString(dir.resolve("plain.yaml"), "mesh: {}\n")).configured());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "unknown field|waivers:\\n  - id: W-1\\n    rules: [MTLS-003]\\n    justification: j\\n    owner: o\\n    expires: 2027-01-01\\n    expiry: 2027-01-01\\n|:7:|unknown field 'expiry'",
            "bad date|waivers:\\n  - id: W-1\\n    rules: [MTLS-003]\\n    justification: j\\n    owner: o\\n    expires: next year\\n|:6:|not a date",
            "missing owner|waivers:\\n  - id: W-1\\n    rules: [MTLS-003]\\n    justification: j\\n    expires: 2027-01-01\\n|:2:|'owner' is required",
            "missing expires|waivers:\\n  - id: W-1\\n    rules: [MTLS-003]\\n    justification: j\\n    owner: o\\n|:2:|'expires' is required",
            "bad port|waivers:\\n  - id: W-1\\n    rules: [MTLS-003]\\n    subject: {port: http}\\n    justification: j\\n    owner: o\\n    expires: 2027-01-01\\n|:4:|port number",
            "unknown subject field|waivers:\\n  - id: W-1\\n    rules: [MTLS-003]\\n    subject:\\n      kind: Pod\\n      nmespace: x\\n    justification: j\\n    owner: o\\n    expires: 2027-01-01\\n|:6:|unknown subject field 'nmespace'",
            "duplicate id|waivers:\\n  - {id: W-1, rules: [A], justification: j, owner: o, expires: 2027-01-01}\\n  - {id: W-1, rules: [A], justification: j, owner: o, expires: 2027-01-01}\\n|:3:|duplicate waiver id",
            "created after expires|waivers:\\n  - id: W-1\\n    rules: [A]\\n    justification: j\\n    owner: o\\n    created: 2027-02-01\\n    expires: 2027-01-01\\n|:7:|not after 'created'",
            "YAML syntax|waivers:\\n  - id: W-1\\n    rules: [MTLS-003\\n    owner: o\\n|:|malformed YAML",
            "not a list|waivers: {id: W-1}\\n|:1:|must be a list",
            "unknown top-level key|waiver:\\n  - id: W-1\\n|:1:|unknown key 'waiver'",
    })
    void malformedFileIsAUsageErrorWithTheLine(String name, String body, String line, String message) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.yaml"), body.replace("\\n", "\n"));
        UsageException e = assertThrows(UsageException.class, () -> Waivers.read(f));
        assertTrue(e.getMessage().contains("bad.yaml" + line), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void unreadableFileIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> Waivers.read(dir.resolve("absent.yaml")));
        assertTrue(e.getMessage().contains("absent.yaml"), e.getMessage());
    }

    @Test
    void globs() {
        assertTrue(Waivers.glob("ledger-*", "ledger-plaintext"));
        assertTrue(Waivers.glob("*", ""));
        assertTrue(Waivers.glob("a.b", "a.b"));
        assertTrue(!Waivers.glob("a.b", "axb"), "a dot is literal");
        assertTrue(!Waivers.glob("ledger", "ledger-plaintext"));
    }
}
