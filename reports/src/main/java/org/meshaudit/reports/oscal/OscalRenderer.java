package org.meshaudit.reports.oscal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.Status;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.Metadata;
import org.meshaudit.report.PackInfo;
import org.meshaudit.report.Requirement;
import org.meshaudit.report.Result;
import org.meshaudit.reports.common.Flatten;
import org.meshaudit.reports.common.Outputs;
import org.meshaudit.reports.common.ReportIndex;
import org.meshaudit.reports.common.SafeText;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code audit.oscal.json}: NIST OSCAL 1.1.2 assessment-results. One result for the run with
 * <ul>
 *   <li>an observation per AuditReport result (method TEST, the subject, the evidence flattened into props, the
 *       collection time = as-of);</li>
 *   <li>a risk per FAIL (status {@code open}, with the remediation) and per WAIVED result (status
 *       {@code deviation-approved});</li>
 *   <li>a finding per framework requirement, targeting the requirement as an objective: {@code satisfied} when it
 *       passed or does not apply, {@code not-satisfied} when it failed, could not be evaluated (ERROR: never a
 *       PASS) or needs an assessor (MANUAL), linked to its observations and risks.</li>
 * </ul>
 * UUIDs are name-based (v5) from the run id and the result ids, so the same report gives the same document. Control
 * keys ({@code pci:4.2.1}) become OSCAL tokens ({@code pci-4.2.1}); the original key is kept in a prop.
 */
public final class OscalRenderer implements Renderer {
    public static final String OSCAL_VERSION = "1.1.2";
    public static final String NS = "https://meshaudit.org/ns/oscal";

    @Override
    public String format() {
        return "oscal";
    }

    @Override
    public String extension() {
        return "oscal.json";
    }

    @Override
    public void render(AuditReport report, OutputStream out) throws IOException {
        Metadata md = report.metadata();
        String runId = md == null || md.runId() == null ? "run" : md.runId();
        String asOf = md == null || md.asOf() == null ? "1970-01-01T00:00:00Z" : md.asOf();
        ReportIndex index = new ReportIndex(report);

        ObjectNode root = Outputs.object();
        ObjectNode ar = root.putObject("assessment-results");
        ar.put("uuid", Outputs.uuid5(runId + ":assessment-results"));
        ObjectNode meta = ar.putObject("metadata");
        meta.put("title", "meshaudit assessment results " + runId);
        meta.put("last-modified", asOf);
        meta.put("version", md == null || md.toolVersion() == null ? "0" : md.toolVersion());
        meta.put("oscal-version", OSCAL_VERSION);
        ArrayNode metaProps = meta.putArray("props");
        prop(metaProps, "run-id", runId);
        if (md != null) {
            prop(metaProps, "profile", md.profile());
            prop(metaProps, "input-digest", md.inputDigest());
        }
        String planUuid = Outputs.uuid5(runId + ":plan");
        ar.putObject("import-ap").put("href", "#" + planUuid);

        ObjectNode result = ar.putArray("results").addObject();
        result.put("uuid", Outputs.uuid5(runId + ":result"));
        result.put("title", "meshaudit run " + runId);
        result.put("description", text("Automated audit of " + (md == null ? "the input" : SafeText.clean(md.source()))
                + (md != null && !md.complete() ? ". The run is INCOMPLETE: " + SafeText.clean(String.join("; ",
                ReportIndex.nn(md.incompleteReasons()))) : ".")));
        result.put("start", asOf);
        result.put("end", asOf);
        ArrayNode rprops = result.putArray("props");
        prop(rprops, "complete", md == null ? "false" : Boolean.toString(md.complete()));

        // reviewed controls: every requirement of every framework in the report
        ObjectNode sel = result.putObject("reviewed-controls").putArray("control-selections").addObject();
        sel.put("description", "Requirements of the frameworks selected for the run");
        ArrayNode include = sel.putArray("include-controls");
        TreeSet<String> seen = new TreeSet<>();
        for (ReportIndex.RequirementRef ref : index.requirements()) {
            String id = token(ReportIndex.prefix(ref.framework().id()) + ":" + ref.requirement().id());
            if (seen.add(id)) {
                include.addObject().put("control-id", id);
            }
        }
        if (seen.isEmpty()) {
            result.remove("reviewed-controls");
            result.putObject("reviewed-controls").putArray("control-selections").addObject().putObject("include-all");
        }

        Map<String, String> observationOf = new LinkedHashMap<>();
        Map<String, String> riskOf = new LinkedHashMap<>();
        ArrayNode observations = Outputs.NODES.arrayNode();
        ArrayNode risks = Outputs.NODES.arrayNode();
        for (Result r : ReportIndex.nn(report.results())) {
            String ou = Outputs.uuid5(runId + ":observation:" + r.id());
            observationOf.put(r.id(), ou);
            observations.add(observation(r, ou, asOf));
            if (r.status() == Status.FAIL || r.status() == Status.WAIVED) {
                String ru = Outputs.uuid5(runId + ":risk:" + r.id());
                riskOf.put(r.id(), ru);
                risks.add(risk(r, ru, ou, runId));
            }
        }
        if (!observations.isEmpty()) {
            result.set("observations", observations);
        }
        if (!risks.isEmpty()) {
            result.set("risks", risks);
        }
        ArrayNode findings = Outputs.NODES.arrayNode();
        for (ReportIndex.RequirementRef ref : index.requirements()) {
            findings.add(finding(ref.framework(), ref.requirement(), runId, observationOf, riskOf));
        }
        if (!findings.isEmpty()) {
            result.set("findings", findings);
        }

        ArrayNode resources = ar.putObject("back-matter").putArray("resources");
        ObjectNode plan = resources.addObject();
        plan.put("uuid", planUuid);
        plan.put("title", "meshaudit assessment plan: rule packs and options of run " + runId);
        plan.put("description", "The rule packs (with their sha256) and the options that decided the verdicts; the"
                + " canonical evidence is audit.json.");
        if (md != null) {
            for (PackInfo p : ReportIndex.nn(md.packs())) {
                ObjectNode res = resources.addObject();
                res.put("uuid", Outputs.uuid5(runId + ":pack:" + p.id()));
                res.put("title", "rule pack " + SafeText.clean(p.id()) + " " + SafeText.clean(p.version()));
                ArrayNode pp = res.putArray("props");
                prop(pp, "rules", Integer.toString(p.rules()));
                prop(pp, "origin", p.origin());
                if (p.sha256() != null) {
                    ObjectNode link = res.putArray("rlinks").addObject();
                    link.put("href", "#" + Outputs.uuid5(runId + ":pack:" + p.id()));
                    link.putArray("hashes").addObject().put("algorithm", "SHA-256")
                            .put("value", p.sha256().replaceFirst("^sha256:", ""));
                }
            }
        }
        ObjectNode evidence = resources.addObject();
        evidence.put("uuid", Outputs.uuid5(runId + ":audit.json"));
        evidence.put("title", "meshaudit AuditReport (canonical evidence)");
        evidence.putArray("rlinks").addObject().put("href", "audit.json").put("media-type", "application/json");

        try (JsonGenerator g = Outputs.generator(out)) {
            g.writeTree(root);
        }
        out.write('\n');
    }

    private static ObjectNode observation(Result r, String uuid, String asOf) {
        ObjectNode o = Outputs.object();
        o.put("uuid", uuid);
        o.put("title", text(r.ruleId() + " " + ReportIndex.subjectKey(r.subject())));
        o.put("description", text(SafeText.clip(r.message() == null ? r.ruleId() : r.message(), 4000)));
        ArrayNode props = o.putArray("props");
        prop(props, "result-id", r.id());
        prop(props, "rule-id", r.ruleId());
        prop(props, "rule-version", r.ruleVersion());
        prop(props, "status", r.status().name());
        prop(props, "severity", Outputs.label(r.severity()));
        for (String c : ReportIndex.nn(r.controls())) {
            prop(props, "control-key", c);
        }
        o.putArray("methods").add("TEST");
        SubjectRef s = r.subject();
        if (s != null) {
            ObjectNode sub = o.putArray("subjects").addObject();
            sub.put("subject-uuid", Outputs.uuid5("subject:" + s.key()));
            sub.put("type", "inventory-item");
            sub.put("title", text(ReportIndex.subjectKey(s)));
            ArrayNode sp = sub.putArray("props");
            prop(sp, "api-version", s.apiVersion());
            prop(sp, "kind", s.kind());
            prop(sp, "namespace", s.namespace());
            prop(sp, "name", s.name());
            prop(sp, "uid", s.uid());
            prop(sp, "port", s.port());
            if (sp.isEmpty()) {
                sub.remove("props");
            }
        }
        ObjectNode ev = o.putArray("relevant-evidence").addObject();
        ev.put("description", text("Observed by rule " + r.ruleId() + " " + (r.ruleVersion() == null ? "" : r.ruleVersion())
                + "; full values in audit.json, result " + r.id()));
        ArrayNode evp = ev.putArray("props");
        Flatten.evidence("", r.evidence()).forEach((k, v) -> prop(evp, "evidence." + k, v));
        if (evp.isEmpty()) {
            ev.remove("props");
        }
        o.put("collected", asOf);
        if (props.isEmpty()) {
            o.remove("props");
        }
        return o;
    }

    private static ObjectNode risk(Result r, String uuid, String observation, String runId) {
        ObjectNode k = Outputs.object();
        k.put("uuid", uuid);
        boolean waived = r.status() == Status.WAIVED;
        k.put("title", text((waived ? "Accepted risk: " : "") + r.ruleId() + " "
                + (r.title() == null ? "" : SafeText.clean(r.title())) + " not met by " + ReportIndex.subjectKey(r.subject())));
        k.put("description", text(SafeText.clip(r.message() == null ? r.ruleId() : r.message(), 4000)));
        k.put("statement", text("Severity " + Outputs.label(r.severity()) + ". " + (waived
                ? "A FAIL covered by an unexpired waiver; the deviation is recorded in audit.json."
                : "The subject does not meet the secure state the rule checks.")));
        ArrayNode props = k.putArray("props");
        prop(props, "result-id", r.id());
        prop(props, "severity", Outputs.label(r.severity()));
        k.put("status", waived ? "deviation-approved" : "open");
        if (r.remediation() != null) {
            ObjectNode rem = k.putArray("remediations").addObject();
            rem.put("uuid", Outputs.uuid5(runId + ":remediation:" + r.id()));
            rem.put("lifecycle", "recommendation");
            rem.put("title", text("Remediate " + r.ruleId()));
            rem.put("description", text(SafeText.clip(r.remediation(), 4000)));
        }
        k.putArray("related-observations").addObject().put("observation-uuid", observation);
        return k;
    }

    private static ObjectNode finding(FrameworkView f, Requirement q, String runId, Map<String, String> observationOf,
                                      Map<String, String> riskOf) {
        String key = ReportIndex.prefix(f.id()) + ":" + q.id();
        ObjectNode n = Outputs.object();
        n.put("uuid", Outputs.uuid5(runId + ":finding:" + key));
        n.put("title", text(ReportIndex.frameworkName(f.id()) + " " + SafeText.clean(q.id())
                + (q.title() == null ? "" : " " + SafeText.clean(q.title()))));
        String state = switch (q.status()) {
            case PASS, NOT_APPLICABLE -> "satisfied";
            default -> "not-satisfied";
        };
        String reason = switch (q.status()) {
            case PASS -> "pass";
            case FAIL -> "fail";
            default -> "other";
        };
        String remarks = switch (q.status()) {
            case PASS -> "Every in-scope result that evidences it passed.";
            case FAIL -> "At least one unwaived in-scope FAIL.";
            case ERROR -> "Not evaluated: some in-scope results could not be evaluated (ERROR); never counted as satisfied.";
            case MANUAL -> "Needs assessor attestation" + (q.note() == null ? "." : ": " + SafeText.clean(q.note()));
            case NOT_APPLICABLE -> "Not applicable" + (q.note() == null ? "." : ": " + SafeText.clean(q.note()));
            case WAIVED -> "Waived.";
        };
        n.put("description", text(remarks));
        ArrayNode props = n.putArray("props");
        prop(props, "control-key", key);
        prop(props, "framework", f.id());
        prop(props, "requirement-status", q.status().name());
        prop(props, "kind", q.kind());
        ObjectNode t = n.putObject("target");
        t.put("type", "objective-id");
        t.put("target-id", token(key));
        t.put("title", text(SafeText.clean(q.id()) + (q.title() == null ? "" : " " + SafeText.clean(q.title()))));
        ObjectNode st = t.putObject("status");
        st.put("state", state);
        st.put("reason", reason);
        st.put("remarks", remarks);
        List<String> ids = ReportIndex.nn(q.resultIds());
        List<String> obs = new ArrayList<>();
        List<String> rk = new ArrayList<>();
        for (String id : ids) {
            if (observationOf.containsKey(id)) {
                obs.add(observationOf.get(id));
            }
            if (riskOf.containsKey(id)) {
                rk.add(riskOf.get(id));
            }
        }
        if (!obs.isEmpty()) {
            ArrayNode a = n.putArray("related-observations");
            obs.forEach(o -> a.addObject().put("observation-uuid", o));
        }
        if (!rk.isEmpty()) {
            ArrayNode a = n.putArray("related-risks");
            rk.forEach(o -> a.addObject().put("risk-uuid", o));
        }
        return n;
    }

    /** OSCAL token ({@code ^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$}) from a control key: {@code hipaa:164.312(e)(1)} to {@code hipaa-164.312.e.1}. */
    public static String token(String key) {
        StringBuilder b = new StringBuilder();
        String k = key.toLowerCase(Locale.ROOT).replace(':', '-').replace('/', '-').replace("(", ".").replace(")", "");
        for (int i = 0; i < k.length(); ) {
            int cp = k.codePointAt(i);
            b.appendCodePoint(Character.isLetterOrDigit(cp) || cp == '.' || cp == '-' || cp == '_' ? cp : '_');
            i += Character.charCount(cp);
        }
        String s = b.toString().replaceAll("\\.{2,}", ".").replaceAll("\\.$", "");
        if (s.isEmpty() || !(Character.isLetter(s.codePointAt(0)) || s.charAt(0) == '_')) {
            s = "_" + s;
        }
        return s;
    }

    /** Adds a prop when the value is non-blank; OSCAL prop values have no leading or trailing whitespace. */
    static void prop(ArrayNode props, String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        ObjectNode p = props.addObject();
        p.put("name", token(name).replace("_", "-").replaceFirst("^-", "x-"));
        p.put("ns", NS);
        p.put("value", text(value));
    }

    /** Cleaned, single-line, trimmed text that OSCAL string fields accept (non-empty, no edge whitespace). */
    static String text(String s) {
        String c = SafeText.clean(s).strip();
        return c.isEmpty() ? "-" : c;
    }
}
