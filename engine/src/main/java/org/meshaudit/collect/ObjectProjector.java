package org.meshaudit.collect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.meshaudit.model.Container;
import org.meshaudit.model.ContainerPort;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.OwnerRef;
import org.meshaudit.model.PodTemplate;
import org.meshaudit.model.Workload;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Projects a raw object tree into what the engine keeps. This is where secrets are dropped: Secret payloads are
 * never copied, and ConfigMap data is kept only for the mesh configuration maps the posture needs. Collectors may leave
 * out of the tree what this does not read: reading more here means saying so in {@link ProjectionReads}.
 */
final class ObjectProjector {

    /** Kinds that live outside namespaces; every other kind defaults to namespace {@code default}, as kubectl does. */
    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume", "ClusterRole",
            "ClusterRoleBinding", "CustomResourceDefinition", "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
            "APIService", "StorageClass", "PriorityClass", "IngressClass", "RuntimeClass", "GatewayClass",
            "ClusterIssuer", "Bundle", "ClusterBundle", "ClusterPolicyReport", "ClusterReport", "CSIDriver",
            "VolumeAttachment", "CertificateSigningRequest", "PodSecurityPolicy", "ClusterTrustBundle");

    static final Set<String> CONTROLLERS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job",
            "CronJob", "ReplicationController");

    /** ConfigMaps whose data the mesh posture needs (IST-MC-1, IST-DP-4, LKD-POL-1). */
    static boolean keepsConfigMapData(String name) {
        return name.equals("istio") || name.startsWith("istio-sidecar-injector") || name.equals("linkerd-config")
                || (name.startsWith("istio-") && !name.equals("istio-ca-root-cert"));
    }

    record Projection(KubeObject object, Workload workload) {
    }

    static final class InvalidObjectException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidObjectException(String message) {
            super(message);
        }
    }

    private ObjectProjector() {
    }

    /** Body kept for objects whose body is not retained (shared: nothing writes to a snapshot's nodes). */
    private static final ObjectNode EMPTY = JsonNodeFactory.instance.objectNode();

    /**
     * @param document where it was read (see {@link KubeObject#document()})
     * @param item     its index in the document's items, or -1
     * @param interner canonical strings and maps shared by the objects of one snapshot
     */
    static Projection project(JsonNode node, String document, int item, Interner interner)
            throws InvalidObjectException {
        Interner in = interner;
        if (node == null || !node.isObject()) {
            throw new InvalidObjectException("document is not a Kubernetes object (not a mapping)");
        }
        String apiVersion = in.string(text(node.get("apiVersion")));
        String kind = in.string(text(node.get("kind")));
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw new InvalidObjectException("document is not a Kubernetes object (no apiVersion/kind)");
        }
        JsonNode metadata = node.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            throw new InvalidObjectException(kind + " has no metadata");
        }
        String name = in.string(text(metadata.get("name"))); // web-tls, api: the same in every namespace
        if (name.isEmpty()) {
            throw new InvalidObjectException(kind + " has no metadata.name");
        }
        String namespace = in.string(text(metadata.get("namespace")));
        if (CLUSTER_SCOPED.contains(kind)) {
            namespace = "";
        } else if (namespace.isEmpty()) {
            namespace = "default";
        }
        Map<String, String> labels = stringMap(metadata.get("labels"), kind + " " + name + " labels", in, false);
        Map<String, String> annotations = stringMap(metadata.get("annotations"), kind + " " + name + " annotations",
                in, true);
        String uid = text(metadata.get("uid"));
        String created = in.string(text(metadata.get("creationTimestamp")));
        document = in.string(document);

        JsonNode payload = in.tree(payload(kind, name, node));
        KubeObject meta = new KubeObject(apiVersion, kind, namespace, name, uid, created, labels, annotations,
                payload, document, item);

        if (kind.equals("Pod") && apiVersion.equals("v1")) {
            boolean admitted = !uid.isEmpty() || node.has("status");
            PodTemplate t = template(labels, annotations, node.get("spec"), kind + " " + name, in);
            return new Projection(meta, new Workload(withoutSpec(meta), t, owners(metadata, in), admitted));
        }
        if (CONTROLLERS.contains(kind) && (apiVersion.startsWith("apps/") || apiVersion.startsWith("batch/")
                || apiVersion.equals("v1"))) {
            JsonNode spec = node.get("spec");
            JsonNode tmpl = kind.equals("CronJob") ? at(spec, "jobTemplate", "spec", "template") : at(spec, "template");
            if (tmpl == null || !tmpl.isObject()) {
                throw new InvalidObjectException(kind + " " + name + " has no pod template");
            }
            JsonNode tmeta = tmpl.get("metadata");
            Map<String, String> tl = stringMap(tmeta == null ? null : tmeta.get("labels"),
                    kind + " " + name + " template labels", in, false);
            Map<String, String> ta = stringMap(tmeta == null ? null : tmeta.get("annotations"),
                    kind + " " + name + " template annotations", in, true);
            PodTemplate t = template(tl, ta, tmpl.get("spec"), kind + " " + name, in);
            return new Projection(meta, new Workload(withoutSpec(meta), t, owners(metadata, in), false));
        }
        return new Projection(meta, null);
    }

    private static KubeObject withoutSpec(KubeObject m) {
        return new KubeObject(m.apiVersion(), m.kind(), m.namespace(), m.name(), m.uid(), m.creationTimestamp(),
                m.labels(), m.annotations(), EMPTY, m.document(), m.item());
    }

    /** What is kept of an object's body: spec for most kinds; nothing for Secrets; mesh keys only for ConfigMaps. */
    private static JsonNode payload(String kind, String name, JsonNode node) {
        ObjectNode empty = EMPTY;
        switch (kind) {
            case "Secret":
                return empty; // never retain secret data
            case "ConfigMap": {
                JsonNode data = node.get("data");
                return keepsConfigMapData(name) && data != null && data.isObject() ? data : empty;
            }
            case "Pod":
            case "Deployment": case "StatefulSet": case "DaemonSet": case "ReplicaSet": case "Job": case "CronJob":
            case "ReplicationController":
                return empty; // projected into PodTemplate
            default: {
                JsonNode spec = node.get("spec");
                if (spec != null && spec.isObject()) {
                    return spec;
                }
                // a few kinds (e.g. some Linkerd and trust objects) carry their payload at top level
                ObjectNode copy = JsonNodeFactory.instance.objectNode();
                node.properties().forEach(e -> {
                    String k = e.getKey();
                    if (!k.equals("apiVersion") && !k.equals("kind") && !k.equals("metadata") && !k.equals("status")) {
                        copy.set(k, e.getValue());
                    }
                });
                return copy;
            }
        }
    }

    private static PodTemplate template(Map<String, String> labels, Map<String, String> annotations, JsonNode spec,
                                        String what, Interner in) throws InvalidObjectException {
        if (spec == null || !spec.isObject()) {
            throw new InvalidObjectException(what + " has no pod spec");
        }
        List<Container> containers = new ArrayList<>();
        containers(spec.get("containers"), false, containers, what, in);
        containers(spec.get("initContainers"), true, containers, what, in);
        String sa = in.string(text(spec.get("serviceAccountName")));
        if (sa.isEmpty()) {
            sa = text(spec.get("serviceAccount"));
        }
        return in.value(new PodTemplate(labels, annotations, spec.path("hostNetwork").asBoolean(false),
                sa.isEmpty() ? "default" : sa, in.value(List.copyOf(containers))));
    }

    private static void containers(JsonNode list, boolean init, List<Container> out, String what, Interner in)
            throws InvalidObjectException {
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw new InvalidObjectException(what + ": containers is not a list");
        }
        for (JsonNode c : list) {
            String name = in.string(text(c.get("name")));
            List<ContainerPort> ports = new ArrayList<>();
            JsonNode pl = c.get("ports");
            if (pl != null && pl.isArray()) {
                for (JsonNode p : pl) {
                    JsonNode num = p.get("containerPort");
                    if (num == null || !num.canConvertToInt() || num.asInt() < 1 || num.asInt() > 65535) {
                        throw new InvalidObjectException(what + ": container " + name + " has an invalid containerPort "
                                + (num == null ? "(missing)" : num.toString()));
                    }
                    String proto = text(p.get("protocol"));
                    ports.add(new ContainerPort(in.string(text(p.get("name"))), num.asInt(),
                            proto.isEmpty() ? "TCP" : in.string(proto)));
                }
            }
            boolean always = "Always".equals(text(c.get("restartPolicy")));
            out.add(new Container(name, List.copyOf(ports), init, always));
        }
    }

    private static List<OwnerRef> owners(JsonNode metadata, Interner in) {
        JsonNode refs = metadata.get("ownerReferences");
        if (refs == null || !refs.isArray()) {
            return List.of();
        }
        List<OwnerRef> out = new ArrayList<>();
        for (JsonNode r : refs) {
            out.add(new OwnerRef(in.string(text(r.get("kind"))), in.string(text(r.get("name"))), text(r.get("uid"))));
        }
        return in.value(List.copyOf(out));
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode cur = node;
        for (String p : path) {
            if (cur == null || !cur.isObject()) {
                return null;
            }
            cur = cur.get(p);
        }
        return cur;
    }

    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainer()) {
            return "";
        }
        return n.asString();
    }

    private static Map<String, String> stringMap(JsonNode n, String what, Interner in, boolean annotations)
            throws InvalidObjectException {
        if (n == null || n.isNull()) {
            return Collections.emptySortedMap();
        }
        if (!n.isObject()) {
            throw new InvalidObjectException(what + " is not a mapping");
        }
        TreeMap<String, String> out = new TreeMap<>();
        for (var e : n.properties()) {
            if (annotations && !ProjectionReads.readsAnnotation(e.getKey())) {
                continue;
            }
            JsonNode v = e.getValue();
            out.put(in.string(e.getKey()), in.string(v == null || v.isNull() ? "" : v.isContainer() ? v.toString()
                    : v.asString()));
        }
        return in.map(out);
    }
}
