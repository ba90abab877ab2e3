package org.meshaudit.api;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.meshaudit.collect.cluster.ClusterOptions;

/**
 * Everything one audit run needs, built by the CLI (or any embedder) from its options.
 *
 * @param manifests          files, directories or {@code -} (stdin) to read
 * @param stdin              the stream {@code -} reads
 * @param asOf               the clock for every time-dependent judgement
 * @param frameworks         framework ids to assess (empty: every framework of the loaded packs)
 * @param profile            threshold profile, e.g. {@code baseline}
 * @param config             audit config file ({@code meshaudit.yaml}), or null
 * @param policyDirs         extra pack directories; when non-empty, packs on the class path are still loaded
 * @param rules              restrict results to these rule ids (empty: all)
 * @param assumeMeshDefaults use documented mesh defaults for absent mesh configuration objects
 * @param istioRootNamespace overrides the Istio root namespace, or null
 * @param cluster            live cluster to read, or null
 * @param snapshot           snapshot file ({@code meshaudit snapshot -o}) to re-audit offline, or null
 * @param probe              opt-in active probe (issue 10), or null
 */
public record AuditRequest(List<String> manifests, InputStream stdin, Instant asOf, Set<String> frameworks,
                           String profile, Path config, List<Path> policyDirs, Set<String> rules,
                           boolean assumeMeshDefaults, String istioRootNamespace, ClusterOptions cluster,
                           Path snapshot, org.meshaudit.probe.ProbeOptions probe) {

    /** Without an active probe. */
    public AuditRequest(List<String> manifests, InputStream stdin, Instant asOf, Set<String> frameworks,
                        String profile, Path config, List<Path> policyDirs, Set<String> rules,
                        boolean assumeMeshDefaults, String istioRootNamespace, ClusterOptions cluster, Path snapshot) {
        this(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules, assumeMeshDefaults,
                istioRootNamespace, cluster, snapshot, null);
    }

    /** Manifests only (the original form). */
    public AuditRequest(List<String> manifests, InputStream stdin, Instant asOf, Set<String> frameworks,
                        String profile, Path config, List<Path> policyDirs, Set<String> rules,
                        boolean assumeMeshDefaults, String istioRootNamespace) {
        this(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules, assumeMeshDefaults,
                istioRootNamespace, null, null, null);
    }

    public AuditRequest {
        manifests = List.copyOf(manifests);
        frameworks = Set.copyOf(frameworks);
        policyDirs = List.copyOf(policyDirs);
        rules = Set.copyOf(rules);
        if (profile == null || profile.isBlank()) {
            profile = "baseline";
        }
    }
}
