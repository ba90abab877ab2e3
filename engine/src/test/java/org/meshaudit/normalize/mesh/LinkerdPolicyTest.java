package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meshaudit.normalize.mesh.Fixture.LINKERD;
import static org.meshaudit.normalize.mesh.Fixture.linkerdPod;
import static org.meshaudit.normalize.mesh.Fixture.ns;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.WorkloadPosture;

/** LKD-POL-1..6, LKD-DP-3, LKD-SKIP-1, LKD-MTLS-1 and the upstream annotation.rs / server.rs cases. */
class LinkerdPolicyTest {
    private static final String NS = ns("shop", "{}");

    static String server(String name, String created, String selector, String port, String extra) {
        return "apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata:\n  name: " + name
                + "\n  namespace: shop\n" + (created == null ? "" : "  creationTimestamp: \"" + created + "\"\n")
                + "spec:\n  podSelector: " + selector + "\n  port: " + port + "\n" + extra + "---\n";
    }

    static String authz(String name, String target, String refs) {
        return "apiVersion: policy.linkerd.io/v1alpha1\nkind: AuthorizationPolicy\nmetadata: {name: " + name
                + ", namespace: shop}\nspec:\n  targetRef: " + target + "\n  requiredAuthenticationRefs: " + refs
                + "\n---\n";
    }

    static final String MESHTLS = """
            apiVersion: policy.linkerd.io/v1alpha1
            kind: MeshTLSAuthentication
            metadata: {name: any-identity, namespace: shop}
            spec: {identities: ["*"]}
            ---
            """;
    static final String NETAUTH = """
            apiVersion: policy.linkerd.io/v1alpha1
            kind: NetworkAuthentication
            metadata: {name: cluster-nets, namespace: shop}
            spec: {networks: [{cidr: 10.0.0.0/8}]}
            ---
            """;
    static final String DB_POD = linkerdPod("shop", "db", "{app: db}", "{}", 5432, 9102);
    static final String DB_SERVER = server("db", null, "{matchLabels: {app: db}}", "5432", "");
    /** {@link #DB_POD} with named container ports: postgres (5432) and metrics (9102). */
    static final String NAMED_DB_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: db, namespace: shop, uid: u1, labels: {app: db}}
            spec:
              containers:
              - name: app
                ports: [{name: postgres, containerPort: 5432}, {name: metrics, containerPort: 9102}]
              - {name: linkerd-proxy, ports: [{containerPort: 4143}, {containerPort: 4191}]}
            ---
            """;

    static Stream<Arguments> defaults() {
        return Stream.of(
                Arguments.of("LKD-POL-1 cluster default from linkerd-config", "{}", "9102", "all-unauthenticated@CLUSTER", false),
                Arguments.of("LKD-POL-1 annotation.rs default_policy_annotated: pod annotation all-authenticated",
                        "{config.linkerd.io/default-inbound-policy: all-authenticated}", "9102", "all-authenticated@POD", true),
                Arguments.of("LKD-POL-1 annotation.rs default_policy_annotated_invalid: unparsable value uses cluster default",
                        "{config.linkerd.io/default-inbound-policy: bogus}", "9102", "all-unauthenticated@CLUSTER", false),
                Arguments.of("LKD-POL-1 cluster-authenticated requires mTLS",
                        "{config.linkerd.io/default-inbound-policy: cluster-authenticated}", "9102", "cluster-authenticated@POD", true),
                Arguments.of("LKD-POL-1 deny requires mTLS",
                        "{config.linkerd.io/default-inbound-policy: deny}", "9102", "deny@POD", true),
                Arguments.of("LKD-POL-1 cluster-unauthenticated accepts plaintext",
                        "{config.linkerd.io/default-inbound-policy: cluster-unauthenticated}", "9102", "cluster-unauthenticated@POD", false),
                Arguments.of("LKD-POL-1 audit accepts plaintext",
                        "{config.linkerd.io/default-inbound-policy: audit}", "9102", "audit@POD", false),
                Arguments.of("LKD-POL-2 annotation.rs authenticated_annotated: require-identity port becomes all-authenticated",
                        "{config.linkerd.io/proxy-require-identity-inbound-ports: \"9102\"}", "9102", "all-authenticated@POD", true),
                Arguments.of("LKD-POL-2 require-identity leaves other ports on the default",
                        "{config.linkerd.io/proxy-require-identity-inbound-ports: \"9102\"}", "5432", "all-unauthenticated@CLUSTER", false),
                Arguments.of("LKD-POL-2 cluster-unauthenticated becomes cluster-authenticated",
                        "{config.linkerd.io/default-inbound-policy: cluster-unauthenticated, config.linkerd.io/proxy-require-identity-inbound-ports: \"9000-9200\"}",
                        "9102", "cluster-authenticated@POD", true),
                Arguments.of("LKD-POL-3 annotation.rs opaque_annotated: opaque ports do not change policy",
                        "{config.linkerd.io/opaque-ports: \"9102\"}", "9102", "all-unauthenticated@CLUSTER", false),
                Arguments.of("LKD-POL-1 pitfall 10: meshed pods still accept plaintext by default (LKD-MTLS-2)",
                        "{}", "*", "all-unauthenticated@CLUSTER", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void defaultPolicy(String name, String annotations, String port, String expected, boolean mtls) {
        MeshPosture p = Fixture.resolve(LINKERD, NS, linkerdPod("shop", "db", "{app: db}", annotations, 5432, 9102));
        PortPosture pp = Fixture.port(p, "Pod/shop/db:" + port);
        assertEquals(expected, Fixture.summary(pp), pp.getNotes().toString());
        assertEquals(mtls, pp.isMtlsRequired());
        assertTrue(pp.getTraits().contains("linkerd"));
        assertTrue(pp.getTraits().contains("meshed"));
    }

    static Stream<Arguments> servers() {
        return Stream.of(
                Arguments.of("LKD-POL-4 worked example: Server db with MeshTLS identities * requires mTLS",
                        DB_SERVER + MESHTLS + authz("db-mtls", "{group: policy.linkerd.io, kind: Server, name: db}",
                                "[{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: any-identity}]"),
                        "5432", "server:db (accessPolicy=deny)@SERVER", true),
                Arguments.of("LKD-POL-4 worked example: port 9102 without Server keeps the default",
                        DB_SERVER, "9102", "all-unauthenticated@CLUSTER", false),
                Arguments.of("LKD-POL-4 pitfall 10: a Server with no authorizations denies everything",
                        DB_SERVER, "5432", "server:db (accessPolicy=deny)@SERVER", true),
                Arguments.of("LKD-POL-4 server.rs links_named_server_port: port by container port name",
                        server("db", null, "{matchLabels: {app: db}}", "postgres", ""), "5432",
                        "server:db (accessPolicy=deny)@SERVER", true),
                Arguments.of("LKD-POL-4 server.rs links_unnamed_server_port: port by number, empty selector selects all",
                        server("all", null, "{}", "5432", ""), "5432", "server:all (accessPolicy=deny)@SERVER", true),
                Arguments.of("LKD-POL-4 server.rs server_update_deselects_pod: non-matching selector keeps the default",
                        server("db", null, "{matchLabels: {app: web}}", "5432", ""), "5432",
                        "all-unauthenticated@CLUSTER", false),
                Arguments.of("LKD-POL-4 matchExpressions select pods",
                        server("db", null, "{matchExpressions: [{key: app, operator: In, values: [db, cache]}]}", "5432", ""),
                        "5432", "server:db (accessPolicy=deny)@SERVER", true),
                Arguments.of("LKD-POL-4 accessPolicy all-unauthenticated admits plaintext",
                        server("db", null, "{matchLabels: {app: db}}", "5432", "  accessPolicy: all-unauthenticated\n"),
                        "5432", "server:db (accessPolicy=all-unauthenticated)@SERVER", false),
                Arguments.of("LKD-POL-5 pitfall 10: NetworkAuthentication alone allows plaintext",
                        DB_SERVER + NETAUTH + authz("nets", "{group: policy.linkerd.io, kind: Server, name: db}",
                                "[{group: policy.linkerd.io, kind: NetworkAuthentication, name: cluster-nets}]"),
                        "5432", "server:db (accessPolicy=deny)@SERVER", false),
                Arguments.of("LKD-POL-5 MeshTLS AND NetworkAuthentication still requires mTLS",
                        DB_SERVER + NETAUTH + MESHTLS + authz("both", "{group: policy.linkerd.io, kind: Server, name: db}",
                                "[{kind: NetworkAuthentication, name: cluster-nets}, {kind: MeshTLSAuthentication, name: any-identity}]"),
                        "5432", "server:db (accessPolicy=deny)@SERVER", true),
                Arguments.of("LKD-POL-5 policy referencing a missing NetworkAuthentication is invalid and ignored",
                        DB_SERVER + authz("broken", "{group: policy.linkerd.io, kind: Server, name: db}",
                                "[{kind: NetworkAuthentication, name: missing}]"),
                        "5432", "server:db (accessPolicy=deny)@SERVER", true),
                Arguments.of("LKD-POL-5 Namespace-targeted policy applies to all Servers of the namespace",
                        DB_SERVER + NETAUTH + authz("ns-wide", "{kind: Namespace, name: shop}",
                                "[{kind: NetworkAuthentication, name: cluster-nets}]"),
                        "5432", "server:db (accessPolicy=deny)@SERVER", false),
                Arguments.of("LKD-POL-6 ServerAuthorization client.unauthenticated allows plaintext",
                        DB_SERVER + """
                                apiVersion: policy.linkerd.io/v1beta1
                                kind: ServerAuthorization
                                metadata: {name: open, namespace: shop}
                                spec:
                                  server: {name: db}
                                  client: {unauthenticated: true}
                                ---
                                """, "5432", "server:db (accessPolicy=deny)@SERVER", false),
                Arguments.of("LKD-POL-6 ServerAuthorization with meshTLS serviceAccounts requires mTLS",
                        DB_SERVER + """
                                apiVersion: policy.linkerd.io/v1beta1
                                kind: ServerAuthorization
                                metadata: {name: sa, namespace: shop}
                                spec:
                                  server: {name: db}
                                  client: {meshTLS: {serviceAccounts: [{name: web}]}}
                                ---
                                """, "5432", "server:db (accessPolicy=deny)@SERVER", true),
                Arguments.of("LKD-POL-4 two Servers on one port: the oldest wins",
                        server("a-new", "2024-01-01T10:00:01Z", "{matchLabels: {app: db}}", "5432", "")
                                + server("z-old", "2024-01-01T10:00:00Z", "{matchLabels: {app: db}}", "5432",
                                "  accessPolicy: all-unauthenticated\n"),
                        "5432", "server:z-old (accessPolicy=all-unauthenticated)@SERVER", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void serverPolicy(String name, String objects, String port, String expected, boolean mtls) {
        MeshPosture p = Fixture.resolve(LINKERD, NS, NAMED_DB_POD, objects);
        PortPosture pp = Fixture.port(p, "Pod/shop/db:" + port);
        assertEquals(expected, Fixture.summary(pp), pp.getNotes().toString());
        assertEquals(mtls, pp.isMtlsRequired(), pp.getNotes().toString());
    }

    @Test
    void lkdPol4ShadowedServerAndDecidedByAreRecorded() {
        MeshPosture p = Fixture.resolve(LINKERD, NS, DB_POD, MESHTLS,
                server("a-new", "2024-01-01T10:00:01Z", "{matchLabels: {app: db}}", "5432", ""),
                server("z-old", "2024-01-01T10:00:00Z", "{matchLabels: {app: db}}", "5432", ""),
                authz("db-mtls", "{group: policy.linkerd.io, kind: Server, name: z-old}",
                        "[{kind: MeshTLSAuthentication, name: any-identity}]"));
        PortPosture pp = Fixture.port(p, "Pod/shop/db:5432");
        assertEquals(List.of("Server/shop/a-new"), pp.getShadowed());
        assertEquals(List.of("Server/shop/z-old", "AuthorizationPolicy/shop/db-mtls"), pp.getDecidedBy());
        NamespaceMesh nm = p.namespaces().stream().filter(n -> n.namespace().equals("shop")).findFirst().orElseThrow();
        assertEquals(List.of("Server/shop/a-new", "Server/shop/z-old"), nm.linkerdMtlsServers());
        assertEquals("all-unauthenticated", nm.linkerdPolicy());
    }

    @Test
    void lkdDp3PredictedPodsCopyNamespaceAnnotationsObservedPodsDoNot() {
        String nsObj = ns("shop", "{}", "{linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: all-authenticated}");
        MeshPosture p = Fixture.resolve(LINKERD, nsObj, Fixture.deployment("shop", "web", "{}", "{}", false, 8080),
                Fixture.deployment("shop", "own", "{}", "{config.linkerd.io/default-inbound-policy: deny}", false, 8080),
                linkerdPod("shop", "old", "{}", "{}", 8080));
        assertEquals("all-authenticated@NAMESPACE", Fixture.summary(Fixture.port(p, "Deployment/shop/web:8080")));
        assertEquals("deny@POD", Fixture.summary(Fixture.port(p, "Deployment/shop/own:8080")));
        assertEquals("all-unauthenticated@CLUSTER", Fixture.summary(Fixture.port(p, "Pod/shop/old:8080")));
        NamespaceMesh nm = p.namespaces().stream().filter(n -> n.namespace().equals("shop")).findFirst().orElseThrow();
        assertEquals("all-authenticated", nm.linkerdPolicy());
        assertEquals("Namespace/shop annotation", nm.linkerdPolicySource());
    }

    @Test
    void gen3MissingLinkerdConfigIsAnErrorUnlessDefaultsAssumed() {
        MeshPosture p = Fixture.resolve(NS, DB_POD);
        PortPosture pp = Fixture.port(p, "Pod/shop/db:5432");
        assertNotNull(pp.getError());
        assertTrue(pp.getError().contains("linkerd-config"));
        assertFalse(pp.getTraits().contains("meshed"));
        MeshPosture a = Fixture.resolve(Fixture.assumeDefaults(), NS, DB_POD);
        assertEquals("all-unauthenticated@CLUSTER", Fixture.summary(Fixture.port(a, "Pod/shop/db:5432")));
        assertTrue(a.meshInfo().get("meshDefaultsAssumed").contains("linkerd-config"));
        // the pod's own annotation needs no cluster config
        MeshPosture own = Fixture.resolve(NS, linkerdPod("shop", "db", "{}", "{config.linkerd.io/default-inbound-policy: deny}", 5432));
        assertEquals("deny@POD", Fixture.summary(Fixture.port(own, "Pod/shop/db:5432")));
    }

    @Test
    void lkdSkip1SkippedPortsAreNotCaptured() {
        MeshPosture p = Fixture.resolve(LINKERD, NS, linkerdPod("shop", "db", "{}",
                "{config.linkerd.io/skip-inbound-ports: \"9000-9100\", config.linkerd.io/skip-outbound-ports: \"3306\"}",
                4567, 5432, 9050));
        PortPosture skipped = Fixture.port(p, "Pod/shop/db:9050");
        assertFalse(skipped.isInboundCaptured());
        assertTrue(skipped.getCaptureNote().contains("skip-inbound-ports"));
        assertTrue(skipped.getTraits().contains("excluded"));
        assertFalse(skipped.isStrictCompliant());
        PortPosture galera = Fixture.port(p, "Pod/shop/db:4567");
        assertFalse(galera.isInboundCaptured(), "pitfall 6: Linkerd skips 4567/4568 by default");
        assertTrue(Fixture.port(p, "Pod/shop/db:5432").isInboundCaptured());
        WorkloadPosture w = Fixture.workload(p, "Pod/shop/db");
        assertEquals(List.of("config.linkerd.io/skip-inbound-ports=9000-9100"), w.getInboundExclusions());
        assertEquals(List.of("config.linkerd.io/skip-outbound-ports=3306"), w.getOutboundExclusions());
    }

    @Test
    void gen4UdpIsNeverMtlsRequired() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: dns, namespace: shop, uid: u1, annotations: {config.linkerd.io/default-inbound-policy: deny}}
                spec:
                  containers:
                  - name: app
                    ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53, protocol: TCP}]
                  - {name: linkerd-proxy}
                ---
                """;
        MeshPosture p = Fixture.resolve(LINKERD, NS, pod);
        WorkloadPosture w = Fixture.workload(p, "Pod/shop/dns");
        assertEquals("53/TCP,53/UDP,*/TCP", Fixture.ports(w));
        PortPosture udp = w.getPorts().get(1);
        assertFalse(udp.isMtlsRequired());
        assertFalse(udp.isInboundCaptured());
        assertTrue(udp.getTraits().contains("udp"));
        assertTrue(w.getPorts().get(0).isMtlsRequired());
    }

    @Test
    void lkdMtls1MeshedToMeshedIsMtlsButNotRequiredAndSkippedPortsAndUdpGetNone() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: app, namespace: shop, uid: u1, annotations: {config.linkerd.io/skip-inbound-ports: "9000", config.linkerd.io/opaque-ports: "5432"}}
                spec:
                  containers:
                  - name: app
                    ports: [{containerPort: 8080}, {containerPort: 5432}, {containerPort: 9000}, {containerPort: 53, protocol: UDP}]
                  - {name: linkerd-proxy}
                ---
                """;
        MeshPosture p = Fixture.resolve(LINKERD, NS, pod);
        WorkloadPosture w = Fixture.workload(p, "Pod/shop/app");
        assertTrue(w.getNotes().stream().anyMatch(n -> n.startsWith("LKD-MTLS-1: traffic from other meshed pods is"
                + " always mTLS")), w.getNotes().toString());
        // meshed and captured: mTLS from meshed clients, but plaintext still accepted by default (LKD-MTLS-2)
        PortPosture http = Fixture.port(p, "Pod/shop/app:8080");
        assertTrue(http.isInboundCaptured() && http.getTraits().contains("meshed"));
        assertFalse(http.isMtlsRequired());
        // opaque ports are still carried in mTLS: only protocol detection is off (LKD-POL-3)
        assertEquals(http.getServerMode(), Fixture.port(p, "Pod/shop/app:5432").getServerMode());
        assertTrue(Fixture.port(p, "Pod/shop/app:5432").isInboundCaptured());
        // a skipped port and UDP get no mTLS at all
        assertFalse(Fixture.port(p, "Pod/shop/app:9000").isInboundCaptured());
        PortPosture udp = w.getPorts().stream().filter(pp -> pp.getProtocol().equals("UDP")).findFirst().orElseThrow();
        assertFalse(udp.isInboundCaptured() || udp.isMtlsRequired());
    }

    @Test
    void lkdMtls1DestinationRulesDoNotTargetLinkerdWorkloads() {
        String yaml = linkerdPod("shop", "db", "{app: db}", "{}", 5432) + """
                apiVersion: v1
                kind: Service
                metadata: {name: db, namespace: shop}
                spec: {selector: {app: db}, ports: [{port: 5432}]}
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: db, namespace: shop}
                spec: {host: db, trafficPolicy: {tls: {mode: DISABLE}}}
                ---
                """;
        var facts = org.meshaudit.normalize.FactsBuilder.build(Fixture.snapshot(Fixture.ISTIO, LINKERD, NS, yaml),
                MeshOptions.defaults());
        var dr = facts.ofType(org.meshaudit.facts.DestinationRuleTls.class).get(0);
        assertEquals("DISABLE", dr.getTlsMode());
        assertTrue(dr.getTraits().contains("linkerd-target"), dr.getTraits().toString());
        assertFalse(dr.getTraits().contains("meshed-target"), "MTLS-003 judges only DRs toward Istio workloads");
    }

    @Test
    void linkerdVersionAndSystemNamespaces() {
        MeshPosture p = Fixture.resolve(LINKERD, NS, ns("linkerd", "{linkerd.io/is-control-plane: \"true\"}"),
                linkerdPod("shop", "db", "{}", "{linkerd.io/proxy-version: edge-25.8.1}", 5432));
        assertEquals("edge-25.8.1", p.meshInfo().get("linkerd.version"));
        assertEquals("all-unauthenticated", p.meshInfo().get("linkerd.defaultInboundPolicy"));
        assertTrue(p.systemNamespaces().containsAll(List.of("linkerd", "linkerd-viz", "cert-manager", "kube-system")));
    }

    /**
     * The policies that name a Server and those that target its namespace are read in input order, however they are
     * looked up (a policy naming another Server is not among them).
     */
    @Test
    void policiesTargetingAServerAreReadInInputOrder() {
        String objects = DB_SERVER + NETAUTH
                + authz("a-ns", "{kind: Namespace, name: shop}", "[{kind: NetworkAuthentication, name: cluster-nets}]")
                + authz("b-db", "{group: policy.linkerd.io, kind: Server, name: db}",
                        "[{kind: MeshTLSAuthentication, name: missing-b}]")
                + authz("c-other", "{group: policy.linkerd.io, kind: Server, name: other}",
                        "[{kind: MeshTLSAuthentication, name: missing-c}]")
                + authz("d-ns", "{kind: Namespace, name: shop}", "[{kind: MeshTLSAuthentication, name: missing-d}]")
                + authz("e-db", "{group: policy.linkerd.io, kind: Server, name: db}",
                        "[{kind: NetworkAuthentication, name: cluster-nets}]");
        MeshPosture p = Fixture.resolve(LINKERD, NS, NAMED_DB_POD, objects);
        List<String> notes = Fixture.port(p, "Pod/shop/db:5432").getNotes();
        List<String> policies = notes.stream().map(n -> n.replaceAll("^AuthorizationPolicy/shop/([a-z-]+) .*$", "$1"))
                .filter(n -> n.length() < 10).toList();
        assertEquals(List.of("a-ns", "b-db", "d-ns", "e-db"), policies, notes.toString());
    }
}
