package org.meshaudit.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Severity scale of controls-catalog.md section 1.2, lowest first. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** Lower-case name as written in rule metadata and reports. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a severity name case-insensitively; throws {@link UsageException} for unknown names. */
    @JsonCreator
    public static Severity parse(String text) {
        if (text != null) {
            for (Severity s : values()) {
                if (s.name().equalsIgnoreCase(text.trim())) {
                    return s;
                }
            }
        }
        throw new UsageException("unknown severity '" + text + "'", "use one of info, low, medium, high, critical");
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
