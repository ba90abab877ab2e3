package org.meshaudit.report;

import java.util.List;
import java.util.Map;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.facts.SubjectRef;

/**
 * One rule's verdict on one subject.
 *
 * @param id          stable across runs for the same rule and subject (16 hex digits)
 * @param ruleId      catalogue id, e.g. {@code MTLS-002}
 * @param ruleVersion the rule's semver
 * @param pack        the pack the rule came from
 * @param title       the secure state the rule checks
 * @param status      PASS, FAIL, WAIVED, NOT_APPLICABLE, ERROR or MANUAL
 * @param severity    severity at this subject (escalations applied)
 * @param subject     what the result is about
 * @param message     one line: what was observed (or why not evaluated / not applicable)
 * @param evidence    observed values the verdict rests on
 * @param controls    catalogue control keys the result evidences
 * @param remediation how to fix it (FAIL and WAIVED only)
 * @param waiver      the waiver that turned a FAIL into WAIVED, or null
 * @param cluster     the cluster of the subject in a merged fleet report, or null
 * @param scopeNamespaces namespaces whose framework scope the result counts in, when they are not just the subject's
 *                    own (e.g. a certificate read from Secrets in several namespaces), or null
 */
public record Result(String id, String ruleId, String ruleVersion, String pack, String title, Status status,
                     Severity severity, SubjectRef subject, String message, Map<String, Object> evidence,
                     List<String> controls, String remediation, WaiverRef waiver, String cluster,
                     List<String> scopeNamespaces) {

    /** A result with waiver and cluster, whose scope is its subject's namespace. */
    public Result(String id, String ruleId, String ruleVersion, String pack, String title, Status status,
                  Severity severity, SubjectRef subject, String message, Map<String, Object> evidence,
                  List<String> controls, String remediation, WaiverRef waiver, String cluster) {
        this(id, ruleId, ruleVersion, pack, title, status, severity, subject, message, evidence, controls,
                remediation, waiver, cluster, null);
    }

    /** The namespaces whose framework scope this result counts in: {@code scopeNamespaces}, else the subject's. */
    public List<String> scopes() {
        return scopeNamespaces != null ? scopeNamespaces : List.of(subject.scopeNamespace());
    }

    /** A result without waiver or cluster. */
    public Result(String id, String ruleId, String ruleVersion, String pack, String title, Status status,
                  Severity severity, SubjectRef subject, String message, Map<String, Object> evidence,
                  List<String> controls, String remediation) {
        this(id, ruleId, ruleVersion, pack, title, status, severity, subject, message, evidence, controls,
                remediation, null, null);
    }
}
