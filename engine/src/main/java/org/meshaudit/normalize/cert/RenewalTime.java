package org.meshaudit.normalize.cert;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cert-manager's effective renewal time (mesh-semantics.md CM-2, {@code pkg/util/pki/renewaltime.go}): computed from
 * the issued lifetime, because a renewBefore that is not shorter than the lifetime is ignored.
 */
public final class RenewalTime {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

    /**
     * @param renewBefore the renewBefore that applied and where it came from
     * @param at          the renewal time, truncated to the second
     */
    public record Result(Duration renewBefore, String basis, Instant at) {
    }

    private RenewalTime() {
    }

    /**
     * @param renewBefore {@code spec.renewBefore}, or null
     * @param percentage  {@code spec.renewBeforePercentage}, or null
     */
    public static Result compute(Instant notBefore, Instant notAfter, Duration renewBefore, Integer percentage) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        Duration rb;
        String basis;
        if (renewBefore != null && renewBefore.compareTo(Duration.ZERO) > 0 && renewBefore.compareTo(lifetime) < 0) {
            rb = renewBefore;
            basis = "spec.renewBefore";
        } else if (percentage != null && percentage > 0 && percentage < 100) {
            rb = lifetime.multipliedBy(percentage).dividedBy(100);
            basis = "spec.renewBeforePercentage " + percentage + "%";
        } else {
            rb = lifetime.dividedBy(3);
            basis = renewBefore != null ? "default 1/3 of the lifetime (spec.renewBefore "
                    + CryptoProfile.human(renewBefore.getSeconds()) + " is not shorter than the issued lifetime "
                    + CryptoProfile.human(lifetime.getSeconds()) + ")" : "default 1/3 of the lifetime";
        }
        Instant at = notAfter.minus(rb);
        return new Result(rb, basis, Instant.ofEpochSecond(at.getEpochSecond()));
    }

    /** Parses a Go duration ({@code 2160h}, {@code 1h30m}, {@code 720h0m0s}); null when absent or invalid. */
    public static Duration parseGoDuration(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        Matcher m = PART.matcher(s.strip());
        int pos = 0;
        double nanos = 0;
        while (m.find()) {
            if (m.start() != pos) {
                return null;
            }
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            pos = m.end();
        }
        return pos == s.strip().length() && pos > 0 ? Duration.ofNanos((long) nanos) : null;
    }
}
