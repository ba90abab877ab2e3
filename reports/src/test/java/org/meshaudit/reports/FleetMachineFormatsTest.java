package org.meshaudit.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Result;
import org.meshaudit.reports.oscal.OscalRenderer;
import org.meshaudit.reports.policyreport.PolicyReportRenderer;
import org.meshaudit.reports.sarif.SarifRenderer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;

/**
 * A merged fleet report ({@code meshaudit merge}) keeps each result's cluster in the machine formats, so that the same
 * rule failing on the same namespace in two clusters is two findings a consumer can tell apart. Single-cluster
 * reports carry no cluster (their output is covered by the goldens).
 */
class FleetMachineFormatsTest {
    private static final AuditReport FLEET = Scenarios.fleet();

    private static Map<String, Integer> expected() {
        Map<String, Integer> n = new TreeMap<>();
        for (Result r : FLEET.results()) {
            n.merge(r.cluster(), 1, Integer::sum);
        }
        return n;
    }

    @Test
    void sarifResultsNameTheirCluster() throws IOException {
        JsonNode sarif = EcosystemFormatsTest.JSON.readTree(EcosystemFormatsTest.render(new SarifRenderer(), FLEET));
        Map<String, Integer> n = new TreeMap<>();
        for (JsonNode r : sarif.path("runs").get(0).path("results")) {
            n.merge(r.path("properties").path("cluster").asString(), 1, Integer::sum);
        }
        assertEquals(expected(), n);
        assertEquals(2, n.size());
    }

    @Test
    void oscalObservationsNameTheirCluster() throws IOException {
        JsonNode oscal = EcosystemFormatsTest.JSON.readTree(EcosystemFormatsTest.render(new OscalRenderer(), FLEET));
        Map<String, Integer> n = new TreeMap<>();
        for (JsonNode o : oscal.path("assessment-results").path("results").get(0).path("observations")) {
            for (JsonNode p : o.path("props")) {
                if (p.path("name").asString().equals("cluster")) {
                    n.merge(p.path("value").asString(), 1, Integer::sum);
                }
            }
        }
        assertEquals(expected(), n);
    }

    @Test
    void policyReportResultsNameTheirCluster() throws IOException {
        byte[] yaml = EcosystemFormatsTest.render(new PolicyReportRenderer(), FLEET);
        Map<String, Integer> n = new TreeMap<>();
        int results = 0;
        try (MappingIterator<JsonNode> it = EcosystemFormatsTest.YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                for (JsonNode r : it.next().path("results")) {
                    results++;
                    String c = r.path("properties").path("meshaudit.cluster").asString("");
                    assertFalse(c.isEmpty(), r.toString());
                    n.merge(c, 1, Integer::sum);
                }
            }
        }
        assertTrue(results > 0);
        assertEquals(expected().keySet(), n.keySet());
    }
}
