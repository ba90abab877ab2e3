package org.meshaudit.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meshaudit.api.Renderer;
import org.meshaudit.report.AuditReport;
import org.meshaudit.reports.oscal.OscalRenderer;
import org.meshaudit.reports.policyreport.OpenReportsRenderer;
import org.meshaudit.reports.policyreport.PolicyReportRenderer;
import org.meshaudit.reports.policyreport.PolicyReports;

/**
 * Byte-for-byte goldens of the machine formats whose documents can be large (OSCAL, PolicyReport, OpenReports), so
 * that a change in how they are written (tree or streaming) cannot change a single byte. The goldens were written by
 * the tree-building renderers; no scrubbing: the scenarios have fixed run ids, clocks and versions.
 */
class MachineFormatGoldenTest {

    static String render(Renderer r, AuditReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.render(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static Map<String, String> formats(AuditReport report) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("oscal.json", render(new OscalRenderer(), report));
        m.put("policyreport.yaml", render(new PolicyReportRenderer(), report));
        m.put("openreports.yaml", render(new OpenReportsRenderer(), report));
        return m;
    }

    @Test
    void demo() throws IOException {
        Golden.check("formats/demo", formats(Scenarios.demo()));
    }

    @Test
    void hostile() throws IOException {
        Golden.check("formats/hostile", formats(Scenarios.hostile()));
    }

    @Test
    void located() throws IOException {
        Golden.check("formats/located", formats(EcosystemFormatsTest.located()));
    }

    @Test
    void lifecycle() throws IOException {
        Golden.check("formats/lifecycle", formats(Scenarios.lifecycle()));
    }

    @Test
    void fleet() throws IOException {
        Golden.check("formats/fleet", formats(Scenarios.fleet()));
    }

    /** Small size and count budgets, so that namespaces and the cluster scope are split into several reports. */
    @Test
    void chunkedPolicyReports() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (PolicyReports.Api api : List.of(PolicyReports.Api.WGPOLICY, PolicyReports.Api.OPENREPORTS)) {
            PolicyReports reports = new PolicyReports(api, 16 * 1024, 5);
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            reports.write(Scenarios.hostile(), streamed);
            m.put(api.name().toLowerCase(java.util.Locale.ROOT) + ".yaml", streamed.toString(StandardCharsets.UTF_8));
            // the documents --apply-reports publishes are the same
            ByteArrayOutputStream built = new ByteArrayOutputStream();
            PolicyReportRenderer.write(reports.build(Scenarios.hostile()), built);
            org.junit.jupiter.api.Assertions.assertEquals(streamed.toString(StandardCharsets.UTF_8),
                    built.toString(StandardCharsets.UTF_8), "build() and write() agree");
        }
        Golden.check("formats/chunked", m);
    }
}
