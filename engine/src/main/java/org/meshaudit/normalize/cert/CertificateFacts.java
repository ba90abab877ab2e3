package org.meshaudit.normalize.cert;

import org.meshaudit.collect.cert.CertificateInfo;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.collect.cert.CertBlob;
import org.meshaudit.collect.cert.CertLimits;
import org.meshaudit.collect.cert.CertReader;
import org.meshaudit.collect.cert.CertSource;
import org.meshaudit.facts.CertificateFact;
import org.meshaudit.facts.PresentedCertificate;
import org.meshaudit.facts.ProbedEndpoint;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.normalize.mesh.TrustDomains;
import org.meshaudit.report.CertificateEntry;

/**
 * The certificate part of normalize: one {@link CertificateFact} per distinct certificate (deduplicated by DER
 * sha256), its classification, chain and time bands at the profile's clock, and the report inventory.
 */
public final class CertificateFacts {
    /** Secrets whose certificates belong to a mesh CA (IST-CA-1, LKD-ID-1). */
    static final Set<String> MESH_CA_SECRETS = Set.of("istio-ca-secret", "cacerts", "linkerd-identity-issuer");
    static final Set<String> MESH_ROOT_CONFIGMAPS = Set.of("istio-ca-root-cert", "linkerd-identity-trust-roots");
    static final long DAY = CryptoProfile.DAY;

    /** Secret keys holding the certificate a TLS server or client presents (kubernetes.io/tls, Istio generic). */
    static final Set<String> SERVED_KEYS = Set.of("tls.crt", "cert");

    /** The kinds (without their group) of {@link CertManagerFacts#READS} and {@link CertificateUses#READS}. */
    private static final Set<String> READ_KINDS = java.util.stream.Stream
            .concat(CertManagerFacts.READS.stream(), CertificateUses.READS.stream())
            .map(k -> k.substring(k.lastIndexOf('/') + 1)).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Origin of certificates an endpoint presented to the active probe. */
    public static final String PROBE = "probe";

    /** What this stage derived. */
    public record Output(List<Subject> subjects, List<CertificateEntry> inventory, List<CollectionIssue> issues) {
    }

    /**
     * What the rest of normalize knows that certificate judgements need.
     *
     * @param trustDomains the expected SPIFFE trust domains (CERT-005)
     * @param istioRoot    the Istio root namespace, or null (where the default ingress gateway reads credentials)
     * @param probed       endpoints the active probe (or a replayed transcript) observed, with the chains they
     *                     presented
     */
    public record Context(TrustDomains trustDomains, String istioRoot, List<ProbedEndpoint> probed) {
        public Context {
            probed = List.copyOf(probed);
        }
    }

    private CertificateFacts() {
    }

    /**
     * The certificates read, grouped by sha256, and what chain validation is given: the trust anchors of each
     * certificate to validate (those of its own object, a Secret's ca.crt beside its tls.crt, else every anchor read),
     * and the CA certificates that may complete its paths.
     *
     * @param trust        sha256 of the certificates read as trust anchors
     * @param anchorsBySha the anchors of each certificate to validate (neither a root nor an anchor itself)
     * @param cas          one blob of each CA certificate, in sha256 order
     */
    private record Material(Map<String, List<CertBlob>> bySha, Map<String, CertificateInfo> infos, Set<String> trust,
                            Map<String, List<CertBlob>> anchorsBySha, List<CertBlob> cas) {

        static Material of(List<CertBlob> all) {
            Map<String, List<CertBlob>> bySha = new TreeMap<>();
            for (CertBlob b : all) {
                bySha.computeIfAbsent(b.sha256(), k -> new ArrayList<>()).add(b);
            }
            Map<String, CertificateInfo> infos = new TreeMap<>();
            bySha.forEach((sha, blobs) -> infos.put(sha, blobs.get(0).info()));
            Set<String> trust = new TreeSet<>();
            Map<String, List<String>> anchorsByObject = new HashMap<>();
            List<String> globalAnchors = new ArrayList<>();
            for (var e : bySha.entrySet()) {
                CertificateInfo info = infos.get(e.getKey());
                if (info == null) {
                    continue;
                }
                boolean fileRoot = false;
                for (CertBlob b : e.getValue()) {
                    CertSource s = b.source();
                    if (s.trust()) {
                        trust.add(e.getKey());
                        anchorsByObject.computeIfAbsent(object(s), k -> new ArrayList<>()).add(e.getKey());
                    }
                    fileRoot |= s.origin().equals("file") && info.root();
                }
                if (trust.contains(e.getKey()) || fileRoot) {
                    globalAnchors.add(e.getKey());
                }
            }
            List<CertBlob> cas = new ArrayList<>();
            for (var e : infos.entrySet()) {
                if (e.getValue().ca()) {
                    cas.add(bySha.get(e.getKey()).get(0));
                }
            }
            Map<String, List<CertBlob>> anchorsBySha = new TreeMap<>();
            for (var e : infos.entrySet()) {
                String sha = e.getKey();
                if (e.getValue().root() || trust.contains(sha)) {
                    continue;
                }
                Set<String> anchorShas = new TreeSet<>();
                for (CertBlob b : bySha.get(sha)) {
                    anchorShas.addAll(anchorsByObject.getOrDefault(object(b.source()), List.of()));
                }
                if (anchorShas.isEmpty()) {
                    anchorShas.addAll(globalAnchors);
                }
                List<CertBlob> anchors = new ArrayList<>();
                anchorShas.forEach(a -> anchors.add(bySha.get(a).get(0)));
                anchorsBySha.put(sha, anchors);
            }
            return new Material(bySha, infos, trust, anchorsBySha, cas);
        }

        /**
         * Whether chain validation is given the same here as there: the same certificates to validate, each with the
         * same anchors, and the same CAs in the same order. A chain's outcome is a function of those (and of the clock
         * and limits), so the outcomes of one serve the other.
         */
        boolean sameValidations(Material other) {
            if (!anchorsBySha.keySet().equals(other.anchorsBySha.keySet()) || !shas(cas).equals(shas(other.cas))) {
                return false;
            }
            for (var e : anchorsBySha.entrySet()) {
                if (!shas(e.getValue()).equals(shas(other.anchorsBySha.get(e.getKey())))) {
                    return false;
                }
            }
            return true;
        }

        /** The first blob read of a certificate: the one validation is given. */
        CertBlob first(String sha) {
            return bySha.get(sha).get(0);
        }

        private static List<String> shas(List<CertBlob> blobs) {
            return blobs.stream().map(CertBlob::sha256).toList();
        }
    }

    /**
     * Chain validation started ahead of the certificate stage ({@link #startChains}), on threads of its own. Closing
     * it stops it (a build under way ends first); {@link #build} closes it.
     */
    public static final class Ahead implements AutoCloseable {
        private final Material material;
        private final Instant asOf;
        private final int maxChainPool;
        private final ChainValidator.Run run;

        private Ahead(Material material, Instant asOf, int maxChainPool, ChainValidator.Run run) {
            this.material = material;
            this.asOf = asOf;
            this.maxChainPool = maxChainPool;
            this.run = run;
        }

        /**
         * The outcomes, when this validates what {@code wanted} asks for with that clock and limit (validating what
         * is left on the calling thread); otherwise null, and this stops.
         */
        private Map<String, ChainValidator.Outcome> outcomes(Material wanted, Instant at, int maxPool) {
            if (asOf.equals(at) && maxChainPool == maxPool && material.sameValidations(wanted)) {
                return run.finish();
            }
            run.cancel();
            return null;
        }

        @Override
        public void close() {
            run.cancel();
        }
    }

    /**
     * Starts validating the chains of a snapshot's certificates (they need nothing but the certificates) on threads
     * of their own, so that it runs beside the normalize stage, which keeps one core busy: by the certificate stage
     * (where {@link #build} takes the outcomes) much of it is done, and the JIT has compiled BouncyCastle's PKIX
     * and elliptic-curve code. The threads are daemons; left unclosed (a run that failed before its certificate
     * stage), they finish the validation and end.
     */
    public static Ahead startChains(Snapshot snapshot, CryptoProfile profile, CertLimits limits) {
        Material m = Material.of(snapshot.certificates());
        ChainValidator.Run run = new ChainValidator(profile.asOf(), limits.maxChainPool())
                .start(m.anchorsBySha(), m::first, m.cas(), true);
        return new Ahead(m, profile.asOf(), limits.maxChainPool(), run);
    }

    /**
     * The part of a snapshot {@link #build} reads: the certificate material, cert-manager objects, the objects that
     * put TLS Secrets to use, and the few workloads it looks at (cert-manager's controller, gateway proxies). On a
     * large cluster this stage runs long and allocates much; the caller releases the rest of the snapshot first.
     */
    public static Snapshot input(Snapshot snapshot) {
        java.util.function.Predicate<org.meshaudit.model.Workload> proxy = CertificateUses.readsWorkload(snapshot);
        return snapshot.retain(o -> {
            if (!READ_KINDS.contains(o.kind())) {
                return false; // most objects: no "group/kind" string made for them
            }
            String kind = o.group() + "/" + o.kind();
            return CertManagerFacts.READS.contains(kind) || CertificateUses.READS.contains(kind);
        }, w -> CertManagerFacts.isController(w) || proxy.test(w));
    }


    /** Without mesh context: SPIFFE trust domains cannot be judged, no probe chains. */
    public static Output build(Snapshot snapshot, CryptoProfile profile, CertLimits limits) {
        return build(snapshot, profile, limits, new Context(TrustDomains.unknown("no mesh configuration given"), null,
                List.of()));
    }

    public static Output build(Snapshot snapshot, CryptoProfile profile, CertLimits limits, Context context) {
        return build(snapshot, profile, limits, context, null);
    }

    /**
     * As {@link #build(Snapshot, CryptoProfile, CertLimits, Context)}, taking the chain outcomes of a validation
     * started ahead ({@link #startChains}) when it validated the same targets against the same anchors and CAs (with
     * the same clock and limits: the caller's); otherwise validating here. The validation ahead is stopped on return.
     */
    public static Output build(Snapshot snapshot, CryptoProfile profile, CertLimits limits, Context context,
                               Ahead ahead) {
        // cert-manager's objects do not depend on the certificate material: they are judged on another thread (the
        // common pool's, or one of its own where that pool has a single thread) while this one reads the
        // certificates and the pool starts on the chains, where before the pool waited for both; their facts still
        // come first
        CompletableFuture<List<Subject>> certManager =
                CompletableFuture.supplyAsync(() -> CertManagerFacts.build(snapshot, profile));
        Output certificates;
        try {
            certificates = certificates(snapshot, profile, limits, context, ahead);
        } catch (RuntimeException | Error e) {
            await(certManager); // a failure there came first when it ran first, and still wins
            throw e;
        } finally {
            if (ahead != null) {
                ahead.close();
            }
        }
        List<Subject> facts = new ArrayList<>(await(certManager));
        facts.addAll(certificates.subjects());
        return new Output(List.copyOf(facts), certificates.inventory(), certificates.issues());
    }

    /** The value of a task run on the pool, or what it threw, rethrown as thrown. */
    private static <T> T await(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    /** {@link #build} without the cert-manager facts. */
    private static Output certificates(Snapshot snapshot, CryptoProfile profile, CertLimits limits, Context context,
                                       Ahead ahead) {
        List<Subject> facts = new ArrayList<>();
        List<CollectionIssue> issues = new ArrayList<>();
        Map<String, Set<String>> presentedBy = new TreeMap<>();
        Map<String, Set<String>> presentedOnStrict = new TreeMap<>();
        List<CertBlob> all = new ArrayList<>(snapshot.certificates());
        all.addAll(presented(context.probed(), limits, issues, presentedBy, presentedOnStrict));
        Material material = Material.of(all);
        Map<String, List<CertBlob>> bySha = material.bySha();
        Map<String, CertificateInfo> infos = material.infos();
        Set<String> trust = material.trust();
        // which certificates belong to a mesh CA
        Set<String> meshCaSubjects = new TreeSet<>();
        for (var e : bySha.entrySet()) {
            CertificateInfo info = infos.get(e.getKey());
            for (CertBlob b : e.getValue()) {
                CertSource s = b.source();
                if (info != null && ((s.origin().equals("Secret") && MESH_CA_SECRETS.contains(s.name()))
                        || (s.origin().equals("ConfigMap") && MESH_ROOT_CONFIGMAPS.contains(s.name()))) && info.ca()) {
                    meshCaSubjects.add(info.subject());
                }
            }
        }
        Map<String, List<CertificateInfo>> caBySubject = new HashMap<>();
        for (CertBlob ca : material.cas()) {
            caBySubject.computeIfAbsent(ca.info().subject(), k -> new ArrayList<>()).add(ca.info());
        }
        // a CA that expires before a leaf it issued (CERT-003): the latest-expiring such leaf is named
        Map<String, CertificateInfo> outlivedBy = new HashMap<>();
        for (CertificateInfo leaf : infos.values()) {
            if (leaf.ca()) {
                continue;
            }
            for (CertificateInfo ca : caBySubject.getOrDefault(leaf.issuer(), List.of())) {
                boolean keyMatch = leaf.aki().isEmpty() || ca.ski().isEmpty() || leaf.aki().equals(ca.ski());
                if (keyMatch && ca.notAfter().isBefore(leaf.notAfter())) {
                    CertificateInfo prev = outlivedBy.get(ca.sha256());
                    if (prev == null || leaf.notAfter().isAfter(prev.notAfter())
                            || (leaf.notAfter().equals(prev.notAfter()) && leaf.sha256().compareTo(prev.sha256()) < 0)) {
                        outlivedBy.put(ca.sha256(), leaf);
                    }
                }
            }
        }
        Uses uses = uses(snapshot, context, bySha, infos);
        // chains first, all at once: path validation is the costliest step and runs on every core (or ran ahead)
        Map<String, ChainValidator.Outcome> chains = ahead == null ? null
                : ahead.outcomes(material, profile.asOf(), limits.maxChainPool());
        if (chains == null) {
            chains = new ChainValidator(profile.asOf(), limits.maxChainPool())
                    .validateAll(material.anchorsBySha(), material::first, material.cas());
        }
        List<CertificateEntry> inventory = new ArrayList<>();
        for (var e : infos.entrySet()) {
            String sha = e.getKey();
            CertificateInfo c = e.getValue();
            List<CertBlob> blobs = bySha.get(sha);
            boolean anchor = c.root() || trust.contains(sha);
            boolean meshIssuer = meshCaSubjects.contains(c.issuer()) || CertificateClass.meshCaName(c.issuer());
            String certClass = CertificateClass.of(c, meshIssuer);
            ChainValidator.Outcome chain = anchor ? new ChainValidator.Outcome("anchor", "", List.of())
                    : chains.get(sha);
            Map<String, Object> v = values(c, profile, certClass, chain, outlivedBy.get(sha));
            Set<String> traits = traits(c, profile, certClass, anchor);
            identity(v, c, context.trustDomains());
            List<String> servedBy = sorted(uses.servedBy.get(sha));
            List<String> clientUses = sorted(uses.clientUses.get(sha));
            List<String> strict = sorted(presentedOnStrict.get(sha));
            v.put("servedBy", servedBy);
            v.put("uncoveredHosts", sorted(uses.uncovered.get(sha)));
            v.put("clientUses", clientUses);
            v.put("presentedBy", sorted(presentedBy.get(sha)));
            v.put("presentedOnStrict", strict);
            if (!servedBy.isEmpty()) {
                traits.add("served");
            }
            if (!clientUses.isEmpty()) {
                traits.add("mtls-client");
            }
            if (!strict.isEmpty()) {
                traits.add("strict-port");
            }
            List<String> sources = blobs.stream().map(b -> b.source().location()).sorted().distinct().toList();
            Set<String> scope = new TreeSet<>();
            blobs.forEach(b -> scope.add(b.source().namespace() == null ? "" : b.source().namespace()));
            facts.add(new CertificateFact(new SubjectRef("meshaudit.org/v1", "X509Certificate", "",
                    sha.substring(0, 16), "", null), v, traits, sources, scope));
            inventory.add(entry(c, v, traits, chain, blobs));
        }
        return new Output(List.copyOf(facts), List.copyOf(inventory), List.copyOf(issues));
    }

    private static List<String> sorted(Set<String> s) {
        return s == null ? List.of() : List.copyOf(new TreeSet<>(s));
    }

    // ------------------------------------------------------------------ presented chains (probe transcripts)

    /**
     * The chains probed endpoints presented, read like any other certificate input (same limits), each certificate
     * with a source naming the endpoint: {@code Service/pay/api:8080[presented by 10.96.4.20:8080]#1} (leaf first).
     * Endpoints whose effective posture requires mTLS (STRICT) are recorded in {@code presentedOnStrict} (CERT-007).
     */
    static List<CertBlob> presented(List<ProbedEndpoint> probed, CertLimits limits, List<CollectionIssue> issues,
                                    Map<String, Set<String>> presentedBy, Map<String, Set<String>> onStrict) {
        List<CertBlob> out = new ArrayList<>();
        CertReader reader = new CertReader(limits, null);
        for (ProbedEndpoint p : probed) {
            StringBuilder pem = new StringBuilder();
            for (PresentedCertificate c : p.getChain()) {
                if (c.der() != null && c.der().length > 0) {
                    pem.append("-----BEGIN CERTIFICATE-----\n")
                            .append(java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.der()))
                            .append("\n-----END CERTIFICATE-----\n");
                }
            }
            if (pem.length() == 0) {
                continue;
            }
            SubjectRef ref = p.getRef();
            String location = ref.key() + "[presented by " + p.getTarget() + "]";
            String endpoint = ref.key() + " (" + p.getTarget() + ")";
            boolean strict = p.isExpectMtls() && !p.getTraits().contains("posture-unknown");
            reader.read(pem.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    new CertReader.Origin(location, PROBE, ref.namespace(), ref.key(), "presented", CertSource.CHAIN),
                    new CertReader.Sink() {
                        @Override
                        public void certificate(CertBlob b) {
                            CertSource s = b.source();
                            out.add(new CertBlob(b.der(), b.sha256(), b.info(), new CertSource(s.location(),
                                    s.origin(), s.namespace(), s.name(), s.key(), s.index(), s.role(), "der")));
                            presentedBy.computeIfAbsent(b.sha256(), k -> new TreeSet<>()).add(endpoint);
                            if (strict) {
                                onStrict.computeIfAbsent(b.sha256(), k -> new TreeSet<>()).add(endpoint);
                            }
                        }

                        @Override
                        public void issue(String source, String kind, String message) {
                            issues.add(new CollectionIssue(source, kind, "presented chain: " + message));
                        }
                    });
        }
        return out;
    }

    // ------------------------------------------------------------------ uses (served hosts, client certificates)

    /** Per certificate sha256: where it is served, the hosts it does not cover, and its mTLS client uses. */
    private static final class Uses {
        final Map<String, Set<String>> servedBy = new HashMap<>();
        final Map<String, Set<String>> uncovered = new HashMap<>();
        final Map<String, Set<String>> clientUses = new HashMap<>();
    }

    private static Uses uses(Snapshot snapshot, Context context, Map<String, List<CertBlob>> bySha,
                             Map<String, CertificateInfo> infos) {
        // the certificate each Secret serves: the first non-CA certificate of its tls.crt / cert key
        Map<String, CertBlob> leafBySecret = new HashMap<>();
        for (List<CertBlob> blobs : bySha.values()) {
            for (CertBlob b : blobs) {
                CertSource s = b.source();
                if (!s.origin().equals("Secret") || s.trust() || !SERVED_KEYS.contains(s.key())) {
                    continue;
                }
                CertificateInfo info = infos.get(b.sha256());
                if (info == null) {
                    continue;
                }
                String key = s.namespace() + "/" + s.name();
                CertBlob prev = leafBySecret.get(key);
                if (prev == null || better(b, prev, infos)) {
                    leafBySecret.put(key, b);
                }
            }
        }
        Uses u = new Uses();
        if (leafBySecret.isEmpty()) {
            return u;
        }
        CertificateUses.Found found = CertificateUses.find(snapshot, context.istioRoot());
        for (CertificateUses.Use use : found.served()) {
            CertBlob leaf = resolve(use, leafBySecret);
            if (leaf == null) {
                continue;
            }
            CertificateInfo info = infos.get(leaf.sha256());
            String secret = leaf.source().namespace() + "/" + leaf.source().name();
            u.servedBy.computeIfAbsent(leaf.sha256(), k -> new TreeSet<>()).add(use.referrer() + " via Secret/"
                    + secret + (use.hosts().isEmpty() ? "" : " for " + String.join(", ", use.hosts())));
            for (String host : use.hosts()) {
                if (!HostNames.covers(host, info.dns(), info.ips())) {
                    u.uncovered.computeIfAbsent(leaf.sha256(), k -> new TreeSet<>()).add(host + " ("
                            + use.referrer() + ")");
                }
            }
        }
        for (CertificateUses.Use use : found.client()) {
            CertBlob leaf = resolve(use, leafBySecret);
            if (leaf != null) {
                u.clientUses.computeIfAbsent(leaf.sha256(), k -> new TreeSet<>()).add(use.referrer() + " via Secret/"
                        + leaf.source().namespace() + "/" + leaf.source().name());
            }
        }
        return u;
    }

    /** A leaf (non-CA) beats a CA; then the earlier position in the bundle. */
    private static boolean better(CertBlob b, CertBlob prev, Map<String, CertificateInfo> infos) {
        boolean bLeaf = !infos.get(b.sha256()).ca();
        boolean pLeaf = !infos.get(prev.sha256()).ca();
        if (bLeaf != pLeaf) {
            return bLeaf;
        }
        if (!b.source().key().equals(prev.source().key())) {
            return b.source().key().compareTo(prev.source().key()) > 0; // tls.crt before cert
        }
        return b.source().index() < prev.source().index();
    }

    private static CertBlob resolve(CertificateUses.Use use, Map<String, CertBlob> leafBySecret) {
        for (CertificateUses.SecretRef r : use.candidates()) {
            CertBlob b = leafBySecret.get(r.key());
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ SPIFFE trust domain (CERT-005)

    /** The trust domains of the certificate's SPIFFE ids and whether the meshes expect them. */
    static void identity(Map<String, Object> v, CertificateInfo c, TrustDomains expected) {
        Set<String> domains = new TreeSet<>();
        List<String> unexpected = new ArrayList<>();
        boolean unknown = false;
        for (String id : c.spiffeIds()) {
            String td = TrustDomains.of(id);
            domains.add(td.isEmpty() ? "(none)" : td);
            String check = td.isEmpty() ? TrustDomains.UNEXPECTED : expected.check(td);
            if (check.equals(TrustDomains.UNEXPECTED)) {
                if (!unexpected.contains(td.isEmpty() ? "(none)" : td)) {
                    unexpected.add(td.isEmpty() ? "(none)" : td);
                }
            } else if (check.equals(TrustDomains.UNKNOWN)) {
                unknown = true;
            }
        }
        v.put("trustDomains", List.copyOf(domains));
        v.put("unexpectedTrustDomains", List.copyOf(unexpected));
        v.put("trustDomainCheck", domains.isEmpty() ? "" : !unexpected.isEmpty() ? TrustDomains.UNEXPECTED
                : unknown ? TrustDomains.UNKNOWN : TrustDomains.EXPECTED);
        v.put("expectedTrustDomains", expected.describe());
    }

    /** The Kubernetes object (or file) a source belongs to: served and trust keys of one Secret go together. */
    private static String object(CertSource s) {
        return s.origin() + "|" + s.namespace() + "|" + s.name();
    }

    static Set<String> traits(CertificateInfo c, CryptoProfile profile, String certClass, boolean anchor) {
        Set<String> t = new TreeSet<>();
        t.add(certClass);
        t.add(c.ca() ? "ca" : "leaf");
        if (c.root()) {
            t.add("root");
        }
        if (anchor) {
            t.add("trust-anchor");
        }
        if (c.keyError() != null) {
            t.add("key-unreadable");
        } else {
            t.add(switch (c.keyAlgorithm()) {
                case "RSA" -> "key-rsa";
                case "EC" -> "key-ec";
                case "Ed25519", "Ed448" -> "key-eddsa";
                case "DSA" -> "key-dsa";
                default -> "key-unreadable";
            });
        }
        if (c.lifetimeSeconds() <= 7 * DAY) {
            t.add("short-lived");
        }
        t.add("profile-" + profile.name());
        if (profile.after2030()) {
            t.add("after-2030");
        }
        return t;
    }

    static Map<String, Object> values(CertificateInfo c, CryptoProfile profile, String certClass,
                                      ChainValidator.Outcome chain, CertificateInfo outlivedBy) {
        Map<String, Object> v = new HashMap<>();
        Instant now = profile.asOf();
        long life = c.lifetimeSeconds();
        long remaining = c.notAfter().getEpochSecond() - now.getEpochSecond();
        v.put("sha256", c.sha256());
        v.put("subject", c.subject().isEmpty() ? "(empty subject)" : c.subject());
        v.put("issuer", c.issuer());
        v.put("class", certClass);
        v.put("ca", c.ca());
        v.put("selfIssued", c.selfIssued());
        v.put("keyAlgorithm", c.keyAlgorithm());
        v.put("keyBits", c.keyBits());
        v.put("curve", c.curve());
        v.put("rsaExponent", c.rsaExponent());
        v.put("strengthBits", c.strengthBits());
        v.put("keyError", c.keyError() == null ? "" : c.keyError());
        v.put("curveApproved", profile.curveApproved(c.curve()));
        v.put("keyTags", c.keyAlgorithm().equals("RSA") && c.keyBits() < 3000 ? "below-3000" : "");
        v.put("sigAlgorithm", c.sigAlgorithm());
        v.put("sigHash", c.sigHash());
        v.put("eku", c.eku());
        v.put("dns", c.dns());
        v.put("ips", c.ips());
        v.put("spiffe", c.spiffeIds());
        v.put("sanCount", c.sanCount());
        v.put("notBefore", iso(c.notBefore()));
        v.put("notAfter", iso(c.notAfter()));
        v.put("lifetime", CryptoProfile.human(Math.max(0, life)));
        v.put("remaining", now.isBefore(c.notBefore()) ? "not valid for another "
                + CryptoProfile.human(c.notBefore().getEpochSecond() - now.getEpochSecond())
                : remaining < 0 ? "expired " + CryptoProfile.human(-remaining) + " ago" : CryptoProfile.human(remaining));

        long[] limit = profile.leafLifetime(certClass, c.notBefore());
        v.put("lifetimeLimit", limit[0] == limit[1] ? "maximum " + CryptoProfile.human(limit[1])
                : "recommended " + CryptoProfile.human(limit[0]) + ", maximum " + CryptoProfile.human(limit[1]));
        v.put("lifetimeBand", life > limit[1] ? "over-max" : life > limit[0] ? "over-recommended" : "within");

        String state = now.isBefore(c.notBefore()) ? "not-yet-valid" : now.isAfter(c.notAfter()) ? "expired" : null;
        String expiry;
        if (state != null) {
            expiry = state;
        } else if (life <= 7 * DAY) {
            expiry = remaining * 3 < life ? "rotation-stalled" : "ok";
        } else {
            expiry = remaining < 7 * DAY ? "window-7d" : remaining < 30 * DAY ? "window-30d"
                    : remaining < 45 * DAY ? "window-45d" : "ok";
        }
        v.put("expiryBand", expiry);
        v.put("caExpiryBand", state != null ? state : remaining < 30 * DAY ? "window-30d"
                : remaining < 90 * DAY ? "window-90d" : remaining < 180 * DAY ? "window-180d" : "ok");
        v.put("caLifetimeBand", c.root() ? (life > 9132 * DAY ? "long-root" : "ok")
                : (life > 1827 * DAY ? "long-intermediate" : "ok"));
        v.put("outlivedBy", outlivedBy == null ? "" : outlivedBy.subject() + " (notAfter " + iso(outlivedBy.notAfter())
                + ")");
        v.put("chainStatus", chain.status());
        v.put("chainReason", chain.reason());
        return v;
    }

    private static CertificateEntry entry(CertificateInfo c, Map<String, Object> v, Set<String> traits,
                                          ChainValidator.Outcome chain, List<CertBlob> blobs) {
        String state = v.get("expiryBand").equals("expired") || v.get("expiryBand").equals("not-yet-valid")
                ? v.get("expiryBand").toString() : "valid";
        List<String> roles = new ArrayList<>();
        for (String r : List.of("leaf", "ca", "root", "trust-anchor")) {
            if (traits.contains(r)) {
                roles.add(r);
            }
        }
        List<CertificateEntry.Source> sources = new ArrayList<>();
        for (CertBlob b : blobs) {
            CertSource s = b.source();
            sources.add(new CertificateEntry.Source(s.location(), s.origin(), s.namespace().isEmpty() ? null
                    : s.namespace(), s.role(), s.format()));
        }
        sources.sort(java.util.Comparator.comparing(CertificateEntry.Source::location));
        return new CertificateEntry("sha256:" + c.sha256(), c.subject(), c.issuer(), c.serial(),
                new CertificateEntry.Validity(iso(c.notBefore()), iso(c.notAfter()), v.get("lifetime").toString(),
                        v.get("remaining").toString(), state),
                new CertificateEntry.Key(c.keyAlgorithm(), c.keyBits(), c.curve().isEmpty() ? null : c.curve(),
                        c.keyAlgorithm().equals("RSA") ? c.rsaExponent() : null, c.strengthBits(), c.keyError()),
                new CertificateEntry.Signature(c.sigAlgorithm(), c.sigHash()),
                new CertificateEntry.Sans(c.dns(), c.ips(), c.uris(), c.emails(), c.spiffeIds(), c.otherSans(),
                        c.sansTruncated()),
                c.keyUsage(), c.eku(), c.ca(), c.pathLen() < 0 ? null : c.pathLen(), v.get("class").toString(),
                List.copyOf(roles), new CertificateEntry.Chain(chain.status(), chain.reason().isEmpty() ? null
                        : chain.reason(), chain.path()), List.copyOf(sources));
    }

    static String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
