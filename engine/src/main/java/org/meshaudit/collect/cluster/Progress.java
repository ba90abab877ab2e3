package org.meshaudit.collect.cluster;

/** What a long collection tells a person at a terminal. The CLI shows it only on a TTY. */
public interface Progress {
    Progress NONE = new Progress() {
    };

    /** Starting to read one resource, e.g. {@code security.istio.io/PeerAuthentication}. */
    default void kind(String label, int index, int total) {
    }

    /** Objects read so far in this collection. */
    default void objects(long total) {
    }

    /** Something the user must know before the report, e.g. a read the preflight found denied. */
    default void warn(String line) {
    }

    default void done() {
    }
}
