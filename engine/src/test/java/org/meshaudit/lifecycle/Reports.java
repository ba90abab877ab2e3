package org.meshaudit.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.evaluate.Evaluator;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.CollectionView;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.Metadata;
import org.meshaudit.report.PackInfo;
import org.meshaudit.report.PortEntry;
import org.meshaudit.report.Posture;
import org.meshaudit.report.ReportJson;
import org.meshaudit.report.Requirement;
import org.meshaudit.report.Result;
import org.meshaudit.report.Summary;
import org.meshaudit.report.WorkloadEntry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Crafted reports for the lifecycle tests. */
final class Reports {
    private Reports() {
    }

    static Result result(String rule, String key, Status status, Severity severity) {
        String[] p = key.split("/");
        String port = null;
        String name = p[p.length - 1];
        if (name.contains(":")) {
            port = name.substring(name.indexOf(':') + 1);
            name = name.substring(0, name.indexOf(':'));
        }
        SubjectRef ref = p.length == 2 ? new SubjectRef("v1", p[0], "", name, "", port)
                : new SubjectRef("v1", p[0], p[1], name, "", port);
        return new Result(Evaluator.resultId(rule, ref), rule, "1.0.0", "zero-trust", "title of " + rule, status,
                severity, ref, status + " on " + key, Map.of("observed", "x"), List.of("zt:ZT-1"),
                status == Status.FAIL ? "fix" : null);
    }

    static PortEntry port(String port, boolean enforced, String mode) {
        return new PortEntry(port, "TCP", true, null, mode, enforced, "NAMESPACE", List.of(), List.of(), mode, true,
                List.of(), null);
    }

    static WorkloadEntry workload(String ns, String name, String dataplane, PortEntry... ports) {
        return new WorkloadEntry("apps/v1", "Deployment", ns, name, "", dataplane, "predicted", "r", "default",
                List.of(), List.of(), List.of(), null, List.of(ports));
    }

    static AuditReport report(String runId, String asOf, String source, List<Result> results,
                              List<WorkloadEntry> workloads) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            byStatus.put(s.name(), 0);
        }
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (String s : List.of("critical", "high", "medium", "low", "info")) {
            bySeverity.put(s, 0);
        }
        List<String> ids = new ArrayList<>();
        boolean fail = false;
        for (Result r : results) {
            byStatus.merge(r.status().name(), 1, Integer::sum);
            if (r.status() == Status.FAIL) {
                bySeverity.merge(r.severity().label(), 1, Integer::sum);
                fail = true;
            }
            ids.add(r.id());
        }
        int ports = 0;
        int enforced = 0;
        for (WorkloadEntry w : workloads) {
            for (PortEntry p : w.ports()) {
                ports++;
                enforced += ReportDiff.enforced(w, p) ? 1 : 0;
            }
        }
        double share = ports == 0 ? 0 : Math.round(enforced * 10000.0 / ports) / 10000.0;
        Summary summary = new Summary(results.size(), byStatus, bySeverity, workloads.size(), workloads.size(), ports,
                enforced, share, 0, 0);
        Requirement req = new Requirement("ZT-1", "Encrypt in transit", fail ? Status.FAIL : Status.PASS,
                List.of("MTLS-002"), Map.of(), "automated", null, ids, null);
        FrameworkView fw = new FrameworkView("zero-trust", "1.0", new FrameworkView.Scope("all non-system namespaces",
                List.of("shop"), List.of(), List.of()), List.of(req), "Zero trust", "catalog", null,
                Map.of(req.status().name(), 1));
        Metadata m = new Metadata(runId, asOf, "meshaudit", "0.1.0", source, "sha-" + runId, "baseline",
                List.of("zero-trust"), List.of(new PackInfo("zero-trust", "1.0.0", "abc", "classpath", 10)),
                Map.of(), true, List.of());
        return new AuditReport(AuditReport.API_VERSION, AuditReport.KIND, m, summary, List.of(fw), results,
                new Posture(Map.of("rootNamespace", "istio-system"), workloads), List.of(),
                new CollectionView(Map.of("apps/v1/Deployment", workloads.size()), List.of(), List.of(), List.of()));
    }

    /** The report with a certificates[] section as JSON (fingerprint, subject, validity.notAfter), read back. */
    static AuditReport withCertificates(AuditReport r, Path dir, String... fingerprintSubjectNotAfter)
            throws IOException {
        JsonNode tree = ReportJson.toTree(r);
        var arr = ((ObjectNode) tree).putArray("certificates");
        for (String c : fingerprintSubjectNotAfter) {
            String[] f = c.split("\\|");
            ObjectNode n = arr.addObject();
            n.put("fingerprint", f[0]);
            n.put("subject", f[1]);
            n.putObject("validity").put("notAfter", f[2]);
        }
        Path file = Files.createTempFile(dir, "report", ".json");
        Files.writeString(file, tree.toString());
        return ReportJson.read(file);
    }

    static Path save(AuditReport r, Path file) throws IOException {
        Files.write(file, ReportJson.toBytes(r));
        return file;
    }
}
