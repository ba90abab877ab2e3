package org.meshaudit.report;

import java.util.List;

/**
 * One waiver of the waivers file and what it did in this run ({@code waivers[]}).
 *
 * @param id            waiver id
 * @param status        {@code active} (applied to at least one FAIL), {@code stale} (in force but matched no FAIL),
 *                      {@code expired} (expired at the as-of clock, so not applied) or {@code not-yet-valid}
 *                      ({@code created} is after the as-of clock)
 * @param rules         rule ids it covers
 * @param subject       its subject selector, e.g. {@code kind=DestinationRule namespace=checkout name=ledger-*}, or
 *                      {@code any subject}
 * @param owner         owner of the accepted risk
 * @param approvedBy    approver, or null
 * @param ticket        tracking ticket, or null
 * @param justification why the risk is accepted
 * @param created       creation date as written, or null
 * @param expires       expiry as written
 * @param resultIds     active: the results it waived; expired / not-yet-valid: the FAIL results it would cover
 * @param note          remark, e.g. ERROR results it matches but never waives, or null
 * @param source        where it was read, {@code file:line}
 * @param cluster       the cluster it belongs to in a merged fleet report, or null
 */
public record WaiverEntry(String id, String status, List<String> rules, String subject, String owner,
                          String approvedBy, String ticket, String justification, String created, String expires,
                          List<String> resultIds, String note, String source, String cluster) {
}
