package org.meshaudit.evaluate;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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

    /** What rules recorded about one subject. */
    static final class Outcome {
        final TreeSet<String> failures = new TreeSet<>();
        final TreeSet<String> tags = new TreeSet<>();
        final TreeSet<String> notApplicable = new TreeSet<>();
        final TreeSet<String> errors = new TreeSet<>();
        final TreeSet<String> manual = new TreeSet<>();
        final Map<String, Object> evidence = new TreeMap<>();
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
        o.failures.add(message);
        for (String t : tags.split(",")) {
            if (!t.isBlank()) {
                o.tags.add(t.strip());
            }
        }
    }

    /** Records that the rule does not apply to this subject, with the reason. */
    public void notApplicable(RuleContext ctx, Subject subject, String reason) {
        outcome(ctx, subject).notApplicable.add(reason);
    }

    /** Records that only a person can judge this subject (status MANUAL), with what they must check. */
    public void manual(RuleContext ctx, Subject subject, String whatToCheck) {
        outcome(ctx, subject).manual.add(whatToCheck);
    }

    /** Records that the rule could not be evaluated for this subject, with the reason. */
    public void error(RuleContext ctx, Subject subject, String reason) {
        outcome(ctx, subject).errors.add(reason);
    }

    /** Adds an evidence value to the subject's result. */
    public void evidence(RuleContext ctx, Subject subject, String key, Object value) {
        outcome(ctx, subject).evidence.put(key, value);
    }

    private Outcome outcome(RuleContext ctx, Subject subject) {
        Object id = ctx.getRule().getMetaData().get("ruleId");
        if (id == null) {
            misuse.add("DRL rule '" + ctx.getRule().getName() + "' has no @ruleId");
            id = "?";
        }
        return byRule.computeIfAbsent(id.toString(), k -> new IdentityHashMap<>())
                .computeIfAbsent(subject, k -> new Outcome());
    }

    Outcome get(String ruleId, Subject subject) {
        IdentityHashMap<Subject, Outcome> m = byRule.get(ruleId);
        return m == null ? null : m.get(subject);
    }

    List<String> misuse() {
        return misuse;
    }
}
