package org.meshaudit.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Seeded generator of synthetic cluster snapshots (performance.md 6.1). Writes, under {@code OUT}:
 * <ul>
 *   <li>{@code json/KIND.json}: one kubectl-style {@code kind: List} per kind ({@code kubectl get KIND -A -o json});</li>
 *   <li>{@code yaml/NNNNN-NAMESPACE.yaml} (+ {@code 00000-cluster.yaml}): multi-document YAML per namespace;</li>
 *   <li>{@code ground-truth.json}: every planted violation as rule id + subject key {@code Kind/ns/name[:port]}.</li>
 * </ul>
 * The same seed and size give byte-identical output. Everything not planted is compliant under mesh-semantics.md,
 * so the engine must report exactly the planted set as FAIL.
 */
public final class Generator {

    public record Size(String name, int namespaces, int pods, int certs) {
        public static Size of(String s) {
            switch (s.toUpperCase(Locale.ROOT)) {
                case "S": return new Size("S", 100, 2_000, 500);
                case "M": return new Size("M", 1_000, 20_000, 5_000);
                case "L": return new Size("L", 5_000, 100_000, 20_000);
                default: {
                    // tiny sizes for tests: "T<namespaces>" with the S density
                    if (s.startsWith("T")) {
                        int n = Integer.parseInt(s.substring(1));
                        return new Size(s, n, n * 20, n * 5);
                    }
                    throw new IllegalArgumentException("size must be S, M or L: " + s);
                }
            }
        }
    }

    /** One expected FAIL. */
    public record Planted(String ruleId, String subject, String why) {
    }

    static final String[] APPS = {"api", "web", "db", "worker", "auth"};
    static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");
    private static final String HASH_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_INSTANT;

    private final Size size;
    private final long seed;
    private final Path out;
    private final boolean yaml;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private final YAMLMapper yamlMapper = YAMLMapper.builder().build();
    private final Map<String, JsonGenerator> lists = new TreeMap<>();
    private final Map<String, OutputStream> listStreams = new TreeMap<>();
    private final List<Planted> planted = new ArrayList<>();
    private final List<Planted> plantedCerts = new ArrayList<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private Certs certs;
    private Writer yamlOut;
    private long certBytes;
    private int certCount;

    public Generator(Size size, long seed, Path out, boolean yaml) {
        this.size = size;
        this.seed = seed;
        this.out = out;
        this.yaml = yaml;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Generator SIZE OUT_DIR [--seed N] [--no-yaml]");
            System.exit(2);
        }
        long seed = 20260301L;
        boolean yaml = true;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--seed")) {
                seed = Long.parseLong(args[++i]);
            } else if (args[i].equals("--no-yaml")) {
                yaml = false;
            }
        }
        long t0 = System.nanoTime();
        Generator g = new Generator(Size.of(args[0]), seed, Path.of(args[1]), yaml);
        g.run();
        System.out.printf(Locale.ROOT, "generated %s in %.1f s: %s%n", args[0], (System.nanoTime() - t0) / 1e9, g.counts);
    }

    public List<Planted> planted() {
        return planted;
    }

    public void run() throws Exception {
        Files.createDirectories(out.resolve("json"));
        if (yaml) {
            Files.createDirectories(out.resolve("yaml"));
        }
        certs = new Certs(seed, AS_OF);
        cluster();
        for (int i = 0; i < size.namespaces(); i++) {
            namespace(i);
        }
        for (var e : lists.entrySet()) {
            JsonGenerator g = e.getValue();
            g.writeEndArray();
            // kubectl prints kind and metadata after items
            g.writeStringProperty("kind", "List");
            g.writeObjectPropertyStart("metadata");
            g.writeStringProperty("resourceVersion", "");
            g.writeEndObject();
            g.writeEndObject();
            g.close();
            listStreams.get(e.getKey()).close();
        }
        Map<String, Object> gt = new LinkedHashMap<>();
        gt.put("size", size.name());
        gt.put("seed", seed);
        gt.put("asOf", TS.format(AS_OF));
        gt.put("objects", counts);
        gt.put("certificates", certCount);
        gt.put("certificateDerBytes", certBytes);
        gt.put("planted", planted);
        gt.put("plantedCertificates", plantedCerts);
        json.writeValue(out.resolve("ground-truth.json").toFile(), gt);
    }

    // ------------------------------------------------------------------ output

    private void emit(Map<String, Object> obj) throws IOException {
        String kind = (String) obj.get("kind");
        counts.merge(kind, 1, Integer::sum);
        JsonGenerator g = lists.get(kind);
        if (g == null) {
            OutputStream os = new BufferedOutputStream(Files.newOutputStream(out.resolve("json").resolve(kind + ".json")), 1 << 16);
            g = json.createGenerator(os);
            g.writeStartObject();
            g.writeStringProperty("apiVersion", "v1");
            g.writeArrayPropertyStart("items");
            lists.put(kind, g);
            listStreams.put(kind, os);
        }
        json.writeValue(g, obj);
        if (yamlOut != null) {
            yamlOut.write(yamlMapper.writeValueAsString(obj));
        }
    }

    private void openYaml(String file) throws IOException {
        closeYaml();
        if (yaml) {
            yamlOut = Files.newBufferedWriter(out.resolve("yaml").resolve(file), StandardCharsets.UTF_8);
        }
    }

    private void closeYaml() throws IOException {
        if (yamlOut != null) {
            yamlOut.close();
            yamlOut = null;
        }
    }

    private void plant(String rule, String subject, String why) {
        planted.add(new Planted(rule, subject, why));
    }

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                out.put((String) kv[i], kv[i + 1]);
            }
        }
        return out;
    }

    static Map<String, Object> obj(String apiVersion, String kind, Map<String, Object> metadata, Object... rest) {
        Map<String, Object> o = m("apiVersion", apiVersion, "kind", kind, "metadata", metadata);
        o.putAll(m(rest));
        return o;
    }

    static Map<String, Object> meta(String name, String ns, Object... rest) {
        Map<String, Object> o = m("name", name, "namespace", ns);
        o.putAll(m(rest));
        return o;
    }

    private static String uid(Random r) {
        return new java.util.UUID(r.nextLong(), r.nextLong()).toString();
    }

    private static String hash(Random r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = HASH_CHARS.charAt(r.nextInt(HASH_CHARS.length()));
        }
        return new String(c);
    }

    private static String ts(Random r, int daysBack) {
        return TS.format(AS_OF.minus(1 + r.nextInt(daysBack * 24), ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
    }

    // ------------------------------------------------------------------ cluster-scoped and control plane

    private void cluster() throws IOException {
        openYaml("00000-cluster.yaml");
        emit(obj("v1", "Namespace", m("name", "istio-system")));
        emit(obj("v1", "Namespace", m("name", "linkerd", "labels", m("linkerd.io/is-control-plane", "true"),
                "annotations", m("linkerd.io/inject", "disabled"))));
        emit(obj("v1", "Namespace", m("name", "cert-manager")));
        emit(obj("v1", "ConfigMap", meta("istio", "istio-system", "labels", m("istio.io/rev", "default")),
                "data", m("mesh", "rootNamespace: istio-system\ntrustDomain: cluster.local\nenableAutoMtls: true\n"
                        + "defaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\n",
                        "meshNetworks", "networks: {}")));
        emit(obj("v1", "ConfigMap", meta("istio-sidecar-injector", "istio-system", "labels", m("istio.io/rev", "default")),
                "data", m("config", "defaultTemplates: [sidecar]\npolicy: enabled\nalwaysInjectSelector: []\n"
                                + "neverInjectSelector: []\ninjectedAnnotations: {}\n",
                        "values", "{\"global\":{\"istioNamespace\":\"istio-system\",\"proxy\":{\"autoInject\":\"enabled\","
                                + "\"includeInboundPorts\":\"*\",\"excludeInboundPorts\":\"\",\"statusPort\":15020}},"
                                + "\"revision\":\"\",\"sidecarInjectorWebhook\":{\"enableNamespacesByDefault\":false}}")));
        emit(obj("security.istio.io/v1", "PeerAuthentication",
                meta("default", "istio-system", "creationTimestamp", "2026-01-10T09:00:00Z"),
                "spec", m("mtls", m("mode", "STRICT"))));
        emit(obj("v1", "ConfigMap", meta("linkerd-config", "linkerd"),
                "data", m("values", "clusterDomain: cluster.local\nidentityTrustDomain: cluster.local\n"
                        + "linkerdVersion: edge-26.1.2\nproxy:\n  defaultInboundPolicy: all-unauthenticated\n"
                        + "  nativeSidecar: true\n  ports:\n    admin: 4191\n    control: 4190\n    inbound: 4143\n"
                        + "    outbound: 4140\nproxyInit:\n  ignoreInboundPorts: \"4567,4568\"\n"
                        + "  ignoreOutboundPorts: \"4567,4568\"\n")));
        for (String name : new String[] {"mesh-intermediate", "public-acme"}) {
            emit(obj("cert-manager.io/v1", "ClusterIssuer", m("name", name),
                    "spec", name.equals("public-acme")
                            ? m("acme", m("server", "https://acme-v02.api.letsencrypt.org/directory",
                                    "privateKeySecretRef", m("name", "acme-account")))
                            : m("ca", m("secretName", "mesh-intermediate-ca"))));
        }
    }

    // ------------------------------------------------------------------ namespaces

    private enum Plane { SIDECAR, AMBIENT, LINKERD, NONE }

    private void namespace(int i) throws Exception {
        Random r = new Random(seed * 1_000_003L + i);
        Plane plane = switch (i % 10) {
            case 0, 1, 2, 3, 4, 5 -> Plane.SIDECAR;
            case 6 -> Plane.AMBIENT;
            case 7, 8 -> Plane.LINKERD;
            default -> Plane.NONE;
        };
        boolean istio = plane == Plane.SIDECAR || plane == Plane.AMBIENT;
        String ns = String.format(Locale.ROOT, "team-%05d", i);
        openYaml(String.format(Locale.ROOT, "%05d-%s.yaml", i + 1, ns));
        // planted choices (independent draws so that every size gets a spread)
        boolean nsPermissive = istio && r.nextDouble() < 0.06;
        boolean linkerdOpen = plane == Plane.LINKERD && r.nextDouble() < 0.08;
        boolean noAuthz = istio && r.nextDouble() < 0.03;
        boolean allowAll = istio && !noAuthz && r.nextDouble() < 0.04;
        boolean netIngressOnly = r.nextDouble() < 0.04;
        boolean netNone = !netIngressOnly && r.nextDouble() < 0.02;
        boolean optOut = plane == Plane.SIDECAR && r.nextDouble() < 0.05;
        boolean exclude = plane == Plane.SIDECAR && r.nextDouble() < 0.05;
        boolean drDisable = plane == Plane.SIDECAR && r.nextDouble() < 0.05;
        boolean plainIngress = r.nextDouble() < 0.03;
        // workload PeerAuthentication on app 0 (sidecar namespaces): 0 none, 1 STRICT, 2 port DISABLE, 3 PERMISSIVE, 4 DISABLE
        int workloadPa = 0;
        if (plane == Plane.SIDECAR && r.nextDouble() < 0.35) {
            double d = r.nextDouble();
            workloadPa = d < 0.5 ? 1 : d < 0.7 ? 2 : d < 0.85 ? 3 : 4;
        }

        // Namespace
        Map<String, Object> labels = m("team", "team-" + (i % 37), "cost-center", "cc-" + (i % 11));
        Map<String, Object> annotations = m("example.com/owner", "team-" + (i % 37) + "@example.com");
        switch (plane) {
            case SIDECAR -> labels.put("istio-injection", "enabled");
            case AMBIENT -> labels.put("istio.io/dataplane-mode", "ambient");
            case LINKERD -> {
                annotations.put("linkerd.io/inject", "enabled");
                if (!linkerdOpen) {
                    annotations.put("config.linkerd.io/default-inbound-policy", "all-authenticated");
                }
            }
            default -> { }
        }
        emit(obj("v1", "Namespace", m("name", ns, "uid", uid(r), "creationTimestamp", ts(r, 400),
                "labels", labels, "annotations", annotations)));
        if (nsPermissive) {
            plant("MTLS-001", "Namespace/" + ns, "namespace PeerAuthentication relaxes mTLS");
        }
        if (linkerdOpen) {
            plant("MTLS-001", "Namespace/" + ns, "Linkerd cluster default all-unauthenticated, no Server");
        }

        // Istio namespace-level PeerAuthentication (60 % of Istio namespaces)
        if (istio && (nsPermissive || r.nextDouble() < 0.6)) {
            String mode = nsPermissive ? (r.nextBoolean() ? "PERMISSIVE" : "DISABLE") : r.nextDouble() < 0.1 ? "UNSET" : "STRICT";
            emit(obj("security.istio.io/v1", "PeerAuthentication",
                    meta("default", ns, "creationTimestamp", ts(r, 40), "uid", uid(r)),
                    "spec", m("mtls", m("mode", mode))));
        }

        // NetworkPolicies
        if (!netNone) {
            emit(obj("networking.k8s.io/v1", "NetworkPolicy", meta("default-deny", ns, "uid", uid(r)),
                    "spec", m("podSelector", m(), "policyTypes", netIngressOnly ? List.of("Ingress") : List.of("Ingress", "Egress"))));
            emit(obj("networking.k8s.io/v1", "NetworkPolicy", meta("allow-same-namespace", ns, "uid", uid(r)),
                    "spec", m("podSelector", m(), "policyTypes", List.of("Ingress", "Egress"),
                            "ingress", List.of(m("from", List.of(m("podSelector", m())))),
                            "egress", List.of(m("to", List.of(m("podSelector", m()))),
                                    m("to", List.of(m("namespaceSelector", m("matchLabels",
                                            m("kubernetes.io/metadata.name", "kube-system"))))),
                                    m("to", List.of(m("namespaceSelector", m("matchLabels",
                                            m("kubernetes.io/metadata.name", "istio-system")))))))));
        }
        if (netIngressOnly || netNone) {
            plant("NET-001", "Namespace/" + ns, netNone ? "no NetworkPolicy" : "default deny covers Ingress only");
        }

        // Istio authorization: allow-nothing + principal allow-list
        if (istio && !noAuthz) {
            emit(obj("security.istio.io/v1", "AuthorizationPolicy", meta("allow-nothing", ns, "uid", uid(r)), "spec", m()));
            List<String> principals = new ArrayList<>();
            for (String app : APPS) {
                principals.add("cluster.local/ns/" + ns + "/sa/" + app);
            }
            principals.add("cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account");
            emit(obj("security.istio.io/v1", "AuthorizationPolicy", meta("allow-callers", ns, "uid", uid(r)),
                    "spec", m("action", "ALLOW", "rules", List.of(m("from", List.of(m("source", m("principals", principals))))))));
            if (allowAll) {
                emit(obj("security.istio.io/v1", "AuthorizationPolicy", meta("allow-all-debug", ns, "uid", uid(r)),
                        "spec", m("action", "ALLOW", "rules", List.of(m()))));
                plant("AUTHZ-002", "AuthorizationPolicy/" + ns + "/allow-all-debug", "ALLOW with an empty rule");
            }
        }

        // Linkerd policy: one MeshTLSAuthentication; Server + AuthorizationPolicy per app
        if (plane == Plane.LINKERD && !linkerdOpen) {
            emit(obj("policy.linkerd.io/v1alpha1", "MeshTLSAuthentication", meta("ns-workloads", ns, "uid", uid(r)),
                    "spec", m("identities", List.of("*." + ns + ".serviceaccount.identity.linkerd.cluster.local"))));
            for (int a = 0; a < APPS.length; a++) {
                String app = APPS[a];
                emit(obj("policy.linkerd.io/v1beta3", "Server", meta(app, ns, "uid", uid(r)),
                        "spec", m("podSelector", m("matchLabels", m("app", app)),
                                "port", a == 2 ? (Object) 5432 : "http", "proxyProtocol", a == 2 ? "opaque" : "HTTP/1")));
                emit(obj("policy.linkerd.io/v1alpha1", "AuthorizationPolicy", meta(app + "-mtls", ns, "uid", uid(r)),
                        "spec", m("targetRef", m("group", "policy.linkerd.io", "kind", "Server", "name", app),
                                "requiredAuthenticationRefs", List.of(m("group", "policy.linkerd.io",
                                        "kind", "MeshTLSAuthentication", "name", "ns-workloads")))));
            }
        }

        // workloads
        for (int a = 0; a < APPS.length; a++) {
            workload(r, ns, plane, a, optOut && a == 4, exclude && a == 3, workloadPa, noAuthz, linkerdOpen);
        }

        // DestinationRules (Istio namespaces)
        if (istio) {
            emit(obj("networking.istio.io/v1", "DestinationRule", meta("ns-mtls", ns, "uid", uid(r)),
                    "spec", m("host", "*." + ns + ".svc.cluster.local",
                            "trafficPolicy", m("tls", m("mode", "ISTIO_MUTUAL")))));
            emit(obj("networking.istio.io/v1", "DestinationRule", meta("api", ns, "uid", uid(r)),
                    "spec", m("host", "api." + ns + ".svc.cluster.local",
                            "trafficPolicy", m("tls", m("mode", "ISTIO_MUTUAL"),
                                    "connectionPool", m("http", m("http2MaxRequests", 1000))),
                            "subsets", List.of(m("name", "v1", "labels", m("version", "v1")),
                                    m("name", "v2", "labels", m("version", "v2"))))));
            if (r.nextDouble() < 0.5) {
                emit(obj("networking.istio.io/v1", "DestinationRule", meta("partner-api", ns, "uid", uid(r)),
                        "spec", m("host", "api.partner.example.com",
                                "trafficPolicy", m("tls", m("mode", "SIMPLE", "sni", "api.partner.example.com")))));
            }
            if (drDisable) {
                emit(obj("networking.istio.io/v1", "DestinationRule", meta("web-plaintext", ns, "uid", uid(r)),
                        "spec", m("host", "web." + ns + ".svc.cluster.local",
                                "trafficPolicy", m("tls", m("mode", "DISABLE")))));
                plant("MTLS-003", "DestinationRule/" + ns + "/web-plaintext", "DISABLE toward a meshed service");
            }
        }

        // Ingress
        if (r.nextDouble() < 0.3 || plainIngress) {
            emit(obj("networking.k8s.io/v1", "Ingress", meta("web", ns, "uid", uid(r)),
                    "spec", m("ingressClassName", "nginx",
                            "tls", plainIngress ? null : List.of(m("hosts", List.of("web." + ns + ".example.com"), "secretName", "web-tls")),
                            "rules", List.of(m("host", "web." + ns + ".example.com", "http", m("paths", List.of(
                                    m("path", "/", "pathType", "Prefix", "backend",
                                            m("service", m("name", "web", "port", m("number", 80)))))))))));
            if (plainIngress) {
                plant("NET-002", "Ingress/" + ns + "/web", "Ingress without spec.tls");
            }
        }

        certificates(r, ns, i, plane);
        noise(r, ns);
    }

    private void workload(Random r, String ns, Plane plane, int a, boolean optOut, boolean exclude, int workloadPa,
                          boolean noAuthz, boolean linkerdOpen) throws IOException {
        String app = APPS[a];
        emit(obj("v1", "ServiceAccount", meta(app, ns, "uid", uid(r))));
        List<Map<String, Object>> ports = new ArrayList<>();
        List<Map<String, Object>> svcPorts = new ArrayList<>();
        if (a == 2) {
            ports.add(m("name", "tcp-db", "containerPort", 5432, "protocol", "TCP"));
            svcPorts.add(m("name", "tcp-db", "port", 5432, "targetPort", "tcp-db", "protocol", "TCP"));
        } else {
            ports.add(m("name", "http", "containerPort", 8080, "protocol", "TCP"));
            svcPorts.add(m("name", "http", "port", 80, "targetPort", "http", "protocol", "TCP"));
        }
        if (a == 1) {
            ports.add(m("name", "grpc", "containerPort", 9090, "protocol", "TCP"));
            svcPorts.add(m("name", "grpc", "port", 9090, "targetPort", "grpc", "protocol", "TCP"));
        }
        if (exclude) {
            ports.add(m("name", "tcp-legacy", "containerPort", 9000, "protocol", "TCP"));
        }
        Map<String, Object> tmplLabels = m("app", app, "version", "v1", "app.kubernetes.io/part-of", ns);
        Map<String, Object> tmplAnn = m();
        if (optOut) {
            tmplAnn.put("sidecar.istio.io/inject", "false");
        }
        if (exclude) {
            tmplAnn.put("traffic.sidecar.istio.io/excludeInboundPorts", "9000");
        }
        String image = "registry.example.com/" + ns + "/" + app + ":1." + r.nextInt(20) + "." + r.nextInt(10);
        Map<String, Object> container = m("name", app, "image", image, "ports", ports,
                "env", List.of(m("name", "LOG_LEVEL", "value", "info"), m("name", "PEER_URL",
                        "value", "http://web." + ns + ".svc.cluster.local"), m("name", "POD_NAME",
                        "valueFrom", m("fieldRef", m("fieldPath", "metadata.name")))),
                "readinessProbe", a == 2 ? m("tcpSocket", m("port", 5432)) : m("httpGet", m("path", "/ready", "port", "http")),
                "resources", m("requests", m("cpu", "100m", "memory", "128Mi"), "limits", m("memory", "256Mi")),
                "securityContext", m("allowPrivilegeEscalation", false, "runAsNonRoot", true,
                        "capabilities", m("drop", List.of("ALL"))));
        String depUid = uid(r);
        emit(obj("apps/v1", "Deployment", meta(app, ns, "uid", depUid, "labels", m("app", app),
                        "creationTimestamp", ts(r, 200), "generation", 3),
                "spec", m("replicas", 4, "selector", m("matchLabels", m("app", app)),
                        "template", m("metadata", m("labels", tmplLabels, "annotations", tmplAnn.isEmpty() ? null : tmplAnn),
                                "spec", m("serviceAccountName", app, "containers", List.of(container)))),
                "status", m("replicas", 4, "readyReplicas", 4, "availableReplicas", 4)));
        String rsHash = hash(r, 10);
        String rsName = app + "-" + rsHash;
        String rsUid = uid(r);
        emit(obj("apps/v1", "ReplicaSet", meta(rsName, ns, "uid", rsUid,
                        "labels", m("app", app, "pod-template-hash", rsHash),
                        "ownerReferences", List.of(m("apiVersion", "apps/v1", "kind", "Deployment", "name", app,
                                "uid", depUid, "controller", true, "blockOwnerDeletion", true))),
                "spec", m("replicas", 4, "selector", m("matchLabels", m("app", app, "pod-template-hash", rsHash)),
                        "template", m("metadata", m("labels", tmplLabels, "annotations", tmplAnn.isEmpty() ? null : tmplAnn),
                                "spec", m("serviceAccountName", app, "containers", List.of(container))))));
        emit(obj("v1", "Service", meta(app, ns, "uid", uid(r), "labels", m("app", app)),
                "spec", m("selector", m("app", app), "ports", svcPorts, "type", "ClusterIP",
                        "clusterIP", "10.96." + r.nextInt(256) + "." + r.nextInt(256))));

        // Istio workload PeerAuthentication on app 0
        boolean meshed = plane != Plane.NONE && !optOut;
        if (a == 0 && workloadPa > 0) {
            Map<String, Object> spec = m("selector", m("matchLabels", m("app", app)));
            switch (workloadPa) {
                case 1 -> spec.put("mtls", m("mode", "STRICT"));
                case 2 -> {
                    spec.put("mtls", m("mode", "STRICT"));
                    spec.put("portLevelMtls", m("8080", m("mode", "DISABLE")));
                }
                case 3 -> spec.put("mtls", m("mode", "PERMISSIVE"));
                default -> spec.put("mtls", m("mode", "DISABLE"));
            }
            emit(obj("security.istio.io/v1", "PeerAuthentication", meta(app + "-mtls", ns, "uid", uid(r),
                    "creationTimestamp", ts(r, 30)), "spec", spec));
        }

        for (int p = 0; p < 4; p++) {
            String podName = rsName + "-" + hash(r, 5);
            emit(pod(r, ns, plane, app, podName, rsName, rsUid, rsHash, container, tmplLabels, tmplAnn, optOut, linkerdOpen));
            String key = "Pod/" + ns + "/" + podName;
            if (!meshed) {
                plant("MTLS-004", key, plane == Plane.NONE ? "unmeshed namespace" : "sidecar opt-out in an injected namespace");
                continue;
            }
            if (exclude) {
                plant("MTLS-005", key, "excludeInboundPorts 9000");
            }
            if (a == 0 && workloadPa >= 2) {
                plant("MTLS-002", key + ":8080", "workload PeerAuthentication relaxes 8080");
                if (workloadPa >= 3) {
                    plant("MTLS-002", key + ":*", "workload PeerAuthentication relaxes the workload");
                }
            }
            if (noAuthz) {
                plant("AUTHZ-001", key, "no AuthorizationPolicy in the namespace");
            }
            if (linkerdOpen) {
                plant("AUTHZ-001", key, "Linkerd, no Server, default all-unauthenticated");
                plant("AUTHZ-002", key, "Linkerd ports admit unauthenticated clients");
            }
        }
    }

    private Map<String, Object> pod(Random r, String ns, Plane plane, String app, String podName, String rsName,
                                    String rsUid, String rsHash, Map<String, Object> container,
                                    Map<String, Object> tmplLabels, Map<String, Object> tmplAnn, boolean optOut,
                                    boolean linkerdOpen) {
        Map<String, Object> labels = new LinkedHashMap<>(tmplLabels);
        labels.put("pod-template-hash", rsHash);
        Map<String, Object> ann = new LinkedHashMap<>(tmplAnn);
        List<Object> init = new ArrayList<>();
        List<Object> containers = new ArrayList<>();
        containers.add(container);
        List<Object> volumes = new ArrayList<>();
        volumes.add(m("name", "kube-api-access", "projected", m("sources", List.of(
                m("serviceAccountToken", m("expirationSeconds", 3607, "path", "token")),
                m("configMap", m("name", "kube-root-ca.crt", "items", List.of(m("key", "ca.crt", "path", "ca.crt"))))))));
        List<Object> statuses = new ArrayList<>();
        statuses.add(m("name", app, "ready", true, "restartCount", 0, "image", container.get("image"),
                "started", true, "state", m("running", m("startedAt", ts(r, 20)))));
        if (plane == Plane.SIDECAR && !optOut) {
            labels.put("security.istio.io/tlsMode", "istio");
            labels.put("service.istio.io/canonical-name", app);
            labels.put("service.istio.io/canonical-revision", "v1");
            ann.put("istio.io/rev", "default");
            ann.put("kubectl.kubernetes.io/default-container", app);
            ann.put("prometheus.io/path", "/stats/prometheus");
            ann.put("prometheus.io/port", "15020");
            ann.put("prometheus.io/scrape", "true");
            ann.put("sidecar.istio.io/status", "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"],"
                    + "\"volumes\":[\"workload-socket\",\"credential-socket\",\"workload-certs\",\"istio-envoy\","
                    + "\"istio-data\",\"istio-podinfo\",\"istio-token\",\"istiod-ca-cert\"],\"imagePullSecrets\":null,"
                    + "\"revision\":\"default\"}");
            init.add(m("name", "istio-init", "image", "docker.io/istio/proxyv2:1.27.1",
                    "args", List.of("istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT",
                            "-i", "*", "-x", "", "-b", "*", "-d", "15090,15021,15020")));
            containers.add(m("name", "istio-proxy", "image", "docker.io/istio/proxyv2:1.27.1",
                    "args", List.of("proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local"),
                    "ports", List.of(m("name", "http-envoy-prom", "containerPort", 15090, "protocol", "TCP")),
                    "env", List.of(m("name", "PILOT_CERT_PROVIDER", "value", "istiod"),
                            m("name", "CA_ADDR", "value", "istiod.istio-system.svc:15012"),
                            m("name", "ISTIO_META_MESH_ID", "value", "cluster.local"),
                            m("name", "TRUST_DOMAIN", "value", "cluster.local"),
                            m("name", "ISTIO_META_WORKLOAD_NAME", "value", app)),
                    "readinessProbe", m("httpGet", m("path", "/healthz/ready", "port", 15021)),
                    "resources", m("requests", m("cpu", "10m", "memory", "40Mi"))));
            for (String v : new String[] {"workload-socket", "credential-socket", "workload-certs", "istio-envoy", "istio-data"}) {
                volumes.add(m("name", v, "emptyDir", m()));
            }
            statuses.add(m("name", "istio-proxy", "ready", true, "restartCount", 0,
                    "image", "docker.io/istio/proxyv2:1.27.1", "started", true));
        } else if (plane == Plane.AMBIENT) {
            ann.put("ambient.istio.io/redirection", "enabled");
        } else if (plane == Plane.LINKERD) {
            labels.put("linkerd.io/control-plane-ns", "linkerd");
            labels.put("linkerd.io/proxy-deployment", app);
            labels.put("linkerd.io/workload-ns", ns);
            ann.put("linkerd.io/created-by", "linkerd/proxy-injector edge-26.1.2");
            ann.put("linkerd.io/proxy-version", "edge-26.1.2");
            if (!linkerdOpen) {
                ann.put("config.linkerd.io/default-inbound-policy", "all-authenticated");
            }
            init.add(m("name", "linkerd-init", "image", "cr.l5d.io/linkerd/proxy-init:v2.4.3",
                    "args", List.of("--incoming-proxy-port", "4143", "--outgoing-proxy-port", "4140",
                            "--proxy-uid", "2102", "--inbound-ports-to-ignore", "4190,4191,4567,4568")));
            init.add(m("name", "linkerd-proxy", "image", "cr.l5d.io/linkerd/proxy:edge-26.1.2",
                    "restartPolicy", "Always",
                    "ports", List.of(m("name", "linkerd-proxy", "containerPort", 4143, "protocol", "TCP"),
                            m("name", "linkerd-admin", "containerPort", 4191, "protocol", "TCP")),
                    "env", List.of(m("name", "LINKERD2_PROXY_INBOUND_DEFAULT_POLICY",
                                    "value", linkerdOpen ? "all-unauthenticated" : "all-authenticated"),
                            m("name", "LINKERD2_PROXY_IDENTITY_LOCAL_NAME",
                                    "value", "$(_pod_sa).$(_pod_ns).serviceaccount.identity.linkerd.cluster.local"))));
        }
        Map<String, Object> metadata = meta(podName, ns, "uid", uid(r), "creationTimestamp", ts(r, 30),
                "generateName", rsName + "-", "labels", labels, "annotations", ann.isEmpty() ? null : ann,
                "ownerReferences", List.of(m("apiVersion", "apps/v1", "kind", "ReplicaSet", "name", rsName,
                        "uid", rsUid, "controller", true, "blockOwnerDeletion", true)));
        if (r.nextInt(10) == 0) {
            metadata.put("managedFields", List.of(m("manager", "kube-controller-manager", "operation", "Update",
                    "apiVersion", "v1", "time", ts(r, 30), "fieldsType", "FieldsV1",
                    "fieldsV1", m("f:metadata", m("f:generateName", m(), "f:labels", m(".", m(), "f:app", m(),
                            "f:pod-template-hash", m(), "f:version", m()), "f:ownerReferences", m(".", m(),
                            "k:{\"uid\":\"" + rsUid + "\"}", m())), "f:spec", m("f:containers", m(
                            "k:{\"name\":\"" + app + "\"}", m(".", m(), "f:env", m(), "f:image", m(), "f:name", m(),
                                    "f:ports", m(), "f:readinessProbe", m(), "f:resources", m(),
                                    "f:securityContext", m())), "f:serviceAccountName", m()))),
                    m("manager", "kubelet", "operation", "Update", "apiVersion", "v1", "time", ts(r, 30),
                            "fieldsType", "FieldsV1", "subresource", "status",
                            "fieldsV1", m("f:status", m("f:conditions", m(), "f:containerStatuses", m(),
                                    "f:hostIP", m(), "f:phase", m(), "f:podIP", m(), "f:startTime", m())))));
        }
        String ip = "10." + (8 + r.nextInt(8)) + "." + r.nextInt(256) + "." + r.nextInt(256);
        return obj("v1", "Pod", metadata,
                "spec", m("serviceAccountName", app, "nodeName", "node-" + r.nextInt(400),
                        "initContainers", init.isEmpty() ? null : init, "containers", containers, "volumes", volumes,
                        "restartPolicy", "Always", "dnsPolicy", "ClusterFirst", "terminationGracePeriodSeconds", 30,
                        "tolerations", List.of(m("key", "node.kubernetes.io/not-ready", "operator", "Exists",
                                "effect", "NoExecute", "tolerationSeconds", 300))),
                "status", m("phase", "Running", "podIP", ip, "hostIP", "192.168." + r.nextInt(4) + "." + r.nextInt(256),
                        "startTime", ts(r, 30), "qosClass", "Burstable",
                        "conditions", List.of(m("type", "Ready", "status", "True"), m("type", "ContainersReady", "status", "True"),
                                m("type", "PodScheduled", "status", "True")),
                        "containerStatuses", statuses));
    }

    // ------------------------------------------------------------------ certificates and noise

    private void certificates(Random r, String ns, int i, Plane plane) throws Exception {
        int perNs = size.certs() / size.namespaces();
        boolean ownIssuer = i % (size.namespaces() / Math.max(1, issuers())) == 0;
        if (ownIssuer) {
            emit(obj("cert-manager.io/v1", "Issuer", meta("ns-ca", ns, "uid", uid(r)),
                    "spec", m("ca", m("secretName", "ns-ca-keypair"))));
        }
        for (int c = 0; c < perNs; c++) {
            String app = APPS[c % APPS.length];
            String secret = app + "-tls" + (c >= APPS.length ? "-" + c : "");
            String host = app + "." + ns + ".svc.cluster.local";
            boolean spiffe = plane != Plane.NONE && r.nextDouble() < 0.7;
            // web-tls is what the namespace's Ingress serves for web.NS.example.com: a server certificate naming
            // that host (CERT-005 matches served hosts against the SANs), never an SVID
            List<String> edge = secret.equals("web-tls") ? List.of("web." + ns + ".example.com") : List.of();
            spiffe &= edge.isEmpty();
            // server certificates live 31..90 days: a 30-day one issued two hours ago is already in the 30-day
            // expiry window (CERT-002 Medium), which would be an unplanted finding
            int hours = spiffe ? 24 * (1 + r.nextInt(7)) : 24 * (31 + r.nextInt(60));
            Certs.Flaw flaw = Certs.Flaw.NONE;
            double d = r.nextDouble();
            Certs.Flaw[] flaws = Certs.Flaw.values();
            if (d < 0.14) {
                flaw = flaws[1 + (int) (d / 0.02)]; // 2 % each of the 7 flaws
                if (flaw == Certs.Flaw.WRONG_TRUST_DOMAIN && !spiffe) {
                    flaw = Certs.Flaw.NO_SAN;
                }
            }
            Certs.Issued is = certs.leaf(r, ns, app, host, spiffe, hours, flaw, edge);
            certCount++;
            certBytes += is.leafDer().length;
            emit(obj("cert-manager.io/v1", "Certificate", meta(secret, ns, "uid", uid(r)),
                    "spec", m("secretName", secret, "duration", hours + "h0m0s", "renewBefore", (hours / 3) + "h0m0s",
                            "dnsNames", spiffe ? null : concat(List.of(host), edge), "uris", spiffe
                                    ? List.of("spiffe://cluster.local/ns/" + ns + "/sa/" + app) : null,
                            "privateKey", m("algorithm", spiffe ? "ECDSA" : "RSA", "size", spiffe ? 256 : 3072,
                                    "rotationPolicy", "Always"),
                            "issuerRef", ownIssuer ? m("name", "ns-ca", "kind", "Issuer", "group", "cert-manager.io")
                                    : m("name", "mesh-intermediate", "kind", "ClusterIssuer", "group", "cert-manager.io")),
                    "status", m("conditions", List.of(m("type", "Ready", "status", "True", "reason", "Ready")))));
            emit(obj("v1", "Secret", meta(secret, ns, "uid", uid(r),
                            "annotations", m("cert-manager.io/certificate-name", secret,
                                    "cert-manager.io/issuer-name", ownIssuer ? "ns-ca" : "mesh-intermediate")),
                    "type", "kubernetes.io/tls",
                    "data", m("tls.crt", Certs.b64(is.chainPem()), "ca.crt", Certs.b64(is.caPem()),
                            "tls.key", Certs.b64("placeholder: never a real key\n"))));
            if (flaw.ruleId != null) {
                plantedCerts.add(new Planted(flaw.ruleId, "Secret/" + ns + "/" + secret, flaw.name()));
            }
            // consequences the engine must also find: a leaf under an expired intermediate does not validate, and a
            // cert-manager Certificate past its computed renewal time (CM-2) is stuck
            if (flaw == Certs.Flaw.EXPIRED_INTERMEDIATE) {
                plantedCerts.add(new Planted("CERT-007", "Secret/" + ns + "/" + secret, flaw.name()));
            }
            if (flaw == Certs.Flaw.EXPIRING) {
                plantedCerts.add(new Planted("CMGR-001", "Certificate/" + ns + "/" + secret, flaw.name()));
            }
        }
    }

    private int issuers() {
        return size.namespaces() / 50; // S 2, M 20, L 100 namespaced issuers
    }

    private void noise(Random r, String ns) throws IOException {
        for (int k = 0; k < 10; k++) {
            byte[] payload = new byte[1024 + r.nextInt(5 * 1024)];
            r.nextBytes(payload);
            String b = Base64.getEncoder().encodeToString(payload);
            if (k < 3) {
                emit(obj("v1", "Secret", meta("sh.helm.release.v1." + APPS[k] + ".v" + (1 + r.nextInt(9)), ns,
                                "uid", uid(r), "labels", m("owner", "helm", "name", APPS[k], "status", "deployed")),
                        "type", "helm.sh/release.v1", "data", m("release", b)));
            } else {
                emit(obj("v1", "Secret", meta("app-config-" + k, ns, "uid", uid(r)),
                        "type", "Opaque", "data", m("config.bin", b)));
            }
        }
        closeYaml();
    }

    static List<String> kinds(Path json) throws IOException {
        try (var s = Files.list(json)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String[] sizes() {
        return Arrays.asList("S", "M", "L").toArray(new String[0]);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
