package org.meshaudit.collect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.meshaudit.api.EngineException;
import org.meshaudit.collect.cert.CertBlob;
import org.meshaudit.collect.cert.CertLimits;
import org.meshaudit.collect.cert.CertReader;
import org.meshaudit.collect.cert.KubeCertExtractor;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Workload;
import tools.jackson.databind.JsonNode;

/** Accumulates what collectors read. Collectors hand it raw object trees; it projects and drops them. */
public final class SnapshotBuilder {
    private final List<String> sources = new ArrayList<>();
    private final List<KubeObject> objects = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();
    private final List<CollectionIssue> issues = new ArrayList<>();
    private final TreeMap<String, Integer> kinds = new TreeMap<>();
    private final Set<String> seen = new HashSet<>();
    private final MessageDigest digest;
    private final List<CertBlob> certificates = new ArrayList<>();
    private final TreeMap<String, JsonNode> statuses = new TreeMap<>();
    private KubeCertExtractor certExtractor;

    public SnapshotBuilder() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new EngineException("SHA-256 unavailable", e);
        }
    }

    public void addSource(String description) {
        sources.add(description);
    }

    /** Feeds raw input bytes (with their name) into the input digest. */
    public void digest(String name, byte[] bytes) {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bytes);
    }

    public void issue(String source, String kind, String message) {
        issues.add(new CollectionIssue(source, kind, message));
    }

    /** Adds one raw Kubernetes object; invalid ones become collection issues. */
    public void addObject(JsonNode node, String source) {
        ObjectProjector.Projection p;
        try {
            p = ObjectProjector.project(node, source);
        } catch (ObjectProjector.InvalidObjectException e) {
            issue(source, "invalid-object", e.getMessage());
            return;
        }
        KubeObject meta = p.object();
        kinds.merge(meta.apiVersion() + "/" + meta.kind(), 1, Integer::sum);
        String identity = meta.group() + "|" + meta.key();
        if (!seen.add(identity)) {
            issue(source, "duplicate-object", meta.key() + " appears more than once; the first occurrence is used");
            return;
        }
        certificateMaterial(node, meta);
        if (p.workload() != null) {
            workloads.add(p.workload());
        } else {
            objects.add(meta);
        }
    }

    /**
     * Certificate material of an object is read here, before the projection drops Secret and ConfigMap data; the
     * status of cert-manager objects is kept for the lifecycle facts (CM-3).
     */
    private void certificateMaterial(JsonNode node, KubeObject meta) {
        if (certExtractor == null) {
            certExtractor = new KubeCertExtractor(new CertReader(CertLimits.defaults(), null));
        }
        certExtractor.extract(node, meta, certificateSink());
        if (meta.group().equals("cert-manager.io") && node.path("status").isObject()) {
            statuses.put(meta.group() + "|" + meta.key(), node.get("status"));
        }
    }

    /** Where certificate readers deliver blobs and issues. */
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
        String description = sources.isEmpty() ? "none" : String.join("; ", sources);
        String hex = HexFormat.of().formatHex(digest.digest());
        return new Snapshot(description, objects, workloads, issues, kinds, "sha256:" + hex, certificates, statuses);
    }
}
