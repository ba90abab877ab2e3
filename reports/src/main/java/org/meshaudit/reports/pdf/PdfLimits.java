package org.meshaudit.reports.pdf;

/**
 * How much detail the PDF carries before it summarises and points to the XLSX/JSON. Failures and errors are always
 * listed in full; above {@code findingBlocks} they are listed as compact tables (one per rule) instead of one block
 * per finding.
 *
 * @param findingBlocks   at most this many FAIL/ERROR results are shown as full blocks
 * @param postureRows     workload × port rows shown in full; above, only the ports without enforced mTLS (capped)
 * @param certificateRows certificates listed, nearest expiry first
 * @param collectionRows  collection issues listed
 */
public record PdfLimits(int findingBlocks, int postureRows, int certificateRows, int collectionRows) {
    public static final PdfLimits DEFAULT = new PdfLimits(300, 2_000, 1_000, 2_000);
}
