package org.meshaudit.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.facts.Canonical;
import org.meshaudit.facts.SubjectRef;

/**
 * One rule's verdict on one subject. A value with the accessors, equality and JSON form of a record of the
 * components below; a class rather than a record only so that it stays small, as a large cluster has a million
 * results: the id, 16 hex digits in every report the engine writes, is kept as 8 bytes (it would otherwise be a
 * 56-byte string), and the rule's own part (id, version, pack, title, controls) is one shared {@link Rule}.
 *
 * <ul>
 *   <li>{@code id}: stable across runs for the same rule and subject (16 hex digits)</li>
 *   <li>{@code ruleId}: catalogue id, e.g. {@code MTLS-002}; {@code ruleVersion}: the rule's semver; {@code pack}: the
 *       pack the rule came from; {@code title}: the secure state the rule checks</li>
 *   <li>{@code status}: PASS, FAIL, WAIVED, NOT_APPLICABLE, ERROR or MANUAL; {@code severity}: severity at this
 *       subject (escalations applied)</li>
 *   <li>{@code subject}: what the result is about; {@code message}: one line, what was observed (or why not
 *       evaluated / not applicable); {@code evidence}: observed values the verdict rests on</li>
 *   <li>{@code controls}: catalogue control keys the result evidences; {@code remediation}: how to fix it (FAIL and
 *       WAIVED only)</li>
 *   <li>{@code waiver}: the waiver that turned a FAIL into WAIVED, or null; {@code cluster}: the cluster of the
 *       subject in a merged fleet report, or null</li>
 *   <li>{@code scopeNamespaces}: namespaces whose framework scope the result counts in, when they are not just the
 *       subject's own (e.g. a certificate read from Secrets in several namespaces), or null</li>
 * </ul>
 */
@JsonPropertyOrder({"id", "ruleId", "ruleVersion", "pack", "title", "status", "severity", "subject", "message",
    "evidence", "controls", "remediation", "waiver", "cluster", "scopeNamespaces"})
public final class Result {
    /** The id as a number when it is 16 lower-case hex digits (always, for ids the engine makes). */
    private final long idBits;
    /** The id as given when it is not 16 lower-case hex digits (a report written by something else), else null. */
    private final String idText;
    private final Rule rule;
    private final Status status;
    private final Severity severity;
    private final SubjectRef subject;
    private final String message;
    private final Map<String, Object> evidence;
    private final String remediation;
    private final WaiverRef waiver;
    private final String cluster;
    private final List<String> scopeNamespaces;

    @JsonCreator
    public Result(@JsonProperty("id") String id, @JsonProperty("ruleId") String ruleId,
                  @JsonProperty("ruleVersion") String ruleVersion, @JsonProperty("pack") String pack,
                  @JsonProperty("title") String title, @JsonProperty("status") Status status,
                  @JsonProperty("severity") Severity severity, @JsonProperty("subject") SubjectRef subject,
                  @JsonProperty("message") String message, @JsonProperty("evidence") @tools.jackson.databind.annotation.JsonDeserialize(
                          using = ReportJson.CanonicalEvidence.class) Map<String, Object> evidence,
                  @JsonProperty("controls") List<String> controls, @JsonProperty("remediation") String remediation,
                  @JsonProperty("waiver") WaiverRef waiver, @JsonProperty("cluster") String cluster,
                  @JsonProperty("scopeNamespaces") List<String> scopeNamespaces) {
        this(isHex16(id) ? Long.parseUnsignedLong(id, 16) : 0, isHex16(id) ? null : id == null ? NO_ID : id,
                Rule.of(ruleId, ruleVersion, pack, title, controls), status, severity, subject, message, evidence,
                remediation, waiver, cluster, scopeNamespaces);
    }

    /**
     * What a result shares with every other result of its rule: the rule's id, version, pack, title and controls. One
     * instance per rule ({@link #of}), so that a million results of a few dozen rules do not each keep five
     * references to the same values.
     */
    public record Rule(String ruleId, String ruleVersion, String pack, String title, List<String> controls) {
        /** The shared instance with these values. */
        public static Rule of(String ruleId, String ruleVersion, String pack, String title, List<String> controls) {
            return Canonical.value(new Rule(ruleId, ruleVersion, pack, title, controls));
        }
    }

    /**
     * A result whose id is given as its 64 bits, as the engine makes them ({@link #id()} spells them as 16 lower-case
     * hex digits); no waiver, no cluster.
     */
    public static Result withId(long id, String ruleId, String ruleVersion, String pack, String title,
                                Status status, Severity severity, SubjectRef subject, String message,
                                Map<String, Object> evidence, List<String> controls, String remediation,
                                List<String> scopeNamespaces) {
        return withId(id, Rule.of(ruleId, ruleVersion, pack, title, controls), status, severity, subject, message,
                evidence, remediation, scopeNamespaces);
    }

    /** {@link #withId(long, String, String, String, String, Status, Severity, SubjectRef, String, Map, List,
     *  String, List) withId} with the rule's part already shared (the evaluator makes it once per rule). */
    public static Result withId(long id, Rule rule, Status status, Severity severity, SubjectRef subject,
                                String message, Map<String, Object> evidence, String remediation,
                                List<String> scopeNamespaces) {
        return new Result(id, null, rule, status, severity, subject, message, evidence, remediation, null, null,
                scopeNamespaces);
    }

    private Result(long idBits, String idText, Rule rule, Status status, Severity severity, SubjectRef subject,
                   String message, Map<String, Object> evidence, String remediation, WaiverRef waiver,
                   String cluster, List<String> scopeNamespaces) {
        this.idBits = idBits;
        this.idText = idText;
        this.rule = rule;
        this.status = status;
        this.severity = severity;
        this.subject = subject;
        this.message = message;
        this.evidence = evidence;
        this.remediation = remediation;
        this.waiver = waiver;
        this.cluster = cluster;
        this.scopeNamespaces = scopeNamespaces;
    }

    /** A result with waiver and cluster, whose scope is its subject's namespace. */
    public Result(String id, String ruleId, String ruleVersion, String pack, String title, Status status,
                  Severity severity, SubjectRef subject, String message, Map<String, Object> evidence,
                  List<String> controls, String remediation, WaiverRef waiver, String cluster) {
        this(id, ruleId, ruleVersion, pack, title, status, severity, subject, message, evidence, controls,
                remediation, waiver, cluster, null);
    }

    /** A result without waiver or cluster. */
    public Result(String id, String ruleId, String ruleVersion, String pack, String title, Status status,
                  Severity severity, SubjectRef subject, String message, Map<String, Object> evidence,
                  List<String> controls, String remediation) {
        this(id, ruleId, ruleVersion, pack, title, status, severity, subject, message, evidence, controls,
                remediation, null, null);
    }

    /** The order of results in a report: by rule id, then by subject. */
    public static final java.util.Comparator<Result> REPORT_ORDER =
            java.util.Comparator.comparing(Result::ruleId).thenComparing(Result::subject);

    /** {@link #idText} of a result without id (only a hand-made report has one); compared by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String NO_ID = new String("");

    private static boolean isHex16(String s) {
        if (s == null || s.length() != 16) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @JsonProperty("id")
    public String id() {
        if (idText != null) {
            return idText == NO_ID ? null : idText;
        }
        char[] c = new char[16];
        long v = idBits;
        for (int i = 15; i >= 0; i--) {
            c[i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        return new String(c);
    }

    @JsonProperty("ruleId")
    public String ruleId() {
        return rule.ruleId();
    }

    @JsonProperty("ruleVersion")
    public String ruleVersion() {
        return rule.ruleVersion();
    }

    @JsonProperty("pack")
    public String pack() {
        return rule.pack();
    }

    @JsonProperty("title")
    public String title() {
        return rule.title();
    }

    @JsonProperty("status")
    public Status status() {
        return status;
    }

    @JsonProperty("severity")
    public Severity severity() {
        return severity;
    }

    @JsonProperty("subject")
    public SubjectRef subject() {
        return subject;
    }

    @JsonProperty("message")
    public String message() {
        return message;
    }

    @JsonProperty("evidence")
    public Map<String, Object> evidence() {
        return evidence;
    }

    @JsonProperty("controls")
    public List<String> controls() {
        return rule.controls();
    }

    @JsonProperty("remediation")
    public String remediation() {
        return remediation;
    }

    @JsonProperty("waiver")
    public WaiverRef waiver() {
        return waiver;
    }

    @JsonProperty("cluster")
    public String cluster() {
        return cluster;
    }

    @JsonProperty("scopeNamespaces")
    public List<String> scopeNamespaces() {
        return scopeNamespaces;
    }

    /**
     * The ids of these results, as a list that spells each id when it is read: a large report lists each result under
     * several requirements, and a million ids held as text would cost more than the results themselves.
     */
    public static List<String> ids(List<Result> results) {
        List<Result> rs = List.copyOf(results);
        final class Ids extends java.util.AbstractList<String> implements java.util.RandomAccess {
            @Override
            public String get(int i) {
                return rs.get(i).id();
            }

            @Override
            public int size() {
                return rs.size();
            }
        }
        return new Ids();
    }

    /** The namespaces whose framework scope this result counts in: {@code scopeNamespaces}, else the subject's. */
    public List<String> scopes() {
        return scopeNamespaces != null ? scopeNamespaces : List.of(subject.scopeNamespace());
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Result r && idBits == r.idBits && Objects.equals(idText, r.idText)
                && Objects.equals(rule, r.rule) && status == r.status
                && severity == r.severity && Objects.equals(subject, r.subject) && Objects.equals(message, r.message)
                && Objects.equals(evidence, r.evidence)
                && Objects.equals(remediation, r.remediation) && Objects.equals(waiver, r.waiver)
                && Objects.equals(cluster, r.cluster) && Objects.equals(scopeNamespaces, r.scopeNamespaces);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id(), ruleId(), ruleVersion(), pack(), title(), status, severity, subject, message,
                evidence, controls(), remediation, waiver, cluster, scopeNamespaces);
    }

    @Override
    public String toString() {
        return "Result[id=" + id() + ", ruleId=" + ruleId() + ", ruleVersion=" + ruleVersion() + ", pack=" + pack()
                + ", title=" + title() + ", status=" + status + ", severity=" + severity + ", subject=" + subject
                + ", message=" + message + ", evidence=" + evidence + ", controls=" + controls() + ", remediation="
                + remediation + ", waiver=" + waiver + ", cluster=" + cluster + ", scopeNamespaces="
                + scopeNamespaces + "]";
    }
}
