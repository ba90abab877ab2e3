package org.meshaudit.api;

import java.time.Duration;
import java.util.Collection;

/**
 * Facts about one run that are not evidence and so are not in the AuditReport (which must be byte-identical for the
 * same input and as-of time), e.g. how long the run took. Renderers that report operations (Prometheus metrics) use
 * them; others ignore them.
 *
 * @param duration    wall-clock time from start of collection to the finished report, or null if unknown
 *                    (re-rendered from a saved report)
 * @param digestCited whether a format written in this run shows the SHA-256 of the canonical JSON (the PDF cover,
 *                    {@link Renderer#citesDigest}): the JSON renderer then computes it as it writes, so that nobody
 *                    serializes the report a second time. True when not known.
 */
public record RunFacts(Duration duration, boolean digestCited) {
    public static final RunFacts NONE = new RunFacts(null);

    /** Facts with a duration only: whether the digest is cited is not known, so it is computed. */
    public RunFacts(Duration duration) {
        this(duration, true);
    }

    /** These facts for a run that writes exactly {@code renderers}. */
    public RunFacts writing(Collection<? extends Renderer> renderers) {
        return new RunFacts(duration, renderers.stream().anyMatch(Renderer::citesDigest));
    }
}
