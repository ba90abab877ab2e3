package org.meshaudit.collect.cluster;

import java.nio.file.Path;
import org.meshaudit.collect.Collector;
import org.meshaudit.collect.SnapshotBuilder;

/** Re-audits a snapshot file offline: the same events as the live collection that wrote it. */
public final class SnapshotFileCollector implements Collector {
    private final Path file;

    public SnapshotFileCollector(Path file) {
        this.file = file;
    }

    @Override
    public void collect(SnapshotBuilder into) {
        SnapshotFile.read(file, new BuilderFeed(into));
    }
}
