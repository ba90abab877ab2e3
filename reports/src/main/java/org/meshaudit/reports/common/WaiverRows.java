package org.meshaudit.reports.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Result;
import org.meshaudit.report.WaiverEntry;
import org.meshaudit.report.WaiverRef;

/**
 * The waivers of a report as the auditor renderers show them: every entry of {@code waivers[]} (active, expired,
 * stale, not yet valid, in the order of the waivers file) with the results it names resolved, plus, for reports
 * without a {@code waivers[]} section (or WAIVED results no entry names), the waivers as the results carry them
 * ({@code results[].waiver}). Reads only the report.
 */
public final class WaiverRows {

    /**
     * One waiver and the results it covers.
     *
     * @param entry    the waiver (as in {@code waivers[]}, or rebuilt from a result's {@code waiver})
     * @param results  the results it names, found in the report, most severe first: WAIVED for an active waiver, the
     *                 FAIL results it would cover for an expired or not-yet-valid one
     * @param missing  result ids it names that are not in the report
     * @param fromResults true when the entry was rebuilt from {@code results[].waiver} (no file, line or status)
     */
    public record Waiver(WaiverEntry entry, List<Result> results, int missing, boolean fromResults) {
        public String status() {
            return entry.status() == null ? "active" : entry.status();
        }
    }

    /** Waiver statuses in the order the renderers explain them. */
    public static final List<String> STATUSES = List.of("active", "expired", "not-yet-valid", "stale");

    private WaiverRows() {
    }

    /** Every waiver of the report; empty when it has none and no result is WAIVED. */
    public static List<Waiver> of(AuditReport report, ReportIndex index) {
        List<WaiverEntry> entries = ReportIndex.nn(report.waivers());
        Set<String> wanted = new HashSet<>();
        for (WaiverEntry w : entries) {
            wanted.addAll(ReportIndex.nn(w.resultIds()));
        }
        Map<String, Result> byId = new HashMap<>();
        if (!wanted.isEmpty()) {
            for (Result r : ReportIndex.nn(report.results())) {
                if (wanted.contains(r.id())) {
                    byId.putIfAbsent(r.id(), r);
                }
            }
        }
        List<Waiver> out = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        for (WaiverEntry w : entries) {
            List<Result> rs = new ArrayList<>();
            int missing = 0;
            for (String id : ReportIndex.nn(w.resultIds())) {
                Result r = byId.get(id);
                if (r == null) {
                    missing++;
                } else {
                    rs.add(r);
                    covered.add(id);
                }
            }
            rs.sort(ReportIndex.FINDING_ORDER);
            out.add(new Waiver(w, rs, missing, false));
        }
        // WAIVED results that no entry names: group them by the waiver they carry
        Map<String, List<Result>> orphans = new LinkedHashMap<>();
        Map<String, WaiverRef> refs = new HashMap<>();
        for (Result r : index.waived()) {
            if (covered.contains(r.id())) {
                continue;
            }
            WaiverRef ref = r.waiver();
            String key = Objects.toString(r.cluster(), "") + "\u0000" + (ref == null ? "" : ref.id());
            orphans.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            if (ref != null) {
                refs.putIfAbsent(key, ref);
            }
        }
        for (var e : orphans.entrySet()) {
            WaiverRef ref = refs.get(e.getKey());
            List<Result> rs = e.getValue();
            Set<String> rules = new TreeSet<>();
            List<String> ids = new ArrayList<>();
            for (Result r : rs) {
                rules.add(r.ruleId());
                ids.add(r.id());
            }
            String cluster = rs.get(0).cluster();
            WaiverEntry w = ref == null
                    ? new WaiverEntry("(unknown)", "active", List.copyOf(rules), null, null, null, null, null, null,
                    null, ids, "WAIVED results that carry no waiver: the report does not say who accepted the risk",
                    null, cluster)
                    : new WaiverEntry(ref.id(), "active", List.copyOf(rules), null, ref.owner(), ref.approvedBy(),
                    ref.ticket(), ref.justification(), null, ref.expires(), ids,
                    "as recorded on the results (the report lists no waivers file entry for them)", null, cluster);
            out.add(new Waiver(w, rs, 0, true));
        }
        return out;
    }

    /** Waivers per status (every status of {@link #STATUSES} listed), as counted from the waivers shown. */
    public static Map<String, Integer> byStatus(List<Waiver> waivers) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String s : STATUSES) {
            m.put(s, 0);
        }
        for (Waiver w : waivers) {
            m.merge(w.status(), 1, Integer::sum);
        }
        return m;
    }

    /** What a waiver status means for its results, in one sentence. */
    public static String meaning(String status) {
        return switch (status) {
            case "active" -> "in force: the FAIL results it covers are WAIVED";
            case "expired" -> "expired at the as-of time: not applied, its results stay FAIL";
            case "not-yet-valid" -> "created after the as-of time: not applied yet, its results stay FAIL";
            case "stale" -> "in force but matches no FAIL result: remove it or fix its selector";
            default -> status;
        };
    }

    /** True for a FAIL result that a waiver names but does not waive (expired or not yet valid). */
    public static boolean notApplied(Waiver w, Result r) {
        return r.status() == Status.FAIL && !"active".equals(w.status());
    }
}
