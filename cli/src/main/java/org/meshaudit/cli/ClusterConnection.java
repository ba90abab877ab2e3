package org.meshaudit.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.meshaudit.api.UsageException;
import org.meshaudit.collect.cluster.ClusterOptions;
import picocli.CommandLine.Option;

/** How to reach a live cluster and what to read: shared by scan, posture, snapshot and preflight. */
public final class ClusterConnection {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file. Default: KUBECONFIG, ~/.kube/config, then the in-cluster service account.")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context. Default: the current one.")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", split = ",",
            description = "Only audit these namespaces (the mesh namespaces are still read for mesh-wide policy).")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--exclude-namespace", paramLabel = "NS", split = ",", description = "Never audit these namespaces.")
    List<String> excludeNamespaces = new ArrayList<>();

    @Option(names = "--read-tls-secrets",
            description = "Opt-in: list kubernetes.io/tls Secrets (field selector) and get the mesh CA Secrets; private keys are dropped while parsing. Needs the tls-secrets RBAC overlay.")
    boolean readTlsSecrets;

    @Option(names = "--allow-exec-credentials",
            description = "Let the kubeconfig user's exec credential plugin run (e.g. aws, gke-gcloud-auth-plugin, kubelogin). Without it such a kubeconfig is refused: it names a program to run.")
    boolean allowExecCredentials;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Timeout of every API request. Default: ${DEFAULT-VALUE}.")
    int requestTimeout;

    @Option(names = "--collect-deadline", paramLabel = "SECONDS", defaultValue = "1200",
            description = "How long reading the cluster may take in all; what is not read by then is FAILED and the run incomplete (0: no limit). Default: ${DEFAULT-VALUE}.")
    int collectDeadline;

    @Option(names = "--api-qps", paramLabel = "N", defaultValue = "20",
            description = "Client-side rate limit, requests per second. Default: ${DEFAULT-VALUE}.")
    double qps;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "500", hidden = true)
    int pageSize;

    /** True when any connection option was given. */
    boolean given() {
        return kubeconfig != null || context != null || !namespaces.isEmpty() || !excludeNamespaces.isEmpty()
                || readTlsSecrets || allowExecCredentials;
    }

    ClusterOptions toOptions() {
        if (requestTimeout < 1 || pageSize < 1 || qps <= 0 || collectDeadline < 0) {
            throw new UsageException("--request-timeout, --page-size and --api-qps must be positive,"
                    + " --collect-deadline zero or more");
        }
        for (String ns : namespaces) {
            if (excludeNamespaces.contains(ns)) {
                throw new UsageException("namespace " + ns + " is both included and excluded");
            }
        }
        ClusterOptions d = ClusterOptions.defaults();
        return d.withConnection(kubeconfig, context).withNamespaces(namespaces, excludeNamespaces)
                .withTlsSecrets(readTlsSecrets).withExecCredentials(allowExecCredentials)
                .withDeadline(collectDeadline == 0 ? null : Duration.ofSeconds(collectDeadline))
                .withLimits(pageSize, Duration.ofSeconds(requestTimeout), d.maxAttempts(), d.backoff(), d.maxBackoff(),
                        qps);
    }
}
