package org.meshaudit.model;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One Kubernetes object as the engine keeps it after collection: identity, labels, annotations and a
 * trimmed {@code spec}. Bulky or sensitive parts (status, managedFields, Secret and ConfigMap data other than
 * the mesh configuration keys) are dropped while reading, never kept.
 *
 * @param apiVersion        as written, e.g. {@code security.istio.io/v1}
 * @param kind              as written, e.g. {@code PeerAuthentication}
 * @param namespace         namespace, or {@code ""} for cluster-scoped objects
 * @param name              metadata.name
 * @param uid               metadata.uid, or {@code ""} when the object was never admitted
 * @param creationTimestamp metadata.creationTimestamp as written (RFC 3339), or {@code ""}
 * @param labels            metadata.labels (sorted, never null)
 * @param annotations       metadata.annotations (sorted, never null)
 * @param spec              the object's payload: {@code spec} for most kinds, {@code data} for mesh ConfigMaps; may be
 *                          an empty object, never null
 * @param document          the document it was read from, e.g. {@code examples/demo/shop.yaml:42}
 * @param item              its index in that document's {@code items} (a {@code kind: List}), or -1
 */
public record KubeObject(String apiVersion, String kind, String namespace, String name, String uid,
                         String creationTimestamp, Map<String, String> labels, Map<String, String> annotations,
                         JsonNode spec, String document, int item) {

    /**
     * Where it was read, e.g. {@code examples/demo/shop.yaml:42} or {@code pods.json:1#items[7]}. Composed when asked:
     * the 100k items of one List share their document's string instead of keeping one location string each.
     */
    public String source() {
        return sourceOf(document, item);
    }

    /** {@link #source()} of an object read from {@code document}, at {@code item} of its items or -1. */
    public static String sourceOf(String document, int item) {
        return item < 0 ? document : document + "#items[" + item + "]";
    }

    /** API group of {@link #apiVersion()}, {@code ""} for the core group. */
    public String group() {
        return groupOf(apiVersion);
    }

    /** API group of an apiVersion, {@code ""} for the core group. */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /**
     * {@link #creationTimestamp()} as an instant; {@link java.time.Instant#MAX} when it is absent or unreadable, so
     * that such objects sort as the newest (the meshes order policies by age, oldest first).
     */
    public java.time.Instant createdOrNewest() {
        if (creationTimestamp.isEmpty()) {
            return java.time.Instant.MAX;
        }
        try {
            return java.time.OffsetDateTime.parse(creationTimestamp).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.Instant.MAX;
        }
    }

    /** {@code Kind/namespace/name}, or {@code Kind/name} for cluster-scoped objects. */
    public String key() {
        return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }

    public String label(String key) {
        return labels.get(key);
    }

    public String annotation(String key) {
        return annotations.get(key);
    }
}
