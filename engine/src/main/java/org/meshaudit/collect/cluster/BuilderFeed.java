package org.meshaudit.collect.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>An object the projection rejects (a Pod whose containers are not a list, say) is an issue, and the kind it was
 * listed as is no longer READ but FAILED: the snapshot lacks one of its objects, so what depends on the kind is unknown.
 * Both the live scan and the re-scan of its snapshot come through here, so both say so.
 */
public final class BuilderFeed implements CollectionListener {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final SnapshotBuilder into;
    private final List<KindCoverage> coverage = new ArrayList<>();
    private final List<CollectionIssue> issues = new ArrayList<>();
    /** Rejected objects per {@code group|version|resource} they were read from. */
    private final Map<String, Integer> rejected = new HashMap<>();

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
        if (!into.addObject(redacted, source)) {
            String resource = source.startsWith("api:") ? ResourcePlan.resourceOf(source.substring(4)) : null;
            if (resource != null) {
                rejected.merge(resource, 1, Integer::sum);
            }
        }
    }

    @Override
    public void coverage(KindCoverage c) {
        coverage.add(c);
    }

    private KindCoverage withRejected(KindCoverage c) {
        Integer n = rejected.get(c.group() + "|" + c.version() + "|" + c.resource());
        if (n == null || c.state() != KindCoverage.State.READ) {
            return c;
        }
        return new KindCoverage(c.group(), c.version(), c.resource(), c.kind(), KindCoverage.State.FAILED, 0,
                c.detail() + "; " + n + (n == 1 ? " object was" : " objects were")
                        + " not usable (see the invalid-object issues), the kind is incomplete");
    }

    @Override
    public void issue(CollectionIssue i) {
        issues.add(i);
    }

    @Override
    public void finish() {
        coverage.replaceAll(this::withRejected);
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
