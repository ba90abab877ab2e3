package org.meshaudit.report;

/**
 * Provenance of one input report of a merged fleet report ({@code metadata.inputs[]}).
 *
 * @param cluster     the name its results carry in the merged report
 * @param runId       the input's run id
 * @param asOf        the input's clock
 * @param source      what the input read
 * @param inputDigest the input's own input digest
 * @param toolVersion tool version that wrote it
 * @param complete    whether the input run was complete
 * @param sha256      sha256 of the input report file
 */
public record InputRef(String cluster, String runId, String asOf, String source, String inputDigest,
                       String toolVersion, boolean complete, String sha256) {
}
