package org.meshaudit.collect.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to reach a live cluster and what to read from it.
 *
 * @param kubeconfig        kubeconfig file, or null for the kubectl rules ({@code KUBECONFIG}, {@code ~/.kube/config},
 *                          then the in-cluster service account)
 * @param context           kubeconfig context, or null for the current one
 * @param namespaces        read only these namespaces (empty: all)
 * @param excludeNamespaces never read these namespaces
 * @param readTlsSecrets    list {@code kubernetes.io/tls} Secrets and get the named mesh CA Secrets (opt-in)
 * @param meshCaSecrets     the mesh CA Secrets read with {@code readTlsSecrets}, as {@code namespace/name}
 * @param meshNamespaces    namespaces searched for the mesh configuration ConfigMaps ({@code istio},
 *                          {@code istio-sidecar-injector}, {@code linkerd-config}), fetched by name
 * @param pageSize          list page size (limit)
 * @param requestTimeout    timeout of every single request
 * @param maxAttempts       attempts per request for 5xx, timeouts and 429 (at least 1)
 * @param backoff           first retry delay; doubles per attempt, capped at {@code maxBackoff}
 * @param maxBackoff        cap of one retry delay, also the cap for a server's Retry-After
 * @param qps               client-side rate limit, requests per second
 * @param apiServer         an already configured fabric8 {@code Config} (embedders, tests), or null to build one
 * @param execCredentials   allow the kubeconfig user's {@code exec} credential plugin to run (a program named by the
 *                          kubeconfig); without it a kubeconfig that needs one is refused (security-reliability.md A23)
 * @param deadline          how long the whole collection may take, or null for no limit: past it no request is sent,
 *                          and what is not read yet is FAILED (the run ends incomplete instead of running out of time)
 */
public record ClusterOptions(Path kubeconfig, String context, List<String> namespaces, List<String> excludeNamespaces,
                             boolean readTlsSecrets, List<String> meshCaSecrets, List<String> meshNamespaces,
                             int pageSize, Duration requestTimeout, int maxAttempts, Duration backoff,
                             Duration maxBackoff, double qps, io.fabric8.kubernetes.client.Config apiServer,
                             boolean execCredentials, Duration deadline) {

    public static final List<String> DEFAULT_MESH_CA_SECRETS = List.of("istio-system/cacerts",
            "istio-system/istio-ca-secret", "linkerd/linkerd-identity-issuer", "linkerd/linkerd-trust-anchor");
    public static final List<String> DEFAULT_MESH_NAMESPACES = List.of("istio-system", "linkerd");

    public ClusterOptions {
        namespaces = List.copyOf(namespaces);
        excludeNamespaces = List.copyOf(excludeNamespaces);
        meshCaSecrets = List.copyOf(meshCaSecrets);
        meshNamespaces = List.copyOf(meshNamespaces);
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        maxAttempts = Math.max(1, maxAttempts);
    }

    /**
     * Defaults: kubectl connection rules, all namespaces, no Secrets, 500-item pages, 30 s per request, 20 minutes for
     * the whole collection (the CronJob's pod may run 30).
     */
    public static ClusterOptions defaults() {
        return new ClusterOptions(null, null, List.of(), List.of(), false, DEFAULT_MESH_CA_SECRETS,
                DEFAULT_MESH_NAMESPACES, 500, Duration.ofSeconds(30), 5, Duration.ofMillis(500), Duration.ofSeconds(30),
                20.0, null, false, Duration.ofMinutes(20));
    }

    public ClusterOptions withConnection(Path kubeconfigFile, String ctx) {
        return new ClusterOptions(kubeconfigFile, ctx, namespaces, excludeNamespaces, readTlsSecrets, meshCaSecrets,
                meshNamespaces, pageSize, requestTimeout, maxAttempts, backoff, maxBackoff, qps, apiServer,
                execCredentials, deadline);
    }

    public ClusterOptions withNamespaces(List<String> only, List<String> excluded) {
        return new ClusterOptions(kubeconfig, context, only, excluded, readTlsSecrets, meshCaSecrets, meshNamespaces,
                pageSize, requestTimeout, maxAttempts, backoff, maxBackoff, qps, apiServer, execCredentials, deadline);
    }

    public ClusterOptions withTlsSecrets(boolean read) {
        return new ClusterOptions(kubeconfig, context, namespaces, excludeNamespaces, read, meshCaSecrets,
                meshNamespaces, pageSize, requestTimeout, maxAttempts, backoff, maxBackoff, qps, apiServer,
                execCredentials, deadline);
    }

    public ClusterOptions withLimits(int page, Duration timeout, int attempts, Duration firstBackoff, Duration cap,
                                     double rate) {
        return new ClusterOptions(kubeconfig, context, namespaces, excludeNamespaces, readTlsSecrets, meshCaSecrets,
                meshNamespaces, page, timeout, attempts, firstBackoff, cap, rate, apiServer, execCredentials, deadline);
    }

    public ClusterOptions withApiServer(io.fabric8.kubernetes.client.Config config) {
        return new ClusterOptions(kubeconfig, context, namespaces, excludeNamespaces, readTlsSecrets, meshCaSecrets,
                meshNamespaces, pageSize, requestTimeout, maxAttempts, backoff, maxBackoff, qps, config,
                execCredentials, deadline);
    }

    public ClusterOptions withExecCredentials(boolean allowed) {
        return new ClusterOptions(kubeconfig, context, namespaces, excludeNamespaces, readTlsSecrets, meshCaSecrets,
                meshNamespaces, pageSize, requestTimeout, maxAttempts, backoff, maxBackoff, qps, apiServer,
                allowed, deadline);
    }

    public ClusterOptions withDeadline(Duration total) {
        return new ClusterOptions(kubeconfig, context, namespaces, excludeNamespaces, readTlsSecrets, meshCaSecrets,
                meshNamespaces, pageSize, requestTimeout, maxAttempts, backoff, maxBackoff, qps, apiServer,
                execCredentials, total);
    }

    public ClusterOptions withMeshNamespaces(List<String> mesh) {
        return new ClusterOptions(kubeconfig, context, namespaces, excludeNamespaces, readTlsSecrets, meshCaSecrets,
                mesh, pageSize, requestTimeout, maxAttempts, backoff, maxBackoff, qps, apiServer,
                execCredentials, deadline);
    }

    /** Whether objects of a namespace are read. */
    public boolean includes(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return true;
        }
        if (excludeNamespaces.contains(namespace)) {
            return false;
        }
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }
}
