package org.meshaudit.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.api.UsageException;
import picocli.CommandLine.Option;

/** Options that say what to audit and how: shared by scan and posture. */
public final class InputOptions {
    @Option(names = "--manifests", paramLabel = "PATH", arity = "1..*",
            description = "Files or directories (recursive) of YAML/JSON manifests, kind: List included; - reads stdin.")
    List<String> manifests = new ArrayList<>();

    @Option(names = "--as-of", paramLabel = "ISO-8601",
            description = "Clock for time-dependent checks and the report (e.g. 2026-11-29T00:00:00Z or 2026-11-29). Default: now.")
    String asOf;

    @Option(names = "--config", paramLabel = "FILE", description = "Audit config (meshaudit.yaml): framework scopes, mesh settings.")
    Path config;

    @Option(names = "--framework", paramLabel = "LIST", split = ",",
            description = "Frameworks to assess: zero-trust, pci-dss, hipaa, gdpr. Default: all.")
    List<String> frameworks = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "baseline",
            description = "Threshold profile: baseline, strict, bsi, fips. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--policy-dir", paramLabel = "DIR", description = "Additional rule pack directory (pack.yaml + rules/).")
    List<Path> policyDirs = new ArrayList<>();

    @Option(names = "--rule", paramLabel = "ID", split = ",", description = "Only report these rule ids.")
    List<String> rules = new ArrayList<>();

    @Option(names = "--assume-mesh-defaults",
            description = "When the Istio mesh/injector ConfigMaps or linkerd-config are not in the input, use the meshes' documented defaults instead of reporting ERROR. Recorded in the report.")
    boolean assumeMeshDefaults;

    @Option(names = "--istio-root-namespace", paramLabel = "NS", description = "Istio root namespace, overriding meshConfig.rootNamespace.")
    String istioRootNamespace;

    @Option(names = "--cluster",
            description = "Audit the live cluster (kubectl connection rules; see --kubeconfig, --context). Implied by any cluster option.")
    boolean liveCluster;

    @Option(names = "--snapshot", paramLabel = "FILE",
            description = "Re-audit a snapshot written by 'meshaudit snapshot' (offline; same results as the live scan at the same --as-of).")
    Path snapshot;

    @picocli.CommandLine.Mixin
    ClusterConnection cluster = new ClusterConnection();

    static final Set<String> PROFILES = Set.of("baseline", "strict", "bsi", "fips");

    AuditRequest toRequest(InputStream stdin) {
        return toRequest(stdin, List.of(), null);
    }

    /** With certificate files ({@code scan --certs}) and their trust bundles and password. */
    AuditRequest toRequest(InputStream stdin, List<String> certs, CertOptions certOptions) {
        boolean live = liveCluster || cluster.given();
        boolean certFiles = !certs.isEmpty() && certOptions != null;
        if (manifests.isEmpty() && !live && snapshot == null && !certFiles) {
            throw new UsageException("nothing to audit: no input given",
                    "pass --manifests PATH (or - for stdin), --cluster, --snapshot FILE or --certs PATH");
        }
        if (live && snapshot != null) {
            throw new UsageException("--snapshot and a live cluster cannot be combined", "choose one input");
        }
        if (!PROFILES.contains(profile)) {
            throw new UsageException("unknown profile '" + profile + "'", "use one of baseline, strict, bsi, fips");
        }
        return new AuditRequest(manifests, stdin, parseAsOf(asOf), new LinkedHashSet<>(frameworks), profile, config,
                policyDirs, new LinkedHashSet<>(rules), assumeMeshDefaults, istioRootNamespace,
                live ? cluster.toOptions() : null, snapshot, certFiles ? certs : List.of(),
                certFiles ? certOptions.trustBundles : List.of(), certFiles ? certOptions.password() : null);
    }

    static Instant parseAsOf(String text) {
        if (text == null) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new UsageException("invalid --as-of '" + text + "'", "use ISO-8601, e.g. 2026-11-29T00:00:00Z or 2026-11-29");
            }
        }
    }
}
