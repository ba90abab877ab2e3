package org.meshaudit.reports.policyreport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Result;
import org.meshaudit.reports.common.Flatten;
import org.meshaudit.reports.common.Outputs;
import org.meshaudit.reports.common.ReportIndex;
import org.meshaudit.reports.common.SafeText;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds Kubernetes policy reports from an AuditReport: one report per namespace for results about namespaced
 * objects, and a cluster report for results about cluster-scoped objects (Namespaces, CRDs). Each result carries
 * source, policy (rule id), rule (the secure state), category, severity, result (pass/fail/warn/error/skip), scored,
 * subjects, message, timestamp and flattened evidence properties (strings). Reports are split into chunks that stay
 * under an object-size budget (etcd refuses objects above about 1.5 MiB), named {@code meshaudit},
 * {@code meshaudit-2}, ... per namespace and {@code meshaudit-cluster}, {@code meshaudit-cluster-2}, ... cluster-wide.
 */
public final class PolicyReports {

    /** The report API families: the Policy WG prototype and its successor OpenReports. */
    public enum Api {
        WGPOLICY("wgpolicyk8s.io", "v1alpha2", "PolicyReport", "policyreports", "ClusterPolicyReport", "clusterpolicyreports"),
        OPENREPORTS("openreports.io", "v1alpha1", "Report", "reports", "ClusterReport", "clusterreports");

        public final String group;
        public final String version;
        public final String kind;
        public final String plural;
        public final String clusterKind;
        public final String clusterPlural;

        Api(String group, String version, String kind, String plural, String clusterKind, String clusterPlural) {
            this.group = group;
            this.version = version;
            this.kind = kind;
            this.plural = plural;
            this.clusterKind = clusterKind;
            this.clusterPlural = clusterPlural;
        }

        public String apiVersion() {
            return group + "/" + version;
        }

        public static Api parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "wgpolicyk8s", "wgpolicyk8s.io", "policyreport" -> WGPOLICY;
                case "openreports", "openreports.io" -> OPENREPORTS;
                default -> throw new IllegalArgumentException(s);
            };
        }
    }

    public static final String SOURCE = "meshaudit";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String RUN_ID = "meshaudit.org/run-id";
    /** Serialized size budget per report object (JSON bytes), well under etcd's default 1.5 MiB request limit. */
    public static final int DEFAULT_MAX_BYTES = 800 * 1024;
    /** Most results per report object. */
    public static final int DEFAULT_MAX_RESULTS = 2000;

    private final Api api;
    private final int maxBytes;
    private final int maxResults;

    public PolicyReports(Api api) {
        this(api, DEFAULT_MAX_BYTES, DEFAULT_MAX_RESULTS);
    }

    public PolicyReports(Api api, int maxBytes, int maxResults) {
        this.api = api;
        this.maxBytes = maxBytes;
        this.maxResults = maxResults;
    }

    public Api api() {
        return api;
    }

    /** Every report object, cluster report(s) first, then namespaces in name order. Never empty. */
    public List<ObjectNode> build(AuditReport report) {
        Map<String, List<ObjectNode>> byNamespace = new TreeMap<>();
        List<ObjectNode> cluster = new ArrayList<>();
        long seconds = asOfSeconds(report);
        for (Result r : ReportIndex.nn(report.results())) {
            SubjectRef s = r.subject();
            ObjectNode node = result(r, seconds);
            if (s == null || s.namespace() == null || s.namespace().isEmpty()) {
                cluster.add(node);
            } else {
                byNamespace.computeIfAbsent(s.namespace(), k -> new ArrayList<>()).add(node);
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        out.addAll(chunks(report, null, cluster, true));
        for (var e : byNamespace.entrySet()) {
            out.addAll(chunks(report, e.getKey(), e.getValue(), false));
        }
        return out;
    }

    private List<ObjectNode> chunks(AuditReport report, String namespace, List<ObjectNode> results, boolean always) {
        List<ObjectNode> out = new ArrayList<>();
        if (results.isEmpty() && !always) {
            return out;
        }
        List<ObjectNode> current = new ArrayList<>();
        int size = 2048; // envelope: metadata, summary
        for (ObjectNode r : results) {
            int s = Outputs.JSON.writeValueAsBytes(r).length + 2;
            if (!current.isEmpty() && (size + s > maxBytes || current.size() >= maxResults)) {
                out.add(report(report, namespace, current, out.size()));
                current = new ArrayList<>();
                size = 2048;
            }
            current.add(r);
            size += s;
        }
        if (!current.isEmpty() || out.isEmpty()) {
            out.add(report(report, namespace, current, out.size()));
        }
        return out;
    }

    /** The name of chunk {@code index} (0-based). */
    public static String name(String namespace, int index) {
        String base = namespace == null ? "meshaudit-cluster" : "meshaudit";
        return index == 0 ? base : base + "-" + (index + 1);
    }

    private ObjectNode report(AuditReport report, String namespace, List<ObjectNode> results, int index) {
        ObjectNode n = Outputs.object();
        n.put("apiVersion", api.apiVersion());
        n.put("kind", namespace == null ? api.clusterKind : api.kind);
        ObjectNode md = n.putObject("metadata");
        md.put("name", name(namespace, index));
        if (namespace != null) {
            md.put("namespace", namespace);
        }
        ObjectNode labels = md.putObject("labels");
        labels.put(MANAGED_BY, SOURCE);
        if (report.metadata() != null && report.metadata().runId() != null) {
            labels.put(RUN_ID, report.metadata().runId());
            ObjectNode ann = md.putObject("annotations");
            ann.put("meshaudit.org/as-of", String.valueOf(report.metadata().asOf()));
            ann.put("meshaudit.org/complete", Boolean.toString(report.metadata().complete()));
            ann.put("meshaudit.org/tool-version", String.valueOf(report.metadata().toolVersion()));
        }
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (String k : List.of("pass", "fail", "warn", "error", "skip")) {
            summary.put(k, 0);
        }
        ArrayNode arr = Outputs.NODES.arrayNode();
        for (ObjectNode r : results) {
            summary.merge(r.get("result").asString(), 1, Integer::sum);
            arr.add(r);
        }
        ObjectNode sum = n.putObject("summary");
        summary.forEach(sum::put);
        n.set("results", arr);
        return n;
    }

    ObjectNode result(Result r, long seconds) {
        ObjectNode n = Outputs.object();
        n.put("source", SOURCE);
        n.put("policy", SafeText.clean(r.ruleId()));
        n.put("rule", SafeText.clip(r.title() == null ? r.ruleId() : r.title(), 253));
        n.put("category", category(r));
        n.put("severity", Outputs.label(r.severity()));
        n.put("result", Outputs.policyResult(r.status()));
        n.put("scored", true);
        ObjectNode ts = n.putObject("timestamp");
        ts.put("seconds", seconds);
        ts.put("nanos", 0);
        n.put("message", SafeText.clip(r.message() == null ? "" : r.message(), 1024));
        SubjectRef s = r.subject();
        if (s != null) {
            ObjectNode ref = n.putArray("resources").addObject();
            ref.put("apiVersion", s.apiVersion());
            ref.put("kind", s.kind());
            if (s.namespace() != null && !s.namespace().isEmpty()) {
                ref.put("namespace", s.namespace());
            }
            ref.put("name", s.name());
            if (s.uid() != null && !s.uid().isEmpty()) {
                ref.put("uid", s.uid());
            }
        }
        ObjectNode props = n.putObject("properties");
        props.put("meshaudit.status", r.status().name());
        props.put("meshaudit.resultId", r.id());
        props.put("meshaudit.ruleVersion", r.ruleVersion() == null ? "" : r.ruleVersion());
        props.put("meshaudit.pack", r.pack() == null ? "" : r.pack());
        if (s != null && s.port() != null) {
            props.put("meshaudit.port", SafeText.clean(s.port()));
        }
        if (r.controls() != null && !r.controls().isEmpty()) {
            props.put("meshaudit.controls", SafeText.clip(String.join(", ", r.controls()), Flatten.MAX_VALUE));
        }
        if (r.remediation() != null) {
            props.put("meshaudit.remediation", SafeText.clip(r.remediation(), Flatten.MAX_VALUE));
        }
        Flatten.evidence("evidence", r.evidence()).forEach((k, v) -> props.put(SafeText.clip(k, 253), v));
        return n;
    }

    /** A category from the rule id's area (controls-catalog.md section 8); the pack for unknown areas. */
    static String category(Result r) {
        String id = r.ruleId() == null ? "" : r.ruleId();
        String area = id.contains("-") ? id.substring(0, id.lastIndexOf('-')) : id;
        return switch (area) {
            case "MTLS" -> "mTLS";
            case "AUTHZ" -> "Authorization";
            case "NET" -> "Network segmentation";
            case "KEY", "SIG", "CERT", "CMGR" -> "Certificates";
            case "TLS" -> "TLS";
            default -> r.pack() == null ? "meshaudit" : SafeText.clean(r.pack());
        };
    }

    static long asOfSeconds(AuditReport report) {
        try {
            return Instant.parse(report.metadata().asOf()).getEpochSecond();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
