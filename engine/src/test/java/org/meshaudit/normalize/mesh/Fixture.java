package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.collect.SnapshotBuilder;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.WorkloadPosture;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Builds snapshots from inline YAML and summarises results for table-driven tests. */
final class Fixture {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** The Istio mesh ConfigMap with one line of mesh config, and an injector with policy {@code enabled}. */
    static String istioMesh(String meshLine) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: istio, namespace: istio-system}
                data:
                  mesh: |
                    %s
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: istio-sidecar-injector, namespace: istio-system}
                data:
                  config: |
                    policy: enabled
                ---
                """.formatted(meshLine);
    }

    /** Istio mesh ConfigMap with default root namespace and the default injector. */
    static final String ISTIO = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: istio, namespace: istio-system}
            data:
              mesh: |
                trustDomain: cluster.local
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: istio-sidecar-injector, namespace: istio-system}
            data:
              config: |
                policy: enabled
              values: '{"global":{"proxy":{"autoInject":"enabled"}},"sidecarInjectorWebhook":{"enableNamespacesByDefault":false}}'
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: istio-system}
            """;

    static final String LINKERD = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: linkerd-config, namespace: linkerd}
            data:
              values: |
                proxy:
                  defaultInboundPolicy: all-unauthenticated
            """;

    private Fixture() {
    }

    static Snapshot snapshot(String... yamlParts) {
        SnapshotBuilder b = new SnapshotBuilder();
        int i = 0;
        for (String part : yamlParts) {
            for (String doc : part.split("(?m)^---\\s*$")) {
                if (doc.isBlank()) {
                    continue;
                }
                JsonNode node = YAML.readTree(doc);
                b.addObject(node, "test.yaml#" + (i++));
            }
        }
        return b.build();
    }

    static MeshPosture resolve(String... yaml) {
        return MeshPostureResolver.resolve(snapshot(yaml), MeshOptions.defaults());
    }

    static MeshPosture resolve(MeshOptions options, String... yaml) {
        return MeshPostureResolver.resolve(snapshot(yaml), options);
    }

    static MeshOptions assumeDefaults() {
        return new MeshOptions(null, true, Set.of(), Set.of());
    }

    /** Namespace with labels/annotations written as flow maps, e.g. {@code "{istio-injection: enabled}"}. */
    static String ns(String name, String labels, String annotations) {
        return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n  labels: " + labels
                + "\n  annotations: " + annotations + "\n---\n";
    }

    static String ns(String name, String labels) {
        return ns(name, labels, "{}");
    }

    /** An admitted pod with an istio-proxy sidecar and the given labels, annotations and TCP ports. */
    static String istioPod(String ns, String name, String labels, String annotations, int... ports) {
        return pod(ns, name, labels, annotations, true, "istio-proxy", ports);
    }

    static String linkerdPod(String ns, String name, String labels, String annotations, int... ports) {
        return pod(ns, name, labels, annotations, true, "linkerd-proxy", ports);
    }

    /** A pod; {@code proxy} null for none; {@code admitted} adds a uid. */
    static String pod(String ns, String name, String labels, String annotations, boolean admitted, String proxy,
                      int... ports) {
        StringBuilder sb = new StringBuilder();
        sb.append("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ").append(name).append("\n  namespace: ").append(ns)
                .append("\n  labels: ").append(labels).append("\n  annotations: ").append(annotations).append('\n');
        if (admitted) {
            sb.append("  uid: uid-").append(name).append('\n');
        }
        sb.append("spec:\n  containers:\n  - name: app\n    ports:\n");
        if (ports.length == 0) {
            sb.setLength(sb.length() - "    ports:\n".length());
        }
        for (int p : ports) {
            sb.append("    - containerPort: ").append(p).append('\n');
        }
        if (proxy != null) {
            sb.append("  - name: ").append(proxy).append('\n');
        }
        sb.append("---\n");
        return sb.toString();
    }

    /** A Deployment (predicted) with template labels/annotations. */
    static String deployment(String ns, String name, String labels, String annotations, boolean hostNetwork,
                             int... ports) {
        StringBuilder sb = new StringBuilder();
        sb.append("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ").append(name).append("\n  namespace: ")
                .append(ns).append("\nspec:\n  template:\n    metadata:\n      labels: ").append(labels)
                .append("\n      annotations: ").append(annotations).append("\n    spec:\n      hostNetwork: ")
                .append(hostNetwork).append("\n      containers:\n      - name: app\n");
        if (ports.length > 0) {
            sb.append("        ports:\n");
        }
        for (int p : ports) {
            sb.append("        - containerPort: ").append(p).append('\n');
        }
        sb.append("---\n");
        return sb.toString();
    }

    /** PeerAuthentication; {@code body} is the spec as YAML flow text, e.g. {@code "{mtls: {mode: STRICT}}"}. */
    static String pa(String ns, String name, String created, String body) {
        return "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: " + name
                + "\n  namespace: " + ns + (created == null ? "" : "\n  creationTimestamp: \"" + created + "\"")
                + "\nspec: " + body + "\n---\n";
    }

    static WorkloadPosture workload(MeshPosture p, String key) {
        for (WorkloadPosture w : p.workloads()) {
            if (w.getRef().key().equals(key)) {
                return w;
            }
        }
        throw new AssertionError("no workload " + key + " in " + p.workloads());
    }

    static PortPosture port(MeshPosture p, String key) {
        int colon = key.lastIndexOf(':');
        WorkloadPosture w = workload(p, key.substring(0, colon));
        for (PortPosture pp : w.getPorts()) {
            if (pp.getRef().key().equals(key)) {
                return pp;
            }
        }
        throw new AssertionError("no port " + key + " in " + w.getPorts());
    }

    /** {@code MODE@LEVEL}, plus {@code !ERROR} when the port has an error. */
    static String summary(PortPosture p) {
        assertNotNull(p);
        return p.getServerMode() + "@" + p.getDecidedAt() + (p.getError() == null ? "" : " !ERROR");
    }

    static String ports(WorkloadPosture w) {
        return w.getPorts().stream().map(p -> p.getPort() + "/" + p.getProtocol()).collect(Collectors.joining(","));
    }

    static List<String> keys(MeshPosture p) {
        List<String> out = new ArrayList<>();
        for (WorkloadPosture w : p.workloads()) {
            out.add(w.getRef().key());
        }
        return out;
    }
}
