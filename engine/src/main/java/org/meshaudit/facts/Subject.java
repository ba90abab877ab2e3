package org.meshaudit.facts;

import java.util.Map;
import java.util.Set;

/**
 * A fact that rules judge. The evaluator derives PASS, NOT_APPLICABLE and ERROR from these methods and the rule's
 * {@code applies_to}; DRL records only what fails.
 */
public interface Subject {

    SubjectRef getRef();

    /** Namespace whose scope applies to the subject: its namespace, or a Namespace's own name. */
    default String getNamespace() {
        return getRef().scopeNamespace();
    }

    /**
     * The namespaces whose scope the subject belongs to: normally just {@link #getNamespace()}; a certificate found
     * in several namespaces belongs to each of them. {@code ""} means cluster-wide (in every scope).
     */
    default java.util.Set<String> getScopeNamespaces() {
        return java.util.Set.of(getNamespace());
    }

    /** Why this subject could not be evaluated, or null if it can be. A non-null value makes every rule ERROR. */
    String getError();

    /**
     * Classifications that {@code applies_to.requires} / {@code applies_to.excludes} refer to, e.g. {@code system},
     * {@code meshed}, {@code istio}, {@code linkerd}, {@code unmeshed}, {@code in-scope}.
     */
    Set<String> getTraits();

    default boolean hasTrait(String trait) {
        return getTraits().contains(trait);
    }

    /** What was observed, for the result's evidence (values are strings, numbers, booleans or lists of strings). */
    Map<String, Object> evidence();
}
