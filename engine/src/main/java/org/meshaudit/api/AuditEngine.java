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
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.meshaudit.Parallel;
import org.meshaudit.assess.Assessor;
import org.meshaudit.assess.Waivers;
import org.meshaudit.collect.Collector;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.collect.SnapshotBuilder;
import org.meshaudit.collect.cluster.ClusterCollector;
import org.meshaudit.collect.cluster.Progress;
import org.meshaudit.collect.cluster.SnapshotFileCollector;
import org.meshaudit.collect.cert.CertFileCollector;
import org.meshaudit.collect.cert.CertLimits;
import org.meshaudit.collect.manifest.ManifestCollector;
import org.meshaudit.evaluate.AppliesTo;
import org.meshaudit.evaluate.FactTypes;
import org.meshaudit.evaluate.RuleMetadata;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.model.KindCoverage;
import org.meshaudit.normalize.CoverageGate;
import org.meshaudit.collect.manifest.ParserLimits;
import org.meshaudit.evaluate.Evaluator;
import org.meshaudit.evaluate.FrameworkCatalog;
import org.meshaudit.evaluate.PackLoader;
import org.meshaudit.evaluate.RuleBaseMode;
import org.meshaudit.evaluate.RulePack;
import org.meshaudit.facts.FactSet;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.normalize.FactsBuilder;
import org.meshaudit.normalize.cert.CertificateFacts;
import org.meshaudit.normalize.cert.CryptoProfile;
import org.meshaudit.normalize.mesh.MeshOptions;
import org.meshaudit.normalize.mesh.MeshPosture;
import org.meshaudit.normalize.scope.ScopeResolver;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.CertificateEntry;
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
    private final RuleBaseMode ruleBaseMode;

    public AuditEngine() {
        this(AuditEngine.class.getClassLoader());
    }

    /** @param packLoader class loader searched for packs under {@value PackLoader#CLASSPATH_ROOT} */
    public AuditEngine(ClassLoader packLoader) {
        this(packLoader, RuleBaseMode.configured());
    }

    /**
     * @param packLoader   class loader searched for packs under {@value PackLoader#CLASSPATH_ROOT} and for their
     *                     precompiled models
     * @param ruleBaseMode whether precompiled rule models may be used ({@link RuleBaseMode#AUTO}, the default) or
     *                     every pack's DRL is compiled at runtime
     */
    public AuditEngine(ClassLoader packLoader, RuleBaseMode ruleBaseMode) {
        this.packLoader = packLoader;
        this.ruleBaseMode = ruleBaseMode;
    }

    /**
     * Starts loading the class path's packs and building their rule base on a background thread, before any request
     * is known: the CLI calls it first thing for the commands that audit, so that the work overlaps the JVM's and the
     * command line's start (about half a second of a small scan). The next run of an engine on the same class loader
     * whose packs and rule base mode turn out the same takes what it built (or its error, the one a build of its own
     * would have thrown); any other run loads and builds its own. Does nothing when a preload is already waiting.
     */
    public static void preload() {
        preload(AuditEngine.class.getClassLoader());
    }

    /** As {@link #preload()}, for engines made with {@code packLoader} {@code loader}. */
    public static void preload(ClassLoader loader) {
        RuleBaseMode mode;
        try {
            mode = RuleBaseMode.configured();
        } catch (RuntimeException e) {
            return; // the run reports the bad setting itself
        }
        Preload p = new Preload(loader, mode);
        if (PRELOADED.compareAndSet(null, p)) {
            p.start();
        }
    }

    /** The preload waiting for a run (at most one per JVM). */
    private static final java.util.concurrent.atomic.AtomicReference<Preload> PRELOADED =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** The class path's packs, then their rule base, loaded on one daemon thread ({@link #preload}). */
    private static final class Preload {
        final ClassLoader loader;
        final RuleBaseMode mode;
        final java.util.concurrent.CompletableFuture<List<RulePack>> packs = new java.util.concurrent.CompletableFuture<>();
        final RuleBaseBuild build;

        Preload(ClassLoader loader, RuleBaseMode mode) {
            this.loader = loader;
            this.mode = mode;
            this.build = new RuleBaseBuild(() -> {
                try {
                    packs.complete(PackLoader.fromClasspath(loader));
                } catch (RuntimeException | Error e) {
                    packs.completeExceptionally(e);
                    throw e;
                }
                return new Evaluator(packs.join(), mode, loader);
            }, System.nanoTime(), 0);
        }

        void start() {
            RuleBaseBuild.daemon("meshaudit-preload", build.task);
        }
    }

    /** Whether a preload for {@code loader} is waiting for a run (tests). */
    static boolean preloadWaiting(ClassLoader loader) {
        Preload p = PRELOADED.get();
        return p != null && p.loader == loader;
    }

    /** Forgets a waiting preload (tests: one JVM runs many engines). */
    static void dropPreload() {
        PRELOADED.set(null);
    }

    /** The class path's packs: the preload's when one was started for this loader, else read now. */
    private List<RulePack> classpathPacks() {
        Preload p = PRELOADED.get();
        return p != null && p.loader == packLoader ? RuleBaseBuild.join(p.packs) : PackLoader.fromClasspath(packLoader);
    }

    /**
     * The preload, taken (once) when it is what this request would load and build: the class path's packs, all of
     * them (no framework selected, no {@code policyDirs}), in this engine's mode.
     */
    private Preload takePreload(AuditRequest request, Set<String> frameworks) {
        Preload p = PRELOADED.get();
        boolean same = p != null && p.loader == packLoader && p.mode == ruleBaseMode && request.policyDirs().isEmpty()
                && frameworks.isEmpty();
        return same && PRELOADED.compareAndSet(p, null) ? p : null;
    }

    /** Loads and validates the packs a request selects (class path, then {@code policyDirs}). */
    public List<RulePack> packs(AuditRequest request) {
        Map<String, RulePack> packs = new TreeMap<>();
        for (RulePack p : classpathPacks()) {
            packs.put(p.id(), p);
        }
        for (var dir : request.policyDirs()) {
            RulePack p = PackLoader.fromDirectory(dir);
            packs.put(p.id(), p); // a named directory replaces the shipped pack of the same id
        }
        return found(List.copyOf(packs.values()));
    }

    private static List<RulePack> found(List<RulePack> packs) {
        if (packs.isEmpty()) {
            throw new UsageException("no rule packs found", "pass --policy-dir DIR or use the bundled jar");
        }
        return packs;
    }

    public AuditReport run(AuditRequest request) {
        return run(request, StageListener.NONE, Progress.NONE);
    }

    /** As {@link #run(AuditRequest)}, reporting each stage's wall time to {@code stages}. */
    public AuditReport run(AuditRequest request, StageListener stages) {
        return run(request, stages, Progress.NONE);
    }

    /** As {@link #run(AuditRequest)}, reporting live-collection progress (kinds listed, objects read). */
    public AuditReport run(AuditRequest request, Progress progress) {
        return run(request, StageListener.NONE, progress);
    }

    /** The pipeline, reporting stage timings to {@code stages} and live-collection progress to {@code progress}. */
    public AuditReport run(AuditRequest request, StageListener stages, Progress progress) {
        long t0 = System.nanoTime();
        long cpu0 = threadCpu();
        AuditConfig config = request.config() == null ? AuditConfig.empty() : AuditConfig.read(request.config());
        Waivers waivers = Waivers.load(request.waivers(), request.config());
        Set<String> frameworks = selectFrameworks(request, config);
        // the KieBase (precompiled models loaded, or DRL compiled at runtime) is built on a second thread while the
        // input is collected and normalized; its errors still win over collection errors, as when it was built first.
        // A preload that fits is already loading the packs and building: they are only needed after normalize.
        Preload preload = takePreload(request, frameworks);
        Supplier<List<RulePack>> packs;
        RuleBaseBuild ruleBase;
        if (preload != null) {
            packs = () -> found(RuleBaseBuild.join(preload.packs));
            ruleBase = preload.build.takenAt(t0);
        } else {
            List<RulePack> active = active(packs(request), frameworks);
            packs = () -> active;
            ruleBase = new RuleBaseBuild(() -> new Evaluator(active, ruleBaseMode, packLoader), t0, threadCpu() - cpu0);
            RuleBaseBuild.daemon("meshaudit-rulebase", ruleBase.task);
        }
        long t1 = System.nanoTime();
        try {
            return run(request, stages, progress, config, waivers, frameworks, packs, ruleBase, t1);
        } catch (RuntimeException | Error e) {
            ruleBase.rethrowFailure();
            throw e;
        }
    }

    /** CPU time of the current thread in nanoseconds, 0 where the JVM cannot tell. */
    private static long threadCpu() {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : 0;
    }

    /** Builds the {@link Evaluator} (on a daemon thread); {@link #get} joins it and reports the rulebase stage. */
    private static final class RuleBaseBuild {
        final java.util.concurrent.FutureTask<Evaluator> task;
        /** When the build's stage clock starts: the run's start, or the preload's until a run takes it. */
        private volatile long started;
        private volatile long finished;
        private volatile long cpu;

        /**
         * @param started  when the build's clock starts (the run's start, or the preload's)
         * @param setupCpu CPU time the calling thread spent on it before (loading the packs)
         */
        RuleBaseBuild(java.util.concurrent.Callable<Evaluator> build, long started, long setupCpu) {
            this.started = started;
            task = new java.util.concurrent.FutureTask<>(() -> {
                long c0 = threadCpu();
                try {
                    return build.call();
                } finally {
                    finished = System.nanoTime();
                    cpu = setupCpu + threadCpu() - c0;
                }
            });
        }

        static void daemon(String name, Runnable work) {
            Thread t = new Thread(work, name);
            t.setDaemon(true);
            t.start();
        }

        Evaluator get() {
            return join(task);
        }

        /** The value of a finished or running task; its own exception when it failed. */
        static <T> T join(java.util.concurrent.Future<T> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted while building the rule base", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                if (c instanceof Error r) {
                    throw r;
                }
                throw new EngineException("rule base build failed: " + c, c);
            }
        }

        /** A preloaded build taken by a run that started at {@code runStarted}: its stage is timed from there. */
        RuleBaseBuild takenAt(long runStarted) {
            started = Math.max(started, runStarted);
            return this;
        }

        /** Wall time from the start of the run to the end of the build, 0 if it ended before (call after {@link #get}). */
        long nanos() {
            return Math.max(0, finished - started);
        }

        /** CPU time spent on it: loading the packs, then the build thread (call after {@link #get}). */
        long cpuNanos() {
            return cpu;
        }

        /** If the build failed, throws its error (after waiting for it); otherwise returns. */
        void rethrowFailure() {
            get();
        }
    }

    private AuditReport run(AuditRequest request, StageListener stages, Progress progress, AuditConfig config,
                            Waivers waivers, Set<String> frameworks, Supplier<List<RulePack>> activePacks,
                            RuleBaseBuild ruleBase, long t1) {

        List<Collector> collectors = new ArrayList<>();
        if (!request.manifests().isEmpty()) {
            collectors.add(new ManifestCollector(request.manifests(), request.stdin(), ParserLimits.defaults()));
        }
        if (request.cluster() != null) {
            collectors.add(new ClusterCollector(request.cluster(), progress));
        }
        if (request.snapshot() != null) {
            collectors.add(new SnapshotFileCollector(request.snapshot()));
        }
        if (!request.certs().isEmpty() || !request.trustBundles().isEmpty()) {
            collectors.add(new CertFileCollector(request.certs(), request.trustBundles(), CertLimits.defaults(),
                    request.keystorePassword()));
        }
        if (collectors.isEmpty() && request.probe() == null) {
            throw new UsageException("nothing to audit", "pass --manifests PATH (or - for stdin)");
        }
        CryptoProfile profile = new CryptoProfile(request.profile(), request.asOf());
        Snapshot snapshot = collect(collectors);
        long t2 = System.nanoTime();
        stages.finished(StageListener.COLLECT, t2 - t1, snapshot.objects().size() + snapshot.workloads().size());
        // chain validation needs only the certificates: it starts now and runs beside normalize, which keeps one core
        // busy; the certificate stage takes its outcomes (or validates afresh if the probe added certificates)
        CertificateFacts.Ahead chains = CertificateFacts.startChains(snapshot, profile, CertLimits.defaults());

        boolean assume = request.assumeMeshDefaults() || config.assumeMeshDefaults();
        String root = request.istioRootNamespace() != null ? request.istioRootNamespace() : config.istioRootNamespace();
        MeshOptions preliminary = new MeshOptions(root, assume, Set.copyOf(config.systemNamespaces()), Set.of());
        FactSet facts = org.meshaudit.probe.ProbeStage.apply(request.probe(), snapshot,
                FactsBuilder.build(snapshot, preliminary));
        Set<String> system = facts.posture().systemNamespaces();
        long t3 = System.nanoTime();
        stages.finished(StageListener.NORMALIZE, t3 - t2, facts.subjects().size());

        List<RulePack> packs = activePacks.get();
        List<FrameworkCatalog> catalogs = catalogs(packs, frameworks);
        Map<String, JsonNode> selectors = new TreeMap<>();
        for (FrameworkCatalog f : catalogs) {
            selectors.put(f.id(), config.scopes().get(f.id()));
        }
        Map<String, Set<String>> scopes = ScopeResolver.resolve(snapshot, selectors, system);
        // what the later stages need of the snapshot is taken out now, and the snapshot (object specs, workloads) is
        // released before the certificate stage, which keeps only its own part of it: on a large cluster that stage
        // runs long and allocates much, and the evaluation that follows holds only facts
        List<Result> absentCrd = absentCrdCandidates(snapshot, packs, request.rules());
        Map<ObjectId, String> locations = locations(snapshot);
        Map<String, Map<String, String>> labels = waivers.configured() ? Waivers.labelIndex(snapshot) : Map.of();
        String source = snapshot.source();
        java.util.function.Supplier<String> inputDigest = snapshot.inputDigestLater(); // still being hashed
        List<CollectionIssue> snapshotIssues = snapshot.issues();
        Map<String, Integer> kinds = snapshot.kinds();
        List<KindCoverage> coverage = snapshot.coverage();
        Snapshot certInput = CertificateFacts.input(snapshot);
        snapshot = null;
        CertificateFacts.Output certs = CertificateFacts.build(certInput, profile, CertLimits.defaults(),
                certificateContext(request, config, facts), chains);
        certInput = null;
        long tc = System.nanoTime();
        stages.finished(StageListener.CERTIFICATES, tc - t3, certs.subjects().size());
        List<org.meshaudit.facts.Subject> subjects = new ArrayList<>(facts.subjects());
        subjects.addAll(certs.subjects());
        Evaluator evaluator = ruleBase.get();
        stages.finished(StageListener.RULEBASE, ruleBase.nanos(),
                packs.stream().mapToLong(p -> p.rules().size()).sum());
        stages.finished(StageListener.RULEBASE_CPU, ruleBase.cpuNanos(),
                packs.stream().mapToLong(p -> p.rules().size()).sum());
        List<Result> evaluated = new ArrayList<>(evaluator.evaluate(subjects, scopes, request.rules(),
                facts.coverageErrors()));
        // assess needs the posture of the workloads, not the other facts: those are released too
        MeshPosture posture = facts.posture().forReport();
        List<CollectionIssue> notices = sorted(facts.notices());
        List<CollectionIssue> certIssues = certs.issues();
        List<CertificateEntry> inventory = certs.inventory();
        subjects = null;
        facts = null;
        certs = null;
        List<Result> absent = absentCrdResults(absentCrd, evaluated);
        if (!absent.isEmpty()) { // the evaluator's results are in report order already
            evaluated.addAll(absent);
            evaluated.sort(Result.REPORT_ORDER);
        }
        Waivers.Outcome waived = waivers.apply(evaluated, labels, request.asOf());
        List<Result> results = waived.results();
        long t4 = System.nanoTime();
        stages.finished(StageListener.EVALUATE, t4 - tc, results.size());

        // where the results' subjects were read: beside the framework roll-up, which reads the results too
        FutureTask<Map<String, String>> located = Parallel.fork(() -> located(locations, results));
        List<CollectionIssue> issues = new ArrayList<>(snapshotIssues);
        issues.addAll(posture.issues());
        issues.addAll(certIssues);
        issues.sort(null);
        Summary summary = waived.summary(Assessor.summary(results, posture.workloads(), issues.size()));
        Map<String, String> selectorText = new TreeMap<>();
        selectors.forEach((k, v) -> {
            if (v != null) {
                selectorText.put(k, v.toString());
            }
        });
        List<FrameworkView> views = Assessor.frameworks(catalogs, results, posture.workloads(), scopes,
                selectorText, config.profiles());

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
        List<String> declared = declaredTrustDomains(request, config);
        if (!declared.isEmpty()) {
            options.put("trustDomains", declared);
        }
        if (waivers.configured()) {
            options.put("waivers", "sha256:" + waivers.digest());
        }
        List<PackInfo> packInfo = new ArrayList<>();
        for (RulePack p : packs) {
            packInfo.add(new PackInfo(p.id(), p.version(), p.sha256(), p.origin(), p.rules().size(),
                    evaluator.note(p.id())));
        }
        String asOf = DateTimeFormatter.ISO_INSTANT.format(request.asOf().truncatedTo(ChronoUnit.SECONDS));
        List<String> fw = catalogs.stream().map(FrameworkCatalog::id).toList();
        // how the rules were compiled (a pack's note) is not part of the run's identity
        String digest = inputDigest.get();
        String runId = "run-" + sha(digest + "|" + asOf + "|"
                + packInfo.stream().map(PackInfo::identity).toList() + "|" + options + "|" + fw
                + "|" + request.profile()).substring(0, 12);
        Metadata metadata = new Metadata(runId, asOf, "meshaudit", Version.get(), source,
                digest, request.profile(), fw, packInfo, options, incomplete.isEmpty(), incomplete);
        AuditReport report = new AuditReport(AuditReport.API_VERSION, AuditReport.KIND, metadata, summary, views,
                results, Assessor.posture(posture.workloads(), posture.meshInfo()), inventory,
                new CollectionView(kinds, issues, notices, coverage, Parallel.join(located)),
                waived.entries(), null);
        stages.finished(StageListener.ASSESS, System.nanoTime() - t4, results.size());
        return report;
    }

    /** Runs the collectors into one snapshot (the builder and its tables are dropped on return). */
    private static Snapshot collect(List<Collector> collectors) {
        try (SnapshotBuilder builder = new SnapshotBuilder()) {
            collectors.forEach(c -> c.collect(builder));
            return builder.build();
        }
    }

    /** Trust domains the auditor declared: {@code --trust-domain} wins over {@code mesh.trustDomains}. */
    private static List<String> declaredTrustDomains(AuditRequest request, AuditConfig config) {
        for (String d : request.trustDomains()) {
            if (!AuditConfig.validTrustDomain(d)) {
                throw new UsageException("'" + d + "' is not a SPIFFE trust domain",
                        "use lower-case letters, digits, '.', '-' and '_', e.g. --trust-domain cluster.local");
            }
        }
        List<String> d = !request.trustDomains().isEmpty() ? request.trustDomains() : config.trustDomains();
        return List.copyOf(new TreeSet<>(d));
    }

    /** What certificate judgements need from the mesh posture and the probe (CERT-004/005/007). */
    private static CertificateFacts.Context certificateContext(AuditRequest request, AuditConfig config,
                                                               FactSet facts) {
        List<String> declared = declaredTrustDomains(request, config);
        org.meshaudit.normalize.mesh.TrustDomains domains = declared.isEmpty() ? facts.posture().trustDomains()
                : org.meshaudit.normalize.mesh.TrustDomains.declared(declared, !request.trustDomains().isEmpty()
                        ? "--trust-domain" : "meshaudit.yaml mesh.trustDomains");
        List<org.meshaudit.facts.ProbedEndpoint> probed = new ArrayList<>();
        for (org.meshaudit.facts.Subject s : facts.subjects()) {
            if (s instanceof org.meshaudit.facts.ProbedEndpoint p) {
                probed.add(p);
            }
        }
        return new CertificateFacts.Context(domains, facts.posture().meshInfo().get("istio.rootNamespace"), probed);
    }

    /**
     * Rules whose facts can only come from a CRD the cluster does not serve get one NOT_APPLICABLE result naming
     * that CRD, instead of silently having no results.
     */
    /**
     * For each rule with {@code applies_to} whose primary kinds' CRDs the cluster does not serve, the NOT_APPLICABLE
     * result it gets if it judges nothing (see {@link #absentCrdResults}).
     */
    private static List<Result> absentCrdCandidates(Snapshot snapshot, List<RulePack> packs, Set<String> only) {
        List<Result> out = new ArrayList<>();
        for (RulePack pack : packs) {
            for (RuleMetadata rule : pack.rules()) {
                if ((!only.isEmpty() && !only.contains(rule.id())) || rule.appliesTo().isEmpty()) {
                    continue;
                }
                KindCoverage absent = null;
                for (AppliesTo at : rule.appliesTo()) {
                    Class<? extends Subject> type = FactTypes.get(at.fact());
                    absent = type == null ? null : CoverageGate.absentPrimary(snapshot, type);
                    if (absent == null) {
                        break;
                    }
                }
                if (absent != null) {
                    String crd = absent.resource() + "." + absent.group();
                    SubjectRef ref = new SubjectRef("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", crd,
                            "", null);
                    out.add(Evaluator.notApplicable(pack, rule, ref, "not applicable: " + absent.kind()
                            + " (" + crd + ") is not served by the cluster"));
                }
            }
        }
        return out;
    }

    /** The candidates of rules that judged no subject at all: their primary kind's CRD is absent. */
    private static List<Result> absentCrdResults(List<Result> candidates, List<Result> results) {
        Set<String> judged = new TreeSet<>();
        results.forEach(r -> judged.add(r.ruleId()));
        return candidates.stream().filter(c -> !judged.contains(c.ruleId())).toList();
    }

    private static Set<String> selectFrameworks(AuditRequest request, AuditConfig config) {
        Set<String> out = new TreeSet<>();
        if (!request.frameworks().isEmpty()) {
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

    /**
     * The packs that take part: neutral packs (no framework, or the zero-trust technical checks every framework draws
     * evidence from) always; a framework pack only when its framework is selected (none selected: all).
     */
    private static List<RulePack> active(List<RulePack> packs, Set<String> frameworks) {
        List<RulePack> out = new ArrayList<>();
        for (RulePack p : packs) {
            String f = p.framework() == null ? null : p.framework().id();
            if (f == null || f.equals("zero-trust") || frameworks.isEmpty() || frameworks.contains(f)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The catalogues of the selected frameworks (none selected: every framework a loaded pack provides), in report
     * order; an explicitly selected framework without a pack is an error.
     */
    private static List<FrameworkCatalog> catalogs(List<RulePack> packs, Set<String> frameworks) {
        Map<String, FrameworkCatalog> byId = new TreeMap<>();
        for (RulePack p : packs) {
            if (p.framework() != null) {
                byId.put(p.framework().id(), p.framework());
            }
        }
        List<FrameworkCatalog> out = new ArrayList<>();
        for (String id : List.of("zero-trust", "pci-dss", "hipaa", "gdpr")) {
            FrameworkCatalog c = byId.get(id);
            if (frameworks.isEmpty() && c != null) {
                out.add(c);
                continue;
            }
            if (!frameworks.contains(id)) {
                continue;
            }
            if (c == null) {
                throw new UsageException("framework '" + id + "' was selected but no loaded pack provides its catalogue",
                        "install its pack or pass --policy-dir");
            }
            out.add(c);
        }
        return out;
    }

    /**
     * The file each object was read from, for the objects read from files (manifests or snapshot entries with a file
     * source), so that code-scanning outputs can point at the object a result is about ({@link #located}). Objects
     * read from the API ({@code api:...}) or stdin have no file location and are left out.
     */
    private static Map<ObjectId, String> locations(Snapshot snapshot) {
        Map<ObjectId, String> out = new java.util.HashMap<>();
        Map<String, String> canonical = new java.util.HashMap<>(); // the items of one List share their location
        java.util.function.Consumer<org.meshaudit.model.KubeObject> add = o -> {
            String document = o.document(); // the source without its item: "doc#items[i]" up to the first '#'
            if (document == null || document.isEmpty() && o.item() < 0 || document.startsWith("api:")
                    || document.startsWith("stdin")) {
                return;
            }
            int hash = document.indexOf('#');
            String at = hash < 0 ? document : document.substring(0, hash);
            out.putIfAbsent(new ObjectId(o.kind(), o.namespace(), o.name()), canonical.computeIfAbsent(at, k -> k));
        };
        snapshot.objects().forEach(add);
        snapshot.workloads().forEach(w -> add.accept(w.meta()));
        return out;
    }

    /** An object as {@link SubjectRef#objectKey()} names it: kind, namespace and name. */
    private record ObjectId(String kind, String namespace, String name) {
        static ObjectId of(SubjectRef ref) {
            return new ObjectId(ref.kind(), ref.namespace(), ref.name());
        }
    }

    /**
     * {@code Kind/namespace/name -> path:line}: the {@link #locations} of the results' subjects, sorted. Takes each
     * subject's entry out of {@code locations} when its first result is met, so that the later results of the same
     * subject (one per rule) find nothing and make no key.
     */
    private static Map<String, String> located(Map<ObjectId, String> locations, List<Result> results) {
        Map<String, String> out = new TreeMap<>();
        for (Result r : results) {
            String at = locations.remove(ObjectId.of(r.subject()));
            if (at != null) {
                out.put(r.subject().objectKey(), at);
            }
        }
        return out;
    }

    private static List<CollectionIssue> sorted(List<CollectionIssue> in) {
        List<CollectionIssue> out = new ArrayList<>(in);
        out.sort(null);
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
