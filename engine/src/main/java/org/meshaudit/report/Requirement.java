package org.meshaudit.report;

import java.util.List;
import java.util.Map;
import org.meshaudit.api.Status;

/**
 * A framework requirement rolled up from the results that evidence it.
 *
 * @param id      the requirement as the framework writes it, e.g. {@code 4.2.1}, {@code 164.312(e)(1)}
 * @param title   paraphrased title, or {@code ""} when the pack has no catalogue for it yet
 * @param status  FAIL if any unwaived in-scope FAIL; else ERROR if any ERROR; else PASS if any PASS; else
 *                NOT_APPLICABLE / MANUAL as declared
 * @param ruleIds rules mapped to it
 * @param counts  results per status
 */
public record Requirement(String id, String title, Status status, List<String> ruleIds, Map<String, Integer> counts) {
}
