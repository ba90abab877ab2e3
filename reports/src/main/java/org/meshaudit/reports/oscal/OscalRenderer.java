package org.meshaudit.reports.oscal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * UUIDs are name-based (v5) from the run id and the result ids, so the same report gives the same document. The
 * document is streamed (one observation, risk or finding at a time), so its size does not bound the heap. Control
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
        List<Result> results = ReportIndex.nn(report.results());
        String planUuid = Outputs.uuid5(runId + ":plan");

        // Written as it is generated (one observation, risk or finding at a time), so the memory used does not grow
        // with the number of results; the field order is the document's contract (see the goldens).
        try (JsonGenerator g = Outputs.generator(out)) {
            g.writeStartObject();
            g.writeName("assessment-results");
            g.writeStartObject();
            g.writeStringProperty("uuid", Outputs.uuid5(runId + ":assessment-results"));
            g.writeName("metadata");
            g.writeStartObject();
            g.writeStringProperty("title", "meshaudit assessment results " + runId);
            g.writeStringProperty("last-modified", asOf);
            g.writeStringProperty("version", md == null || md.toolVersion() == null ? "0" : md.toolVersion());
            g.writeStringProperty("oscal-version", OSCAL_VERSION);
            Props metaProps = new Props();
            metaProps.add("run-id", runId);
            if (md != null) {
                metaProps.add("profile", md.profile());
                metaProps.add("input-digest", md.inputDigest());
            }
            metaProps.write(g, true);
            g.writeEndObject();
            g.writeName("import-ap");
            g.writeStartObject();
            g.writeStringProperty("href", "#" + planUuid);
            g.writeEndObject();

            g.writeName("results");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringProperty("uuid", Outputs.uuid5(runId + ":result"));
            g.writeStringProperty("title", "meshaudit run " + runId);
            g.writeStringProperty("description", text("Automated audit of " + (md == null ? "the input"
                    : SafeText.clean(md.source())) + (md != null && !md.complete() ? ". The run is INCOMPLETE: "
                    + SafeText.clean(String.join("; ", ReportIndex.nn(md.incompleteReasons()))) : ".")));
            g.writeStringProperty("start", asOf);
            g.writeStringProperty("end", asOf);
            Props rprops = new Props();
            rprops.add("complete", md == null ? "false" : Boolean.toString(md.complete()));
            rprops.write(g, true);

            // reviewed controls: every requirement of every framework in the report
            TreeSet<String> seen = new TreeSet<>();
            List<String> include = new ArrayList<>();
            for (ReportIndex.RequirementRef ref : index.requirements()) {
                String id = token(ReportIndex.prefix(ref.framework().id()) + ":" + ref.requirement().id());
                if (seen.add(id)) {
                    include.add(id);
                }
            }
            g.writeName("reviewed-controls");
            g.writeStartObject();
            g.writeName("control-selections");
            g.writeStartArray();
            g.writeStartObject();
            if (include.isEmpty()) {
                g.writeName("include-all");
                g.writeStartObject();
                g.writeEndObject();
            } else {
                g.writeStringProperty("description", "Requirements of the frameworks selected for the run");
                g.writeName("include-controls");
                g.writeStartArray();
                for (String id : include) {
                    g.writeStartObject();
                    g.writeStringProperty("control-id", id);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();

            if (!results.isEmpty()) {
                g.writeName("observations");
                g.writeStartArray();
                for (Result r : results) {
                    observation(g, r, Outputs.uuid5(runId + ":observation:" + r.id()), asOf);
                }
                g.writeEndArray();
            }
            boolean anyRisk = false;
            for (Result r : results) {
                if (risky(r)) {
                    if (!anyRisk) {
                        g.writeName("risks");
                        g.writeStartArray();
                        anyRisk = true;
                    }
                    risk(g, r, Outputs.uuid5(runId + ":risk:" + r.id()),
                            Outputs.uuid5(runId + ":observation:" + r.id()), runId);
                }
            }
            if (anyRisk) {
                g.writeEndArray();
            }
            if (!index.requirements().isEmpty()) {
                ResultIds ids = new ResultIds(results);
                g.writeName("findings");
                g.writeStartArray();
                for (ReportIndex.RequirementRef ref : index.requirements()) {
                    finding(g, ref.framework(), ref.requirement(), runId, ids);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndArray();

            g.writeName("back-matter");
            g.writeStartObject();
            g.writeName("resources");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringProperty("uuid", planUuid);
            g.writeStringProperty("title", "meshaudit assessment plan: rule packs and options of run " + runId);
            g.writeStringProperty("description", "The rule packs (with their sha256) and the options that decided the"
                    + " verdicts; the canonical evidence is audit.json.");
            g.writeEndObject();
            if (md != null) {
                for (PackInfo p : ReportIndex.nn(md.packs())) {
                    g.writeStartObject();
                    g.writeStringProperty("uuid", Outputs.uuid5(runId + ":pack:" + p.id()));
                    g.writeStringProperty("title", "rule pack " + SafeText.clean(p.id()) + " " + SafeText.clean(p.version()));
                    Props pp = new Props();
                    pp.add("rules", Integer.toString(p.rules()));
                    pp.add("origin", p.origin());
                    pp.write(g, true);
                    if (p.sha256() != null) {
                        g.writeName("rlinks");
                        g.writeStartArray();
                        g.writeStartObject();
                        g.writeStringProperty("href", "#" + Outputs.uuid5(runId + ":pack:" + p.id()));
                        g.writeName("hashes");
                        g.writeStartArray();
                        g.writeStartObject();
                        g.writeStringProperty("algorithm", "SHA-256");
                        g.writeStringProperty("value", p.sha256().replaceFirst("^sha256:", ""));
                        g.writeEndObject();
                        g.writeEndArray();
                        g.writeEndObject();
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                }
            }
            g.writeStartObject();
            g.writeStringProperty("uuid", Outputs.uuid5(runId + ":audit.json"));
            g.writeStringProperty("title", "meshaudit AuditReport (canonical evidence)");
            g.writeName("rlinks");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringProperty("href", "audit.json");
            g.writeStringProperty("media-type", "application/json");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();

            g.writeEndObject();
            g.writeEndObject();
        }
        out.write('\n');
    }

    /** A FAIL (open risk) or WAIVED result (approved deviation). */
    private static boolean risky(Result r) {
        return r.status() == Status.FAIL || r.status() == Status.WAIVED;
    }

    /**
     * Which result ids the report has, and whether one of them is a risk: the report's results sorted by id (one
     * reference each, no copies), searched per requirement.
     */
    private static final class ResultIds {
        private static final java.util.Comparator<String> ORDER = java.util.Comparator.nullsFirst(
                java.util.Comparator.naturalOrder());
        private final Result[] byId;

        ResultIds(List<Result> results) {
            byId = results.toArray(new Result[0]);
            java.util.Arrays.sort(byId, java.util.Comparator.comparing(Result::id, ORDER));
        }

        private int first(String id) {
            int lo = 0;
            int hi = byId.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ORDER.compare(byId[mid].id(), id) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo < byId.length && java.util.Objects.equals(byId[lo].id(), id) ? lo : -1;
        }

        boolean contains(String id) {
            return first(id) >= 0;
        }

        boolean risk(String id) {
            for (int i = first(id); i >= 0 && i < byId.length && java.util.Objects.equals(byId[i].id(), id); i++) {
                if (risky(byId[i])) {
                    return true;
                }
            }
            return false;
        }
    }

    /** OSCAL props collected before they are written (an empty list is left out where the document omits it). */
    private static final class Props {
        private final List<String[]> items = new ArrayList<>();

        /** Adds a prop when the value is non-blank; OSCAL prop values have no leading or trailing whitespace. */
        void add(String name, String value) {
            if (value == null || value.isBlank()) {
                return;
            }
            items.add(new String[] {token(name).replace("_", "-").replaceFirst("^-", "x-"), text(value)});
        }

        /** Writes {@code "props": [...]}; when empty only if {@code always}. */
        void write(JsonGenerator g, boolean always) {
            if (items.isEmpty() && !always) {
                return;
            }
            g.writeName("props");
            g.writeStartArray();
            for (String[] p : items) {
                g.writeStartObject();
                g.writeStringProperty("name", p[0]);
                g.writeStringProperty("ns", NS);
                g.writeStringProperty("value", p[1]);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    private static void observation(JsonGenerator g, Result r, String uuid, String asOf) {
        g.writeStartObject();
        g.writeStringProperty("uuid", uuid);
        g.writeStringProperty("title", text(r.ruleId() + " " + ReportIndex.subjectKey(r.subject())));
        g.writeStringProperty("description", text(SafeText.clip(r.message() == null ? r.ruleId() : r.message(), 4000)));
        Props props = new Props();
        props.add("result-id", r.id());
        props.add("rule-id", r.ruleId());
        props.add("rule-version", r.ruleVersion());
        props.add("status", r.status().name());
        props.add("severity", Outputs.label(r.severity()));
        props.add("cluster", r.cluster()); // fleet reports only
        for (String c : ReportIndex.nn(r.controls())) {
            props.add("control-key", c);
        }
        props.write(g, false);
        g.writeName("methods");
        g.writeStartArray();
        g.writeString("TEST");
        g.writeEndArray();
        SubjectRef s = r.subject();
        if (s != null) {
            g.writeName("subjects");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringProperty("subject-uuid", Outputs.uuid5("subject:" + s.key()));
            g.writeStringProperty("type", "inventory-item");
            g.writeStringProperty("title", text(ReportIndex.subjectKey(s)));
            Props sp = new Props();
            sp.add("api-version", s.apiVersion());
            sp.add("kind", s.kind());
            sp.add("namespace", s.namespace());
            sp.add("name", s.name());
            sp.add("uid", s.uid());
            sp.add("port", s.port());
            sp.write(g, false);
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeName("relevant-evidence");
        g.writeStartArray();
        g.writeStartObject();
        g.writeStringProperty("description", text("Observed by rule " + r.ruleId() + " "
                + (r.ruleVersion() == null ? "" : r.ruleVersion()) + "; full values in audit.json, result " + r.id()));
        Props evp = new Props();
        Flatten.evidence("", r.evidence()).forEach((k, v) -> evp.add("evidence." + k, v));
        evp.write(g, false);
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringProperty("collected", asOf);
        g.writeEndObject();
    }

    private static void risk(JsonGenerator g, Result r, String uuid, String observation, String runId) {
        g.writeStartObject();
        g.writeStringProperty("uuid", uuid);
        boolean waived = r.status() == Status.WAIVED;
        g.writeStringProperty("title", text((waived ? "Accepted risk: " : "") + r.ruleId() + " "
                + (r.title() == null ? "" : SafeText.clean(r.title())) + " not met by "
                + ReportIndex.subjectKey(r.subject())));
        g.writeStringProperty("description", text(SafeText.clip(r.message() == null ? r.ruleId() : r.message(), 4000)));
        g.writeStringProperty("statement", text("Severity " + Outputs.label(r.severity()) + ". " + (waived
                ? "A FAIL covered by an unexpired waiver; the deviation is recorded in audit.json."
                : "The subject does not meet the secure state the rule checks.")));
        Props props = new Props();
        props.add("result-id", r.id());
        props.add("severity", Outputs.label(r.severity()));
        props.add("cluster", r.cluster()); // fleet reports only
        props.write(g, true);
        g.writeStringProperty("status", waived ? "deviation-approved" : "open");
        if (r.remediation() != null) {
            g.writeName("remediations");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringProperty("uuid", Outputs.uuid5(runId + ":remediation:" + r.id()));
            g.writeStringProperty("lifecycle", "recommendation");
            g.writeStringProperty("title", text("Remediate " + r.ruleId()));
            g.writeStringProperty("description", text(SafeText.clip(r.remediation(), 4000)));
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeName("related-observations");
        g.writeStartArray();
        g.writeStartObject();
        g.writeStringProperty("observation-uuid", observation);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void finding(JsonGenerator g, FrameworkView f, Requirement q, String runId, ResultIds known) {
        String key = ReportIndex.prefix(f.id()) + ":" + q.id();
        g.writeStartObject();
        g.writeStringProperty("uuid", Outputs.uuid5(runId + ":finding:" + key));
        g.writeStringProperty("title", text(ReportIndex.frameworkName(f.id()) + " " + SafeText.clean(q.id())
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
        g.writeStringProperty("description", text(remarks));
        Props props = new Props();
        props.add("control-key", key);
        props.add("framework", f.id());
        props.add("requirement-status", q.status().name());
        props.add("kind", q.kind());
        props.write(g, true);
        g.writeName("target");
        g.writeStartObject();
        g.writeStringProperty("type", "objective-id");
        g.writeStringProperty("target-id", token(key));
        g.writeStringProperty("title", text(SafeText.clean(q.id()) + (q.title() == null ? "" : " " + SafeText.clean(q.title()))));
        g.writeName("status");
        g.writeStartObject();
        g.writeStringProperty("state", state);
        g.writeStringProperty("reason", reason);
        g.writeStringProperty("remarks", remarks);
        g.writeEndObject();
        g.writeEndObject();
        List<String> ids = ReportIndex.nn(q.resultIds());
        boolean open = false;
        for (String id : ids) {
            if (known.contains(id)) {
                if (!open) {
                    g.writeName("related-observations");
                    g.writeStartArray();
                    open = true;
                }
                g.writeStartObject();
                g.writeStringProperty("observation-uuid", Outputs.uuid5(runId + ":observation:" + id));
                g.writeEndObject();
            }
        }
        if (open) {
            g.writeEndArray();
        }
        open = false;
        for (String id : ids) {
            if (known.risk(id)) {
                if (!open) {
                    g.writeName("related-risks");
                    g.writeStartArray();
                    open = true;
                }
                g.writeStartObject();
                g.writeStringProperty("risk-uuid", Outputs.uuid5(runId + ":risk:" + id));
                g.writeEndObject();
            }
        }
        if (open) {
            g.writeEndArray();
        }
        g.writeEndObject();
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

    /** Cleaned, single-line, trimmed text that OSCAL string fields accept (non-empty, no edge whitespace). */
    static String text(String s) {
        String c = SafeText.clean(s).strip();
        return c.isEmpty() ? "-" : c;
    }
}
