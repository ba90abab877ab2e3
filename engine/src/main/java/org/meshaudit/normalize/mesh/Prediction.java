package org.meshaudit.normalize.mesh;

/**
 * Result of one injection/enrollment prediction step.
 *
 * @param inject   true/false, or null when it cannot be decided ({@code error} set)
 * @param reason   one line citing the rule that decided
 * @param error    why it cannot be decided (GEN-3), or null
 * @param revision Istio control-plane revision selected by the webhook ({@code ""} = default), or null
 * @param note     an extra remark (e.g. mesh defaults assumed), or null
 */
record Prediction(Boolean inject, String reason, String error, String revision, String note) {

    static Prediction yes(String reason, String revision) {
        return new Prediction(Boolean.TRUE, reason, null, revision, null);
    }

    static Prediction no(String reason) {
        return new Prediction(Boolean.FALSE, reason, null, null, null);
    }

    static Prediction unknown(String error) {
        return new Prediction(null, null, error, null, null);
    }

    Prediction withNote(String n) {
        return new Prediction(inject, reason, error, revision, n);
    }

    boolean isYes() {
        return Boolean.TRUE.equals(inject);
    }
}
