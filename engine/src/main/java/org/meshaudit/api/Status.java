package org.meshaudit.api;

/** Outcome of one rule on one subject (architecture.md, "Result status"). */
public enum Status {
    /** The subject meets the rule. */
    PASS,
    /** The subject violates the rule. */
    FAIL,
    /** A FAIL covered by an unexpired waiver; still listed. */
    WAIVED,
    /** The rule does not apply to the subject; the reason says why. */
    NOT_APPLICABLE,
    /** The rule could not be evaluated for the subject; the reason says why. Never a PASS. */
    ERROR,
    /** Needs human attestation. */
    MANUAL
}
