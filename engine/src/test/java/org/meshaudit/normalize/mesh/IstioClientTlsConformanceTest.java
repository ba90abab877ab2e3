package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meshaudit.normalize.mesh.Fixture.ns;
import static org.meshaudit.normalize.mesh.Fixture.pa;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.facts.PortPosture;

/**
 * Client TLS (IST-CL-1..5, IST-PA-8). First the cases of istio/istio
 * {@code pilot/pkg/networking/core/cluster_tls_test.go} {@code TestBuildAutoMtlsSettings}: upstream feeds the DR TLS,
 * {@code enableAutoMtls}, "mesh external" and the service's mTLS mode straight into the cluster builder; here the same
 * inputs are cluster state (a DestinationRule, the mesh ConfigMap, a MESH_EXTERNAL ServiceEntry, namespace
 * PeerAuthentications) and the expectation is the client cluster TLS of {@link ServiceClientTls}.
 *
 * <p>Not ported: "Metadata cert path override ISTIO_MUTUAL" and "TLS nil auto build tls with metadata cert path" (the
 * client proxy's node metadata TLS_CLIENT_* certificate paths are not read by the engine; they swap the files used for
 * mTLS), and "Auto fill nil settings when mTLS nil for internal service in unknown mode" (its input, an in-mesh service
 * whose mode is UNKNOWN, cannot come from cluster state: istiod's BestEffortInferServiceMTLSMode turns UNKNOWN into
 * PERMISSIVE for in-mesh services, IST-CL-3; that cluster-state case is {@code unknownNamespaceModeCountsAsPermissive}).
 * The SNI and SAN values of the first case are not modelled either; its mode is.
 */
class IstioClientTlsConformanceTest {
    private static final String T0 = "2024-01-01T10:00:00Z";

    static String mesh(boolean autoMtls) {
        return Fixture.istioMesh("enableAutoMtls: " + autoMtls);
    }

    /** Sidecar pod {@code app: api} (tlsMode label written by the injector), Service api 80 -> 8080, 90 -> 9090. */
    static String app(String tlsMode) {
        return ns("pay", "{istio-injection: enabled}")
                + Fixture.istioPod("pay", "api", "{app: api, security.istio.io/tlsMode: " + tlsMode + "}", "{}",
                8080, 9090)
                + """
                apiVersion: v1
                kind: Service
                metadata: {name: api, namespace: pay}
                spec:
                  selector: {app: api}
                  ports:
                  - {name: http, port: 80, targetPort: 8080}
                  - {name: grpc, port: 90, targetPort: 9090}
                ---
                """;
    }

    static String dr(String name, String ns, String host, String trafficPolicy) {
        return "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: " + name + ", namespace: "
                + ns + ", creationTimestamp: '" + T0 + "'}\nspec:\n  host: '" + host + "'\n  trafficPolicy: "
                + trafficPolicy + "\n---\n";
    }

    static final String EXTERNAL = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: foo, namespace: pay}
            spec:
              hosts: [foo.com]
              location: MESH_EXTERNAL
              resolution: DNS
              ports: [{number: 443, name: tls, protocol: TLS}]
            ---
            """;

    static ServiceClientTls client(MeshPosture p, String key) {
        return p.serviceClients().stream().filter(s -> s.service().key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no client view of " + key + " in " + p.serviceClients()));
    }

    static Stream<Arguments> buildAutoMtlsSettings() {
        String nsStrict = pa("pay", "default", T0, "{mtls: {mode: STRICT}}");
        String nsPermissive = pa("pay", "default", T0, "{mtls: {mode: PERMISSIVE}}");
        String nsDisable = pa("pay", "default", T0, "{mtls: {mode: DISABLE}}");
        return Stream.of(
                Arguments.of("Destination rule TLS sni and SAN override", false,
                        dr("api", "pay", "api.pay.svc.cluster.local", "{tls: {mode: ISTIO_MUTUAL, sni: custom.foo.com,"
                                + " subjectAltNames: [custom.foo.com]}}"), "Service/pay/api:80", "ISTIO_MUTUAL"),
                Arguments.of("Auto fill nil settings when mTLS nil for internal service in strict mode", true, nsStrict,
                        "Service/pay/api:80", "ISTIO_MUTUAL (auto)"),
                Arguments.of("Auto fill nil settings when mTLS nil for internal service in permissive mode", true,
                        nsPermissive, "Service/pay/api:80", "ISTIO_MUTUAL (auto)"),
                Arguments.of("Auto fill nil settings when mTLS nil for internal service in plaintext mode", true,
                        nsDisable, "Service/pay/api:80", "none"),
                Arguments.of("Do not auto fill nil settings for external", true, EXTERNAL, "ServiceEntry/pay/foo:443",
                        "none"),
                Arguments.of("Do not auto fill nil settings if server mTLS is disabled", false, nsDisable,
                        "Service/pay/api:80", "none"),
                Arguments.of("Simple TLS", false, dr("api", "pay", "api.pay.svc.cluster.local",
                        "{tls: {mode: SIMPLE, privateKey: /custom/key.pem, clientCertificate: /custom/chain.pem,"
                                + " caCertificates: /custom/root.pem}}"), "Service/pay/api:80", "SIMPLE"),
                Arguments.of("Metadata certs with Mesh Exteranl", false, EXTERNAL + dr("foo", "pay", "foo.com",
                        "{tls: {mode: MUTUAL, privateKey: /custom/external/key.pem, clientCertificate:"
                                + " /custom/external/chain.pem, caCertificates: /custom/external/root.pem}}"),
                        "ServiceEntry/pay/foo:443", "MUTUAL"));
    }

    @ParameterizedTest(name = "TestBuildAutoMtlsSettings {0} (IST-CL-1, IST-CL-3)")
    @MethodSource("buildAutoMtlsSettings")
    void buildAutoMtlsSettings(String name, boolean autoMtls, String config, String service, String clusterTls) {
        MeshPosture p = Fixture.resolve(mesh(autoMtls), app("istio"), config);
        assertEquals(clusterTls, client(p, service).clusterTls(), client(p, service).toString());
    }

    @Test
    void unknownNamespaceModeCountsAsPermissive() {
        // no PeerAuthentication anywhere: IST-PA-8 UNKNOWN, and istiod infers PERMISSIVE for an in-mesh service
        MeshPosture p = Fixture.resolve(mesh(true), app("istio"));
        ServiceClientTls c = client(p, "Service/pay/api:80");
        assertEquals("ISTIO_MUTUAL (auto)", c.clusterTls());
        assertTrue(c.decidedBy().contains("namespace mode UNKNOWN (counts as PERMISSIVE)"), c.decidedBy());
        assertEquals(List.of(new ServiceClientTls.Endpoint("Pod/pay/api", "8080", "ISTIO_MUTUAL", "PERMISSIVE", "mtls",
                c.decidedBy())), c.endpoints());
    }

    // ---------------------------------------------------------------- section 1.6 worked examples

    static PortPosture port(MeshPosture p, String port) {
        return Fixture.port(p, "Pod/pay/api:" + port);
    }

    static boolean noted(PortPosture p, String prefix) {
        return p.getNotes().stream().anyMatch(n -> n.startsWith(prefix));
    }

    @Test
    void istPa8NamespaceDisableWithStrictWorkloadLeavesClientsUnableToConnect() {
        MeshPosture p = Fixture.resolve(mesh(true), app("istio"), pa("pay", "default", T0, "{mtls: {mode: DISABLE}}"),
                pa("pay", "api", T0, "{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT}}"));
        PortPosture p8080 = port(p, "8080");
        assertEquals("STRICT@WORKLOAD", Fixture.summary(p8080));
        assertTrue(p8080.isStrictCompliant(), "the server side is compliant");
        NamespaceMesh pay = p.namespaces().stream().filter(n -> n.namespace().equals("pay")).findFirst().orElseThrow();
        assertEquals("DISABLE", pay.istioClientMode(), "IST-PA-8 ignores the workload policy");
        ServiceClientTls c = client(p, "Service/pay/api:80");
        assertEquals("none", c.clusterTls());
        assertEquals("refused", c.endpoints().get(0).outcome());
        assertTrue(noted(p8080, "IST-CL-5: clients cannot reach STRICT workload through Service/pay/api:80: sidecar"
                + " clients send plaintext (namespace mode DISABLE turns auto mTLS off (IST-PA-8, IST-CL-3))"),
                p8080.getNotes().toString());
        assertTrue(noted(port(p, "9090"), "IST-CL-5: clients cannot reach STRICT workload through Service/pay/api:90"));
    }

    @Test
    void istCl4NamespaceStrictWithDisablePortMakesClientsSendPlaintextThatIsAccepted() {
        MeshPosture p = Fixture.resolve(mesh(true), app("istio"), pa("pay", "default", T0, "{mtls: {mode: STRICT}}"),
                pa("pay", "api", T0, "{selector: {matchLabels: {app: api}}, portLevelMtls: {8080: {mode: DISABLE}}}"));
        PortPosture p8080 = port(p, "8080");
        assertEquals("DISABLE@PORT", Fixture.summary(p8080));
        ServiceClientTls c = client(p, "Service/pay/api:80");
        assertEquals("ISTIO_MUTUAL (auto)", c.clusterTls(), "the namespace mode is STRICT: auto mTLS prepares mTLS");
        assertEquals("plaintext", c.endpoints().get(0).sends());
        assertEquals("plaintext", c.endpoints().get(0).outcome());
        assertTrue(noted(p8080, "IST-CL-4: sidecar clients send plaintext through Service/pay/api:80 (the endpoint"
                + " port's mode is DISABLE, so auto mTLS sends plaintext (IST-CL-4)) and the DISABLE port accepts it"),
                p8080.getNotes().toString());
        ServiceClientTls c90 = client(p, "Service/pay/api:90");
        assertEquals("mtls", c90.endpoints().get(0).outcome());
        assertFalse(port(p, "9090").getNotes().stream().anyMatch(n -> n.startsWith("IST-CL")));
    }

    // ---------------------------------------------------------------- IST-CL-4 endpoint level, IST-CL-2 lookup

    @Test
    void istCl4EndpointLabelledTlsModeDisabledGetsPlaintext() {
        // IST-DP-2: the pod keeps its sidecar but tells clients to send plaintext; STRICT refuses it
        MeshPosture p = Fixture.resolve(mesh(true), app("disabled"), pa("pay", "default", T0, "{mtls: {mode: STRICT}}"));
        ServiceClientTls.Endpoint e = client(p, "Service/pay/api:80").endpoints().get(0);
        assertEquals("plaintext", e.sends());
        assertEquals("refused", e.outcome());
        assertTrue(e.reason().startsWith("endpoint not labelled security.istio.io/tlsMode=istio (disabled)"));
        assertTrue(noted(port(p, "8080"), "IST-CL-5: clients cannot reach STRICT workload"));
    }

    @Test
    void istCl4PredictedSidecarGetsTheInjectedTlsModeLabel() {
        String deployment = ns("pay", "{istio-injection: enabled}")
                + Fixture.deployment("pay", "api", "{app: api}", "{}", false, 8080)
                + "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: pay}\n"
                + "spec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}\n---\n";
        MeshPosture p = Fixture.resolve(mesh(true), deployment, pa("pay", "default", T0, "{mtls: {mode: STRICT}}"));
        ServiceClientTls.Endpoint e = client(p, "Service/pay/api:80").endpoints().get(0);
        assertEquals(new ServiceClientTls.Endpoint("Deployment/pay/api", "8080", "ISTIO_MUTUAL", "STRICT", "mtls",
                e.reason()), e);
    }

    @Test
    void istCl5DestinationRuleDisableTowardStrictAndDisablePorts() {
        // the demo's ledger pattern: DR DISABLE; 8080 DISABLE takes the plaintext, 9090 STRICT refuses it
        MeshPosture p = Fixture.resolve(mesh(true), app("istio"),
                pa("pay", "api", T0, "{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT},"
                        + " portLevelMtls: {8080: {mode: DISABLE}}}"),
                dr("api-plaintext", "pay", "api.pay.svc.cluster.local", "{tls: {mode: DISABLE}}"));
        assertEquals("DISABLE", client(p, "Service/pay/api:80").clusterTls());
        assertTrue(noted(port(p, "8080"), "IST-CL-4: sidecar clients send plaintext through Service/pay/api:80"
                + " (DestinationRule/pay/api-plaintext trafficPolicy.tls.mode=DISABLE (IST-CL-1)) and the DISABLE port"
                + " accepts it"), port(p, "8080").getNotes().toString());
        assertTrue(noted(port(p, "9090"), "IST-CL-5: clients cannot reach STRICT workload through Service/pay/api:90"));
    }

    @Test
    void istCl5IstioMutualTowardADisablePortIsNotTerminated() {
        MeshPosture p = Fixture.resolve(mesh(true), app("istio"),
                pa("pay", "api", T0, "{selector: {matchLabels: {app: api}}, mtls: {mode: DISABLE}}"),
                dr("api", "pay", "api", "{tls: {mode: ISTIO_MUTUAL}}"));
        ServiceClientTls.Endpoint e = client(p, "Service/pay/api:80").endpoints().get(0);
        assertEquals("ISTIO_MUTUAL", e.sends(), "DR ISTIO_MUTUAL skips the endpoint check (IST-CL-4 a)");
        assertEquals("mtls-not-terminated", e.outcome());
    }

    @Test
    void istCl3SimpleTowardPermissiveIsTlsButNotMeshMtls() {
        MeshPosture p = Fixture.resolve(mesh(true), app("istio"),
                dr("api", "pay", "api.pay.svc.cluster.local", "{tls: {mode: SIMPLE}}"));
        assertEquals("tls-not-mesh", client(p, "Service/pay/api:80").endpoints().get(0).outcome());
        assertTrue(noted(port(p, "8080"), "IST-CL-5: sidecar clients send SIMPLE TLS with user certificates"));
    }

    @Test
    void istCl3HeadlessServiceWithAnUnmeshedEndpointIsPlaintext() {
        String yaml = app("istio") + Fixture.pod("pay", "plain", "{app: api}", "{}", true, null, 8080)
                + "apiVersion: v1\nkind: Service\nmetadata: {name: api-headless, namespace: pay}\n"
                + "spec: {clusterIP: None, selector: {app: api}, ports: [{port: 8080}]}\n---\n";
        MeshPosture p = Fixture.resolve(mesh(true), yaml, pa("pay", "default", T0, "{mtls: {mode: STRICT}}"));
        ServiceClientTls c = client(p, "Service/pay/api-headless:8080");
        assertEquals("none", c.clusterTls());
        assertTrue(c.decidedBy().startsWith("headless service with an endpoint not labelled"), c.decidedBy());
        assertTrue(noted(port(p, "8080"), "IST-CL-5: clients cannot reach STRICT workload through"
                + " Service/pay/api-headless:8080"));
        // the ClusterIP service of the same pods still gets auto mTLS toward the sidecar endpoint
        assertEquals("mtls", client(p, "Service/pay/api:80").endpoints().stream()
                .filter(e -> e.workload().equals("Pod/pay/api")).findFirst().orElseThrow().outcome());
    }

    @Test
    void istCl2PortEntryWithoutTlsKeepsTheTopLevelModeAtEndpoints() {
        MeshPosture p = Fixture.resolve(mesh(true), app("istio"), pa("pay", "default", T0, "{mtls: {mode: PERMISSIVE}}"),
                dr("api", "pay", "api.pay.svc.cluster.local", "{tls: {mode: DISABLE}, portLevelSettings:"
                        + " [{port: {number: 80}, connectionPool: {tcp: {maxConnections: 10}}}]}"));
        ServiceClientTls c = client(p, "Service/pay/api:80");
        assertEquals("ISTIO_MUTUAL (auto)", c.clusterTls(), "the cluster falls back to auto mTLS (IST-CL-2)");
        assertEquals("plaintext", c.endpoints().get(0).sends(), "but the endpoints follow the top-level DISABLE");
        assertEquals("DISABLE", client(p, "Service/pay/api:90").clusterTls());
    }

    @Test
    void istCl2LookupOrderAndExport() {
        // service-namespace rule not exported to other namespaces -> the root namespace rule is used
        MeshPosture p = Fixture.resolve(mesh(true), app("istio"),
                dr("local", "pay", "api", "{tls: {mode: DISABLE}}").replace("spec:\n", "spec:\n  exportTo: ['.']\n"),
                dr("mesh-wide", "istio-system", "*.pay.svc.cluster.local", "{tls: {mode: SIMPLE}}"),
                dr("consumer", "shop", "api.pay.svc.cluster.local", "{tls: {mode: DISABLE}}"));
        ServiceClientTls c = client(p, "Service/pay/api:80");
        assertEquals("SIMPLE", c.clusterTls());
        assertTrue(c.decidedBy().startsWith("DestinationRule/istio-system/mesh-wide"), c.decidedBy());
        assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("DestinationRule/pay/local is not exported")));
        assertTrue(c.notes().contains("clients in namespace shop use DestinationRule/shop/consumer instead (IST-CL-2)"));
        // a dotted host is taken as written: "api.pay" names no Service
        MeshPosture q = Fixture.resolve(mesh(true), app("istio"), dr("dotted", "pay", "api.pay", "{tls: {mode: DISABLE}}"));
        assertEquals("ISTIO_MUTUAL (auto)", client(q, "Service/pay/api:80").clusterTls());
    }

    @Test
    void istCl3EnableAutoMtlsFalseSendsPlaintextWithoutDestinationRule() {
        MeshPosture p = Fixture.resolve(mesh(false), app("istio"), pa("pay", "default", T0, "{mtls: {mode: STRICT}}"));
        assertEquals("none", client(p, "Service/pay/api:80").clusterTls());
        assertTrue(noted(port(p, "8080"), "IST-CL-5: clients cannot reach STRICT workload through Service/pay/api:80:"
                + " sidecar clients send plaintext (enableAutoMtls: false and no DestinationRule tls (IST-CL-3))"));
    }
}
