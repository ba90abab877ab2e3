package org.meshaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inputs where one namespace holds many workloads and many objects that select them, the shape that makes label
 * matching quadratic when each workload is tried against every selector (the S/M/L clusters spread 20 pods over each
 * of their namespaces). {@code DenseNamespaces OUT [PODS]} writes one directory per shape under OUT, each a set of
 * kubectl-style {@code kind: List} files to scan with {@code --manifests}:
 * <ul>
 *   <li>{@code istio}: PODS sidecar pods, a Service per four pods, AuthorizationPolicies, DestinationRules and
 *       NetworkPolicies selecting them;</li>
 *   <li>{@code istio-peer}: the same pods and Services, workload PeerAuthentications with port levels, Sidecars and
 *       ServiceEntries;</li>
 *   <li>{@code linkerd}: PODS Linkerd pods, a Server and a Service per four pods, MeshTLSAuthentications and
 *       AuthorizationPolicies targeting Servers;</li>
 *   <li>{@code cert-manager}: PODS / 2 Certificates with their CertificateRequests and one Issuer;</li>
 *   <li>{@code gateways}: the Istio pods with Istio Gateways, Gateway API Gateways, HTTPRoutes and Ingresses.</li>
 * </ul>
 * No ground truth: these measure time (bench/README.md, "Dense namespaces"), the S/M/L clusters measure findings.
 */
public final class DenseNamespaces {
    /** Keys sorted: the same files in every run (Map.of iterates in an order that changes from one JVM to the next). */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private DenseNamespaces() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DenseNamespaces OUT [PODS]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int pods = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int apps = pods / 4;
        int policies = Math.max(1, pods / 10);

        List<Object> istioPods = pods("big", pods, apps, true);
        List<Object> services = new ArrayList<>();
        for (int a = 0; a < apps; a++) {
            services.add(obj("v1", "Service", "big", "svc-" + a, Map.of("selector", Map.of("app", "svc-" + a),
                    "ports", List.of(Map.of("port", 80, "targetPort", 8080, "name", "http")))));
        }
        List<Object> istioBase = List.of(
                obj("v1", "Namespace", null, "big", null, Map.of("istio-injection", "enabled")),
                obj("v1", "Namespace", null, "istio-system", null),
                obj("v1", "ConfigMap", "istio-system", "istio", null, null,
                        Map.of("mesh", "rootNamespace: istio-system\ntrustDomain: cluster.local\n")),
                obj("security.istio.io/v1", "PeerAuthentication", "istio-system", "default",
                        Map.of("mtls", Map.of("mode", "STRICT"))));

        List<Object> mixed = new ArrayList<>();
        for (int a = 0; a < policies; a++) {
            String app = "svc-" + a;
            mixed.add(obj("security.istio.io/v1", "AuthorizationPolicy", "big", "ap-" + a, Map.of(
                    "selector", Map.of("matchLabels", Map.of("app", app)), "rules", List.of(Map.of("from", List.of(
                            Map.of("source", Map.of("principals", List.of("cluster.local/ns/big/sa/default")))))))));
            mixed.add(obj("networking.istio.io/v1", "DestinationRule", "big", "dr-" + a, Map.of(
                    "host", app + ".big.svc.cluster.local",
                    "trafficPolicy", Map.of("tls", Map.of("mode", "ISTIO_MUTUAL")))));
            mixed.add(obj("networking.k8s.io/v1", "NetworkPolicy", "big", "np-" + a, Map.of(
                    "podSelector", Map.of("matchLabels", Map.of("app", app)), "policyTypes", List.of("Ingress"),
                    "ingress", List.of(Map.of("from", List.of(Map.of("podSelector", Map.of())))))));
        }
        write(out.resolve("istio"), Map.of("base", istioBase, "pods", istioPods, "services", services,
                "policies", mixed));

        List<Object> peer = new ArrayList<>();
        for (int a = 0; a < policies * 3 / 2; a++) {
            peer.add(obj("security.istio.io/v1", "PeerAuthentication", "big", "pa-" + a, Map.of(
                    "selector", Map.of("matchLabels", Map.of("app", "svc-" + a)), "mtls", Map.of("mode", "STRICT"),
                    "portLevelMtls", Map.of("8080", Map.of("mode", "PERMISSIVE")))));
        }
        for (int a = 0; a < policies; a++) {
            peer.add(obj("networking.istio.io/v1", "Sidecar", "big", "sc-" + a, Map.of(
                    "workloadSelector", Map.of("labels", Map.of("app", "svc-" + a)),
                    "egress", List.of(Map.of("hosts", List.of("./*"))))));
        }
        for (int a = 0; a < policies / 2; a++) {
            peer.add(obj("networking.istio.io/v1", "ServiceEntry", "big", "se-" + a, Map.of(
                    "hosts", List.of("ext-" + a + ".example.com"), "location", "MESH_EXTERNAL", "resolution", "DNS",
                    "ports", List.of(Map.of("number", 443, "name", "tls", "protocol", "TLS")))));
        }
        write(out.resolve("istio-peer"), Map.of("base", istioBase, "pods", istioPods, "services", services,
                "policies", peer));

        List<Object> linkerd = new ArrayList<>(pods("lk", pods, apps, false));
        for (int a = 0; a < apps; a++) {
            linkerd.add(obj("v1", "Service", "lk", "svc-" + a, Map.of("selector", Map.of("app", "svc-" + a),
                    "ports", List.of(Map.of("port", 80, "targetPort", 8080, "name", "http")))));
            linkerd.add(obj("policy.linkerd.io/v1beta3", "Server", "lk", "srv-" + a, Map.of(
                    "podSelector", Map.of("matchLabels", Map.of("app", "svc-" + a)), "port", "http",
                    "proxyProtocol", "HTTP/1")));
        }
        for (int a = 0; a < policies; a++) {
            linkerd.add(obj("policy.linkerd.io/v1alpha1", "MeshTLSAuthentication", "lk", "mta-" + a, Map.of(
                    "identities", List.of("*.lk.serviceaccount.identity.linkerd.cluster.local"))));
            linkerd.add(obj("policy.linkerd.io/v1alpha1", "AuthorizationPolicy", "lk", "ap-" + a, Map.of(
                    "targetRef", Map.of("group", "policy.linkerd.io", "kind", "Server", "name", "srv-" + a),
                    "requiredAuthenticationRefs", List.of(Map.of("group", "policy.linkerd.io",
                            "kind", "MeshTLSAuthentication", "name", "mta-" + a)))));
        }
        List<Object> linkerdBase = List.of(
                obj("v1", "Namespace", null, "lk", Map.of("linkerd.io/inject", "enabled",
                        "config.linkerd.io/default-inbound-policy", "all-authenticated"), null),
                obj("v1", "Namespace", null, "linkerd", null, Map.of("linkerd.io/is-control-plane", "true")),
                obj("v1", "ConfigMap", "linkerd", "linkerd-config", null, null, Map.of("values",
                        "policyController:\n  defaultAllowPolicy: all-unauthenticated\nidentityTrustDomain: cluster.local\n")));
        write(out.resolve("linkerd"), Map.of("base", linkerdBase, "objects", linkerd));

        List<Object> cm = new ArrayList<>();
        cm.add(obj("v1", "Namespace", null, "certs", null));
        cm.add(withStatus(obj("cert-manager.io/v1", "Issuer", "certs", "ca", Map.of("ca", Map.of("secretName", "ca"))),
                Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True")))));
        for (int i = 0; i < pods / 2; i++) {
            cm.add(withStatus(obj("cert-manager.io/v1", "Certificate", "certs", "c-" + i, Map.of(
                    "secretName", "s-" + i, "dnsNames", List.of("h" + i + ".example.com"),
                    "issuerRef", Map.of("name", "ca", "kind", "Issuer"),
                    "privateKey", Map.of("algorithm", "ECDSA", "size", 256, "rotationPolicy", "Always"))),
                    Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True")),
                            "notAfter", "2027-01-01T00:00:00Z", "revision", 1)));
            Map<String, Object> cr = obj("cert-manager.io/v1", "CertificateRequest", "certs", "c-" + i + "-1",
                    Map.of("issuerRef", Map.of("name", "ca", "kind", "Issuer"), "request", "LS0t"));
            meta(cr).put("annotations", Map.of("cert-manager.io/certificate-name", "c-" + i,
                    "cert-manager.io/certificate-revision", "1"));
            cm.add(withStatus(cr, Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True")))));
        }
        write(out.resolve("cert-manager"), Map.of("objects", cm));

        List<Object> gateways = new ArrayList<>();
        for (int a = 0; a < policies; a++) {
            gateways.add(obj("networking.istio.io/v1", "Gateway", "big", "gw-" + a, Map.of(
                    "selector", Map.of("app", "svc-" + a), "servers", List.of(Map.of(
                            "port", Map.of("number", 443, "name", "https", "protocol", "HTTPS"),
                            "hosts", List.of("h" + a + ".example.com"),
                            "tls", Map.of("mode", "SIMPLE", "credentialName", "cred-" + a))))));
            gateways.add(obj("networking.k8s.io/v1", "Ingress", "big", "i-" + a, Map.of(
                    "tls", List.of(Map.of("hosts", List.of("h" + a + ".example.com"), "secretName", "cred-" + a)),
                    "rules", List.of(Map.of("host", "h" + a + ".example.com")))));
        }
        for (int a = 0; a < policies / 2; a++) {
            gateways.add(obj("gateway.networking.k8s.io/v1", "Gateway", "big", "kgw-" + a, Map.of(
                    "gatewayClassName", "istio", "listeners", List.of(
                            Map.of("name", "http", "port", 80, "protocol", "HTTP"),
                            Map.of("name", "https", "port", 443, "protocol", "HTTPS", "tls",
                                    Map.of("certificateRefs", List.of(Map.of("name", "cred-" + a))))))));
        }
        for (int r = 0; r < apps; r++) {
            gateways.add(obj("gateway.networking.k8s.io/v1", "HTTPRoute", "big", "r-" + r, Map.of(
                    "parentRefs", List.of(Map.of("name", "kgw-" + r % Math.max(1, policies / 2), "sectionName", "http")),
                    "rules", List.of(Map.of("filters", List.of(Map.of("type", "RequestRedirect",
                            "requestRedirect", Map.of("scheme", "https"))))))));
        }
        write(out.resolve("gateways"), Map.of("base", istioBase, "pods", istioPods, "gateways", gateways));
    }

    /** Running pods already admitted, four per app: with an Istio sidecar, or a Linkerd proxy. */
    private static List<Object> pods(String ns, int pods, int apps, boolean istio) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            String app = "svc-" + i % apps;
            Map<String, Object> pod = obj("v1", "Pod", ns, "p-" + i, Map.of("serviceAccountName", "default",
                    "containers", List.of(
                            Map.of("name", "app", "image", "app", "ports",
                                    List.of(Map.of("containerPort", 8080, "name", "http"))),
                            istio ? Map.of("name", "istio-proxy", "image", "proxyv2")
                                    : Map.of("name", "linkerd-proxy", "image", "proxy", "ports",
                                    List.of(Map.of("containerPort", 4143, "name", "linkerd-proxy"))))));
            Map<String, Object> meta = meta(pod);
            meta.put("uid", String.format("00000000-0000-0000-0000-%012d", i));
            meta.put("labels", istio ? Map.of("app", app, "security.istio.io/tlsMode", "istio") : Map.of("app", app));
            meta.put("annotations", istio ? Map.of("sidecar.istio.io/status", "{\"containers\":[\"istio-proxy\"]}")
                    : Map.of("linkerd.io/proxy-version", "stable-2.14"));
            out.add(withStatus(pod, Map.of("phase", "Running")));
        }
        return out;
    }

    private static Map<String, Object> obj(String apiVersion, String kind, String ns, String name, Object spec) {
        return obj(apiVersion, kind, ns, name, null, null, null, spec);
    }

    private static Map<String, Object> obj(String apiVersion, String kind, String ns, String name,
                                           Map<String, String> annotations, Map<String, String> labels) {
        return obj(apiVersion, kind, ns, name, annotations, labels, null, null);
    }

    private static Map<String, Object> obj(String apiVersion, String kind, String ns, String name,
                                           Map<String, String> annotations, Map<String, String> labels,
                                           Map<String, String> data) {
        return obj(apiVersion, kind, ns, name, annotations, labels, data, null);
    }

    private static Map<String, Object> obj(String apiVersion, String kind, String ns, String name,
                                           Map<String, String> annotations, Map<String, String> labels,
                                           Map<String, String> data, Object spec) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        if (ns != null) {
            meta.put("namespace", ns);
        }
        if (labels != null) {
            meta.put("labels", labels);
        }
        if (annotations != null) {
            meta.put("annotations", annotations);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.put("metadata", meta);
        if (spec != null) {
            o.put("spec", spec);
        }
        if (data != null) {
            o.put("data", data);
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> o) {
        return (Map<String, Object>) o.get("metadata");
    }

    private static Map<String, Object> withStatus(Map<String, Object> o, Object status) {
        o.put("status", status);
        return o;
    }

    private static void write(Path dir, Map<String, List<Object>> files) throws IOException {
        Files.createDirectories(dir);
        for (var f : files.entrySet()) {
            JSON.writeValue(dir.resolve(f.getKey() + ".json").toFile(),
                    Map.of("apiVersion", "v1", "kind", "List", "items", f.getValue()));
        }
        System.err.println("wrote " + dir);
    }
}
