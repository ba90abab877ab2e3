package org.meshaudit.collect.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.meshaudit.collect.SnapshotBuilder;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KindCoverage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds a collection into a {@link SnapshotBuilder}. The input digest is computed from the canonical collected
 * content (each redacted object's compact JSON with its source, in read order; then coverage and issues, sorted),
 * not from transport bytes, so a live scan and its snapshot file give the same digest.
 */
public final class BuilderFeed implements CollectionListener {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final SnapshotBuilder into;
    private final List<KindCoverage> coverage = new ArrayList<>();
    private final List<CollectionIssue> issues = new ArrayList<>();

    public BuilderFeed(SnapshotBuilder into) {
        this.into = into;
    }

    @Override
    public void source(String description) {
        into.addSource(description);
    }

    @Override
    public void object(JsonNode redacted, String source) {
        into.digest(source, JSON.writeValueAsBytes(redacted));
        into.addObject(redacted, source);
    }

    @Override
    public void coverage(KindCoverage c) {
        coverage.add(c);
    }

    @Override
    public void issue(CollectionIssue i) {
        issues.add(i);
    }

    @Override
    public void finish() {
        coverage.sort(null);
        issues.sort(null);
        StringBuilder sb = new StringBuilder();
        for (KindCoverage c : coverage) {
            sb.append(c).append('\n');
            into.coverage(c);
        }
        for (CollectionIssue i : issues) {
            sb.append(i).append('\n');
            into.issue(i.source(), i.kind(), i.message());
        }
        into.digest("collection", sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
