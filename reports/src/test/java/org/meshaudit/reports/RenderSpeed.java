package org.meshaudit.reports;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.meshaudit.api.RenderStats;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.RunFacts;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.CertificateEntry;
import org.meshaudit.report.CollectionView;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.Metadata;
import org.meshaudit.report.PackInfo;
import org.meshaudit.report.PortEntry;
import org.meshaudit.report.Posture;
import org.meshaudit.report.Requirement;
import org.meshaudit.report.Result;
import org.meshaudit.report.Summary;
import org.meshaudit.report.WorkloadEntry;
import org.meshaudit.reports.pdf.PdfRenderer;
import org.meshaudit.reports.xlsx.XlsxRenderer;

/**
 * Speed and heap of the auditor renderers on a large synthetic report; a plain main for the benchmark, never a timed
 * unit test. {@code RenderSpeed [results=300000] [failShare=0.1] [outDir]}; run with e.g. {@code -Xmx512m}.
 * Prints rows written per second (XLSX: all sheets' data rows) and pages (PDF), as the renderers count them while
 * writing ({@link RenderStats}), and the peak heap used while rendering.
 */
public final class RenderSpeed {
    private RenderSpeed() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        double failShare = args.length > 1 ? Double.parseDouble(args[1]) : 0.1;
        Path dir = Files.createDirectories(Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir")));
        AuditReport r = synthetic(n, failShare);
        System.gc();
        long base = used();
        System.out.printf(Locale.ROOT, "report: %,d results, %,d workload ports, %,d failures; model heap ~%,d MB%n",
                n, r.summary().workloadPorts(), r.summary().byStatus().get("FAIL"), base >> 20);
        for (Renderer x : List.of(new XlsxRenderer(), new PdfRenderer())) {
            resetPeaks();
            Path file = dir.resolve("speed." + x.extension());
            java.lang.management.ThreadMXBean tm = ManagementFactory.getThreadMXBean();
            long c0 = tm.getCurrentThreadCpuTime();
            Map<String, Long> counts = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                x.render(r, RunFacts.NONE, out, (what, k) -> counts.merge(what, k, Long::sum)); // counted by the renderer
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (tm.getCurrentThreadCpuTime() - c0) / 1e9;
            long peak = peak();
            long rows = counts.getOrDefault(RenderStats.ROWS, 0L);
            long pages = counts.getOrDefault(RenderStats.PAGES, 0L);
            String rate = x.format().equals("xlsx")
                    ? String.format(Locale.ROOT, "%,d rows in %.2f s wall = %,.0f rows/s; render thread CPU %.2f s = %,.0f rows per CPU-s",
                    rows, s, rows / s, cpu, rows / cpu)
                    : String.format(Locale.ROOT, "%,d pages in %.2f s wall = %,.0f pages/s, render thread CPU %.2f s",
                    pages, s, pages / s, cpu);
            System.out.printf(Locale.ROOT, "%s: %s; file %,d KB; peak heap %,d MB (%,d MB above the model)%n",
                    x.format(), rate, Files.size(file) >> 10, peak >> 20, Math.max(0, peak - base) >> 20);
        }
    }

    static AuditReport synthetic(int n, double failShare) {
        String[] rules = {"MTLS-001", "MTLS-002", "MTLS-003", "MTLS-004", "MTLS-005", "AUTHZ-001", "AUTHZ-002", "NET-001", "NET-002"};
        List<Result> results = new ArrayList<>(n);
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            byStatus.put(s.name(), 0);
        }
        Map<String, Integer> bySev = new LinkedHashMap<>();
        for (String s : List.of("critical", "high", "medium", "low", "info")) {
            bySev.put(s, 0);
        }
        List<String> controls = List.of("zt:800-207/T2", "pci:4.2.1", "pci:1.2.6", "hipaa:164.312(e)(1)", "gdpr:32(1)(a)", "nist:SC-8(1)");
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < n; i++) {
            String rule = rules[i % rules.length];
            String ns = "ns-" + (i / 60) % 5000;
            SubjectRef s = new SubjectRef("apps/v1", "Deployment", ns, "app-" + (i / 9), "uid-" + Integer.toHexString(i * 7919), String.valueOf(8000 + i % 5));
            Status st = rnd.nextDouble() < failShare ? Status.FAIL : rnd.nextDouble() < 0.2 ? Status.NOT_APPLICABLE : Status.PASS;
            Severity sev = Severity.values()[1 + i % 4];
            byStatus.merge(st.name(), 1, Integer::sum);
            if (st == Status.FAIL) {
                bySev.merge(sev.label(), 1, Integer::sum);
            }
            Map<String, Object> ev = new TreeMap<>(Map.of("mode", st == Status.FAIL ? "PERMISSIVE" : "STRICT", "port", 8000 + i % 5,
                    "decidedBy", List.of("PeerAuthentication/" + ns + "/default")));
            results.add(new Result(String.format("%016x", i), rule, "1.0.0", "zero-trust", "Secure state of " + rule, st, sev, s,
                    st == Status.FAIL ? "port " + (8000 + i % 5) + " is PERMISSIVE, set at WORKLOAD level" : "Secure state of " + rule,
                    ev, controls, st == Status.FAIL ? "Set the PeerAuthentication to STRICT." : null));
        }
        List<WorkloadEntry> workloads = new ArrayList<>();
        int ports = 0;
        int enforced = 0;
        for (int w = 0; w < n / 9; w++) {
            List<PortEntry> ps = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                boolean req = (w + p) % 3 != 0;
                ps.add(new PortEntry(String.valueOf(8000 + p), "TCP", true, null, req ? "STRICT" : "PERMISSIVE", req, "NAMESPACE",
                        List.of("PeerAuthentication/ns-" + w % 5000 + "/default"), List.of(), "STRICT", true, List.of(), null));
                ports++;
                enforced += req ? 1 : 0;
            }
            workloads.add(new WorkloadEntry("apps/v1", "Deployment", "ns-" + w % 5000, "app-" + w, "uid-w" + w, "istio", "observed",
                    "IST-DP-0", "sa-" + w, List.of(), List.of(), List.of(), null, ps));
        }
        List<Requirement> reqs = new ArrayList<>();
        for (String id : List.of("1.2.5", "1.2.6", "1.3.1", "4.2.1", "4.2.1.1", "7.2.1", "8.3.2", "10.2.1")) {
            reqs.add(new Requirement(id, "Requirement " + id, Status.FAIL, List.of(rules), Map.of("FAIL", n / 10, "PASS", n / 2),
                    "automated", null, List.of(), null));
        }
        List<FrameworkView> fws = List.of(new FrameworkView("pci-dss", "4.0.1", new FrameworkView.Scope("all non-system namespaces",
                List.of("ns-1"), List.of(), List.of()), reqs, "PCI DSS", null, null, Map.of()));
        List<CertificateEntry> certs = new ArrayList<>();
        for (int c = 0; c < Math.min(20_000, n / 15); c++) {
            certs.add(new CertificateEntry(String.format("sha256:%064x", c), "CN=svc-" + c, "CN=istio-ca", "01",
                    new CertificateEntry.Validity("2026-01-01T00:00:00Z", String.format("2027-%02d-01T00:00:00Z", 1 + c % 12),
                            "365d", "200d", "valid"),
                    new CertificateEntry.Key("EC", 256, "P-256", null, 128, null),
                    new CertificateEntry.Signature("SHA256WITHECDSA", "SHA-256"),
                    new CertificateEntry.Sans(List.of(), List.of(), List.of(), List.of(), List.of(), 0, 0), List.of(),
                    List.of("serverAuth", "clientAuth"), false, null, "mesh-workload", List.of("leaf"),
                    new CertificateEntry.Chain("valid", null, List.of()),
                    List.of(new CertificateEntry.Source("Secret/ns-1/svc-" + c, "secret", "ns-1", "chain", "pem"))));
        }
        Summary summary = new Summary(n, byStatus, bySev, workloads.size(), workloads.size(), ports, enforced,
                Math.round(enforced * 10000.0 / Math.max(1, ports)) / 10000.0, 0, 0);
        Metadata meta = new Metadata("run-speed", "2026-11-29T00:00:00Z", "meshaudit", "bench", "synthetic", "sha256:00",
                "baseline", List.of("pci-dss"), List.of(new PackInfo("zero-trust", "0.1.0", "sha256:00", "classpath", 9)),
                Map.of(), true, List.of());
        return new AuditReport(AuditReport.API_VERSION, AuditReport.KIND, meta, summary, fws, results,
                new Posture(Map.of(), workloads), certs, new CollectionView(Map.of("apps/v1/Deployment", n / 9), List.of(), List.of(), List.of()));
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long peak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
