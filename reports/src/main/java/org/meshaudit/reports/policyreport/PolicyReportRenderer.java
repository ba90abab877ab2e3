package org.meshaudit.reports.policyreport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.meshaudit.api.Renderer;
import org.meshaudit.report.AuditReport;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code audit.policyreport.yaml}: {@code wgpolicyk8s.io/v1alpha2} PolicyReport per namespace plus a
 * ClusterPolicyReport, as one multi-document YAML ready for {@code kubectl apply -f}, streamed one result at a time.
 * See {@link PolicyReports}.
 */
public class PolicyReportRenderer implements Renderer {
    /** The YAML writer, made on first use: every command line lists the formats (one instance of each renderer),
     *  and building it is a tenth of a second of a cold start that most runs do not need. */
    static YAMLMapper yaml() {
        return Yaml.MAPPER;
    }

    private static final class Yaml {
        static final YAMLMapper MAPPER = YAMLMapper.builder().build();
    }

    private final PolicyReports.Api api;

    public PolicyReportRenderer() {
        this(PolicyReports.Api.WGPOLICY);
    }

    protected PolicyReportRenderer(PolicyReports.Api api) {
        this.api = api;
    }

    @Override
    public String format() {
        return "policyreport";
    }

    @Override
    public String extension() {
        return "policyreport.yaml";
    }

    @Override
    public void render(AuditReport report, OutputStream out) throws IOException {
        new PolicyReports(api).write(report, out);
    }

    /** Writes the documents as multi-document YAML, each starting with {@code ---}. */
    public static void write(List<ObjectNode> docs, OutputStream out) throws IOException {
        OutputStream shield = Renderer.keepOpen(out);
        try (SequenceWriter w = yaml().writer().writeValues(shield)) {
            for (ObjectNode d : docs) {
                w.write(d);
            }
        }
    }
}
