package org.meshaudit.normalize.cert;

import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.meshaudit.collect.cert.Bc;
import org.meshaudit.collect.cert.CertBlob;

/**
 * Builds and validates certification paths with BouncyCastle's PKIX builder at the audit clock (revocation is not
 * checked: CERT-008 needs CRL/OCSP data). Conversions to JCA certificates happen only here and are cached, and each
 * certificate's signature is verified once per issuer key however many paths it lies on ({@link VerifiedOnce}).
 */
final class ChainValidator {
    /** Outcome of one path build. */
    record Outcome(String status, String reason, List<String> path) {
    }

    private final Instant asOf;
    private final int maxPool;
    private final Map<String, X509Certificate> jca = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Outcome> cache = new java.util.concurrent.ConcurrentHashMap<>();
    /** sha256 of the anchors and intermediates of {@link #validateAll}: the certificates worth caching. */
    private final Set<String> shared = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Public keys shared by the certificates that encode the same one (the leaves of one key, a CA and its leaves). */
    private final PublicKeys keys = new PublicKeys();
    private final JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER);
    /** Intermediates by canonical subject name, in their given order (set by {@link #validateAll}). */
    private Map<String, List<CertBlob>> bySubject = Map.of();
    /** Position of each intermediate in the collection given to {@link #validateAll}: pools keep that order. */
    private Map<CertBlob, Integer> positions = Map.of();

    ChainValidator(Instant asOf, int maxPool) {
        this.asOf = asOf;
        this.maxPool = maxPool;
    }

    /**
     * The JCA form of a certificate. Only anchors and intermediates (which many paths share) are kept; a target is
     * converted for its own build and dropped, so that thousands of leaves are not all held at once.
     */
    private X509Certificate jca(CertBlob b) throws Exception {
        if (!shared.contains(b.sha256())) {
            return convert(b);
        }
        X509Certificate c = jca.get(b.sha256());
        if (c == null) {
            synchronized (converter) {
                c = jca.get(b.sha256());
                if (c == null) {
                    c = convert(b);
                    jca.put(b.sha256(), c);
                }
            }
        }
        return c;
    }

    /**
     * BouncyCastle's certificate for a blob, read from the DER itself: the reader accepted it as exactly one DER
     * element that parses as a certificate, so parsing it into a holder and encoding that again for the factory (what
     * {@link JcaX509CertificateConverter} does) only repeated the work.
     */
    private X509Certificate convert(CertBlob b) throws Exception {
        X509Certificate c = b.der().length > 0 && b.der()[0] == 0x30
                ? (X509Certificate) CertificateFactory.getInstance("X.509", Bc.PROVIDER)
                        .generateCertificate(new java.io.ByteArrayInputStream(b.der()))
                : converter.getCertificate(new X509CertificateHolder(b.der()));
        return VerifiedOnce.of(c, b.der(), b.info().notBefore(), b.info().notAfter(), keys, b.publicKeyInfo());
    }

    /**
     * Validates every target against its anchors, in parallel (each outcome depends only on its inputs, so the
     * result is the same in any order).
     *
     * @param anchorsBySha  trust anchors of each target, by the target's sha256
     * @param blob          the certificate of a sha256
     * @param intermediates CA certificates that may complete the paths
     */
    Map<String, Outcome> validateAll(Map<String, List<CertBlob>> anchorsBySha,
                                     java.util.function.Function<String, CertBlob> blob,
                                     Collection<CertBlob> intermediates) {
        return start(anchorsBySha, blob, intermediates, false).finish();
    }

    /**
     * Starts {@link #validateAll}'s work on helper threads and returns at once; {@link Run#finish} joins it.
     *
     * @param ownThreads helpers on daemon threads of their own (a validation started ahead of its stage, which leaves
     *                   the common pool to that stage's other tasks) rather than on the common pool
     */
    Run start(Map<String, List<CertBlob>> anchorsBySha, java.util.function.Function<String, CertBlob> blob,
              Collection<CertBlob> intermediates, boolean ownThreads) {
        anchorsBySha.values().forEach(anchors -> anchors.forEach(a -> shared.add(a.sha256())));
        intermediates.forEach(i -> shared.add(i.sha256()));
        Map<String, List<CertBlob>> index = new java.util.HashMap<>();
        Map<CertBlob, Integer> at = new java.util.IdentityHashMap<>();
        for (CertBlob i : intermediates) {
            at.putIfAbsent(i, at.size());
            try {
                index.computeIfAbsent(canonical(jca(i).getSubjectX500Principal()), k -> new ArrayList<>()).add(i);
            } catch (Exception e) {
                // unreadable by the JCA: it can complete no path (as when the builder is handed it)
            }
        }
        bySubject = index;
        positions = at;
        List<Map.Entry<String, List<CertBlob>>> todo = new ArrayList<>(anchorsBySha.entrySet());
        return new Run(todo, e -> validate(blob.apply(e.getKey()), e.getValue(), intermediates), ownThreads);
    }

    /** A validation under way ({@link org.meshaudit.Parallel}): the outcomes by target sha256. */
    static final class Run {
        private final Map<String, Outcome> out = new java.util.concurrent.ConcurrentHashMap<>();
        private final org.meshaudit.Parallel work;

        private Run(List<Map.Entry<String, List<CertBlob>>> todo,
                    java.util.function.Function<Map.Entry<String, List<CertBlob>>, Outcome> validate,
                    boolean ownThreads) {
            work = org.meshaudit.Parallel.start(todo.size(),
                    i -> out.put(todo.get(i).getKey(), validate.apply(todo.get(i))), ownThreads ? "meshaudit-chains" : null);
        }

        /** Validates what is left on this thread, waits for the helpers, and returns every outcome by sha256. */
        Map<String, Outcome> finish() {
            work.finish();
            return new java.util.TreeMap<>(out);
        }

        /** Stops handing out targets and waits for the helpers (each ends the build it is in); idempotent. */
        void cancel() {
            work.cancel();
        }
    }

    /**
     * @param target       the certificate to validate
     * @param anchors      trust anchors (sorted by sha256 for a stable cache key)
     * @param intermediates CA certificates that may complete the path
     */
    private Outcome validate(CertBlob target, List<CertBlob> anchors, Collection<CertBlob> intermediates) {
        if (anchors.isEmpty()) {
            return new Outcome("no-trust-anchor", "no trust bundle to validate against", List.of());
        }
        StringBuilder key = new StringBuilder(target.sha256());
        anchors.forEach(a -> key.append('|').append(a.sha256()));
        String k = key.toString();
        Outcome known = cache.get(k);
        if (known == null) {
            known = build(target, anchors, intermediates); // outside any lock: builds take milliseconds
            Outcome raced = cache.putIfAbsent(k, known);
            known = raced != null ? raced : known;
        }
        return known;
    }

    private Outcome build(CertBlob target, List<CertBlob> anchors, Collection<CertBlob> intermediates) {
        try {
            Set<TrustAnchor> ta = new LinkedHashSet<>();
            for (CertBlob a : anchors) {
                ta.add(new TrustAnchor(jca(a), null));
            }
            X509Certificate leaf = jca(target);
            List<X509Certificate> pool = new ArrayList<>();
            pool.add(leaf);
            for (CertBlob i : candidates(target, leaf, intermediates)) {
                pool.add(jca(i));
            }
            X509CertSelector sel = new X509CertSelector();
            sel.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(ta, sel);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(asOf));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool),
                    Bc.PROVIDER));
            PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX", Bc.PROVIDER)
                    .build(params);
            List<String> path = new ArrayList<>();
            for (var c : r.getCertPath().getCertificates()) {
                path.add(((X509Certificate) c).getSubjectX500Principal().getName());
            }
            path.add(r.getTrustAnchor().getTrustedCert().getSubjectX500Principal().getName() + " (anchor)");
            return new Outcome("valid", "", List.copyOf(path));
        } catch (CertPathBuilderException e) {
            return new Outcome("invalid", reason(e), List.of());
        } catch (Exception | StackOverflowError e) {
            return new Outcome("invalid", "path validation failed (" + e.getClass().getSimpleName() + ")", List.of());
        }
    }

    /**
     * The intermediates that can lie on a path from {@code leaf}: those named as its issuer, their issuers, and so on
     * (the PKIX builder asks its stores for a certificate's issuer by subject name, compared in canonical form, so no
     * other certificate can be chosen), in their given order. Offering each build every CA read made a large
     * cluster's validation quadratic, and cut paths off once there were more CAs than the pool takes. Beyond
     * {@code maxPool} candidates (hostile input), the nearest issuers are kept.
     */
    private List<CertBlob> candidates(CertBlob target, X509Certificate leaf, Collection<CertBlob> intermediates) {
        Set<String> names = new java.util.HashSet<>();
        java.util.ArrayDeque<String> next = new java.util.ArrayDeque<>();
        next.add(canonical(leaf.getIssuerX500Principal()));
        // in order of distance from the leaf; every candidate is an element of the intermediates (bySubject holds
        // nothing else), so identity tells them apart without hashing certificate contents
        Set<CertBlob> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<CertBlob> reached = new ArrayList<>();
        while (!next.isEmpty() && reached.size() <= maxPool) {
            String name = next.poll();
            if (!names.add(name)) {
                continue;
            }
            for (CertBlob ca : bySubject.getOrDefault(name, List.of())) {
                if (!ca.sha256().equals(target.sha256()) && seen.add(ca)) {
                    reached.add(ca);
                    try {
                        next.add(canonical(jca(ca).getIssuerX500Principal()));
                    } catch (Exception e) {
                        // not convertible: it was not indexed either
                    }
                }
            }
        }
        if (reached.size() > maxPool) {
            return reached.subList(0, maxPool);
        }
        reached.sort(java.util.Comparator.comparingInt(positions::get)); // the order the intermediates were given in
        return reached;
    }

    private static String canonical(javax.security.auth.x500.X500Principal p) {
        return p.getName(javax.security.auth.x500.X500Principal.CANONICAL);
    }

    /** The innermost meaningful message, one line, printable. */
    private static String reason(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (best == null) {
            return "no valid path to a trust anchor";
        }
        best = best.split("\\R", 2)[0].replaceAll("[^\\x20-\\x7e]", "?");
        if (best.startsWith("No issuer certificate for certificate in certification path found")
                || best.startsWith("Unable to find certificate chain")) {
            return "issuer not found among the trust bundle and the intermediates read";
        }
        return best.length() > 200 ? best.substring(0, 200) + "..." : best;
    }
}
