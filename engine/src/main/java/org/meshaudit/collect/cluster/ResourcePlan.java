package org.meshaudit.collect.cluster;

import java.util.ArrayList;
import java.util.List;

/** What a live collection reads, in order. Kinds in one API group share discovery. */
final class ResourcePlan {

    /**
     * One resource to read.
     *
     * @param group      API group ({@code ""} core)
     * @param versions   versions in order of preference; another served version is read generically if none is
     * @param resource   plural resource name
     * @param kind       kind
     * @param namespaced namespaced or cluster-scoped
     * @param builtin    a built-in group: no discovery needed (a 404 means the cluster does not serve it)
     */
    record Entry(String group, List<String> versions, String resource, String kind, boolean namespaced,
                 boolean builtin) {
        String groupResource() {
            return group.isEmpty() ? resource : resource + "." + group;
        }
    }

    static final String ISTIO_SEC = "security.istio.io";
    static final String ISTIO_NET = "networking.istio.io";
    static final String LINKERD = "policy.linkerd.io";
    static final String CERT_MANAGER = "cert-manager.io";
    static final String TRUST_MANAGER = "trust.cert-manager.io";
    static final String GATEWAY = "gateway.networking.k8s.io";

    /** The mesh configuration ConfigMaps, read by name only. */
    static final List<String> MESH_CONFIGMAPS = List.of("istio", "istio-sidecar-injector", "linkerd-config");

    private ResourcePlan() {
    }

    static List<Entry> entries() {
        List<Entry> e = new ArrayList<>();
        core(e, "namespaces", "Namespace", false);
        core(e, "pods", "Pod", true);
        core(e, "services", "Service", true);
        core(e, "serviceaccounts", "ServiceAccount", true);
        builtin(e, "apps", "deployments", "Deployment", true);
        builtin(e, "apps", "statefulsets", "StatefulSet", true);
        builtin(e, "apps", "daemonsets", "DaemonSet", true);
        builtin(e, "apps", "replicasets", "ReplicaSet", true);
        builtin(e, "batch", "jobs", "Job", true);
        builtin(e, "batch", "cronjobs", "CronJob", true);
        builtin(e, "networking.k8s.io", "networkpolicies", "NetworkPolicy", true);
        builtin(e, "networking.k8s.io", "ingresses", "Ingress", true);
        builtin(e, "admissionregistration.k8s.io", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration",
                false);
        List<String> istio = List.of("v1", "v1beta1");
        crd(e, ISTIO_SEC, istio, "peerauthentications", "PeerAuthentication", true);
        crd(e, ISTIO_SEC, istio, "authorizationpolicies", "AuthorizationPolicy", true);
        crd(e, ISTIO_SEC, istio, "requestauthentications", "RequestAuthentication", true);
        List<String> istioNet = List.of("v1", "v1beta1", "v1alpha3");
        crd(e, ISTIO_NET, istioNet, "destinationrules", "DestinationRule", true);
        crd(e, ISTIO_NET, istioNet, "sidecars", "Sidecar", true);
        crd(e, ISTIO_NET, istioNet, "gateways", "Gateway", true);
        crd(e, ISTIO_NET, istioNet, "virtualservices", "VirtualService", true);
        crd(e, ISTIO_NET, istioNet, "serviceentries", "ServiceEntry", true);
        List<String> linkerd = List.of("v1beta3", "v1beta2", "v1beta1", "v1alpha1");
        crd(e, LINKERD, linkerd, "servers", "Server", true);
        crd(e, LINKERD, linkerd, "serverauthorizations", "ServerAuthorization", true);
        crd(e, LINKERD, linkerd, "authorizationpolicies", "AuthorizationPolicy", true);
        crd(e, LINKERD, linkerd, "meshtlsauthentications", "MeshTLSAuthentication", true);
        crd(e, LINKERD, linkerd, "networkauthentications", "NetworkAuthentication", true);
        crd(e, LINKERD, linkerd, "httproutes", "HTTPRoute", true);
        crd(e, CERT_MANAGER, List.of("v1"), "certificates", "Certificate", true);
        crd(e, CERT_MANAGER, List.of("v1"), "issuers", "Issuer", true);
        crd(e, CERT_MANAGER, List.of("v1"), "clusterissuers", "ClusterIssuer", false);
        crd(e, TRUST_MANAGER, List.of("v1alpha1"), "bundles", "Bundle", false);
        List<String> gw = List.of("v1", "v1beta1");
        crd(e, GATEWAY, gw, "gatewayclasses", "GatewayClass", false);
        crd(e, GATEWAY, gw, "gateways", "Gateway", true);
        crd(e, GATEWAY, gw, "httproutes", "HTTPRoute", true);
        crd(e, GATEWAY, List.of("v1", "v1alpha2"), "grpcroutes", "GRPCRoute", true);
        crd(e, GATEWAY, List.of("v1alpha2", "v1alpha3"), "tlsroutes", "TLSRoute", true);
        crd(e, GATEWAY, List.of("v1beta1", "v1"), "referencegrants", "ReferenceGrant", true);
        return List.copyOf(e);
    }

    static final Entry CONFIGMAPS = new Entry("", List.of("v1"), "configmaps", "ConfigMap", true, true);
    static final Entry SECRETS = new Entry("", List.of("v1"), "secrets", "Secret", true, true);

    private static void core(List<Entry> e, String resource, String kind, boolean namespaced) {
        e.add(new Entry("", List.of("v1"), resource, kind, namespaced, true));
    }

    private static void builtin(List<Entry> e, String group, String resource, String kind, boolean namespaced) {
        e.add(new Entry(group, List.of("v1"), resource, kind, namespaced, true));
    }

    private static void crd(List<Entry> e, String group, List<String> versions, String resource, String kind,
                            boolean namespaced) {
        e.add(new Entry(group, versions, resource, kind, namespaced, false));
    }

    /** The URL path of a collection: {@code /api/v1/pods}, {@code /apis/g/v/namespaces/ns/r}. */
    static String path(String group, String version, String resource, String namespace) {
        String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return namespace == null || namespace.isEmpty() ? base + "/" + resource
                : base + "/namespaces/" + namespace + "/" + resource;
    }

    /**
     * {@code group|version|resource} of an object path as {@link #path} plus {@code /name} gives it
     * ({@code /apis/g/v/namespaces/ns/r/name}, {@code /api/v1/namespaces/name}), or null for anything else.
     */
    static String resourceOf(String objectPath) {
        String[] s = objectPath.split("/", -1);
        boolean core = s.length > 2 && s[0].isEmpty() && s[1].equals("api");
        if (!core && !(s.length > 3 && s[0].isEmpty() && s[1].equals("apis"))) {
            return null;
        }
        int at = core ? 3 : 4; // first segment after the version
        String group = core ? "" : s[2];
        String version = s[at - 1];
        if (s.length - at == 2) {
            return group + "|" + version + "|" + s[at];
        }
        if (s.length - at == 4 && s[at].equals("namespaces")) {
            return group + "|" + version + "|" + s[at + 2];
        }
        return null;
    }
}
