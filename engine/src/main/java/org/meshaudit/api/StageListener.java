package org.meshaudit.api;

/**
 * Optional observer of the pipeline stages of {@link AuditEngine#run(AuditRequest, StageListener)}: the benchmark
 * harness and embedders that want timings use it; the CLI passes {@link #NONE}. Calls happen on the thread that runs
 * the audit, in stage order; a listener must not throw.
 */
public interface StageListener {
    /** Rule packs loaded and the Drools KieBase built. */
    String RULEBASE = "rulebase";
    /** Input read and parsed, objects projected into the snapshot. */
    String COLLECT = "collect";
    /** Mesh posture resolved and facts built. */
    String NORMALIZE = "normalize";
    /**
     * CPU time (not wall time) the rule base took: loading the packs plus the build thread, reported right after
     * {@link #RULEBASE}. On a shared machine the wall time of {@link #RULEBASE} is mostly other processes' load; this
     * is what the rule base itself costs.
     */
    String RULEBASE_CPU = "rulebase.cpu";
    /** Certificate material checked: facts per distinct certificate, chains validated, cert-manager objects read. */
    String CERTIFICATES = "certificates";
    /** Rules fired and results derived. */
    String EVALUATE = "evaluate";
    /** Results rolled up: summary, framework views, metadata. */
    String ASSESS = "assess";

    StageListener NONE = (stage, nanos, items) -> { };

    /**
     * One stage has finished.
     *
     * @param stage one of the constants above
     * @param nanos wall time of the stage ({@link #RULEBASE_CPU}: CPU time)
     * @param items what the stage produced: objects collected, facts built, results derived (assess: results)
     */
    void finished(String stage, long nanos, long items);
}
