package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meshaudit.normalize.mesh.Fixture.ISTIO;
import static org.meshaudit.normalize.mesh.Fixture.istioPod;
import static org.meshaudit.normalize.mesh.Fixture.ns;
import static org.meshaudit.normalize.mesh.Fixture.pa;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.PortPosture.Level;

/** IST-PA-1..10 composition, the upstream TestComposePeerAuthentication cases and the section 4 pitfalls. */
class IstioPeerAuthenticationTest {
    private static final String T0 = "2024-01-01T10:00:00Z";
    private static final String T1 = "2024-01-01T10:00:01Z";
    private static final String EARLIER = "2024-01-01T09:59:59Z";
    private static final String POD = ns("pay", "{istio-injection: enabled}")
            + istioPod("pay", "api", "{app: api}", "{}", 80, 90, 100, 8080, 9090);
    private static final String STRICT = "{mtls: {mode: STRICT}}";
    private static final String PERMISSIVE = "{mtls: {mode: PERMISSIVE}}";
    private static final String DISABLE = "{mtls: {mode: DISABLE}}";

    static Stream<Arguments> composition() {
        return Stream.of(
                Arguments.of("IST-PA-4 upstream TestComposePeerAuthentication 'no config': PERMISSIVE by default",
                        "", "8080", "PERMISSIVE@DEFAULT"),
                Arguments.of("IST-PA-3 mesh-wide STRICT applies to every namespace",
                        pa("istio-system", "default", T0, STRICT), "8080", "STRICT@MESH"),
                Arguments.of("IST-PA-3 upstream 'mesh vs namespace': namespace PERMISSIVE overrides mesh STRICT",
                        pa("istio-system", "default", T0, STRICT) + pa("pay", "default", T0, PERMISSIVE),
                        "8080", "PERMISSIVE@NAMESPACE"),
                Arguments.of("IST-PA-1 upstream 'ignore non-empty selector in root namespace'",
                        pa("istio-system", "sel", T0, "{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT}}"),
                        "8080", "PERMISSIVE@DEFAULT"),
                Arguments.of("IST-PA-1 empty matchLabels in root namespace is the mesh-wide policy",
                        pa("istio-system", "empty", T0, "{selector: {matchLabels: {}}, mtls: {mode: STRICT}}"),
                        "8080", "STRICT@MESH"),
                Arguments.of("IST-PA-1 empty matchLabels in a namespace is namespace-wide",
                        pa("pay", "empty", T0, "{selector: {matchLabels: {}}, mtls: {mode: STRICT}}"),
                        "8080", "STRICT@NAMESPACE"),
                Arguments.of("IST-PA-1 workload selector must be a subset of the pod labels",
                        pa("pay", "other", T0, "{selector: {matchLabels: {app: web}}, mtls: {mode: STRICT}}"),
                        "8080", "PERMISSIVE@DEFAULT"),
                Arguments.of("IST-PA-2 upstream 'multiple mesh policy': the oldest mesh policy wins",
                        pa("istio-system", "a-new", T1, STRICT) + pa("istio-system", "z-old", T0, DISABLE),
                        "8080", "DISABLE@MESH"),
                Arguments.of("IST-PA-2 upstream 'multiple namespace policy': the oldest namespace policy wins",
                        pa("pay", "a-new", T1, STRICT) + pa("pay", "z-old", T0, PERMISSIVE),
                        "8080", "PERMISSIVE@NAMESPACE"),
                Arguments.of("IST-PA-2 upstream 'multiple workload policy': the oldest workload policy wins",
                        pa("pay", "a-new", T1, "{selector: {matchLabels: {app: api}}, mtls: {mode: DISABLE}}")
                                + pa("pay", "z-old", T0, "{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT}}"),
                        "8080", "STRICT@WORKLOAD"),
                Arguments.of("IST-PA-2 equal timestamps: name order wins (worked example a-strict vs b-disable)",
                        pa("pay", "b-disable", T0, DISABLE) + pa("pay", "a-strict", T0, STRICT),
                        "8080", "STRICT@NAMESPACE"),
                Arguments.of("IST-PA-2 pitfall 2: an older DISABLE beats a stricter newer policy",
                        pa("pay", "b-disable", EARLIER, DISABLE) + pa("pay", "a-strict", T0, STRICT),
                        "8080", "DISABLE@NAMESPACE"),
                Arguments.of("IST-PA-2 policies without creationTimestamp count as newest",
                        pa("pay", "a-unapplied", null, DISABLE) + pa("pay", "b-applied", T0, STRICT),
                        "8080", "STRICT@NAMESPACE"),
                Arguments.of("IST-PA-3 upstream 'port level': port 80 DISABLE",
                        portLevel(), "80", "DISABLE@PORT"),
                Arguments.of("IST-PA-3 upstream 'port level': port 90 UNSET inherits STRICT",
                        portLevel(), "90", "STRICT@WORKLOAD"),
                Arguments.of("IST-PA-3 upstream 'port level': port 100 {} inherits STRICT",
                        portLevel(), "100", "STRICT@WORKLOAD"),
                Arguments.of("IST-PA-3 upstream 'port level': catch-all gets the workload result",
                        portLevel(), "*", "STRICT@WORKLOAD"),
                Arguments.of("IST-PA-3 workload UNSET inherits the namespace mode",
                        pa("pay", "default", T0, STRICT)
                                + pa("pay", "api", T0, "{selector: {matchLabels: {app: api}}, mtls: {mode: UNSET}}"),
                        "8080", "STRICT@NAMESPACE"),
                Arguments.of("IST-PA-3 mesh policy with UNSET behaves as PERMISSIVE",
                        pa("istio-system", "default", T0, "{mtls: {mode: UNSET}}"), "8080", "PERMISSIVE@DEFAULT"),
                Arguments.of("IST-PA-3 omitted mtls and mtls {} inherit",
                        pa("istio-system", "default", T0, STRICT) + pa("pay", "a", T0, "{}")
                                + pa("pay", "api", T0, "{selector: {matchLabels: {app: api}}, mtls: {}}"),
                        "8080", "STRICT@MESH"),
                Arguments.of("IST-PA-3 worked example: port 9090 STRICT under a PERMISSIVE namespace",
                        workedExample(), "9090", "STRICT@PORT"),
                Arguments.of("IST-PA-3 worked example: other ports PERMISSIVE (namespace overrides mesh)",
                        workedExample(), "8080", "PERMISSIVE@NAMESPACE"),
                Arguments.of("IST-PA-3 pitfall 1: mesh STRICT but workload port DISABLE",
                        pa("istio-system", "default", T0, STRICT)
                                + pa("pay", "api", T0, "{selector: {matchLabels: {app: api}}, portLevelMtls: {8080: {mode: DISABLE}}}"),
                        "8080", "DISABLE@PORT"),
                Arguments.of("IST-PA-3 only the workload policy's portLevelMtls counts (shadowed one ignored)",
                        pa("pay", "a-old", T0, "{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT}}")
                                + pa("pay", "b-new", T1, "{selector: {matchLabels: {app: api}}, portLevelMtls: {8080: {mode: DISABLE}}}"),
                        "8080", "STRICT@WORKLOAD"),
                Arguments.of("IST-PA-7 portLevelMtls without selector is ignored",
                        pa("pay", "default", T0, "{mtls: {mode: STRICT}, portLevelMtls: {8080: {mode: DISABLE}}}"),
                        "8080", "STRICT@NAMESPACE"),
                Arguments.of("IST-PA-6 port-level settings apply to ports only named by the policy (undeclared)",
                        pa("pay", "api", T0, "{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT}, portLevelMtls: {7070: {mode: DISABLE}}}"),
                        "7070", "DISABLE@PORT"),
                Arguments.of("IST-PA-1 v1beta1 is treated like v1",
                        pa("pay", "default", T0, STRICT).replace("security.istio.io/v1", "security.istio.io/v1beta1"),
                        "8080", "STRICT@NAMESPACE"));
    }

    private static String portLevel() {
        return pa("pay", "api", T0, "{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT},"
                + " portLevelMtls: {80: {mode: DISABLE}, 90: {mode: UNSET}, 100: {}}}");
    }

    private static String workedExample() {
        return pa("istio-system", "default", T0, STRICT) + pa("pay", "default", T0, PERMISSIVE)
                + pa("pay", "api", T0, "{selector: {matchLabels: {app: api}}, portLevelMtls: {9090: {mode: STRICT}}}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composition")
    void composition(String name, String policies, String port, String expected) {
        MeshPosture p = Fixture.resolve(ISTIO, POD, policies);
        PortPosture pp = Fixture.port(p, "Pod/pay/api:" + port);
        assertEquals(expected, Fixture.summary(pp), pp.toString());
        assertEquals(pp.getServerMode().equals("STRICT"), pp.isMtlsRequired());
    }

    @Test
    void istPa2ShadowedAndDecidedByAreRecorded() {
        MeshPosture p = Fixture.resolve(ISTIO, POD, pa("pay", "b-disable", T0, DISABLE) + pa("pay", "a-strict", T0, STRICT));
        PortPosture pp = Fixture.port(p, "Pod/pay/api:8080");
        assertEquals(List.of("PeerAuthentication/pay/a-strict"), pp.getDecidedBy());
        assertEquals(List.of("PeerAuthentication/pay/b-disable"), pp.getShadowed());
    }

    @Test
    void istPa3NamespaceModeIgnoresWorkloadPolicy() {
        MeshPosture p = Fixture.resolve(ISTIO, POD, workedExample());
        PortPosture pp = Fixture.port(p, "Pod/pay/api:9090");
        assertEquals("PERMISSIVE", pp.getNamespaceMode());
        NamespaceMesh nm = p.namespaces().stream().filter(n -> n.namespace().equals("pay")).findFirst().orElseThrow();
        assertEquals("PERMISSIVE", nm.istioMode());
        assertEquals(Level.NAMESPACE, nm.istioDecidedAt());
        assertEquals(List.of("PeerAuthentication/pay/default"), nm.istioDecidedBy());
    }

    @Test
    void istPa1RootNamespacePodsCannotGetWorkloadPolicies() {
        MeshPosture p = Fixture.resolve(ISTIO, istioPod("istio-system", "gw", "{app: gw}", "{}", 8443),
                pa("istio-system", "default", T0, PERMISSIVE),
                pa("istio-system", "gw", T0, "{selector: {matchLabels: {app: gw}}, mtls: {mode: STRICT}}"));
        PortPosture pp = Fixture.port(p, "Pod/istio-system/gw:8443");
        assertEquals("PERMISSIVE@MESH", Fixture.summary(pp));
        assertTrue(Fixture.workload(p, "Pod/istio-system/gw").getNotes().stream().anyMatch(n -> n.contains("IST-PA-1")));
    }

    @Test
    void istPa5PortLevelKeyedOnServicePortDoesNotTouchTargetPort() {
        String svc = """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: pay}
                spec:
                  selector: {app: api}
                  ports:
                  - {port: 8000, targetPort: 80}
                ---
                """;
        MeshPosture p = Fixture.resolve(ISTIO, POD, svc, pa("pay", "api", T0,
                "{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT}, portLevelMtls: {8000: {mode: DISABLE}}}"));
        PortPosture p80 = Fixture.port(p, "Pod/pay/api:80");
        assertEquals("STRICT@WORKLOAD", Fixture.summary(p80));
        assertTrue(p80.isServiceTarget());
        assertTrue(p80.getTraits().contains("service-target"));
        assertEquals("DISABLE@PORT", Fixture.summary(Fixture.port(p, "Pod/pay/api:8000")));
        assertFalse(Fixture.port(p, "Pod/pay/api:8000").isServiceTarget());
    }

    @Test
    void istPa5NamedTargetPortResolvesThroughContainerPortNames() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: named, namespace: pay, uid: u1, labels: {app: named}}
                spec:
                  containers:
                  - name: app
                    ports: [{name: http, containerPort: 8081}]
                  - name: istio-proxy
                    ports: [{name: http-envoy-prom, containerPort: 15090}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: named, namespace: pay}
                spec:
                  selector: {app: named}
                  ports: [{port: 80, targetPort: http}]
                """;
        MeshPosture p = Fixture.resolve(ISTIO, ns("pay", "{}"), pod);
        assertEquals("8081/TCP,*/TCP", Fixture.ports(Fixture.workload(p, "Pod/pay/named")));
        assertTrue(Fixture.port(p, "Pod/pay/named:8081").isServiceTarget());
    }

    @Test
    void istPa10SidecarIngressTlsOnDisablePort() {
        String sidecar = """
                apiVersion: networking.istio.io/v1
                kind: Sidecar
                metadata: {name: tls, namespace: pay}
                spec:
                  workloadSelector: {labels: {app: api}}
                  ingress:
                  - port: {number: 8080, protocol: HTTPS}
                    defaultEndpoint: 127.0.0.1:8080
                    tls: {mode: SIMPLE, credentialName: api-cert}
                ---
                """;
        MeshPosture p = Fixture.resolve(ISTIO, POD, sidecar, pa("pay", "default", T0, DISABLE));
        PortPosture pp = Fixture.port(p, "Pod/pay/api:8080");
        assertEquals("DISABLE@NAMESPACE", Fixture.summary(pp));
        assertFalse(pp.isMtlsRequired());
        assertTrue(pp.getNotes().stream().anyMatch(n -> n.contains("TLS with user certificates, not mesh mTLS")),
                pp.getNotes().toString());
    }

    /** A08: misspellings, other case, YAML 1.1 booleans and numbers are not modes (Istio's enum is exact). */
    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"STRCT", "Strict", "strict", "'STRICT '", "on", "yes", "true", "1", "0x1F90", "''"})
    void unknownModeRecordsIssueAndErrorsAffectedPorts(String mode) {
        MeshPosture p = Fixture.resolve(ISTIO, POD, pa("pay", "default", T0, "{mtls: {mode: " + mode + "}}"));
        assertEquals(1, p.issues().size(), p.issues().toString());
        assertEquals("invalid-value", p.issues().get(0).kind());
        for (PortPosture pp : Fixture.workload(p, "Pod/pay/api").getPorts()) {
            assertNotNull(pp.getError(), pp.toString());
            assertFalse(pp.getTraits().contains("meshed"));
            assertFalse(pp.getTraits().contains("unmeshed"));
        }
        NamespaceMesh nm = p.namespaces().stream().filter(n -> n.namespace().equals("pay")).findFirst().orElseThrow();
        assertNotNull(nm.error());
    }

    @Test
    void invalidPortKeyRecordsIssueAndErrors() {
        MeshPosture p = Fixture.resolve(ISTIO, POD, pa("pay", "api", T0,
                "{selector: {matchLabels: {app: api}}, mtls: {mode: STRICT}, portLevelMtls: {http: {mode: DISABLE}}}"));
        assertEquals("invalid-value", p.issues().get(0).kind());
        assertNotNull(Fixture.port(p, "Pod/pay/api:8080").getError());
    }

    @Test
    void invalidButShadowedPolicyDoesNotAffectResult() {
        MeshPosture p = Fixture.resolve(ISTIO, POD, pa("pay", "a", T0, STRICT) + pa("pay", "b", T1, "{mtls: {mode: STRCT}}"));
        assertEquals(1, p.issues().size());
        assertEquals("STRICT@NAMESPACE", Fixture.summary(Fixture.port(p, "Pod/pay/api:8080")));
    }

    @Test
    void gen3MissingMeshConfigErrorsIstioPorts() {
        MeshPosture p = Fixture.resolve(POD, pa("istio-system", "default", T0, STRICT));
        PortPosture pp = Fixture.port(p, "Pod/pay/api:8080");
        assertNotNull(pp.getError());
        assertTrue(pp.getError().startsWith("Istio mesh config (ConfigMap istio) not in input: root namespace unknown (GEN-3)"),
                pp.getError());
        NamespaceMesh nm = p.namespaces().stream().filter(n -> n.namespace().equals("pay")).findFirst().orElseThrow();
        assertTrue(nm.error().contains("GEN-3"));
        assertEquals("istio-sidecar", Fixture.workload(p, "Pod/pay/api").getDataplane());
    }

    @Test
    void gen3RootNamespaceOverrideOrAssumedDefaults() {
        MeshPosture o = Fixture.resolve(new MeshOptions("mesh-root", false, java.util.Set.of(), java.util.Set.of()),
                POD, pa("mesh-root", "default", T0, STRICT));
        assertEquals("STRICT@MESH", Fixture.summary(Fixture.port(o, "Pod/pay/api:8080")));
        assertEquals("mesh-root", o.meshInfo().get("istio.rootNamespace"));
        MeshPosture a = Fixture.resolve(Fixture.assumeDefaults(), POD, pa("istio-system", "default", T0, STRICT));
        assertEquals("STRICT@MESH", Fixture.summary(Fixture.port(a, "Pod/pay/api:8080")));
        assertTrue(a.meshInfo().get("meshDefaultsAssumed").contains("istio mesh config"));
    }

    @Test
    void istMc3RootNamespaceIsReadFromMeshConfig() {
        String mesh = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: istio, namespace: istio-system}
                data:
                  mesh: |
                    rootNamespace: mesh-root
                    enableAutoMtls: false
                    trustDomain: example.org
                ---
                """;
        MeshPosture p = Fixture.resolve(mesh, POD, pa("mesh-root", "default", T0, STRICT),
                pa("istio-system", "default", T0, DISABLE));
        assertEquals("STRICT@MESH", Fixture.summary(Fixture.port(p, "Pod/pay/api:8080")));
        assertEquals("mesh-root", p.meshInfo().get("istio.rootNamespace"));
        assertEquals("false", p.meshInfo().get("istio.enableAutoMtls"));
        assertEquals("example.org", p.meshInfo().get("istio.trustDomain"));
        assertTrue(p.systemNamespaces().contains("mesh-root"));
    }
}
