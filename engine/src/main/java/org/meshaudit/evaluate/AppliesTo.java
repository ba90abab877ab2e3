package org.meshaudit.evaluate;

import java.util.List;

/**
 * One entry of a rule's {@code applies_to}: the fact type whose instances are the rule's subjects, and the traits a
 * subject must have ({@code requires}) or must not have ({@code excludes}) for the rule to apply.
 */
public record AppliesTo(String fact, List<String> requires, List<String> excludes) {
}
