package org.meshaudit.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshaudit.assess.Assessor;
import org.meshaudit.collect.Collector;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.collect.SnapshotBuilder;
import org.meshaudit.collect.cert.CertFileCollector;
import org.meshaudit.collect.cert.CertLimits;
import org.meshaudit.collect.manifest.ManifestCollector;
import org.meshaudit.collect.manifest.ParserLimits;
import org.meshaudit.evaluate.Evaluator;
import org.meshaudit.evaluate.PackLoader;
import org.meshaudit.evaluate.RulePack;
import org.meshaudit.facts.FactSet;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.normalize.FactsBuilder;
import org.meshaudit.normalize.cert.CertificateFacts;
import org.meshaudit.normalize.cert.CryptoProfile;
import org.meshaudit.normalize.mesh.MeshOptions;
import org.meshaudit.normalize.scope.ScopeResolver;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.CollectionView;
import org.meshaudit.report.FrameworkView;
import org.meshaudit.report.Metadata;
import org.meshaudit.report.PackInfo;
import org.meshaudit.report.Result;
import org.meshaudit.report.Summary;
import tools.jackson.databind.JsonNode;

/** The pipeline: collect → normalize → evaluate → assess. Renderers then read the returned report. */
public final class AuditEngine {
    private final ClassLoader packLoader;

    public AuditEngine() {
        this(AuditEngine.class.getClassLoader());
    }

    /** @param packLoader class loader searched for packs under {@value PackLoader#CLASSPATH_ROOT} */
    public AuditEngine(ClassLoader packLoader) {
        this.packLoader = packLoader;
    }

    /** Loads and validates the packs a request selects (class path, then {@code policyDirs}). */
    public List<RulePack> packs(AuditRequest request) {
        Map<String, RulePack> packs = new TreeMap<>();
        for (RulePack p : PackLoader.fromClasspath(packLoader)) {
            packs.put(p.id(), p);
        }
        for (var dir : request.policyDirs()) {
            RulePack p = PackLoader.fromDirectory(dir);
            packs.put(p.id(), p); // a named directory replaces the shipped pack of the same id
        }
        if (packs.isEmpty()) {
            throw new UsageException("no rule packs found", "pass --policy-dir DIR or use the bundled jar");
        }
        return List.copyOf(packs.values());
    }

    public AuditReport run(AuditRequest request) {
        AuditConfig config = request.config() == null ? AuditConfig.empty() : AuditConfig.read(request.config());
        Set<String> frameworks = selectFrameworks(request, config);
        List<RulePack> packs = packs(request);
        Evaluator evaluator = new Evaluator(packs);

        SnapshotBuilder builder = new SnapshotBuilder();
        List<Collector> collectors = new ArrayList<>();
        if (!request.manifests().isEmpty()) {
            collectors.add(new ManifestCollector(request.manifests(), request.stdin(), ParserLimits.defaults()));
        }
        if (!request.certs().isEmpty() || !request.trustBundles().isEmpty()) {
            collectors.add(new CertFileCollector(request.certs(), request.trustBundles(), CertLimits.defaults(),
                    request.keystorePassword()));
        }
        if (collectors.isEmpty()) {
            throw new UsageException("nothing to audit", "pass --manifests PATH (or - for stdin)");
        }
        CryptoProfile profile = new CryptoProfile(request.profile(), request.asOf());
        collectors.forEach(c -> c.collect(builder));
        Snapshot snapshot = builder.build();

        boolean assume = request.assumeMeshDefaults() || config.assumeMeshDefaults();
        String root = request.istioRootNamespace() != null ? request.istioRootNamespace() : config.istioRootNamespace();
        MeshOptions preliminary = new MeshOptions(root, assume, Set.copyOf(config.systemNamespaces()), Set.of());
        FactSet facts = FactsBuilder.build(snapshot, preliminary);
        Set<String> system = facts.posture().systemNamespaces();

        Map<String, JsonNode> selectors = new TreeMap<>();
        for (String f : frameworks) {
            selectors.put(f, config.scopes().get(f));
        }
        Map<String, Set<String>> scopes = ScopeResolver.resolve(snapshot, selectors, system);
        CertificateFacts.Output certs = CertificateFacts.build(snapshot, profile, CertLimits.defaults());
        List<org.meshaudit.facts.Subject> subjects = new ArrayList<>(facts.subjects());
        subjects.addAll(certs.subjects());
        List<Result> results = evaluator.evaluate(subjects, ScopeResolver.union(scopes), request.rules());

        List<CollectionIssue> issues = new ArrayList<>(snapshot.issues());
        issues.addAll(facts.posture().issues());
        issues.addAll(certs.issues());
        issues.sort(null);
        Summary summary = Assessor.summary(results, facts.posture().workloads(), issues.size());
        Map<String, String> selectorText = new TreeMap<>();
        selectors.forEach((k, v) -> {
            if (v != null) {
                selectorText.put(k, v.toString());
            }
        });
        List<FrameworkView> views = Assessor.frameworks(results, frameworks, scopes, selectorText);

        List<String> incomplete = new ArrayList<>();
        if (!issues.isEmpty()) {
            incomplete.add(issues.size() + " collection issue(s): input not fully read");
        }
        int errors = summary.byStatus().get(Status.ERROR.name());
        if (errors > 0) {
            incomplete.add(errors + " result(s) could not be evaluated (ERROR)");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("assumeMeshDefaults", assume);
        if (root != null) {
            options.put("istioRootNamespace", root);
        }
        if (!request.rules().isEmpty()) {
            options.put("rules", List.copyOf(new TreeSet<>(request.rules())));
        }
        List<PackInfo> packInfo = new ArrayList<>();
        for (RulePack p : packs) {
            packInfo.add(new PackInfo(p.id(), p.version(), p.sha256(), p.origin(), p.rules().size()));
        }
        String asOf = DateTimeFormatter.ISO_INSTANT.format(request.asOf().truncatedTo(ChronoUnit.SECONDS));
        List<String> fw = List.copyOf(new TreeSet<>(frameworks));
        String runId = "run-" + sha(snapshot.inputDigest() + "|" + asOf + "|" + packInfo + "|" + options + "|" + fw
                + "|" + request.profile()).substring(0, 12);
        Metadata metadata = new Metadata(runId, asOf, "meshaudit", Version.get(), snapshot.source(),
                snapshot.inputDigest(), request.profile(), fw, packInfo, options, incomplete.isEmpty(), incomplete);
        return new AuditReport(AuditReport.API_VERSION, AuditReport.KIND, metadata, summary, views, results,
                Assessor.posture(facts.posture().workloads(), facts.posture().meshInfo()), certs.inventory(),
                new CollectionView(snapshot.kinds(), issues));
    }

    private static Set<String> selectFrameworks(AuditRequest request, AuditConfig config) {
        Set<String> out = new TreeSet<>();
        if (request.frameworks().isEmpty()) {
            out.addAll(AuditConfig.FRAMEWORKS);
        } else {
            for (String f : request.frameworks()) {
                if (!AuditConfig.FRAMEWORKS.contains(f)) {
                    throw new UsageException("unknown framework '" + f + "'",
                            "use one of " + String.join(", ", new TreeSet<>(AuditConfig.FRAMEWORKS)));
                }
                out.add(f);
            }
        }
        return out;
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new EngineException("SHA-256 unavailable", e);
        }
    }
}
