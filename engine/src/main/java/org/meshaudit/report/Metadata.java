package org.meshaudit.report;

import java.util.List;
import java.util.Map;

/**
 * Who, what and when of a run.
 *
 * @param runId             derived from input digest, as-of time, packs and options (same input = same id)
 * @param asOf              the clock every time-dependent judgement used (ISO-8601, UTC)
 * @param tool              {@code meshaudit}
 * @param toolVersion       the engine version
 * @param source            what was read
 * @param inputDigest       sha256 over the input bytes
 * @param profile           threshold profile, e.g. {@code baseline}
 * @param frameworks        frameworks selected
 * @param packs             packs loaded, with version and digest
 * @param options           options that change verdicts (e.g. mesh defaults assumed)
 * @param complete          false when anything could not be read or evaluated
 * @param incompleteReasons why the run is incomplete
 * @param inputs            provenance of every input report of a merged fleet report, or null
 */
public record Metadata(String runId, String asOf, String tool, String toolVersion, String source, String inputDigest,
                       String profile, List<String> frameworks, List<PackInfo> packs, Map<String, Object> options,
                       boolean complete, List<String> incompleteReasons, List<InputRef> inputs) {

    /** Metadata of a single run. */
    public Metadata(String runId, String asOf, String tool, String toolVersion, String source, String inputDigest,
                    String profile, List<String> frameworks, List<PackInfo> packs, Map<String, Object> options,
                    boolean complete, List<String> incompleteReasons) {
        this(runId, asOf, tool, toolVersion, source, inputDigest, profile, frameworks, packs, options, complete,
                incompleteReasons, null);
    }
}
