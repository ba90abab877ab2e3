package org.meshaudit.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.RunFacts;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;
import org.meshaudit.reports.html.HtmlRenderer;
import org.meshaudit.reports.junit.JunitRenderer;
import org.meshaudit.reports.oscal.OscalRenderer;
import org.meshaudit.reports.policyreport.OpenReportsRenderer;
import org.meshaudit.reports.policyreport.PolicyReportRenderer;
import org.meshaudit.reports.policyreport.PolicyReports;
import org.meshaudit.reports.prometheus.PrometheusRenderer;
import org.meshaudit.reports.sarif.SarifRenderer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The ecosystem formats (issue 7): each validated against a schema (hand-written subsets of the published ones, see
 * {@code src/test/resources/schemas/README.md}) and checked to carry exactly the AuditReport's results per status.
 */
class EcosystemFormatsTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** The demo with manifest locations for some subjects, as a manifest scan records them. */
    @SuppressWarnings("unchecked")
    static AuditReport located() {
        Map<String, Object> t = Scenarios.demoTree();
        Map<String, Object> c = (Map<String, Object>) t.get("collection");
        c.put("locations", Map.of("Deployment/checkout/ledger", "examples/scenario/20-checkout.yaml:31",
                "Namespace/payments", "examples/scenario/00-namespaces.yaml:7",
                "Deployment/checkout/payments", "/abs/dir with space/x.yaml:3"));
        return Scenarios.MAPPER.convertValue(t, AuditReport.class);
    }

    /** The demo plus HTML/markup injection attempts in names and messages. */
    @SuppressWarnings("unchecked")
    static AuditReport injected() {
        Map<String, Object> t = Scenarios.demoTree();
        List<Object> results = (List<Object>) t.get("results");
        String evil = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
        results.add(Scenarios.result("e000000000000001", "MTLS-002", "FAIL", "high",
                Scenarios.subject("apps/v1", "Deployment", evil, evil + "\u202Egnp.exe", null), "observed " + evil,
                Scenarios.map("name", evil), List.of("pci:4.2.1"), "fix " + evil));
        return Scenarios.MAPPER.convertValue(t, AuditReport.class);
    }

    static byte[] render(Renderer r, AuditReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.render(report, out);
        return out.toByteArray();
    }

    static Map<String, Integer> expected(AuditReport r) {
        Map<String, Integer> m = new TreeMap<>();
        for (Status s : Status.values()) {
            m.put(s.name(), 0);
        }
        r.results().forEach(x -> m.merge(x.status().name(), 1, Integer::sum));
        return m;
    }

    static Map<String, Integer> zero() {
        Map<String, Integer> m = new TreeMap<>();
        for (Status s : Status.values()) {
            m.put(s.name(), 0);
        }
        return m;
    }

    static Schema schema(String file) throws IOException {
        try (InputStream in = EcosystemFormatsTest.class.getResourceAsStream("/schemas/" + file)) {
            assertNotNull(in, file);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
    }

    static void assertValid(Schema schema, JsonNode doc, String what) {
        List<Error> errors = schema.validate(doc);
        assertTrue(errors.isEmpty(), what + " violates its schema: " + errors.stream().limit(10).map(Error::toString).toList());
    }

    // ------------------------------------------------------------------ SARIF

    @Test
    void sarifIsValidAndCarriesEveryResultWithItsLocation() throws IOException {
        AuditReport report = located();
        JsonNode sarif = JSON.readTree(render(new SarifRenderer(), report));
        assertValid(schema("sarif-2.1.0-subset.schema.json"), sarif, "SARIF");
        assertEquals("2.1.0", sarif.get("version").asString());
        JsonNode run = sarif.get("runs").get(0);
        JsonNode rules = run.at("/tool/driver/rules");
        Set<String> ruleIds = new HashSet<>();
        for (JsonNode rule : rules) {
            ruleIds.add(rule.get("id").asString());
            assertFalse(rule.at("/help/text").asString().isBlank(), "help text");
            assertTrue(rule.at("/properties/security-severity").asString().matches("\\d+\\.\\d"), "security-severity");
        }
        Map<String, Integer> counts = zero();
        JsonNode ledger = null;
        for (JsonNode r : run.get("results")) {
            counts.merge(r.at("/properties/status").asString(), 1, Integer::sum);
            assertTrue(ruleIds.contains(r.get("ruleId").asString()));
            assertEquals(r.get("ruleId").asString(), rules.get(r.get("ruleIndex").asInt()).get("id").asString());
            if (r.get("partialFingerprints").get("meshauditResultId/v1").asString().equals("a000000000000002")) {
                ledger = r;
            }
            String kind = r.get("kind").asString();
            if (!kind.equals("fail")) {
                assertEquals("none", r.get("level").asString(), "SARIF: level is none unless kind is fail");
            }
        }
        assertEquals(expected(report), counts, "results per status");
        assertNotNull(ledger);
        assertEquals("fail", ledger.get("kind").asString());
        assertEquals("error", ledger.get("level").asString());
        JsonNode phys = ledger.at("/locations/0/physicalLocation");
        assertEquals("examples/scenario/20-checkout.yaml", phys.at("/artifactLocation/uri").asString());
        assertEquals("%SRCROOT%", phys.at("/artifactLocation/uriBaseId").asString());
        assertEquals(31, phys.at("/region/startLine").asInt());
        String all = sarif.toString();
        assertTrue(all.contains("file:///abs/dir%20with%20space/x.yaml"), "absolute paths become file URIs");
        assertTrue(all.contains("\"suppressions\""), "WAIVED is a suppressed fail");
    }

    // ------------------------------------------------------------------ JUnit

    @Test
    void junitHasOneTestcasePerResult() throws Exception {
        AuditReport report = located();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(render(new JunitRenderer(), report)));
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        NodeList cases = doc.getElementsByTagName("testcase");
        Map<String, Integer> e = expected(report);
        assertEquals(report.results().size(), cases.getLength());
        assertEquals(String.valueOf(report.results().size()), root.getAttribute("tests"));
        assertEquals(e.get("FAIL"), doc.getElementsByTagName("failure").getLength());
        assertEquals(e.get("ERROR"), doc.getElementsByTagName("error").getLength());
        assertEquals(e.get("NOT_APPLICABLE") + e.get("WAIVED") + e.get("MANUAL"), doc.getElementsByTagName("skipped").getLength());
        assertEquals(String.valueOf(e.get("FAIL")), root.getAttribute("failures"));
        Map<String, Integer> counts = zero();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String out = c.getElementsByTagName("system-out").item(0).getTextContent();
            Matcher m = Pattern.compile("^status: (\\w+)").matcher(out);
            assertTrue(m.find(), out);
            counts.merge(m.group(1), 1, Integer::sum);
        }
        assertEquals(e, counts);
    }

    @Test
    void junitStaysWellFormedWithHostileText() throws Exception {
        byte[] xml = render(new JunitRenderer(), Scenarios.hostile());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        assertTrue(doc.getElementsByTagName("testcase").getLength() > 20);
        String text = new String(xml, StandardCharsets.UTF_8);
        assertTrue(text.contains("good.example&lt;U+0000&gt;.evil") || text.contains("good.example<U+0000>.evil"));
        assertEquals(-1, text.indexOf('\u0000'));
        assertEquals(-1, text.indexOf('\u202E'));
    }

    // ------------------------------------------------------------------ PolicyReport / OpenReports

    static List<JsonNode> yamlDocs(byte[] yaml) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                out.add(it.nextValue());
            }
        }
        return out;
    }

    void checkPolicyReports(byte[] yaml, String apiVersion, String kind, String clusterKind, AuditReport report) throws IOException {
        Schema schema = schema("policyreport-crd-subset.schema.json");
        List<JsonNode> docs = yamlDocs(yaml);
        assertFalse(docs.isEmpty());
        Map<String, Integer> counts = zero();
        Set<String> names = new HashSet<>();
        for (JsonNode d : docs) {
            assertValid(schema, d, d.at("/metadata/name").asString());
            assertEquals(apiVersion, d.get("apiVersion").asString());
            String k = d.get("kind").asString();
            assertTrue(k.equals(kind) || k.equals(clusterKind), k);
            assertEquals(k.equals(kind), d.at("/metadata/namespace").isString(), "namespaced kind has a namespace");
            assertTrue(names.add(d.at("/metadata/namespace").asString("") + "/" + d.at("/metadata/name").asString()), "unique names");
            Map<String, Integer> summary = new TreeMap<>();
            for (JsonNode r : d.path("results")) {
                counts.merge(r.at("/properties/meshaudit.status").asString(), 1, Integer::sum);
                summary.merge(r.get("result").asString(), 1, Integer::sum);
                assertEquals("meshaudit", r.get("source").asString());
                String ns = r.at("/resources/0/namespace").asString("");
                assertEquals(d.at("/metadata/namespace").asString(""), ns, "result in its namespace's report");
            }
            for (String s : List.of("pass", "fail", "warn", "error", "skip")) {
                assertEquals(summary.getOrDefault(s, 0), d.at("/summary/" + s).asInt(), "summary." + s);
            }
        }
        assertEquals(expected(report), counts, "results per status");
    }

    @Test
    void policyReportsValidatePerNamespaceWithEvidenceProperties() throws IOException {
        AuditReport report = located();
        byte[] yaml = render(new PolicyReportRenderer(), report);
        checkPolicyReports(yaml, "wgpolicyk8s.io/v1alpha2", "PolicyReport", "ClusterPolicyReport", report);
        String text = new String(yaml, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("---"), "multi-document YAML");
        assertTrue(text.contains("evidence.mode: \"PERMISSIVE\"") || text.contains("evidence.mode: PERMISSIVE"), text);
        checkPolicyReports(render(new OpenReportsRenderer(), report), "openreports.io/v1alpha1", "Report", "ClusterReport", report);
    }

    @Test
    void policyReportsAreChunkedUnderTheSizeBudget() throws IOException {
        AuditReport report = Scenarios.hostile();
        int budget = 16 * 1024;
        List<ObjectNode> docs = new PolicyReports(PolicyReports.Api.WGPOLICY, budget, 5).build(report);
        int results = 0;
        Map<String, Integer> chunksPerScope = new TreeMap<>();
        for (ObjectNode d : docs) {
            int n = d.get("results").size();
            assertTrue(n <= 5, "at most 5 results per chunk");
            if (n > 1) {
                assertTrue(JSON.writeValueAsBytes(d).length <= budget, "chunk under budget: " + JSON.writeValueAsBytes(d).length);
            }
            results += n;
            chunksPerScope.merge(d.at("/metadata/namespace").asString("(cluster)"), 1, Integer::sum);
        }
        assertEquals(report.results().size(), results, "no result lost in chunking");
        assertTrue(chunksPerScope.values().stream().anyMatch(c -> c > 1), "some scope was split: " + chunksPerScope);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PolicyReportRenderer.write(docs, out);
        checkPolicyReportsCountOnly(out.toByteArray(), report);
    }

    private void checkPolicyReportsCountOnly(byte[] yaml, AuditReport report) throws IOException {
        Map<String, Integer> counts = zero();
        for (JsonNode d : yamlDocs(yaml)) {
            for (JsonNode r : d.path("results")) {
                counts.merge(r.at("/properties/meshaudit.status").asString(), 1, Integer::sum);
            }
        }
        assertEquals(expected(report), counts);
    }

    // ------------------------------------------------------------------ OSCAL

    @Test
    void oscalIsValidWithObservationsFindingsAndRisks() throws IOException {
        AuditReport report = located();
        byte[] bytes = render(new OscalRenderer(), report);
        JsonNode doc = JSON.readTree(bytes);
        assertValid(schema("oscal-1.1.2-assessment-results-subset.schema.json"), doc, "OSCAL");
        JsonNode result = doc.at("/assessment-results/results/0");
        Map<String, Integer> counts = zero();
        Set<String> uuids = new HashSet<>();
        for (JsonNode o : result.get("observations")) {
            assertTrue(uuids.add(o.get("uuid").asString()));
            for (JsonNode p : o.get("props")) {
                if (p.get("name").asString().equals("status")) {
                    counts.merge(p.get("value").asString(), 1, Integer::sum);
                }
            }
        }
        assertEquals(expected(report), counts, "one observation per result");
        Map<String, Integer> e = expected(report);
        assertEquals(e.get("FAIL") + e.get("WAIVED"), result.get("risks").size(), "a risk per FAIL and WAIVED");
        int requirements = report.frameworks().stream().mapToInt(f -> f.requirements().size()).sum();
        assertEquals(requirements, result.get("findings").size(), "a finding per requirement");
        for (JsonNode f : result.get("findings")) {
            String status = null;
            for (JsonNode p : f.get("props")) {
                if (p.get("name").asString().equals("requirement-status")) {
                    status = p.get("value").asString();
                }
            }
            String state = f.at("/target/status/state").asString();
            assertEquals(status.equals("PASS") || status.equals("NOT_APPLICABLE") ? "satisfied" : "not-satisfied", state, status);
            assertTrue(uuids.add(f.get("uuid").asString()));
        }
        assertTrue(doc.toString().contains("\"target-id\":\"pci-dss-4.2.1\"") || doc.toString().contains("\"target-id\":\"pci-4.2.1\""));
        assertEquals(new String(bytes, StandardCharsets.UTF_8), new String(render(new OscalRenderer(), report), StandardCharsets.UTF_8),
                "same report, same document");
        assertEquals("hipaa-164.312.e.1", OscalRenderer.token("hipaa:164.312(e)(1)"));
        assertEquals("gdpr-32.1.a", OscalRenderer.token("gdpr:32(1)(a)"));
    }

    @Test
    void oscalLinksFindingsToObservationsAndRisksWhateverTheResultIdsLookLike() throws IOException {
        // the engine's ids are 16 hex digits (looked up as numbers); a hand-made report may use any text
        JsonNode engineIds = JSON.readTree(render(new OscalRenderer(), withResultIds(false)));
        JsonNode mixedIds = JSON.readTree(render(new OscalRenderer(), withResultIds(true)));
        JsonNode a = engineIds.at("/assessment-results/results/0/findings");
        JsonNode b = mixedIds.at("/assessment-results/results/0/findings");
        assertEquals(a.size(), b.size());
        int observations = 0;
        int risks = 0;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).path("related-observations").size(), b.get(i).path("related-observations").size(),
                    a.get(i).get("title").asString());
            assertEquals(a.get(i).path("related-risks").size(), b.get(i).path("related-risks").size(),
                    a.get(i).get("title").asString());
            observations += a.get(i).path("related-observations").size();
            risks += a.get(i).path("related-risks").size();
        }
        assertTrue(observations > risks && risks > 0, observations + " observations, " + risks + " risks");
        Set<String> riskUuids = new HashSet<>();
        mixedIds.at("/assessment-results/results/0/risks").forEach(r -> riskUuids.add(r.get("uuid").asString()));
        for (JsonNode f : b) {
            f.path("related-risks").forEach(r -> assertTrue(riskUuids.contains(r.get("risk-uuid").asString())));
        }
    }

    /**
     * The demo with each requirement's result ids filled in from the results' controls; with {@code handMade}, every
     * other result has an id that is not 16 hex digits.
     */
    @SuppressWarnings("unchecked")
    private static AuditReport withResultIds(boolean handMade) {
        Map<String, Object> t = Scenarios.demoTree();
        List<Map<String, Object>> results = (List<Map<String, Object>>) (List<?>) t.get("results");
        for (int i = 0; i < results.size(); i += 2) {
            if (handMade) {
                results.get(i).put("id", "hand-made/" + i);
            }
        }
        for (Object f : (List<Object>) t.get("frameworks")) {
            String prefix = "zero-trust".equals(((Map<String, Object>) f).get("id")) ? "zt" : "pci";
            for (Object q : (List<Object>) ((Map<String, Object>) f).get("requirements")) {
                Map<String, Object> req = (Map<String, Object>) q;
                List<String> ids = new ArrayList<>();
                for (Map<String, Object> r : results) {
                    if (((List<String>) r.get("controls")).contains(prefix + ":" + req.get("id"))) {
                        ids.add((String) r.get("id"));
                    }
                }
                req.put("resultIds", ids);
            }
        }
        return Scenarios.MAPPER.convertValue(t, AuditReport.class);
    }

    @Test
    void oscalStaysValidWithHostileText() throws IOException {
        JsonNode doc = JSON.readTree(render(new OscalRenderer(), Scenarios.hostile()));
        assertValid(schema("oscal-1.1.2-assessment-results-subset.schema.json"), doc, "OSCAL (hostile)");
        JsonNode sarif = JSON.readTree(render(new SarifRenderer(), Scenarios.hostile()));
        assertValid(schema("sarif-2.1.0-subset.schema.json"), sarif, "SARIF (hostile)");
        for (JsonNode d : yamlDocs(render(new PolicyReportRenderer(), Scenarios.hostile()))) {
            assertTrue(d.get("results").size() >= 0);
        }
    }

    // ------------------------------------------------------------------ HTML

    @Test
    void htmlIsSelfContainedAndCountsMatch() throws IOException {
        AuditReport report = located();
        String html = new String(render(new HtmlRenderer(), report), StandardCharsets.UTF_8);
        assertNoExternalAssets(html);
        Map<String, Integer> counts = zero();
        Matcher m = Pattern.compile("<tr class=\"r\" data-status=\"(\\w+)\"").matcher(html);
        while (m.find()) {
            counts.merge(m.group(1), 1, Integer::sum);
        }
        assertEquals(expected(report), counts, "one row per result");
        for (String id : List.of("f-status", "f-severity", "f-framework", "f-namespace")) {
            assertTrue(html.contains("<select id=\"" + id + "\""), id);
        }
        assertTrue(html.contains("<option value=\"pci-dss\">"));
        assertTrue(html.contains("<option value=\"checkout\">"));
        assertTrue(html.contains("id=\"posture\""));
        assertTrue(html.contains("Incomplete run."));
    }

    @Test
    void htmlEscapesHostileNames() throws IOException {
        String html = new String(render(new HtmlRenderer(), injected()), StandardCharsets.UTF_8);
        assertNoExternalAssets(html);
        assertFalse(html.contains("<script>alert"), "no injected script");
        assertFalse(html.contains("<img"), "no injected element");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
        assertTrue(html.contains("&lt;U+202E&gt;gnp.exe"), "bidi override shown as a code point");
        assertEquals(1, html.split("<script", -1).length - 1, "only the page's own script");
        String hostile = new String(render(new HtmlRenderer(), Scenarios.hostile()), StandardCharsets.UTF_8);
        assertNoExternalAssets(hostile);
        for (int cp : new int[]{0x202E, 0x0000, 0x0007, 0x001B, 0x2067, 0x200B, 0xFEFF}) {
            assertEquals(-1, hostile.indexOf(cp), "raw U+" + Integer.toHexString(cp));
        }
    }

    static void assertNoExternalAssets(String html) {
        assertFalse(Pattern.compile("<(link|iframe|object|embed|img|base)\\b", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no asset elements");
        assertFalse(Pattern.compile("<[a-zA-Z]+(\\s+[a-zA-Z-]+(=\"[^\"]*\")?)*\\s+(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no src/href attributes");
        assertFalse(html.contains("url("), "no CSS urls");
        assertFalse(html.contains("@import"));
        assertTrue(html.contains("Content-Security-Policy"));
    }

    // ------------------------------------------------------------------ Prometheus

    @Test
    void prometheusMetricsMatchTheReport() throws IOException {
        AuditReport report = located();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusRenderer().render(report, new RunFacts(Duration.ofMillis(2500)), out);
        String text = out.toString(StandardCharsets.UTF_8);
        Pattern line = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\",?)*\\})? -?[0-9.eE+-]+$");
        Map<String, Integer> counts = zero();
        for (String l : text.split("\n")) {
            if (l.startsWith("#")) {
                assertTrue(l.startsWith("# HELP ") || l.startsWith("# TYPE "), l);
                continue;
            }
            assertTrue(line.matcher(l).matches(), "bad sample line: " + l);
            Matcher m = Pattern.compile("^meshaudit_results\\{status=\"(\\w+)\",severity=\"\\w+\"\\} (\\d+)$").matcher(l);
            if (m.matches()) {
                counts.merge(m.group(1).toUpperCase(java.util.Locale.ROOT), Integer.parseInt(m.group(2)), Integer::sum);
            }
        }
        assertEquals(expected(report), counts);
        assertTrue(text.contains("meshaudit_mtls_enforced_ratio 0.4\n"), text);
        assertTrue(text.contains("meshaudit_run_complete 0\n"));
        assertTrue(text.contains("meshaudit_run_duration_seconds 2.5\n"));
        assertTrue(text.contains("meshaudit_certificate_expiry_days_min -28\n"), "earliest expiry (istio-ca expired 2026-11-01)");
        assertFalse(render(new PrometheusRenderer(), report).length == 0);
    }
}
