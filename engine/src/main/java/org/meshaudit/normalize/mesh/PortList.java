package org.meshaudit.normalize.mesh;

import java.util.ArrayList;
import java.util.List;

/** Port lists as annotations write them: {@code "8080, 9090"} and, for Linkerd, ranges {@code "4567-4568"}. */
final class PortList {
    private final List<int[]> ranges;
    private final List<String> invalid;

    private PortList(List<int[]> ranges, List<String> invalid) {
        this.ranges = ranges;
        this.invalid = invalid;
    }

    static PortList parse(String value, boolean allowRanges) {
        List<int[]> ranges = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        if (value != null) {
            for (String raw : value.split(",")) {
                String s = raw.trim();
                if (s.isEmpty()) {
                    continue;
                }
                try {
                    int dash = s.indexOf('-');
                    if (allowRanges && dash > 0) {
                        int lo = Integer.parseInt(s.substring(0, dash).trim());
                        int hi = Integer.parseInt(s.substring(dash + 1).trim());
                        if (lo < 1 || hi > 65535 || lo > hi) {
                            invalid.add(s);
                        } else {
                            ranges.add(new int[] {lo, hi});
                        }
                    } else {
                        int p = Integer.parseInt(s);
                        if (p < 1 || p > 65535) {
                            invalid.add(s);
                        } else {
                            ranges.add(new int[] {p, p});
                        }
                    }
                } catch (NumberFormatException e) {
                    invalid.add(s);
                }
            }
        }
        return new PortList(ranges, invalid);
    }

    boolean contains(int port) {
        for (int[] r : ranges) {
            if (port >= r[0] && port <= r[1]) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    List<String> invalid() {
        return invalid;
    }

    /** The entries as written, without the listed numbers. */
    static String without(String value, java.util.Set<Integer> drop) {
        List<String> kept = new ArrayList<>();
        for (String raw : value.split(",")) {
            String s = raw.trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                if (drop.contains(Integer.parseInt(s))) {
                    continue;
                }
            } catch (NumberFormatException e) {
                // keep as written
            }
            kept.add(s);
        }
        return String.join(",", kept);
    }
}
