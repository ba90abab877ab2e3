package org.meshaudit.api;

import java.time.Duration;

/**
 * Facts about one run that are not evidence and so are not in the AuditReport (which must be byte-identical for the
 * same input and as-of time), e.g. how long the run took. Renderers that report operations (Prometheus metrics) use
 * them; others ignore them.
 *
 * @param duration wall-clock time from start of collection to the finished report, or null if unknown (re-rendered
 *                 from a saved report)
 */
public record RunFacts(Duration duration) {
    public static final RunFacts NONE = new RunFacts(null);
}
