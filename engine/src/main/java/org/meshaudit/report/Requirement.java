package org.meshaudit.report;

import java.util.List;
import java.util.Map;
import org.meshaudit.api.Status;

/**
 * A framework requirement rolled up from the results that evidence it.
 *
 * @param id          the requirement as the framework writes it, e.g. {@code 4.2.1}, {@code 164.312(e)(1)}
 * @param title       paraphrased title
 * @param status      automated: FAIL if any unwaived in-scope FAIL; else ERROR if any in-scope ERROR; else PASS if
 *                    anything in scope passed; else NOT_APPLICABLE. Manual: MANUAL. Not applicable: NOT_APPLICABLE.
 * @param ruleIds     rules whose controls map to it
 * @param counts      in-scope results per status
 * @param kind        {@code automated}, {@code manual} or {@code not-applicable}
 * @param note        what the assessor must check (manual), why it does not apply, or a remark
 * @param resultIds   ids of the in-scope results that evidence it (NOT_APPLICABLE results left out)
 * @param addressable HIPAA addressable implementation specification (null otherwise)
 */
public record Requirement(String id, String title, Status status, List<String> ruleIds, Map<String, Integer> counts,
                          String kind, String note, List<String> resultIds, Boolean addressable) {
}
