package org.meshaudit.model;

import java.util.Locale;

/**
 * Whether one API resource was read, per collection. The live collector records one entry per resource it planned
 * to read; offline sources record none (their coverage is whatever the files hold) but a FAILED one for the kind of
 * an object they hold and could not read (a duplicate key; {@code resource} is then the plural Kubernetes would guess).
 *
 * @param group    API group, {@code ""} for core
 * @param version  version that was (or would have been) read, e.g. {@code v1}; {@code ""} when the group is absent
 * @param resource plural resource name, e.g. {@code peerauthentications}
 * @param kind     kind, e.g. {@code PeerAuthentication}
 * @param state    what happened
 * @param objects  objects read (0 unless {@code READ})
 * @param detail   for people: scope read, HTTP status, reason; never secret data
 */
public record KindCoverage(String group, String version, String resource, String kind, State state, int objects,
                           String detail) implements Comparable<KindCoverage> {

    /** Outcome of reading one resource. */
    public enum State {
        /** Listed completely. */
        READ,
        /** The API group or the CRD is not served by the cluster: the kind is simply empty. */
        ABSENT,
        /** The API server refused the read (403, or denied by SelfSubjectAccessReview). */
        FORBIDDEN,
        /** The read failed after retries (5xx, timeouts, a list broken mid-way). Anything read is discarded. */
        FAILED,
        /** Deliberately not read (e.g. Secrets without {@code --read-tls-secrets}). */
        SKIPPED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** True when the kind's objects may exist but are unknown to us: facts depending on it must be ERROR. */
        public boolean unknown() {
            return this == FORBIDDEN || this == FAILED;
        }
    }

    /** {@code group/kind} ({@code core/Kind} for the core group). */
    public String groupKind() {
        return (group.isEmpty() ? "core" : group) + "/" + kind;
    }

    @Override
    public int compareTo(KindCoverage o) {
        int c = group.compareTo(o.group);
        return c != 0 ? c : resource.compareTo(o.resource);
    }
}
