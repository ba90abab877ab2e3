package org.meshaudit.evaluate;

import java.util.List;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.Accumulate;
import org.drools.base.rule.Collect;
import org.drools.base.rule.EntryPointId;
import org.drools.base.rule.EvalCondition;
import org.drools.base.rule.From;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.Pattern;
import org.drools.base.rule.PatternSource;
import org.drools.base.rule.RuleConditionElement;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Whether every rule of a rule base looks at one fact at a time: its conditions are one pattern over the inserted
 * facts, directly under the rule's top-level "and", and otherwise only patterns {@code from} that fact's own values
 * or evals. Such a rule matches a fact the same whatever else is in the session, so the facts can be evaluated in
 * several smaller sessions with the same findings, and the session's memory stays bounded on a large cluster.
 *
 * <p>Any other shape (joins of two facts, {@code not}, {@code exists}, {@code accumulate} or {@code collect} over
 * inserted facts, an "or" around them, or a condition element this class does not know) counts as looking at many
 * facts, and the rule base is evaluated in one session over all of them.
 */
final class OneFactRules {
    private OneFactRules() {
    }

    static boolean all(KieBase base) {
        for (KiePackage kp : base.getKiePackages()) {
            for (Rule rule : kp.getRules()) {
                if (!(rule instanceof RuleImpl impl) || !oneFact(impl.getLhs())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean oneFact(GroupElement lhs) {
        if (lhs == null || !lhs.isAnd()) {
            return false;
        }
        int inserted = 0;
        for (RuleConditionElement e : lhs.getChildren()) {
            if (e instanceof Pattern p && readsInserted(p)) {
                inserted++;
                if (readsInsertedWithin(p.getNestedElements())) {
                    return false;
                }
            } else if (readsInsertedWithin(List.of(e))) {
                return false;
            }
        }
        return inserted == 1;
    }

    /** A pattern matched against the inserted facts (the session's working memory), not {@code from} a value. */
    private static boolean readsInserted(Pattern p) {
        return p.getSource() == null || p.getSource() instanceof EntryPointId;
    }

    /** Whether any of these elements, or anything under them, reads inserted facts (unknown elements: yes). */
    private static boolean readsInsertedWithin(List<? extends RuleConditionElement> elements) {
        for (RuleConditionElement e : elements) {
            if (e instanceof Pattern p) {
                if (readsInserted(p)) {
                    return true;
                }
                PatternSource source = p.getSource();
                if (!(source instanceof From) && readsInsertedWithin(List.of(source))) {
                    return true;
                }
            } else if (e instanceof GroupElement g) {
                if (readsInsertedWithin(g.getChildren())) {
                    return true;
                }
            } else if (e instanceof From || e instanceof EvalCondition) {
                continue;
            } else if (e instanceof Accumulate || e instanceof Collect) {
                if (readsInsertedWithin(e.getNestedElements())) {
                    return true;
                }
            } else {
                return true;
            }
        }
        return false;
    }
}
