package org.meshaudit.reports.pdf;

/**
 * How much detail the PDF carries before it summarises and points to the XLSX/JSON. Failures and errors are always
 * listed in full; above {@code findingBlocks} they are listed as compact tables (one per rule) instead of one block
 * per finding. Waivers are always listed in full (one block each up to {@code waiverBlocks}, then one table row each).
 *
 * @param findingBlocks   at most this many FAIL/ERROR results are shown as full blocks
 * @param postureRows     workload × port rows shown in full; above, only the ports without enforced mTLS (capped)
 * @param certificateRows certificates listed, nearest expiry first
 * @param collectionRows  collection issues listed
 * @param waiverBlocks    at most this many waivers are shown as full blocks, above as a register table
 * @param waiverResults   results named per waiver block (the Waivers sheet of audit.xlsx has them all)
 * @param waivedRows      WAIVED results listed in the accepted-risks table
 * @param namespaceRows   namespaces listed in the posture by namespace; above, the total and the namespaces with
 *                        ports that do not enforce mTLS, most first (capped)
 */
public record PdfLimits(int findingBlocks, int postureRows, int certificateRows, int collectionRows,
                        int waiverBlocks, int waiverResults, int waivedRows, int namespaceRows) {
    public static final PdfLimits DEFAULT = new PdfLimits(300, 2_000, 1_000, 2_000, 100, 20, 2_000, 500);

    /** Limits without the waiver and namespace caps (defaults for those). */
    public PdfLimits(int findingBlocks, int postureRows, int certificateRows, int collectionRows) {
        this(findingBlocks, postureRows, certificateRows, collectionRows, 100, 20, 2_000, 500);
    }
}
