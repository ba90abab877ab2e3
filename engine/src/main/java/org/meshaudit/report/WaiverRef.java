package org.meshaudit.report;

/**
 * The waiver that turned a FAIL into WAIVED, as carried by the result ({@code results[].waiver}).
 *
 * @param id            the waiver's id, e.g. {@code W-2026-014}
 * @param owner         who owns the accepted risk
 * @param expires       when the waiver stops applying (ISO date or instant as written)
 * @param justification why the risk is accepted
 * @param ticket        tracking ticket, or null
 * @param approvedBy    who approved it, or null
 */
public record WaiverRef(String id, String owner, String expires, String justification, String ticket,
                        String approvedBy) {
}
