package org.meshaudit.report;

/** A rule pack used by the run. */
public record PackInfo(String id, String version, String sha256, String origin, int rules) {
}
