package org.meshaudit.collect;

/**
 * A source of cluster state: manifest files, a live cluster, a snapshot file. Collectors never decide compliance and
 * never throw for per-object trouble: they record a {@link org.meshaudit.model.CollectionIssue} and go on.
 */
public interface Collector {

    /** Reads this source into the builder. Throws {@link org.meshaudit.api.UsageException} only for unusable input. */
    void collect(SnapshotBuilder into);
}
