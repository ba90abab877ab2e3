package org.meshaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KindCoverage;

/**
 * What was read and what was not.
 *
 * @param kinds     objects read per apiVersion/kind (unknown kinds included)
 * @param issues    everything that could not be read or understood (any issue makes the run incomplete)
 * @param notices   remarks that do not make the run incomplete, e.g. a policy whose selector matches nothing
 * @param coverage  per API resource of a live collection (or its snapshot): read, absent, forbidden, failed or
 *                  skipped; empty for manifests
 * @param locations where each result subject was read from manifest files: {@code Kind/namespace/name} (as
 *                  {@link org.meshaudit.facts.SubjectRef#key()} without the port) to {@code path:line}, the path as
 *                  given on the command line (relative paths stay relative); empty for live clusters. Used by the
 *                  SARIF renderer to locate findings.
 */
public record CollectionView(Map<String, Integer> kinds, List<CollectionIssue> issues, List<CollectionIssue> notices,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<KindCoverage> coverage,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> locations) {

    public CollectionView(Map<String, Integer> kinds, List<CollectionIssue> issues, List<CollectionIssue> notices,
                          List<KindCoverage> coverage) {
        this(kinds, issues, notices, coverage, Map.of());
    }
}
