package org.meshaudit.reports.sarif;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Result;
import org.meshaudit.reports.common.Locations;
import org.meshaudit.reports.common.Outputs;
import org.meshaudit.reports.common.ReportIndex;
import org.meshaudit.reports.common.SafeText;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code audit.sarif}: SARIF 2.1.0 for code-scanning UIs. One rule per rule id (title, help text with remediation
 * and controls, {@code security-severity}); one result per AuditReport result, located at the file and line of the
 * offending object when it was read from manifests. Every status is kept, as SARIF {@code kind}: FAIL {@code fail},
 * WAIVED {@code fail} with an accepted external suppression, PASS {@code pass}, NOT_APPLICABLE
 * {@code notApplicable}, ERROR {@code open} (could not be evaluated), MANUAL {@code review}; the meshaudit status is
 * also in {@code properties.status}. {@code partialFingerprints} carry the stable result id, so alerts keep their
 * identity across runs. Collection issues become tool execution notifications.
 */
public final class SarifRenderer implements Renderer {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String SRCROOT = "%SRCROOT%";

    @Override
    public String format() {
        return "sarif";
    }

    @Override
    public String extension() {
        return "sarif";
    }

    /** GitHub's thresholds: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
    static String securitySeverity(Severity s) {
        return switch (s == null ? Severity.INFO : s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
    }

    static String level(Severity s) {
        return switch (s == null ? Severity.INFO : s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    static String kind(Status s) {
        return switch (s) {
            case FAIL, WAIVED -> "fail";
            case PASS -> "pass";
            case NOT_APPLICABLE -> "notApplicable";
            case ERROR -> "open";
            case MANUAL -> "review";
        };
    }

    /** Per-rule facts gathered from the results. */
    private static final class RuleInfo {
        String id;
        String title;
        String version;
        String pack;
        String remediation;
        Severity severity;
        final TreeSet<String> controls = new TreeSet<>();
    }

    @Override
    public void render(AuditReport report, OutputStream out) throws IOException {
        List<Result> results = ReportIndex.nn(report.results());
        Map<String, RuleInfo> rules = new TreeMap<>();
        for (Result r : results) {
            RuleInfo i = rules.computeIfAbsent(r.ruleId(), k -> new RuleInfo());
            i.id = r.ruleId();
            if (i.title == null) {
                i.title = r.title();
                i.version = r.ruleVersion();
                i.pack = r.pack();
            }
            if (i.remediation == null && r.remediation() != null) {
                i.remediation = r.remediation();
            }
            Severity s = r.severity() == null ? Severity.INFO : r.severity();
            if (i.severity == null || s.atLeast(i.severity)) {
                i.severity = s;
            }
            i.controls.addAll(ReportIndex.nn(r.controls()));
        }
        Map<String, Integer> ruleIndex = new TreeMap<>();
        for (String id : rules.keySet()) {
            ruleIndex.put(id, ruleIndex.size());
        }
        Locations locations = new Locations(report);
        var md = report.metadata();

        try (JsonGenerator g = Outputs.generator(out)) {
            g.writeStartObject();
            g.writeStringProperty("$schema", SCHEMA);
            g.writeStringProperty("version", "2.1.0");
            g.writeArrayPropertyStart("runs");
            g.writeStartObject();
            g.writeObjectPropertyStart("tool");
            g.writeObjectPropertyStart("driver");
            g.writeStringProperty("name", "meshaudit");
            if (md != null && md.toolVersion() != null) {
                g.writeStringProperty("version", md.toolVersion());
                if (md.toolVersion().matches("\\d+\\.\\d+\\.\\d+.*")) {
                    g.writeStringProperty("semanticVersion", md.toolVersion());
                }
            }
            g.writeArrayPropertyStart("rules");
            for (RuleInfo i : rules.values()) {
                g.writeTree(rule(i));
            }
            g.writeEndArray();
            g.writeEndObject(); // driver
            g.writeEndObject(); // tool
            g.writeArrayPropertyStart("invocations");
            g.writeTree(invocation(report));
            g.writeEndArray();
            if (md != null) {
                ObjectNode props = Outputs.object();
                put(props, "runId", md.runId());
                put(props, "asOf", md.asOf());
                put(props, "source", SafeText.clean(md.source()));
                put(props, "inputDigest", md.inputDigest());
                put(props, "profile", md.profile());
                props.put("complete", md.complete());
                g.writePOJOProperty("properties", props);
            }
            g.writeArrayPropertyStart("results");
            for (Result r : results) {
                g.writeTree(result(r, ruleIndex.get(r.ruleId()), locations.of(r)));
            }
            g.writeEndArray();
            g.writeStringProperty("columnKind", "unicodeCodePoints");
            g.writeEndObject(); // run
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static ObjectNode rule(RuleInfo i) {
        ObjectNode n = Outputs.object();
        n.put("id", i.id);
        n.put("name", ruleName(i.title == null ? i.id : i.title));
        String title = SafeText.clean(i.title == null ? i.id : i.title);
        n.putObject("shortDescription").put("text", title);
        n.putObject("fullDescription").put("text", title + " (" + i.id + " " + nz(i.version) + ", pack " + nz(i.pack) + ")");
        StringBuilder text = new StringBuilder(title).append('.');
        StringBuilder md = new StringBuilder("**").append(escapeMarkdown(title)).append("**\n\n");
        if (i.remediation != null) {
            text.append(" Remediation: ").append(SafeText.clean(i.remediation));
            md.append("Remediation: ").append(escapeMarkdown(SafeText.clean(i.remediation))).append("\n\n");
        }
        if (!i.controls.isEmpty()) {
            text.append(" Controls: ").append(String.join(", ", i.controls)).append('.');
            md.append("Controls: ").append(escapeMarkdown(String.join(", ", i.controls))).append('\n');
        }
        n.putObject("help").put("text", text.toString()).put("markdown", md.toString().strip());
        n.putObject("defaultConfiguration").put("level", level(i.severity));
        ObjectNode p = n.putObject("properties");
        p.put("security-severity", securitySeverity(i.severity));
        p.put("severity", i.severity.label());
        p.put("precision", "high");
        p.put("problem.severity", i.severity.atLeast(Severity.HIGH) ? "error" : i.severity.atLeast(Severity.MEDIUM) ? "warning" : "recommendation");
        ArrayNode tags = p.putArray("tags");
        tags.add("security");
        tags.add("kubernetes");
        i.controls.forEach(c -> tags.add(SafeText.clean(c)));
        return n;
    }

    private static ObjectNode result(Result r, int ruleIndex, Locations.Location loc) {
        ObjectNode n = Outputs.object();
        n.put("ruleId", r.ruleId());
        n.put("ruleIndex", ruleIndex);
        n.put("kind", kind(r.status()));
        n.put("level", r.status() == Status.FAIL || r.status() == Status.WAIVED ? level(r.severity()) : "none");
        String subject = ReportIndex.subjectKey(r.subject());
        n.putObject("message").put("text", SafeText.clip(subject + ": " + nz(r.message()), 4000));
        ArrayNode locations = n.putArray("locations");
        ObjectNode l = locations.addObject();
        if (loc != null) {
            physical(l, loc);
        }
        ObjectNode logical = l.putArray("logicalLocations").addObject();
        SubjectRef s = r.subject();
        if (s != null) {
            logical.put("name", SafeText.clean(s.name()));
            logical.put("fullyQualifiedName", subject);
            logical.put("kind", "resource");
        }
        n.putObject("partialFingerprints").put("meshauditResultId/v1", r.id());
        if (r.status() == Status.WAIVED) {
            ObjectNode sup = n.putArray("suppressions").addObject();
            sup.put("kind", "external");
            sup.put("status", "accepted");
            sup.put("justification", "waived (see the waiver in audit.json)");
        }
        ObjectNode p = n.putObject("properties");
        p.put("status", r.status().name());
        p.put("severity", Outputs.label(r.severity()));
        p.put("security-severity", securitySeverity(r.severity()));
        p.put("resultId", r.id());
        p.put("ruleVersion", nz(r.ruleVersion()));
        if (r.cluster() != null) { // fleet reports only
            p.put("cluster", SafeText.clean(r.cluster()));
        }
        if (s != null) {
            ObjectNode sub = p.putObject("subject");
            sub.put("apiVersion", SafeText.clean(s.apiVersion()));
            sub.put("kind", SafeText.clean(s.kind()));
            sub.put("namespace", SafeText.clean(s.namespace()));
            sub.put("name", SafeText.clean(s.name()));
            sub.put("uid", SafeText.clean(s.uid()));
            if (s.port() != null) {
                sub.put("port", SafeText.clean(s.port()));
            }
        }
        ArrayNode controls = p.putArray("controls");
        ReportIndex.nn(r.controls()).forEach(c -> controls.add(SafeText.clean(c)));
        if (r.evidence() != null && !r.evidence().isEmpty()) {
            p.set("evidence", Outputs.JSON.valueToTree(new TreeMap<>(r.evidence())));
        }
        if (r.remediation() != null) {
            p.put("remediation", SafeText.clean(r.remediation()));
        }
        return n;
    }

    private static ObjectNode invocation(AuditReport report) {
        ObjectNode n = Outputs.object();
        n.put("executionSuccessful", true);
        ArrayNode notes = n.putArray("toolExecutionNotifications");
        if (report.collection() != null) {
            for (CollectionIssue i : ReportIndex.nn(report.collection().issues())) {
                ObjectNode x = notes.addObject();
                x.putObject("message").put("text", SafeText.clip(i.kind() + ": " + i.message(), 4000));
                x.put("level", "error");
                Locations.Location loc = Locations.parse(i.source());
                if (loc != null && !i.source().startsWith("api:") && !i.source().startsWith("cluster:")) {
                    physical(x.putArray("locations").addObject(), loc);
                } else {
                    x.putObject("properties").put("source", SafeText.clean(i.source()));
                }
            }
        }
        if (report.metadata() != null) {
            for (String reason : ReportIndex.nn(report.metadata().incompleteReasons())) {
                ObjectNode x = notes.addObject();
                x.putObject("message").put("text", "incomplete run: " + SafeText.clean(reason));
                x.put("level", "warning");
            }
        }
        if (notes.isEmpty()) {
            n.remove("toolExecutionNotifications");
        }
        return n;
    }

    /** A URI reference for a file path: relative paths stay relative (with forward slashes), absolute ones become file URIs. */
    /** The file and line of {@code loc} as a SARIF physicalLocation of {@code location}. */
    private static void physical(ObjectNode location, Locations.Location loc) {
        ObjectNode phys = location.putObject("physicalLocation");
        ObjectNode art = phys.putObject("artifactLocation");
        art.put("uri", uri(loc));
        if (!loc.absolute()) {
            art.put("uriBaseId", SRCROOT);
        }
        if (loc.line() > 0) {
            phys.putObject("region").put("startLine", loc.line());
        }
    }

    static String uri(Locations.Location loc) {
        String p = loc.path().replace('\\', '/');
        try {
            if (loc.absolute()) {
                return "file://" + new URI(null, null, p.startsWith("/") ? p : "/" + p, null).toASCIIString();
            }
            while (p.startsWith("./")) {
                p = p.substring(2);
            }
            return new URI(null, null, p, null).toASCIIString();
        } catch (URISyntaxException e) {
            return p.replaceAll("[^A-Za-z0-9._~/-]", "_");
        }
    }

    /** A PascalCase name from a title, as code-scanning UIs show rule names. */
    static String ruleName(String title) {
        StringBuilder b = new StringBuilder();
        for (String w : title.split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) {
                b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
        }
        return b.isEmpty() ? "Rule" : b.toString();
    }

    private static String escapeMarkdown(String s) {
        return s.replaceAll("([\\\\`*_{}\\[\\]()#+!|<>])", "\\\\$1");
    }

    private static void put(ObjectNode n, String k, String v) {
        if (v != null) {
            n.put(k, v);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
