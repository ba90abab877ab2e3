package org.meshaudit.evaluate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.meshaudit.api.EngineException;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.api.UsageException;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.report.Canon;
import org.meshaudit.report.Result;

/**
 * Gets the Drools rule base of the selected packs and turns a fact set into results: DRL records failures; this
 * class derives PASS, NOT_APPLICABLE (from {@code applies_to}), ERROR (from unreadable facts) and severity.
 *
 * <p>Rule base: packs whose precompiled executable model matches their sources ({@link PrecompiledModel}, the shipped
 * packs) are loaded from that model, without compiling anything; the others (user packs, or any pack with
 * {@link RuleBaseMode#DRL}) have their DRL compiled at runtime. That gives at most two KieBases, one per way; rules
 * only record findings (no inserts or modifies), so evaluating the same facts in one session per KieBase gives the
 * same results as one KieBase with every rule. A shipped pack whose model cannot be used falls back to its DRL with a
 * {@link #note note} (logged and recorded in the report), never silently.
 *
 * <p>Sessions: a KieBase whose rules all look at one fact at a time ({@link OneFactRules}) sees the facts in batches of
 * {@link #SESSION_BATCH}, so that its working memory stays small on a large cluster; any other sees all of them in one
 * session.
 */
public final class Evaluator {
    /** The trait the evaluator adds to subjects whose namespace is in scope of a selected framework. */
    public static final String IN_SCOPE = "in-scope";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Evaluator.class);

    /** Facts per session when the rules look at one fact at a time ({@link OneFactRules}). */
    static final int SESSION_BATCH = 16_384;

    /** How a pack's rules were loaded. */
    public enum Source { PRECOMPILED, DRL, NO_RULES }

    private final List<RulePack> packs;
    private final List<KieBase> kieBases = new ArrayList<>();
    /** By KieBase: whether its rules look at one fact at a time ({@link OneFactRules}), so facts can go in batches. */
    private final List<Boolean> oneFact = new ArrayList<>();
    private final Map<String, Source> sources = new TreeMap<>();
    private final Map<String, String> notes = new TreeMap<>();

    /** The packs' rule base, as {@link RuleBaseMode#configured()} says, models looked up beside this class. */
    public Evaluator(List<RulePack> packs) {
        this(packs, RuleBaseMode.configured(), Evaluator.class.getClassLoader());
    }

    /**
     * @param packs  the selected packs
     * @param mode   whether precompiled models may be used
     * @param loader where precompiled models are looked up and loaded from
     */
    public Evaluator(List<RulePack> packs, RuleBaseMode mode, ClassLoader loader) {
        this.packs = List.copyOf(packs);
        requireDistinctRuleIds(this.packs);
        build(mode, loader);
    }

    /**
     * Refuses packs that declare the same rule id: results and findings are keyed by rule id, so a second pack could
     * otherwise add failures to, or turn into ERROR, another pack's verdicts (security-reliability.md E09).
     */
    static void requireDistinctRuleIds(List<RulePack> packs) {
        Map<String, String> owner = new TreeMap<>();
        for (RulePack p : packs) {
            for (RuleMetadata r : p.rules()) {
                String other = owner.putIfAbsent(r.id(), p.id());
                if (other != null) {
                    throw new UsageException("rule id " + r.id() + " is declared by packs " + other + " and " + p.id()
                            + " (" + p.origin() + ")", "rule ids are unique across packs: give the rule an id of its own,"
                            + " e.g. with a pack prefix (" + p.id().toUpperCase(java.util.Locale.ROOT) + "-"
                            + r.id() + ")");
                }
            }
        }
    }

    public List<RulePack> packs() {
        return packs;
    }

    /** Whether the rules of every rule base look at one fact at a time, so that facts are evaluated in batches. */
    public boolean batched() {
        return !oneFact.contains(false);
    }

    /** How each selected pack's rules were loaded, by pack id. */
    public Map<String, Source> sources() {
        return java.util.Collections.unmodifiableMap(sources);
    }

    /** Why a shipped pack's precompiled model was not used (its DRL was compiled instead), or null. */
    public String note(String packId) {
        return notes.get(packId);
    }

    /** KieBases already built in this JVM, by way and pack digests: the same packs are compiled or loaded once. */
    private static final java.util.concurrent.ConcurrentHashMap<String, KieBase> BUILT =
            new java.util.concurrent.ConcurrentHashMap<>();

    private void build(RuleBaseMode mode, ClassLoader loader) {
        List<RulePack> precompiled = new ArrayList<>();
        List<String> models = new ArrayList<>();
        List<RulePack> drl = new ArrayList<>();
        for (RulePack p : packs) {
            if (p.rules().isEmpty()) {
                sources.put(p.id(), Source.NO_RULES);
                continue;
            }
            PrecompiledModel.Lookup lookup = mode == RuleBaseMode.DRL ? new PrecompiledModel.Lookup(null, null)
                    : PrecompiledModel.find(p, loader);
            if (lookup.usable()) {
                precompiled.add(p);
                models.addAll(lookup.models());
            } else {
                drl.add(p);
                if (lookup.note() != null) {
                    notes.put(p.id(), lookup.note() + "; its DRL was compiled at runtime");
                }
            }
        }
        if (!precompiled.isEmpty()) {
            try {
                // the model classes belong to the loader: a KieBase is reused only with the same one
                kieBases.add(cached("model@" + Integer.toHexString(System.identityHashCode(loader)) + ":",
                        precompiled, () -> load(precompiled, models, loader)));
                precompiled.forEach(p -> sources.put(p.id(), Source.PRECOMPILED));
            } catch (RuntimeException | LinkageError e) {
                for (RulePack p : precompiled) {
                    notes.put(p.id(), "precompiled rule model failed to load (" + e + "); its DRL was compiled at runtime");
                }
                drl.addAll(precompiled);
                drl.sort(Comparator.comparingInt(packs::indexOf));
            }
        }
        if (!drl.isEmpty()) {
            kieBases.add(cached("drl:", drl, () -> compile(drl)));
            drl.forEach(p -> sources.put(p.id(), Source.DRL));
        }
        notes.forEach((id, note) -> LOG.warn("rule pack {}: {}", id, note));
        kieBases.forEach(b -> oneFact.add(OneFactRules.all(b)));
    }

    private static KieBase cached(String way, List<RulePack> packs, java.util.function.Supplier<KieBase> build) {
        StringBuilder key = new StringBuilder(way);
        packs.forEach(p -> key.append(p.id()).append('@').append(p.sha256()).append(';'));
        KieBase cached = BUILT.get(key.toString());
        if (cached != null) {
            return cached;
        }
        KieBase built = build.get();
        BUILT.put(key.toString(), built);
        return built;
    }

    /** A KieBase from precompiled executable models: class loading only, no DRL parsing or Java compilation. */
    private static KieBase load(List<RulePack> packs, List<String> models, ClassLoader loader) {
        KieBase base = org.drools.modelcompiler.KieBaseBuilder.createKieBaseFromModel(
                PrecompiledModel.instantiate(models, loader));
        checkRuleIds(packs, base);
        return base;
    }

    private static KieBase compile(List<RulePack> packs) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        StringBuilder digest = new StringBuilder();
        for (RulePack p : packs) {
            digest.append(p.sha256());
            for (RuleMetadata r : p.rules()) {
                kfs.write(drlResourcePath(r.id(), p.drl().get(r.id())), p.drl().get(r.id()));
            }
        }
        ReleaseId releaseId = ks.newReleaseId("org.meshaudit.packs", "selected",
                "1.0.0-" + sha(digest.toString()).substring(0, 12));
        kfs.generateAndWritePomXML(releaseId);
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            Message m = errors.get(0);
            throw new UsageException("invalid rule pack: DRL does not compile: " + m.getPath() + ":" + m.getLine()
                    + ": " + m.getText().strip().split("\\R", 2)[0]);
        }
        KieBase base = ks.newKieContainer(releaseId).getKieBase();
        checkRuleIds(packs, base);
        return base;
    }

    /**
     * Every DRL rule carries the id of the rule.yaml beside the file it was written in: a rule in one folder cannot
     * record findings under another rule's id (the sink keys them by {@code @ruleId}).
     */
    private static void checkRuleIds(List<RulePack> packs, KieBase base) {
        Map<String, String> idByResource = new TreeMap<>(); // by path below the resource root, as Drools names it
        packs.forEach(p -> p.rules().forEach(r -> idByResource.put(
                drlResourcePath(r.id(), p.drl().get(r.id())).substring(RESOURCE_ROOT.length()), r.id())));
        Set<String> known = new TreeSet<>(idByResource.values());
        for (KiePackage kp : base.getKiePackages()) {
            for (Rule rule : kp.getRules()) {
                Object id = rule.getMetaData().get("ruleId");
                // DRL compiled here knows its file; a precompiled model (built and checked with its pack) may not
                String folder = rule instanceof org.drools.base.definitions.rule.impl.RuleImpl impl
                        && impl.getResource() != null ? idByResource.get(impl.getResource().getSourcePath()) : null;
                if (id == null || !known.contains(id.toString()) || folder != null && !folder.equals(id.toString())) {
                    throw new UsageException("invalid rule pack: DRL rule '" + rule.getName() + "'"
                            + (folder != null ? " in the folder of " + folder : "")
                            + " must carry @ruleId with the id of its folder's rule.yaml");
                }
            }
        }
    }

    /**
     * Evaluates every rule of the selected packs over the subjects.
     *
     * @param subjects          the facts
     * @param scopes   framework id → in-scope namespaces; a subject in any of them gets the trait {@value #IN_SCOPE},
     *                 and {@code in-scope:<framework>} for each
     * @param only     rule ids to report (empty: all)
     * @return results sorted by rule id, then subject
     */
    public List<Result> evaluate(List<? extends Subject> subjects, Map<String, Set<String>> scopes, Set<String> only) {
        return evaluate(subjects, scopes, only, Map.of());
    }

    /**
     * As {@link #evaluate(List, Map, Set)}, with errors imposed from outside the facts (e.g. by collection coverage:
     * a subject whose input kinds were not read). Such a subject is ERROR exactly as if its own error were set.
     */
    public List<Result> evaluate(List<? extends Subject> subjects, Map<String, Set<String>> scopes, Set<String> only,
                                 Map<SubjectRef, String> imposedErrors) {
        List<Map.Entry<RulePack, RuleMetadata>> rules = new ArrayList<>();
        for (RulePack pack : packs) {
            for (RuleMetadata rule : pack.rules()) {
                if (only.isEmpty() || only.contains(rule.id())) {
                    rules.add(Map.entry(pack, rule));
                }
            }
        }
        rules.sort(Comparator.comparing(e -> e.getValue().id()));
        // subjects sorted once and rules taken in id order, so that results come out in report order; subjects
        // grouped by fact type, so that a rule visits only its own
        List<Subject> ordered = new ArrayList<>(subjects);
        @SuppressWarnings("unchecked")
        Map<String, Object>[] evidence = new Map[ordered.size()];
        @SuppressWarnings("unchecked")
        Set<String>[] traits = new Set[ordered.size()];
        Map<Class<? extends Subject>, int[]> byType = new java.util.HashMap<>();
        Findings findings = new Findings();
        // the rule sessions and the subjects' evidence at once: both only read the facts
        org.meshaudit.Parallel.run(2, task -> {
            if (task == 0) {
                fire(subjects, findings);
            } else {
                ordered.sort(Comparator.comparing(Subject::getRef));
                describe(rules, ordered, byType, evidence, traits, new TraitSets(scopes));
            }
        });
        if (!findings.misuse().isEmpty()) {
            throw new EngineException(findings.misuse().get(0));
        }
        // the rules are judged in parallel, each from its own metadata, the subjects and the findings (all only read
        // now), with a Canon of its own for what it adds (messages, merged evidence); their results are put together
        // in rule order, each rule's in subject order: report order (rule ids are unique across packs)
        List<List<Result>> byRule = new ArrayList<>(java.util.Collections.nCopies(rules.size(), null));
        org.meshaudit.Parallel.run(rules.size(), k -> byRule.set(k, judge(rules.get(k).getKey(),
                rules.get(k).getValue(), ordered, byType, evidence, traits, findings, imposedErrors)));
        boolean inReportOrder = true;
        List<Result> results = new ArrayList<>();
        for (int k = 0; k < rules.size(); k++) {
            inReportOrder &= k == 0 || rules.get(k - 1).getValue().id().compareTo(rules.get(k).getValue().id()) < 0;
            results.addAll(byRule.get(k));
        }
        if (!inReportOrder) {
            results.sort(Result.REPORT_ORDER);
        }
        return results;
    }

    /** Inserts the subjects into the rule bases' sessions and fires them: the rules record into {@code findings}. */
    private void fire(List<? extends Subject> subjects, Findings findings) {
        for (int b = 0; b < kieBases.size(); b++) {
            // at least one session, even without facts: a rule without patterns fires once
            int batch = oneFact.get(b) ? SESSION_BATCH : Math.max(1, subjects.size());
            int from = 0;
            do {
                KieSession session = kieBases.get(b).newKieSession();
                try {
                    session.setGlobal("findings", findings);
                    List<? extends Subject> part = subjects.subList(from, Math.min(subjects.size(), from + batch));
                    for (Subject s : part) {
                        session.insert(s);
                    }
                    fireAll(session, part.size(), findings);
                } catch (EngineException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new EngineException("rule evaluation failed: " + e.getMessage(), e);
                } finally {
                    session.dispose();
                }
                from += batch;
            } while (from < subjects.size());
        }
    }

    /** Rule firings allowed per fact in a session (and per rule base): far above what any shipped pack needs. */
    static final int FIRINGS_PER_FACT = 1_000;
    /** Rule actions that may throw in one session before the run gives up. */
    static final int THROWN_ACTIONS = 1_000;

    /**
     * Fires a session's rules. An action that throws makes that rule's verdict on the subjects it matched ERROR with
     * the exception as the reason, and firing goes on, so that the other rules (and packs) are unaffected
     * (security-reliability.md E07). A session that keeps firing (a rule whose action re-triggers it) ends the run
     * with an error instead of hanging it (E06).
     */
    private static void fireAll(KieSession session, int facts, Findings findings) {
        long cap = (long) FIRINGS_PER_FACT * (facts + 1L);
        long fired = 0;
        int thrown = 0;
        while (true) {
            try {
                int n = session.fireAllRules((int) Math.min(Integer.MAX_VALUE, cap - fired));
                fired += n;
                if (fired >= cap && session.fireAllRules(1) > 0) {
                    throw new EngineException("rule evaluation did not settle: more than " + cap + " rule firings for "
                            + facts + " facts (does a rule's action re-trigger it, e.g. with modify, update or insert?)");
                }
                return;
            } catch (org.kie.api.runtime.rule.ConsequenceException e) {
                Object id = e.getMatch() == null ? null : e.getMatch().getRule().getMetaData().get("ruleId");
                if (id == null || ++thrown > THROWN_ACTIONS) {
                    throw new EngineException("rule evaluation failed: " + e.getMessage(), e);
                }
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                String reason = "rule action failed: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                for (Object o : e.getMatch().getObjects()) {
                    if (o instanceof Subject subject) {
                        findings.error(id.toString(), subject, reason);
                    }
                }
            }
        }
    }

    /**
     * The evidence map and traits of every subject some rule judges, by position in {@code ordered}, and the positions
     * of each fact type. One evidence map per subject is shared by every result that adds nothing to it (most PASS
     * results): a workload port judged by ten rules would otherwise carry ten copies; values and maps canonical.
     */
    private static void describe(List<Map.Entry<RulePack, RuleMetadata>> rules, List<Subject> ordered,
                                 Map<Class<? extends Subject>, int[]> byType, Map<String, Object>[] evidence,
                                 Set<String>[] traits, TraitSets traitSets) {
        Canon canon = new Canon();
        for (Map.Entry<RulePack, RuleMetadata> e : rules) {
            for (AppliesTo at : e.getValue().appliesTo()) {
                for (int i : byType.computeIfAbsent(FactTypes.get(at.fact()), t -> positionsOf(t, ordered))) {
                    if (evidence[i] == null) {
                        evidence[i] = canon.map(ordered.get(i).evidence());
                        traits[i] = traitSets.of(ordered.get(i));
                    }
                }
            }
        }
    }

    /**
     * The results of one rule, in subject order: one per subject it applies to (subjects that compare equal are one
     * subject: the worse verdict wins).
     */
    private static List<Result> judge(RulePack pack, RuleMetadata rule, List<Subject> ordered,
                                      Map<Class<? extends Subject>, int[]> byType, Map<String, Object>[] evidence,
                                      Set<String>[] traits, Findings findings, Map<SubjectRef, String> imposedErrors) {
        Canon canon = new Canon();
        Result.Rule shared = Result.Rule.of(rule.id(), rule.version(), pack.id(), rule.title(), rule.controls());
        List<Map.Entry<String[], Severity>> severityWhen = new ArrayList<>();
        rule.severityWhen().forEach((k, v) -> severityWhen.add(Map.entry(k.split("\\+"), v)));
        Map<SubjectRef, Result> perSubject = new TreeMap<>();
        List<Result> ofRule = new ArrayList<>();
        for (AppliesTo at : rule.appliesTo()) {
            for (int i : byType.get(FactTypes.get(at.fact()))) {
                Subject s = ordered.get(i);
                Result r = judge(shared, rule, at, s, traits[i], severityWhen, evidence[i],
                        findings.get(rule.id(), s), imposedErrors.get(s.getRef()), canon);
                if (rule.appliesTo().size() > 1) {
                    perSubject.merge(s.getRef(), r, Evaluator::worse);
                } else if (!ofRule.isEmpty() && ofRule.get(ofRule.size() - 1).subject().compareTo(r.subject()) == 0) {
                    // sorted: subjects that compare equal are adjacent
                    ofRule.set(ofRule.size() - 1, worse(ofRule.get(ofRule.size() - 1), r));
                } else {
                    ofRule.add(r);
                }
            }
        }
        return rule.appliesTo().size() > 1 ? new ArrayList<>(perSubject.values()) : ofRule;
    }

    /**
     * The positions of the subjects of one fact type, in order. A plain loop: under cli/jvm.options' inlining the
     * stream it replaced cost about 0.4 s of evaluate at L (447k subjects, once per fact type).
     */
    private static int[] positionsOf(Class<? extends Subject> type, List<Subject> subjects) {
        int[] positions = new int[subjects.size()];
        int n = 0;
        for (int i = 0; i < subjects.size(); i++) {
            if (type.isInstance(subjects.get(i))) {
                positions[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(positions, n);
    }

    private static Result worse(Result a, Result b) {
        return rank(b.status()) > rank(a.status()) ? b : a;
    }

    private static int rank(Status s) {
        switch (s) {
            case FAIL: return 5;
            case ERROR: return 4;
            case PASS: return 3;
            case MANUAL: return 2;
            case NOT_APPLICABLE: return 1;
            default: return 0;
        }
    }

    /**
     * The subject's traits plus {@value #IN_SCOPE} and {@code in-scope:<framework>} for the scopes it is in. Facts
     * share canonical trait sets, so each (trait set, frameworks in scope) pair is made once: a cluster has a few
     * dozen of them, and hundreds of thousands of subjects.
     */
    private static final class TraitSets {
        private final List<Map.Entry<String, Set<String>>> scopes;
        private final Map<Set<String>, Map<Long, Set<String>>> made = new java.util.IdentityHashMap<>();

        TraitSets(Map<String, Set<String>> scopes) {
            this.scopes = List.copyOf(scopes.entrySet());
        }

        Set<String> of(Subject s) {
            long inScope = 0; // bit i: the subject is in the scope of framework i
            for (int i = 0; i < scopes.size() && i < Long.SIZE; i++) {
                for (String ns : s.getScopeNamespaces()) {
                    if (scopes.get(i).getValue().contains(ns)) {
                        inScope |= 1L << i;
                        break;
                    }
                }
            }
            if (scopes.size() > Long.SIZE) {
                return org.meshaudit.facts.Canonical.set(traits(s.getTraits(), s.getScopeNamespaces(), scopes));
            }
            final long key = inScope;
            return made.computeIfAbsent(s.getTraits(), k -> new java.util.HashMap<>()).computeIfAbsent(key,
                    k -> org.meshaudit.facts.Canonical.set(traits(s.getTraits(), s.getScopeNamespaces(), scopes)));
        }
    }

    private static Set<String> traits(Set<String> own, Set<String> scopeNamespaces,
                                      List<Map.Entry<String, Set<String>>> scopes) {
        Set<String> traits = new TreeSet<>(own);
        for (var scope : scopes) {
            for (String ns : scopeNamespaces) {
                if (scope.getValue().contains(ns)) {
                    traits.add(IN_SCOPE);
                    traits.add(IN_SCOPE + ":" + scope.getKey());
                }
            }
        }
        return traits;
    }

    private static Result judge(Result.Rule shared, RuleMetadata rule, AppliesTo at, Subject s, Set<String> traits,
                                List<Map.Entry<String[], Severity>> severityWhen, Map<String, Object> baseEvidence, Findings.Outcome o, String imposedError,
                                Canon canon) {
        Status status;
        String message;
        Set<String> tags = Set.of();
        Map<String, Object> evidence = baseEvidence;
        String excluded = first(at.excludes(), traits, true);
        String missing = first(at.requires(), traits, false);
        if (excluded != null) {
            status = Status.NOT_APPLICABLE;
            message = "not applicable: subject is " + describe(excluded);
        } else if (s.getError() != null || imposedError != null) {
            status = Status.ERROR;
            message = "not evaluated: " + (s.getError() != null ? s.getError() : imposedError);
        } else if (missing != null) {
            status = Status.NOT_APPLICABLE;
            message = "not applicable: subject is not " + describe(missing);
        } else if (o != null && !o.errors().isEmpty()) {
            status = Status.ERROR;
            message = "not evaluated: " + String.join("; ", o.errors());
        } else if (o != null && !o.failures().isEmpty()) {
            status = Status.FAIL;
            message = String.join("; ", o.failures());
            tags = o.tags();
        } else if (o != null && !o.manual().isEmpty()) {
            status = Status.MANUAL;
            message = "manual check needed: " + String.join("; ", o.manual());
        } else if (o != null && !o.notApplicable().isEmpty()) {
            status = Status.NOT_APPLICABLE;
            message = "not applicable: " + String.join("; ", o.notApplicable());
        } else {
            status = Status.PASS;
            message = rule.title();
        }
        if (o != null && !o.evidence().isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>(baseEvidence);
            merged.putAll(o.evidence());
            evidence = canon.map(merged);
        }
        Severity severity = rule.severity();
        for (var e : severityWhen) {
            if (matchesAll(e.getKey(), traits, tags) && e.getValue().atLeast(severity)) {
                severity = e.getValue();
            }
        }
        SubjectRef ref = s.getRef();
        Set<String> scopes = s.getScopeNamespaces();
        List<String> scopeNamespaces = scopes.size() == 1 && scopes.contains(ref.scopeNamespace()) ? null
                : List.copyOf(new TreeSet<>(scopes));
        return Result.withId(resultIdBits(rule.id(), ref), shared, status, severity, ref, canon.string(message),
                evidence, status == Status.FAIL ? rule.remediation() : null, scopeNamespaces);
    }

    private static final java.util.regex.Pattern PACKAGE =
            java.util.regex.Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;?");

    /** The DRL's {@code package} ({@code org.meshaudit.rules} when it declares none). */
    public static String drlPackage(String drl) {
        java.util.regex.Matcher m = PACKAGE.matcher(drl);
        return m.find() ? m.group(1) : "org.meshaudit.rules";
    }

    private static final String RESOURCE_ROOT = "src/main/resources/";

    /**
     * Where a rule's DRL goes in a KieFileSystem: a folder that follows the DRL's own package, as Drools expects
     * (also used by pack-compiler, so that both builds see the same resources).
     */
    public static String drlResourcePath(String ruleId, String drl) {
        return RESOURCE_ROOT + drlPackage(drl).replace('.', '/') + "/"
                + ruleId.toLowerCase(java.util.Locale.ROOT).replace('-', '_') + ".drl";
    }

    /** A severity_when key (split at '+') is a trait or DRL tag, or several that must all hold. */
    private static boolean matchesAll(String[] key, Set<String> traits, Set<String> tags) {
        for (String part : key) {
            if (!traits.contains(part) && !tags.contains(part)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(String trait) {
        switch (trait) {
            case "system": return "in a system namespace";
            case "meshed": return "in a mesh";
            case "unmeshed": return "outside the mesh";
            default: return trait;
        }
    }

    private static String first(List<String> wanted, Set<String> traits, boolean present) {
        for (int i = 0; i < wanted.size(); i++) { // by index: called per result, an iterator each was 0.2 GB at L
            String t = wanted.get(i);
            if (traits.contains(t) == present) {
                return t;
            }
        }
        return null;
    }

    /** A NOT_APPLICABLE result decided outside the facts (e.g. the CRD the rule needs is not installed). */
    public static Result notApplicable(RulePack pack, RuleMetadata rule, SubjectRef ref, String message) {
        return new Result(resultId(rule.id(), ref), rule.id(), rule.version(), pack.id(), rule.title(),
                Status.NOT_APPLICABLE, rule.severity(), ref, message, Map.of(), rule.controls(), null);
    }

    /** Stable result id: same rule and subject give the same id in every run (16 hex digits). */
    public static String resultId(String ruleId, SubjectRef ref) {
        return HexFormat.of().toHexDigits(resultIdBits(ruleId, ref));
    }

    /**
     * {@link #resultId} as a number: the first 8 bytes of the sha256 of {@code ruleId|kind|namespace|name|port}
     * (UTF-8; a null part spelled "null", a null port empty), big-endian.
     */
    static long resultIdBits(String ruleId, SubjectRef ref) {
        return ID_KEYS.get().bits(ruleId, ref);
    }

    /**
     * The key of a result id, encoded into a reused buffer and hashed there: a million results at L each built a key
     * string and its bytes (0.2 GB) only to hash them.
     */
    private static final class IdKey {
        private final MessageDigest sha256;
        private final byte[] digest = new byte[32];
        private byte[] key = new byte[256];
        private int length;

        IdKey() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new EngineException("SHA-256 unavailable", e);
            }
        }

        long bits(String ruleId, SubjectRef ref) {
            length = 0;
            add(ruleId);
            add(ref.kind());
            add(ref.namespace());
            add(ref.name());
            add(ref.port() == null ? "" : ref.port());
            sha256.update(key, 0, length - 1); // without the last separator
            try {
                sha256.digest(digest, 0, digest.length);
            } catch (java.security.DigestException e) {
                throw new EngineException("SHA-256 failed", e);
            }
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (digest[i] & 0xff);
            }
            return v;
        }

        /** Appends {@code part} (as string concatenation spells it) and a '|'. */
        private void add(String part) {
            String s = String.valueOf(part);
            int n = s.length();
            room(n + 1);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) { // not ASCII: let the JDK encode the whole part
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    room(utf8.length + 1 - i);
                    System.arraycopy(utf8, 0, key, length - i, utf8.length);
                    length += utf8.length - i;
                    key[length++] = '|';
                    return;
                }
                key[length++] = (byte) c;
            }
            key[length++] = '|';
        }

        private void room(int more) {
            if (length + more > key.length) {
                key = java.util.Arrays.copyOf(key, Math.max(key.length * 2, length + more));
            }
        }
    }

    /** One key buffer and digest per thread: results are judged on several threads. */
    private static final ThreadLocal<IdKey> ID_KEYS = ThreadLocal.withInitial(IdKey::new);

    /** One digest per thread, for {@link #sha}. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new EngineException("SHA-256 unavailable", e);
        }
    });

    static String sha(String s) {
        return HexFormat.of().formatHex(SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
