package org.meshaudit.reports.common;

import java.util.Map;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Result;

/** Where a result's subject was read from ({@code collection.locations}): file and 1-based line, if known. */
public final class Locations {

    /** A file location; {@code path} as recorded (relative paths stay relative), {@code line} 1-based or 0. */
    public record Location(String path, int line) {
        public boolean absolute() {
            return path.startsWith("/") || path.matches("^[A-Za-z]:[\\\\/].*");
        }
    }

    private final Map<String, String> bySubject;

    public Locations(AuditReport report) {
        Map<String, String> m = report.collection() == null ? null : report.collection().locations();
        this.bySubject = m == null ? Map.of() : m;
    }

    /** The location of the result's subject (port ignored), or null. */
    public Location of(Result r) {
        SubjectRef s = r.subject();
        if (s == null) {
            return null;
        }
        String src = bySubject.get(s.withPort(null).key());
        return src == null ? null : parse(src);
    }

    /** Parses {@code path:line} (a trailing {@code #fragment} ignored); a source without a line gets line 0. */
    public static Location parse(String source) {
        if (source == null || source.isBlank()) {
            return null;
        }
        String s = source;
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0 && colon < s.length() - 1 && s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            try {
                return new Location(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return new Location(s.substring(0, colon), 0);
            }
        }
        return new Location(s, 0);
    }
}
