package org.meshaudit.collect.cluster;

import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KindCoverage;
import tools.jackson.databind.JsonNode;

/**
 * Receives a collection as it happens: the source description, each redacted object with where it was read,
 * per-resource coverage and issues. The live collector and the snapshot reader both emit to it, so a scan and a
 * re-scan of its snapshot see exactly the same sequence.
 */
public interface CollectionListener {
    void source(String description);

    void object(JsonNode redacted, String source);

    void coverage(KindCoverage coverage);

    void issue(CollectionIssue issue);

    /** Called once, after everything else. */
    default void finish() {
    }
}
