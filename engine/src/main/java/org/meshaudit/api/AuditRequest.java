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
 * @param certs              certificate files or directories (PEM, DER, PKCS#7, PKCS#12, JKS) to inventory and judge
 * @param trustBundles       certificate files or directories holding trust anchors for chain validation
 * @param keystorePassword   PKCS#12 / keystore password, or null (never logged or reported)
 * @param waivers            waivers file, overriding {@code waivers:} of the config; or null
 * @param probe              opt-in active probe, or null
 * @param trustDomains       declared SPIFFE trust domains (CERT-005), overriding the mesh configuration and the
 *                           config's {@code mesh.trustDomains}; empty: not declared
 */
public record AuditRequest(List<String> manifests, InputStream stdin, Instant asOf, Set<String> frameworks,
                           String profile, Path config, List<Path> policyDirs, Set<String> rules,
                           boolean assumeMeshDefaults, String istioRootNamespace, ClusterOptions cluster,
                           Path snapshot, List<String> certs, List<String> trustBundles, char[] keystorePassword,
                           Path waivers, org.meshaudit.probe.ProbeOptions probe, List<String> trustDomains) {

    /** Without declared trust domains. */
    public AuditRequest(List<String> manifests, InputStream stdin, Instant asOf, Set<String> frameworks,
                        String profile, Path config, List<Path> policyDirs, Set<String> rules,
                        boolean assumeMeshDefaults, String istioRootNamespace, ClusterOptions cluster,
                        Path snapshot, List<String> certs, List<String> trustBundles, char[] keystorePassword,
                        Path waivers, org.meshaudit.probe.ProbeOptions probe) {
        this(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules, assumeMeshDefaults,
                istioRootNamespace, cluster, snapshot, certs, trustBundles, keystorePassword, waivers, probe,
                List.of());
    }

    /** Without an active probe. */
    public AuditRequest(List<String> manifests, InputStream stdin, Instant asOf, Set<String> frameworks,
                        String profile, Path config, List<Path> policyDirs, Set<String> rules,
                        boolean assumeMeshDefaults, String istioRootNamespace, ClusterOptions cluster,
                        Path snapshot, List<String> certs, List<String> trustBundles, char[] keystorePassword,
                        Path waivers) {
        this(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules, assumeMeshDefaults,
                istioRootNamespace, cluster, snapshot, certs, trustBundles, keystorePassword, waivers, null);
    }

    /** Without a waivers file. */
    public AuditRequest(List<String> manifests, InputStream stdin, Instant asOf, Set<String> frameworks,
                        String profile, Path config, List<Path> policyDirs, Set<String> rules,
                        boolean assumeMeshDefaults, String istioRootNamespace, ClusterOptions cluster,
                        Path snapshot, List<String> certs, List<String> trustBundles, char[] keystorePassword) {
        this(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules, assumeMeshDefaults,
                istioRootNamespace, cluster, snapshot, certs, trustBundles, keystorePassword, null);
    }

    /** A live-cluster or snapshot request without certificate files. */
    public AuditRequest(List<String> manifests, InputStream stdin, Instant asOf, Set<String> frameworks,
                        String profile, Path config, List<Path> policyDirs, Set<String> rules,
                        boolean assumeMeshDefaults, String istioRootNamespace, ClusterOptions cluster, Path snapshot) {
        this(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules, assumeMeshDefaults,
                istioRootNamespace, cluster, snapshot, List.of(), List.of(), null, null);
    }

    /** A request with certificate files and no cluster. */
    public AuditRequest(List<String> manifests, InputStream stdin, Instant asOf, Set<String> frameworks,
                        String profile, Path config, List<Path> policyDirs, Set<String> rules,
                        boolean assumeMeshDefaults, String istioRootNamespace, List<String> certs,
                        List<String> trustBundles, char[] keystorePassword) {
        this(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules, assumeMeshDefaults,
                istioRootNamespace, null, null, certs, trustBundles, keystorePassword, null);
    }

    /** Manifests only (the original form). */
    public AuditRequest(List<String> manifests, InputStream stdin, Instant asOf, Set<String> frameworks,
                        String profile, Path config, List<Path> policyDirs, Set<String> rules,
                        boolean assumeMeshDefaults, String istioRootNamespace) {
        this(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules, assumeMeshDefaults,
                istioRootNamespace, null, null, List.of(), List.of(), null, null);
    }

    /** The same request with a waivers file. */
    public AuditRequest withWaivers(Path file) {
        return new AuditRequest(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules,
                assumeMeshDefaults, istioRootNamespace, cluster, snapshot, certs, trustBundles, keystorePassword,
                file, probe, trustDomains);
    }

    /** The same request with an active probe. */
    public AuditRequest withProbe(org.meshaudit.probe.ProbeOptions options) {
        return new AuditRequest(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules,
                assumeMeshDefaults, istioRootNamespace, cluster, snapshot, certs, trustBundles, keystorePassword,
                waivers, options, trustDomains);
    }

    /** The same request with declared SPIFFE trust domains. */
    public AuditRequest withTrustDomains(List<String> domains) {
        return new AuditRequest(manifests, stdin, asOf, frameworks, profile, config, policyDirs, rules,
                assumeMeshDefaults, istioRootNamespace, cluster, snapshot, certs, trustBundles, keystorePassword,
                waivers, probe, domains);
    }

    public AuditRequest {
        manifests = List.copyOf(manifests);
        frameworks = Set.copyOf(frameworks);
        policyDirs = List.copyOf(policyDirs);
        rules = Set.copyOf(rules);
        certs = certs == null ? List.of() : List.copyOf(certs);
        trustBundles = trustBundles == null ? List.of() : List.copyOf(trustBundles);
        trustDomains = trustDomains == null ? List.of() : List.copyOf(trustDomains);
        if (profile == null || profile.isBlank()) {
            profile = "baseline";
        }
    }

    @Override
    public String toString() { // never print the password
        return "AuditRequest[manifests=" + manifests + ", certs=" + certs + ", trustBundles=" + trustBundles
                + ", cluster=" + (cluster != null) + ", snapshot=" + snapshot + ", asOf=" + asOf + ", profile="
                + profile + ", waivers=" + waivers + "]";
    }
}
