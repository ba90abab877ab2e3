package org.meshaudit.collect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.meshaudit.api.EngineException;
import org.meshaudit.collect.cert.CertBlob;
import org.meshaudit.collect.cert.CertLimits;
import org.meshaudit.collect.cert.CertReader;
import org.meshaudit.collect.cert.KubeCertExtractor;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KindCoverage;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Workload;
import tools.jackson.databind.JsonNode;

/**
 * Accumulates what collectors read. Collectors hand it raw object trees; it projects and drops them. The items of a
 * {@link Batch} are projected on a second thread while the collector parses the next ones (parsing and projection
 * cost about the same, and the audit has two cores); objects are still added in the order they were read.
 */
public final class SnapshotBuilder implements AutoCloseable {
    /** Items handed to the projection thread and not yet projected, at most (bounds the raw trees held). */
    private static final int IN_FLIGHT = 256;
    private final List<String> sources = new ArrayList<>();
    /** One copy of each repeated string and label map across the snapshot's objects. */
    private final Interner interner = new Interner();
    private final List<KubeObject> objects = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();
    private final List<CollectionIssue> issues = new ArrayList<>();
    /** Objects added per apiVersion and kind (keyed by the pair while reading, by {@code apiVersion/kind} after). */
    private final java.util.Map<List<String>, int[]> kinds = new java.util.HashMap<>();
    /** Objects added so far, by API group, kind, namespace and name: a second one of these is a duplicate. */
    private final Set<Identity> seen = new HashSet<>();
    private final List<KindCoverage> coverage = new ArrayList<>();
    /** Objects the input holds that could not be read, each with the kinds it may be of: see {@link #unreadObject}. */
    private final List<Unread> unread = new ArrayList<>();
    private final InputDigest digest = new InputDigest();
    private final List<CertBlob> certificates = new ArrayList<>();
    private final TreeMap<String, JsonNode> statuses = new TreeMap<>();
    private KubeCertExtractor certExtractor;
    /** The projection thread of batches (created on the first batch), the last item it was given, the bound. */
    private java.util.concurrent.ExecutorService projector;
    private java.util.concurrent.Future<Pending> lastQueued;
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT);

    public void addSource(String description) {
        sources.add(description);
    }

    /** Feeds raw input bytes (with their name) into the input digest; they must not change afterwards. */
    public void digest(String name, byte[] bytes) {
        digest.add(name, bytes);
    }

    public void issue(String source, String kind, String message) {
        issues.add(new CollectionIssue(source, kind, message));
    }

    /** Streams raw input bytes (after {@link #digestStart}) into the input digest. */
    public void digestUpdate(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    /** Starts a streamed input: same digest as {@link #digest(String, byte[])} once every byte is passed on. */
    public void digestStart(String name) {
        digest.start(name);
    }

    /** Records the read outcome of one API resource (live collections and their snapshots). */
    public void coverage(KindCoverage c) {
        coverage.add(c);
    }

    /**
     * An object of the input that cannot be read: it is malformed (a duplicate key makes its meaning ambiguous) and
     * left out. Besides the issue, each type it may be of ({@code [apiVersion, kind]}, as far as known) is recorded as
     * not fully read, a {@link KindCoverage.State#FAILED FAILED} coverage entry at {@link #build}, so that no fact
     * depending on such objects can PASS: without it, a namespace whose PeerAuthentication was left out would simply
     * inherit the mesh-wide mode.
     */
    public void unreadObject(CollectionIssue issue, java.util.Collection<List<String>> types) {
        drain();
        add(unread(issue, types));
    }

    private static Pending unread(CollectionIssue issue, java.util.Collection<List<String>> types) {
        List<List<String>> known = types.stream().filter(t -> !t.get(0).isEmpty() && !t.get(1).isEmpty()).toList();
        return new Pending(null, null, -1, null, List.of(), List.of(), null, new Unread(issue, known));
    }

    /** Adds one raw Kubernetes object; invalid ones become collection issues. False when it was invalid. */
    public boolean addObject(JsonNode node, String source) {
        return addObject(node, source, -1);
    }

    /**
     * Adds item {@code item} of the {@code items} of a List read from {@code document} (-1: the document itself).
     * Returns false when the object was invalid, i.e. recorded as an issue and left out.
     */
    public boolean addObject(JsonNode node, String document, int item) {
        drain(); // projection state (interner, certificate reader) is used by one thread at a time
        Pending p = project(node, document, item);
        add(p);
        return p.invalid() == null;
    }

    /**
     * Items of one document whose kind is not known yet (kubectl prints {@code kind: List} after {@code items}):
     * each item is projected on the projection thread, its tree dropped, and added as soon as it is ready, in order,
     * as {@link #addObject} would have; {@link #commit} adds the rest, or {@link #discard} takes the batch's items
     * out of the snapshot again. (Added at once, the objects of a 100k-pod List no longer wait, with their projection
     * wrappers, until the List ends: that wait got them all copied into the old generation.)
     */
    public final class Batch {
        /** Items queued and not added yet, in order. */
        private final java.util.ArrayDeque<java.util.concurrent.Future<Pending>> pending = new java.util.ArrayDeque<>();
        /** The snapshot as it was before the batch: what {@link #discard} restores. */
        private final int objectsBefore = objects.size();
        private final int workloadsBefore = workloads.size();
        private final int issuesBefore = issues.size();
        private final int certificatesBefore = certificates.size();
        private final int unreadBefore = unread.size();
        private final java.util.Map<List<String>, Integer> kindsBefore = new java.util.HashMap<>();

        private Batch() {
            kinds.forEach((k, n) -> kindsBefore.put(k, n[0]));
        }

        /** Adds item {@code item} of the {@code items} of the List read from {@code document}. */
        public void add(JsonNode node, String document, int item) {
            pending.add(queue(node, document, item));
            while (!pending.isEmpty() && pending.peek().isDone()) {
                SnapshotBuilder.this.add(await(pending.poll()));
            }
        }

        /** As {@link SnapshotBuilder#unreadObject}, for an item of the List, in its place among the others. */
        public void unreadObject(CollectionIssue issue, java.util.Collection<List<String>> types) {
            pending.add(java.util.concurrent.CompletableFuture.completedFuture(unread(issue, types)));
        }

        public void commit() {
            while (!pending.isEmpty()) {
                SnapshotBuilder.this.add(await(pending.poll()));
            }
        }

        /** Forgets the batch: its items are not in the snapshot, nor their counts, certificates and issues. */
        public void discard() {
            pending.forEach(SnapshotBuilder::await);
            pending.clear();
            List<KubeObject> added = new ArrayList<>(objects.subList(objectsBefore, objects.size()));
            workloads.subList(workloadsBefore, workloads.size()).forEach(w -> added.add(w.meta()));
            for (KubeObject meta : added) {
                seen.remove(identity(meta));
                statuses.remove(statusKey(meta));
            }
            objects.subList(objectsBefore, objects.size()).clear();
            workloads.subList(workloadsBefore, workloads.size()).clear();
            issues.subList(issuesBefore, issues.size()).clear();
            certificates.subList(certificatesBefore, certificates.size()).clear();
            unread.subList(unreadBefore, unread.size()).clear();
            kinds.keySet().retainAll(kindsBefore.keySet());
            kindsBefore.forEach((k, n) -> kinds.get(k)[0] = n);
        }
    }

    public Batch batch() {
        return new Batch();
    }

    /** Hands one tree to the projection thread; blocks while {@value #IN_FLIGHT} are waiting. */
    private java.util.concurrent.Future<Pending> queue(JsonNode node, String document, int item) {
        if (projector == null) {
            projector = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "meshaudit-projector");
                t.setDaemon(true);
                return t;
            });
        }
        inFlight.acquireUninterruptibly();
        try {
            lastQueued = projector.submit(() -> {
                try {
                    return project(node, document, item);
                } finally {
                    inFlight.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.release();
            throw e;
        }
        return lastQueued;
    }

    /** Waits until the projection thread has done everything it was given (it runs them in order). */
    private void drain() {
        if (lastQueued != null) {
            await(lastQueued);
            lastQueued = null;
        }
    }

    private static Pending await(java.util.concurrent.Future<Pending> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // finish the wait: the projection state must not be shared
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new EngineException("projection failed: " + e.getCause(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the projection thread (after what it was given); idempotent. {@link #build} closes too. */
    @Override
    public void close() {
        digest.close();
        if (projector != null) {
            projector.shutdown();
            drainQuietly();
            projector = null;
        }
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException | Error e) {
            lastQueued = null; // an item that failed after its batch was abandoned: nothing waits for it
        }
    }

    /**
     * A projected object waiting to be added, with the certificate material (and cert-manager status) read from its
     * raw tree before the tree was dropped.
     */
    private record Pending(ObjectProjector.Projection projection, String document, int item, String invalid,
                           List<CertBlob> certificates, List<CollectionIssue> certIssues, JsonNode status,
                           Unread unread) {
        String source() {
            return KubeObject.sourceOf(document, item);
        }
    }

    private record Identity(String group, String kind, String namespace, String name) {
    }

    private static Identity identity(KubeObject meta) {
        return new Identity(meta.group(), meta.kind(), meta.namespace(), meta.name());
    }

    private static String statusKey(KubeObject meta) {
        return meta.group() + "|" + meta.key();
    }

    private Pending project(JsonNode node, String document, int item) {
        ObjectProjector.Projection projection;
        try {
            projection = ObjectProjector.project(node, document, item, interner);
        } catch (ObjectProjector.InvalidObjectException e) {
            return new Pending(null, document, item, e.getMessage(), List.of(), List.of(), null, null);
        }
        if (certExtractor == null) {
            certExtractor = new KubeCertExtractor(new CertReader(CertLimits.defaults(), null));
        }
        KubeObject meta = projection.object();
        List<CertBlob> certs = new ArrayList<>();
        List<CollectionIssue> certIssues = new ArrayList<>();
        certExtractor.extract(node, meta, new CertReader.Sink() {
            @Override
            public void certificate(CertBlob blob) {
                certs.add(blob);
            }

            @Override
            public void issue(String where, String kind, String message) {
                certIssues.add(new CollectionIssue(where, kind, message));
            }
        });
        JsonNode status = ProjectionReads.readsStatus(meta.apiVersion()) && node.path("status").isObject()
                ? interner.tree(node.get("status")) : null; // conditions repeat: Ready, True, the same reasons
        return new Pending(projection, document, item, null, certs, certIssues, status, null);
    }

    /** An object left out as unreadable: its issue, and the {@code [apiVersion, kind]} pairs it may be of. */
    private record Unread(CollectionIssue issue, List<List<String>> types) {
    }

    private void add(Pending pending) {
        if (pending.unread() != null) {
            issues.add(pending.unread().issue());
            unread.add(pending.unread());
            return;
        }
        String source = pending.source();
        if (pending.invalid() != null) {
            issue(source, "invalid-object", pending.invalid());
            return;
        }
        ObjectProjector.Projection p = pending.projection();
        KubeObject meta = p.object();
        kinds.computeIfAbsent(List.of(meta.apiVersion(), meta.kind()), k -> new int[1])[0]++;
        if (!seen.add(identity(meta))) {
            issue(source, "duplicate-object", meta.key() + " appears more than once; the first occurrence is used");
            return;
        }
        certificates.addAll(pending.certificates());
        issues.addAll(pending.certIssues());
        if (pending.status() != null) {
            statuses.put(statusKey(meta), pending.status());
        }
        if (p.workload() != null) {
            workloads.add(p.workload());
        } else {
            objects.add(meta);
        }
    }

    /**
     * One FAILED coverage entry per API group and kind of the unread objects; a kind a live or snapshot source recorded
     * as read turns FAILED too (manifests given beside it hold one of its objects unread).
     */
    private void coverUnread() {
        java.util.Map<List<String>, List<String>> sources = new java.util.TreeMap<>(
                java.util.Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        java.util.Map<List<String>, String> versions = new java.util.HashMap<>();
        for (Unread u : unread) {
            for (List<String> t : u.types()) {
                String apiVersion = t.get(0);
                int slash = apiVersion.indexOf('/');
                List<String> groupKind = List.of(slash < 0 ? "" : apiVersion.substring(0, slash), t.get(1));
                versions.putIfAbsent(groupKind, apiVersion.substring(slash + 1));
                List<String> at = sources.computeIfAbsent(groupKind, k -> new ArrayList<>());
                if (!at.contains(u.issue().source())) {
                    at.add(u.issue().source());
                }
            }
        }
        sources.forEach((gk, at) -> {
            String detail = at.size() + " object(s) in the input could not be read (malformed, see the collection "
                    + "issues): " + String.join(", ", at.subList(0, Math.min(3, at.size()))) + (at.size() > 3 ? ", …" : "");
            for (int i = 0; i < coverage.size(); i++) {
                KindCoverage c = coverage.get(i);
                if (c.group().equals(gk.get(0)) && c.kind().equals(gk.get(1))) {
                    // a live or snapshot source read the kind; manifests beside it hold one of its objects unread
                    if (c.state() != KindCoverage.State.FAILED) {
                        coverage.set(i, new KindCoverage(c.group(), c.version(), c.resource(), c.kind(),
                                KindCoverage.State.FAILED, c.objects(), c.detail() + "; " + detail));
                    }
                    return;
                }
            }
            coverage.add(new KindCoverage(gk.get(0), versions.get(gk), plural(gk.get(1)), gk.get(1),
                    KindCoverage.State.FAILED, 0, detail));
        });
        unread.clear();
    }

    /** The resource name Kubernetes would guess for a kind (an offline source does not know the real one). */
    static String plural(String kind) {
        String k = kind.toLowerCase(java.util.Locale.ROOT);
        if (k.endsWith("y") && k.length() > 1 && "aeiou".indexOf(k.charAt(k.length() - 2)) < 0) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        return k.endsWith("s") || k.endsWith("x") || k.endsWith("ch") || k.endsWith("sh") ? k + "es" : k + "s";
    }

    public CertReader.Sink certificateSink() {
        return new CertReader.Sink() {
            @Override
            public void certificate(CertBlob blob) {
                certificates.add(blob);
            }

            @Override
            public void issue(String source, String kind, String message) {
                SnapshotBuilder.this.issue(source, kind, message);
            }
        };
    }

    public Snapshot build() {
        close();
        coverUnread();
        interner.clear();
        String description = sources.isEmpty() ? "none" : String.join("; ", sources);
        TreeMap<String, Integer> perKind = new TreeMap<>();
        kinds.forEach((k, n) -> perKind.merge(k.get(0) + "/" + k.get(1), n[0], Integer::sum));
        return new Snapshot(description, objects, workloads, issues, perKind, digest.result(), coverage, certificates,
                statuses);
    }
}
