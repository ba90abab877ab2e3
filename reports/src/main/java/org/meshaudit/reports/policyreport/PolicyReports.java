package org.meshaudit.reports.policyreport;

import java.io.IOException;
import java.io.OutputStream;
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
import tools.jackson.core.JsonGenerator;
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

    /**
     * Every report object, cluster report(s) first, then namespaces in name order. Never empty. Holds every document
     * in memory (for {@code --apply-reports}); {@link #write} streams the same documents.
     */
    public List<ObjectNode> build(AuditReport report) {
        List<ObjectNode> out = new ArrayList<>();
        forEachDocument(report, doc -> {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (JsonGenerator g = Outputs.JSON.createGenerator(bytes)) {
                doc.write(g);
            }
            out.add((ObjectNode) Outputs.JSON.readTree(bytes.toByteArray()));
        });
        return out;
    }

    /**
     * Writes the documents of {@link #build} as multi-document YAML (each starting with {@code ---}), one result at a
     * time: besides the report itself, memory holds an index of four bytes per result (to group them by namespace)
     * and never a whole document, so it does not grow with the size of the documents.
     */
    public void write(AuditReport report, OutputStream out) throws IOException {
        OutputStream shield = org.meshaudit.api.Renderer.keepOpen(out);
        try (JsonGenerator g = PolicyReportRenderer.yaml().createGenerator(shield)) {
            forEachDocument(report, doc -> doc.write(g));
        }
    }

    /** One report object to write: the results {@code [from, to)} of a scope's result indexes. */
    private final class Document {
        private final AuditReport report;
        private final String namespace;
        private final int chunk;
        private final IntList indexes;
        private final int from;
        private final int to;
        private final long seconds;

        Document(AuditReport report, String namespace, int chunk, IntList indexes, int from, int to, long seconds) {
            this.report = report;
            this.namespace = namespace;
            this.chunk = chunk;
            this.indexes = indexes;
            this.from = from;
            this.to = to;
            this.seconds = seconds;
        }

        void write(JsonGenerator g) {
            List<Result> results = report.results();
            g.writeStartObject();
            g.writeStringProperty("apiVersion", api.apiVersion());
            g.writeStringProperty("kind", namespace == null ? api.clusterKind : api.kind);
            g.writeName("metadata");
            g.writeStartObject();
            g.writeStringProperty("name", name(namespace, chunk));
            if (namespace != null) {
                g.writeStringProperty("namespace", namespace);
            }
            g.writeName("labels");
            g.writeStartObject();
            g.writeStringProperty(MANAGED_BY, SOURCE);
            boolean run = report.metadata() != null && report.metadata().runId() != null;
            if (run) {
                g.writeStringProperty(RUN_ID, report.metadata().runId());
            }
            g.writeEndObject();
            if (run) {
                g.writeName("annotations");
                g.writeStartObject();
                g.writeStringProperty("meshaudit.org/as-of", String.valueOf(report.metadata().asOf()));
                g.writeStringProperty("meshaudit.org/complete", Boolean.toString(report.metadata().complete()));
                g.writeStringProperty("meshaudit.org/tool-version", String.valueOf(report.metadata().toolVersion()));
                g.writeEndObject();
            }
            g.writeEndObject();
            Map<String, Integer> summary = new LinkedHashMap<>();
            for (String k : List.of("pass", "fail", "warn", "error", "skip")) {
                summary.put(k, 0);
            }
            for (int i = from; i < to; i++) {
                summary.merge(Outputs.policyResult(results.get(indexes.get(i)).status()), 1, Integer::sum);
            }
            g.writeName("summary");
            g.writeStartObject();
            for (var e : summary.entrySet()) {
                g.writeNumberProperty(e.getKey(), e.getValue().intValue());
            }
            g.writeEndObject();
            g.writeName("results");
            g.writeStartArray();
            for (int i = from; i < to; i++) {
                result(g, results.get(indexes.get(i)), seconds);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** Cluster report(s) first, then each namespace in name order, chunked under the size and count budgets. */
    private void forEachDocument(AuditReport report, java.util.function.Consumer<Document> sink) {
        Map<String, IntList> byNamespace = new TreeMap<>();
        IntList cluster = new IntList();
        long seconds = asOfSeconds(report);
        List<Result> results = ReportIndex.nn(report.results());
        for (int i = 0; i < results.size(); i++) {
            SubjectRef s = results.get(i).subject();
            if (s == null || s.namespace() == null || s.namespace().isEmpty()) {
                cluster.add(i);
            } else {
                byNamespace.computeIfAbsent(s.namespace(), k -> new IntList()).add(i);
            }
        }
        chunks(report, null, cluster, true, seconds, sink);
        for (var e : byNamespace.entrySet()) {
            chunks(report, e.getKey(), e.getValue(), false, seconds, sink);
        }
    }

    private void chunks(AuditReport report, String namespace, IntList indexes, boolean always, long seconds,
                        java.util.function.Consumer<Document> sink) {
        if (indexes.size() == 0 && !always) {
            return;
        }
        List<Result> results = report.results();
        CountingStream counter = new CountingStream();
        int chunk = 0;
        int start = 0;
        int size = 2048; // envelope: metadata, summary
        for (int i = 0; i < indexes.size(); i++) {
            Result r = results.get(indexes.get(i));
            int s = (int) counter.measure(g -> result(g, r, seconds)) + 2;
            if (i > start && (size + s > maxBytes || i - start >= maxResults)) {
                sink.accept(new Document(report, namespace, chunk++, indexes, start, i, seconds));
                start = i;
                size = 2048;
            }
            size += s;
        }
        if (start < indexes.size() || chunk == 0) {
            sink.accept(new Document(report, namespace, chunk, indexes, start, indexes.size(), seconds));
        }
    }

    /** The bytes a value takes in the JSON form the size budget is measured in (pretty-printed, as etcd gets it). */
    private static final class CountingStream extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }

        long measure(java.util.function.Consumer<JsonGenerator> value) {
            count = 0;
            try (JsonGenerator g = Outputs.JSON.createGenerator(this)) {
                value.accept(g);
            }
            return count;
        }
    }

    /** A growable list of ints: the result indexes of one scope, four bytes each. */
    private static final class IntList {
        private int[] a = new int[8];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }
    }

    /** The name of chunk {@code index} (0-based). */
    public static String name(String namespace, int index) {
        String base = namespace == null ? "meshaudit-cluster" : "meshaudit";
        return index == 0 ? base : base + "-" + (index + 1);
    }

    /** One result entry of a report. */
    void result(JsonGenerator g, Result r, long seconds) {
        g.writeStartObject();
        g.writeStringProperty("source", SOURCE);
        g.writeStringProperty("policy", SafeText.clean(r.ruleId()));
        g.writeStringProperty("rule", SafeText.clip(r.title() == null ? r.ruleId() : r.title(), 253));
        g.writeStringProperty("category", category(r));
        g.writeStringProperty("severity", Outputs.label(r.severity()));
        g.writeStringProperty("result", Outputs.policyResult(r.status()));
        g.writeBooleanProperty("scored", true);
        g.writeName("timestamp");
        g.writeStartObject();
        g.writeNumberProperty("seconds", seconds);
        g.writeNumberProperty("nanos", 0);
        g.writeEndObject();
        g.writeStringProperty("message", SafeText.clip(r.message() == null ? "" : r.message(), 1024));
        SubjectRef s = r.subject();
        if (s != null) {
            g.writeName("resources");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringProperty("apiVersion", s.apiVersion());
            g.writeStringProperty("kind", s.kind());
            if (s.namespace() != null && !s.namespace().isEmpty()) {
                g.writeStringProperty("namespace", s.namespace());
            }
            g.writeStringProperty("name", s.name());
            if (s.uid() != null && !s.uid().isEmpty()) {
                g.writeStringProperty("uid", s.uid());
            }
            g.writeEndObject();
            g.writeEndArray();
        }
        // a map, as the properties object is one: a later key of the same name replaces the value in place
        Map<String, String> props = new LinkedHashMap<>();
        props.put("meshaudit.status", r.status().name());
        props.put("meshaudit.resultId", r.id());
        props.put("meshaudit.ruleVersion", r.ruleVersion() == null ? "" : r.ruleVersion());
        props.put("meshaudit.pack", r.pack() == null ? "" : r.pack());
        if (r.cluster() != null) { // fleet reports only
            props.put("meshaudit.cluster", SafeText.clean(r.cluster()));
        }
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
        g.writeName("properties");
        g.writeStartObject();
        for (var e : props.entrySet()) {
            g.writeStringProperty(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
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
