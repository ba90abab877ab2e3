package org.meshaudit.collect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.meshaudit.collect.cert.CertBlob;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KindCoverage;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Workload;
import tools.jackson.databind.JsonNode;

/**
 * Everything one run collected, whatever the source: objects, workloads, what could not be read, and a digest of
 * the input. Immutable once built; every list is in a deterministic order.
 */
public final class Snapshot {
    private final String source;
    private final List<KubeObject> objects;
    private final List<Workload> workloads;
    private final List<CollectionIssue> issues;
    private final SortedMap<String, Integer> kinds;
    /** The input digest, possibly still being computed (it is first needed for the report's metadata). */
    private final java.util.function.Supplier<String> inputDigest;
    private final Map<String, List<KubeObject>> byKind;
    private volatile Map<String, List<KubeObject>> byNamespace;
    private volatile Map<KubeObject, Integer> positions;
    private final List<KindCoverage> coverage;
    private final List<CertBlob> certificates;
    private final Map<String, JsonNode> statuses;

    Snapshot(String source, List<KubeObject> objects, List<Workload> workloads, List<CollectionIssue> issues,
             SortedMap<String, Integer> kinds, String inputDigest) {
        this(source, objects, workloads, issues, kinds, inputDigest, List.of(), List.of(), Map.of());
    }

    /**
     * @param coverage     per-resource read outcome of a live collection (for manifests: only the kinds of objects
     *                     left out as unreadable, FAILED)
     * @param certificates certificate material read, one entry per source
     * @param statuses     status of cert-manager objects, by {@code group|key}
     */
    Snapshot(String source, List<KubeObject> objects, List<Workload> workloads, List<CollectionIssue> issues,
             SortedMap<String, Integer> kinds, String inputDigest, List<KindCoverage> coverage,
             List<CertBlob> certificates, Map<String, JsonNode> statuses) {
        this(source, objects, workloads, issues, kinds, () -> inputDigest, coverage, certificates, statuses);
    }

    /** As above, with the input digest delivered when it is first asked for (it may still be being computed). */
    Snapshot(String source, List<KubeObject> objects, List<Workload> workloads, List<CollectionIssue> issues,
             SortedMap<String, Integer> kinds, java.util.function.Supplier<String> inputDigest,
             List<KindCoverage> coverage, List<CertBlob> certificates, Map<String, JsonNode> statuses) {
        List<KindCoverage> cov = new ArrayList<>(coverage);
        Collections.sort(cov);
        this.coverage = List.copyOf(cov);
        List<CertBlob> certs = new ArrayList<>(certificates);
        certs.sort(java.util.Comparator.comparing(CertBlob::source));
        this.certificates = List.copyOf(certs);
        this.statuses = Collections.unmodifiableMap(new TreeMap<>(statuses));
        this.source = source;
        this.objects = List.copyOf(objects);
        this.workloads = List.copyOf(workloads);
        List<CollectionIssue> sorted = new ArrayList<>(issues);
        Collections.sort(sorted);
        this.issues = List.copyOf(sorted);
        this.kinds = Collections.unmodifiableSortedMap(new TreeMap<>(kinds));
        this.inputDigest = inputDigest;
        Map<String, List<KubeObject>> index = new TreeMap<>();
        for (KubeObject o : this.objects) {
            index.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byKind = Collections.unmodifiableMap(index);
    }

    /** Human description of where the input came from, e.g. {@code manifests: examples/demo-cluster}. */
    public String source() {
        return source;
    }

    /** Non-workload objects (and the controllers' own identities are not repeated here). */
    public List<KubeObject> objects() {
        return objects;
    }

    /** Objects of one kind, any API group. */
    public List<KubeObject> ofKind(String kind) {
        return byKind.getOrDefault(kind, List.of());
    }

    /** Objects of one kind within an API group ({@code ""} for core). */
    public List<KubeObject> ofKind(String group, String kind) {
        List<KubeObject> out = new ArrayList<>();
        for (KubeObject o : ofKind(kind)) {
            if (o.group().equals(group)) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * Objects of one kind and API group in one namespace ({@code ""}: cluster-scoped), in input order. Indexed: the
     * normalize stage asks this per workload, and scanning every object of the kind made it quadratic at scale.
     */
    public List<KubeObject> ofKind(String group, String kind, String namespace) {
        Map<String, List<KubeObject>> index = byNamespace;
        if (index == null) {
            index = new java.util.HashMap<>();
            for (KubeObject o : objects) {
                index.computeIfAbsent(o.group() + "\u0000" + o.kind() + "\u0000" + o.namespace(), k -> new ArrayList<>()).add(o);
            }
            byNamespace = index;
        }
        return index.getOrDefault(group + "\u0000" + kind + "\u0000" + namespace, List.of());
    }

    /** Position of an object in {@link #objects()} (input order), for merging indexed lists. */
    public int position(KubeObject o) {
        Map<KubeObject, Integer> p = positions;
        if (p == null) {
            p = new java.util.IdentityHashMap<>();
            for (int i = 0; i < objects.size(); i++) {
                p.put(objects.get(i), i);
            }
            positions = p;
        }
        return p.getOrDefault(o, Integer.MAX_VALUE);
    }

    /** The object of one kind, group, namespace and name, or null. */
    public KubeObject named(String group, String kind, String namespace, String name) {
        for (KubeObject o : ofKind(group, kind, namespace)) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    public List<Workload> workloads() {
        return workloads;
    }

    public List<CollectionIssue> issues() {
        return issues;
    }

    /** Count of objects read per {@code apiVersion/kind}, unknown kinds included. */
    public SortedMap<String, Integer> kinds() {
        return kinds;
    }

    /**
     * Per-resource read outcome of a live collection (or of the snapshot file that recorded one); for manifests, only
     * the kinds of objects the input holds but that could not be read (FAILED). Sorted by group, then resource.
     */
    public List<KindCoverage> coverage() {
        return coverage;
    }

    /** The coverage entry of {@code group/kind}, or null when the source did not record one. */
    public KindCoverage coverageOf(String group, String kind) {
        for (KindCoverage c : coverage) {
            if (c.group().equals(group) && c.kind().equals(kind)) {
                return c;
            }
        }
        return null;
    }

    /** Every certificate read (one entry per source: the same certificate may appear several times), by source. */
    public List<CertBlob> certificates() {
        return certificates;
    }

    /** The {@code status} of a cert-manager object as read, or null (manifests usually carry none). */
    public JsonNode status(KubeObject o) {
        return statuses.get(o.group() + "|" + o.key());
    }

    /**
     * The same snapshot reduced to the objects and workloads a later stage reads (certificate material, statuses,
     * issues, coverage and digest are kept whole), so that the caller can release the rest before a long stage.
     */
    public Snapshot retain(java.util.function.Predicate<KubeObject> object, java.util.function.Predicate<Workload> workload) {
        return new Snapshot(source, objects.stream().filter(object).toList(), workloads.stream().filter(workload).toList(),
                issues, kinds, inputDigest, coverage, certificates, statuses);
    }

    /** sha256 over the raw input bytes, in read order (waits for it when it is still being computed). */
    public String inputDigest() {
        return inputDigest.get();
    }

    /**
     * The input digest without waiting for it: for a caller that releases the snapshot before it needs the digest
     * (the digest is computed on a thread of its own, beside the stages that follow collection).
     */
    public java.util.function.Supplier<String> inputDigestLater() {
        return inputDigest;
    }
}
