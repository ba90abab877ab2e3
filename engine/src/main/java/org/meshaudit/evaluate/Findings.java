package org.meshaudit.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kie.api.runtime.rule.RuleContext;
import org.meshaudit.facts.Subject;

/**
 * The one global DRL rules call (as {@code findings}). A rule records what fails (optionally with tags that
 * {@code severity_when} reads), or, rarely, why a subject is not applicable or cannot be evaluated. Everything else
 * (PASS, applicability by traits, ERROR for unreadable facts, severity) the evaluator derives.
 */
public final class Findings {

    /**
     * What rules recorded about one subject. Most subjects a rule reaches get one failure and nothing else, and a
     * large cluster has hundreds of thousands of them: each part is made on first use (read back empty otherwise).
     */
    static final class Outcome {
        private SortedSet<String> failures;
        private SortedSet<String> tags;
        private SortedSet<String> notApplicable;
        private SortedSet<String> errors;
        private SortedSet<String> manual;
        private SortedMap<String, Object> evidence;

        SortedSet<String> failures() {
            return failures == null ? Collections.emptySortedSet() : failures;
        }

        SortedSet<String> tags() {
            return tags == null ? Collections.emptySortedSet() : tags;
        }

        SortedSet<String> notApplicable() {
            return notApplicable == null ? Collections.emptySortedSet() : notApplicable;
        }

        SortedSet<String> errors() {
            return errors == null ? Collections.emptySortedSet() : errors;
        }

        SortedSet<String> manual() {
            return manual == null ? Collections.emptySortedSet() : manual;
        }

        SortedMap<String, Object> evidence() {
            return evidence == null ? Collections.emptySortedMap() : evidence;
        }

        private static SortedSet<String> add(SortedSet<String> set, String value) {
            SortedSet<String> out = set == null ? new TreeSet<>() : set;
            out.add(value);
            return out;
        }
    }

    private final Map<String, IdentityHashMap<Subject, Outcome>> byRule = new TreeMap<>();
    private final List<String> misuse = new ArrayList<>();

    /** Records a failure of the calling rule on a subject. */
    public void fail(RuleContext ctx, Subject subject, String message) {
        fail(ctx, subject, message, "");
    }

    /** Records a failure with comma-separated tags for {@code severity_when}, e.g. {@code "disable"}. */
    public void fail(RuleContext ctx, Subject subject, String message, String tags) {
        Outcome o = outcome(ctx, subject);
        o.failures = Outcome.add(o.failures, message);
        for (String t : tags.split(",")) {
            if (!t.isBlank()) {
                o.tags = Outcome.add(o.tags, t.strip());
            }
        }
    }

    /** Records that the rule does not apply to this subject, with the reason. */
    public void notApplicable(RuleContext ctx, Subject subject, String reason) {
        Outcome o = outcome(ctx, subject);
        o.notApplicable = Outcome.add(o.notApplicable, reason);
    }

    /** Records that only a person can judge this subject (status MANUAL), with what they must check. */
    public void manual(RuleContext ctx, Subject subject, String whatToCheck) {
        Outcome o = outcome(ctx, subject);
        o.manual = Outcome.add(o.manual, whatToCheck);
    }

    /** Records that the rule could not be evaluated for this subject, with the reason. */
    public void error(RuleContext ctx, Subject subject, String reason) {
        Outcome o = outcome(ctx, subject);
        o.errors = Outcome.add(o.errors, reason);
    }

    /** Adds an evidence value to the subject's result. */
    public void evidence(RuleContext ctx, Subject subject, String key, Object value) {
        Outcome o = outcome(ctx, subject);
        if (o.evidence == null) {
            o.evidence = new TreeMap<>();
        }
        o.evidence.put(key, value);
    }

    /** Records, for the evaluator, that a rule's action threw on a subject it matched. */
    void error(String ruleId, Subject subject, String reason) {
        Outcome o = outcome(ruleId, subject);
        o.errors = Outcome.add(o.errors, reason);
    }

    private Outcome outcome(RuleContext ctx, Subject subject) {
        Object id = ctx.getRule().getMetaData().get("ruleId");
        if (id == null) {
            misuse.add("DRL rule '" + ctx.getRule().getName() + "' has no @ruleId");
            id = "?";
        }
        return outcome(id.toString(), subject);
    }

    private Outcome outcome(String ruleId, Subject subject) {
        return byRule.computeIfAbsent(ruleId, k -> new IdentityHashMap<>()).computeIfAbsent(subject, k -> new Outcome());
    }

    Outcome get(String ruleId, Subject subject) {
        IdentityHashMap<Subject, Outcome> m = byRule.get(ruleId);
        return m == null ? null : m.get(subject);
    }

    List<String> misuse() {
        return misuse;
    }
}
