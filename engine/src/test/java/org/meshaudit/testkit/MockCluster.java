package org.meshaudit.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.meshaudit.collect.cluster.ClusterOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads manifests into fabric8's CRUD mock API server through the API (CRDs first, so that discovery serves the
 * mesh groups), and builds collector options for it. Shared by the engine and CLI tests.
 */
public final class MockCluster {
    public static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> BUILTIN_GROUPS = Set.of("", "apps", "batch", "networking.k8s.io", "policy",
            "autoscaling", "admissionregistration.k8s.io", "rbac.authorization.k8s.io", "discovery.k8s.io");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterIssuer", "Bundle", "GatewayClass",
            "MutatingWebhookConfiguration", "CustomResourceDefinition");

    private MockCluster() {
    }

    /** Options for the mock: tiny backoff, short timeouts, no rate limit. */
    public static ClusterOptions options(KubernetesClient client) {
        return ClusterOptions.defaults().withApiServer(client.getConfiguration())
                .withLimits(500, Duration.ofMillis(1500), 4, Duration.ofMillis(5), Duration.ofSeconds(2), 0);
    }

    /** Every object of a manifest directory (List items expanded), in file order. */
    public static List<ObjectNode> read(Path dir) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files) {
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readAllBytes(f)).readAll()) {
                if (doc == null || !doc.isObject()) {
                    continue;
                }
                if ("List".equals(doc.path("kind").asString(""))) {
                    doc.path("items").forEach(i -> out.add((ObjectNode) i));
                } else {
                    out.add((ObjectNode) doc);
                }
            }
        }
        return out;
    }

    public static String plural(String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.endsWith("y")) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        if (k.endsWith("s")) {
            return k + "es";
        }
        return k + "s";
    }

    public static String group(JsonNode o) {
        String av = o.path("apiVersion").asString("");
        int slash = av.indexOf('/');
        return slash < 0 ? "" : av.substring(0, slash);
    }

    public static String collectionPath(JsonNode o) {
        String av = o.path("apiVersion").asString("");
        String kind = o.path("kind").asString("");
        String base = av.contains("/") ? "/apis/" + av : "/api/" + av;
        String ns = o.path("metadata").path("namespace").asString("default");
        if (ns.isEmpty()) {
            ns = "default";
        }
        return CLUSTER_SCOPED.contains(kind) ? base + "/" + plural(kind) : base + "/namespaces/" + ns + "/" + plural(kind);
    }

    /** Creates the CRDs for the custom kinds, then every object that passes the filter; returns what was created. */
    public static int load(KubernetesClient client, List<ObjectNode> objects, Predicate<JsonNode> keep) {
        Map<String, ObjectNode> crds = new LinkedHashMap<>();
        for (ObjectNode o : objects) {
            String g = group(o);
            if (!keep.test(o) || BUILTIN_GROUPS.contains(g)) {
                continue;
            }
            String kind = o.path("kind").asString("");
            String name = plural(kind) + "." + g;
            ObjectNode crd = crds.computeIfAbsent(name, n -> crd(g, kind, !CLUSTER_SCOPED.contains(kind)));
            String version = o.path("apiVersion").asString("").substring(g.length() + 1);
            ArrayNode versions = (ArrayNode) crd.path("spec").path("versions");
            boolean has = false;
            for (JsonNode v : versions) {
                has |= v.path("name").asString("").equals(version);
            }
            if (!has) {
                ObjectNode v = versions.addObject();
                v.put("name", version).put("served", true).put("storage", versions.size() == 1);
            }
        }
        for (ObjectNode crd : crds.values()) {
            post(client, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        }
        int n = 0;
        for (ObjectNode o : objects) {
            if (keep.test(o)) {
                post(client, collectionPath(o), o);
                n++;
            }
        }
        return n;
    }

    public static ObjectNode crd(String group, String kind, boolean namespaced) {
        ObjectNode crd = JSON.createObjectNode();
        crd.put("apiVersion", "apiextensions.k8s.io/v1").put("kind", "CustomResourceDefinition");
        crd.putObject("metadata").put("name", plural(kind) + "." + group);
        ObjectNode spec = crd.putObject("spec");
        spec.put("group", group).put("scope", namespaced ? "Namespaced" : "Cluster");
        spec.putObject("names").put("kind", kind).put("plural", plural(kind))
                .put("singular", kind.toLowerCase(Locale.ROOT)).put("listKind", kind + "List");
        spec.putArray("versions");
        return crd;
    }

    public static String post(KubernetesClient client, String path, JsonNode body) {
        HttpClient http = client.getHttpClient();
        String url = client.getConfiguration().getMasterUrl().replaceAll("/$", "") + path;
        try {
            HttpResponse<String> r = http.sendAsync(http.newHttpRequestBuilder().uri(url)
                    .post("application/json", JSON.writeValueAsBytes(body)).build(), String.class).get();
            if (r.code() >= 300) {
                throw new IllegalStateException("POST " + path + " -> " + r.code() + ": " + r.body());
            }
            return r.body();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode get(KubernetesClient client, String path) {
        HttpClient http = client.getHttpClient();
        String url = client.getConfiguration().getMasterUrl().replaceAll("/$", "") + path;
        try {
            HttpResponse<byte[]> r = http.sendAsync(http.newHttpRequestBuilder().uri(url).build(), byte[].class).get();
            return JSON.readTree(r.body());
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A List page as the API server sends it. */
    public static String page(List<JsonNode> items, String continueToken) {
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", "v1").put("kind", "List");
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", "1");
        if (continueToken != null) {
            meta.put("continue", continueToken);
        }
        ArrayNode arr = list.putArray("items");
        items.forEach(arr::add);
        return JSON.writeValueAsString(list);
    }

    /** A Kubernetes Status body. */
    public static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason
                + "\",\"message\":\"" + message + "\",\"code\":" + code + "}";
    }

    /** A kubeconfig file for the mock server (TLS verification off: the mock's certificate is self-signed). */
    public static Path kubeconfig(KubernetesClient client, Path dir) throws IOException {
        String yaml = "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n    server: "
                + client.getConfiguration().getMasterUrl() + "\n    insecure-skip-tls-verify: true\n"
                + "users:\n- name: tester\n  user:\n    token: test-token\n"
                + "contexts:\n- name: mock\n  context:\n    cluster: mock\n    user: tester\ncurrent-context: mock\n";
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, yaml, StandardCharsets.UTF_8);
        return f;
    }
}
