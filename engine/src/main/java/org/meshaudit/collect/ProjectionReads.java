package org.meshaudit.collect;

import java.util.Map;
import java.util.function.Function;
import org.meshaudit.collect.cert.KubeCertExtractor;
import org.meshaudit.model.KubeObject;

/**
 * What the collect stage reads of a raw object: {@link ObjectProjector} (metadata, a trimmed payload, the pod
 * template), {@link KubeCertExtractor} (certificate entries) and {@link SnapshotBuilder} (cert-manager status).
 * Rules see objects only through that projection, so a subtree it does not read is one no rule can read, and a
 * collector may leave it out while parsing (the live path's redaction filter, the manifest reader's pruning): what is
 * never built costs neither parse time nor memory, and private keys never reach a tree.
 *
 * <p>This must grow with the projection: a subtree left out here that the projection reads would be missing evidence,
 * a false PASS at worst. PrunedItemReaderTest builds snapshots from whole and from pruned trees and compares.
 */
public final class ProjectionReads {

    /**
     * The part of a JSON subtree that is read: all of it, some of an object's properties (each with its own part), or
     * each element of an array. A value that is not the container its part expects is read whole, so the projection
     * sees it (and rejects it) exactly as written.
     */
    public static final class Part {
        public static final Part ALL = new Part(null, null);

        private final Function<String, Part> properties;
        private final Part elements;

        private Part(Function<String, Part> properties, Part elements) {
            this.properties = properties;
            this.elements = elements;
        }

        /** An object of which property {@code name} is read as {@code parts.apply(name)}; null: not read. */
        static Part properties(Function<String, Part> parts) {
            return new Part(parts, null);
        }

        static Part properties(Map<String, Part> parts) {
            return properties(parts::get);
        }

        /** An array each element of which is read as {@code each}. */
        static Part elements(Part each) {
            return new Part(null, each);
        }

        public boolean all() {
            return this == ALL;
        }

        public boolean isObject() {
            return properties != null;
        }

        public boolean isArray() {
            return elements != null;
        }

        /** Of an object part: the part read of property {@code name}, or null when it is not read. */
        public Part property(String name) {
            return properties.apply(name);
        }

        /** Of an array part: the part read of each element. */
        public Part element() {
            return elements;
        }
    }

    /** Whether anything reads this {@code metadata} field: all but the server-side apply bookkeeping. */
    public static boolean readsMetadataField(String name) {
        return !name.equals("managedFields");
    }

    /**
     * Whether an annotation is read: all but kubectl's {@code last-applied-configuration}, a copy of the whole object
     * as last applied (for a Secret, its data, keys included) that no rule reads.
     */
    public static boolean readsAnnotation(String key) {
        return !key.equals("kubectl.kubernetes.io/last-applied-configuration");
    }

    /** Whether a Secret's {@code data}/{@code stringData} entry is read: certificate entries only, never keys. */
    public static boolean readsSecretKey(String key) {
        return KubeCertExtractor.readsSecretKey(key);
    }

    /**
     * Whether the content of {@code status} is read: cert-manager.io's only (issued CertificateRequests, the statuses
     * the snapshot keeps). Of every other object only the presence of {@code status} is read (a Pod's is admission).
     */
    public static boolean readsStatus(String apiVersion) {
        return KubeObject.groupOf(apiVersion).equals("cert-manager.io");
    }

    private static final Part ANNOTATIONS = Part.properties(key -> readsAnnotation(key) ? Part.ALL : null);
    private static final Part METADATA = Part.properties(name -> !readsMetadataField(name) ? null
            : name.equals("annotations") ? ANNOTATIONS : Part.ALL);
    private static final Part SECRET_DATA = Part.properties(key -> readsSecretKey(key) ? Part.ALL : null);
    /** Of an object, that it is there: an empty object stands for it. */
    private static final Part PRESENCE = Part.properties(name -> null);
    /** What {@code ObjectProjector.containers} reads of a container. */
    private static final Part CONTAINER = Part.properties(Map.of("name", Part.ALL, "ports", Part.ALL,
            "restartPolicy", Part.ALL));
    /** What {@code ObjectProjector.template} reads of a pod spec. */
    private static final Part POD_SPEC = Part.properties(Map.of("containers", Part.elements(CONTAINER),
            "initContainers", Part.elements(CONTAINER), "hostNetwork", Part.ALL, "serviceAccountName", Part.ALL,
            "serviceAccount", Part.ALL));
    /** A pod template: its labels and annotations, its pod spec. */
    private static final Part TEMPLATE = Part.properties(Map.of("metadata", Part.ALL, "spec", POD_SPEC));
    private static final Part CONTROLLER_SPEC = Part.properties(Map.of("template", TEMPLATE));
    private static final Part CRONJOB_SPEC = Part.properties(Map.of("jobTemplate",
            Part.properties(Map.of("spec", Part.properties(Map.of("template", TEMPLATE))))));

    private ProjectionReads() {
    }

    /**
     * The part read of the top-level property {@code name} of an object, given its {@code apiVersion} and
     * {@code kind} as read so far (null: not read yet; what depends on it is then read whole). The payload of Pods
     * and pod controllers is only their pod template (whatever their apiVersion); Secret data only its certificates.
     */
    public static Part ofProperty(String name, String apiVersion, String kind) {
        switch (name) {
            case "metadata":
                return METADATA;
            case "status":
                return apiVersion == null || readsStatus(apiVersion) ? Part.ALL : PRESENCE;
            case "spec":
                if (kind == null) {
                    return Part.ALL;
                }
                if (kind.equals("Pod")) {
                    return POD_SPEC;
                }
                if (ObjectProjector.CONTROLLERS.contains(kind)) {
                    return kind.equals("CronJob") ? CRONJOB_SPEC : CONTROLLER_SPEC;
                }
                return Part.ALL;
            case "data":
            case "stringData":
                return "Secret".equals(kind) ? SECRET_DATA : Part.ALL;
            default:
                return Part.ALL;
        }
    }

    /** A scalar as the projection reads {@code apiVersion} and {@code kind} ({@code ""} for containers and null). */
    public static String text(tools.jackson.databind.JsonNode n) {
        return ObjectProjector.text(n);
    }
}
