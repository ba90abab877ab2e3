package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meshaudit.normalize.mesh.Fixture.ISTIO;
import static org.meshaudit.normalize.mesh.Fixture.ns;
import static org.meshaudit.normalize.mesh.Fixture.pa;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.facts.PortPosture;

/**
 * Conformance with istio/istio {@code pilot/pkg/serviceregistry/ambient/ambientindex_test.go} {@code TestRBACConvert},
 * PeerAuthentication fixtures {@code testdata/peer-authn-*-in.yaml}. Upstream converts each fixture's workload
 * policy (selector {@code app: a}, with the fixture's namespace and root policies when it has them) into the DENY
 * authorization ztunnel receives and compares it with a golden file. The effect of that authorization is what ztunnel
 * enforces per port; here it is the expected posture of an ambient pod {@code app: a} in namespace {@code foo}:
 * IST-PA-3 with DISABLE read as PERMISSIVE (IST-AMB-1), and no "enforcement unverified" error because the engine's own
 * derivation of the converted policies agrees with IST-PA-3 on every port (IST-AMB-2).
 *
 * <p>Single-policy fixtures have no namespace; upstream converts them with no namespace or root policy, which is what
 * a pod in {@code foo} with only that policy gets. Ports: 8080 and 9090 as the fixtures name them, and the catch-all
 * {@code *} for every other port.
 */
class IstioAmbientConversionConformanceTest {
    private static final String T0 = "2024-01-01T10:00:00Z";
    private static final String A = "{selector: {matchLabels: {app: a}}, ";

    static String ambientPod(String namespace) {
        return ns(namespace, "{istio.io/dataplane-mode: ambient}") + Fixture.pod(namespace, "amb", "{app: a}",
                "{ambient.istio.io/redirection: enabled}", true, null, 8080, 9090);
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("peer-authn-permissive-port-mtls-strict-and-permissive-in.yaml",
                        pa("foo", "permissive-strict-mtls", T0,
                                A + "mtls: {mode: PERMISSIVE}, portLevelMtls: {9090: {mode: STRICT}, 8080: {mode: PERMISSIVE}}}"),
                        Map.of("8080", "PERMISSIVE@PORT", "9090", "STRICT@PORT", "*", "PERMISSIVE@WORKLOAD")),
                Arguments.of("peer-authn-permissive-port-mtls-strict-in.yaml",
                        pa("foo", "permissive-strict-mtls", T0,
                                A + "mtls: {mode: PERMISSIVE}, portLevelMtls: {9090: {mode: STRICT}}}"),
                        Map.of("8080", "PERMISSIVE@WORKLOAD", "9090", "STRICT@PORT", "*", "PERMISSIVE@WORKLOAD")),
                Arguments.of("peer-authn-permissive-root-unset-namespace-mixed-workload-ports-in.yaml",
                        pa("istio-system", "default-mesh", T0, "{mtls: {mode: PERMISSIVE}}")
                                + pa("foo", "default-foo", T0, "{mtls: {mode: UNSET}}")
                                + pa("foo", "workload", T0,
                                A + "portLevelMtls: {9090: {mode: STRICT}, 8080: {mode: PERMISSIVE}}}"),
                        Map.of("8080", "PERMISSIVE@PORT", "9090", "STRICT@PORT", "*", "PERMISSIVE@MESH")),
                Arguments.of("peer-authn-strict-and-disable-port-mtls-in.yaml",
                        pa("foo", "strict-and-disable-mtls", T0,
                                A + "mtls: {mode: STRICT}, portLevelMtls: {9090: {mode: DISABLE}}}"),
                        Map.of("8080", "STRICT@WORKLOAD", "9090", "PERMISSIVE@PORT", "*", "STRICT@WORKLOAD")),
                Arguments.of("peer-authn-strict-and-permissive-port-mtls-in.yaml",
                        pa("foo", "strict-and-permissive-mtls", T0,
                                A + "mtls: {mode: STRICT}, portLevelMtls: {9090: {mode: PERMISSIVE}}}"),
                        Map.of("8080", "STRICT@WORKLOAD", "9090", "PERMISSIVE@PORT", "*", "STRICT@WORKLOAD")),
                Arguments.of("peer-authn-strict-and-strict-port-mtls-in.yaml",
                        pa("foo", "strict-mtls", T0, A + "mtls: {mode: STRICT}, portLevelMtls: {8080: {mode: STRICT}}}"),
                        Map.of("8080", "STRICT@PORT", "9090", "STRICT@WORKLOAD", "*", "STRICT@WORKLOAD")),
                Arguments.of("peer-authn-strict-port-mtls-strict-and-permissive-in.yaml (golden: deny without principal"
                                + " unless port 8080)",
                        pa("foo", "permissive-strict-mtls", T0,
                                A + "mtls: {mode: STRICT}, portLevelMtls: {9090: {mode: STRICT}, 8080: {mode: PERMISSIVE}}}"),
                        Map.of("8080", "PERMISSIVE@PORT", "9090", "STRICT@PORT", "*", "STRICT@WORKLOAD")),
                Arguments.of("peer-authn-strict-root-unset-workload-port-mtls-strict-and-permissive-in.yaml",
                        pa("istio-system", "default-mesh", T0, "{mtls: {mode: STRICT}}")
                                + pa("foo", "workload", T0,
                                A + "portLevelMtls: {9090: {mode: PERMISSIVE}, 8080: {mode: STRICT}}}"),
                        Map.of("8080", "STRICT@PORT", "9090", "PERMISSIVE@PORT", "*", "STRICT@MESH")),
                Arguments.of("peer-authn-strict-workload-in.yaml",
                        pa("foo", "strict-mtls", T0, A + "mtls: {mode: STRICT}}"),
                        Map.of("8080", "STRICT@WORKLOAD", "9090", "STRICT@WORKLOAD", "*", "STRICT@WORKLOAD")),
                Arguments.of("peer-authn-unset-port-mtls-strict-in.yaml",
                        pa("foo", "strict-mtls", T0, A + "mtls: {mode: UNSET}, portLevelMtls: {8080: {mode: STRICT}}}"),
                        Map.of("8080", "STRICT@PORT", "9090", "PERMISSIVE@DEFAULT", "*", "PERMISSIVE@DEFAULT")));
    }

    @ParameterizedTest(name = "TestRBACConvert {0} (IST-AMB-1, IST-AMB-2)")
    @MethodSource("fixtures")
    void rbacConvert(String fixture, String policies, Map<String, String> expected) {
        MeshPosture p = Fixture.resolve(ISTIO, ambientPod("foo"), policies);
        for (var e : expected.entrySet()) {
            PortPosture pp = Fixture.port(p, "Pod/foo/amb:" + e.getKey());
            assertEquals(e.getValue(), Fixture.summary(pp), pp.toString());
            assertEquals(e.getValue().startsWith("STRICT"), pp.isStrictCompliant(), pp.toString());
            assertEquals("istio-ambient", pp.getDataplane());
        }
    }

    // ---------------------------------------------------------------- IST-AMB-3: divergences are not judged

    private static PortPosture port(String policies, String port) {
        return Fixture.port(Fixture.resolve(ISTIO, ambientPod("foo"), policies), "Pod/foo/amb:" + port);
    }

    @Test
    void istAmb31EmptySelectorNamespacePolicyIsNotSeenByTheConversion() {
        // sidecar semantics: namespace STRICT, 8080 PERMISSIVE; ztunnel: the exception policy is built without the
        // namespace policy and converts to nothing, while the static STRICT policy is no longer referenced
        String policies = pa("foo", "ns-strict", T0, "{selector: {matchLabels: {}}, mtls: {mode: STRICT}}")
                + pa("foo", "wl", T0, A + "portLevelMtls: {8080: {mode: PERMISSIVE}}}");
        PortPosture p9090 = port(policies, "9090");
        assertEquals("STRICT@NAMESPACE !ERROR", Fixture.summary(p9090));
        assertTrue(p9090.getError().startsWith("enforcement unverified: ztunnel may accept plaintext (IST-AMB-3.1)"),
                p9090.getError());
        assertTrue(!p9090.isStrictCompliant() && !p9090.getTraits().contains("meshed"), "GEN-3: no PASS on it");
        assertNull(port(policies, "8080").getError(), "both agree that 8080 accepts plaintext");
        // with the selector omitted the conversion sees the namespace policy and agrees
        String plain = pa("foo", "ns-strict", T0, "{mtls: {mode: STRICT}}")
                + pa("foo", "wl", T0, A + "portLevelMtls: {8080: {mode: PERMISSIVE}}}");
        assertEquals("STRICT@NAMESPACE", Fixture.summary(port(plain, "9090")));
        assertEquals("PERMISSIVE@PORT", Fixture.summary(port(plain, "8080")));
    }

    @Test
    void istAmb32EquallyOldPoliciesAreNotOrderedByName() {
        // IST-PA-2 picks a-strict by name; the ambient code keeps whichever comes first in its list
        String policies = pa("foo", "b-disable", T0, "{mtls: {mode: DISABLE}}")
                + pa("foo", "a-strict", T0, "{mtls: {mode: STRICT}}");
        PortPosture pp = port(policies, "8080");
        assertEquals("STRICT@NAMESPACE !ERROR", Fixture.summary(pp));
        assertTrue(pp.getError().contains("(IST-AMB-3.2)"), pp.getError());
        // a tie between policies with the same effect changes nothing
        String same = pa("foo", "b", T0, "{mtls: {mode: STRICT}}") + pa("foo", "a", T0, "{mtls: {mode: STRICT}}");
        assertEquals("STRICT@NAMESPACE", Fixture.summary(port(same, "8080")));
    }

    @Test
    void istAmb33MeshStrictBranchAppliesToARelaxedWorkloadMode() {
        String policies = pa("istio-system", "default", T0, "{mtls: {mode: STRICT}}")
                + pa("foo", "wl", T0, A + "mtls: {mode: DISABLE}, portLevelMtls: {9090: {mode: STRICT}}}");
        PortPosture p9090 = port(policies, "9090");
        assertEquals("STRICT@PORT !ERROR", Fixture.summary(p9090));
        assertTrue(p9090.getError().startsWith("enforcement unverified: ztunnel may accept plaintext (IST-AMB-3.3): "
                + "mesh STRICT, no namespace mode, workload policy PeerAuthentication/foo/wl DISABLE with port 9090"),
                p9090.getError());
        assertEquals("PERMISSIVE@WORKLOAD", Fixture.summary(port(policies, "8080")), "IST-AMB-1");
        // a STRICT namespace policy in between removes the pattern
        assertNull(port(pa("foo", "default", T0, "{mtls: {mode: STRICT}}") + policies, "9090").getError());
    }

    @Test
    void istAmb2UnsetNamespaceHidesTheMeshModeFromThePortExceptions() {
        // mesh STRICT inherited through an UNSET namespace policy; the workload UNSET policy opens 8080. The exception
        // is dropped in conversion (the namespace policy is not STRICT) and the static STRICT policy is no longer
        // referenced, so ztunnel would accept plaintext on every port
        String policies = pa("istio-system", "default", T0, "{mtls: {mode: STRICT}}")
                + pa("foo", "default", T0, "{mtls: {mode: UNSET}}")
                + pa("foo", "wl", T0, A + "portLevelMtls: {8080: {mode: PERMISSIVE}}}");
        PortPosture p9090 = port(policies, "9090");
        assertEquals("STRICT@MESH !ERROR", Fixture.summary(p9090));
        assertTrue(p9090.getError().startsWith("enforcement unverified: ztunnel may accept plaintext (IST-AMB-2)"),
                p9090.getError());
        assertNull(port(policies, "8080").getError());
        // the same without the namespace policy converts correctly (fixture strict-root-unset-workload-...)
        String noNs = pa("istio-system", "default", T0, "{mtls: {mode: STRICT}}")
                + pa("foo", "wl", T0, A + "portLevelMtls: {8080: {mode: PERMISSIVE}}}");
        assertEquals("STRICT@MESH", Fixture.summary(port(noNs, "9090")));
    }

    @Test
    void istAmb2DisablePortUnderAnInheritedStrictModeStaysStrictInZtunnel() {
        // only PERMISSIVE ports make an UNSET workload policy reference its exceptions; a DISABLE port keeps the static
        // STRICT policy: IST-PA-3 (and IST-AMB-1) say plaintext is accepted on 9090, ztunnel would refuse it
        String policies = pa("istio-system", "default", T0, "{mtls: {mode: STRICT}}")
                + pa("foo", "wl", T0, A + "portLevelMtls: {9090: {mode: DISABLE}}}");
        PortPosture p9090 = port(policies, "9090");
        assertEquals("PERMISSIVE@PORT !ERROR", Fixture.summary(p9090));
        assertTrue(p9090.getError().startsWith("enforcement unverified: ztunnel may refuse plaintext that IST-PA-3"
                + " (PERMISSIVE) accepts (IST-AMB-2)"), p9090.getError());
        assertEquals("STRICT@MESH", Fixture.summary(port(policies, "8080")));
    }

    @Test
    void istAmb34RootNamespacePodsGetOnlyTheMeshPolicy() {
        String pod = Fixture.pod("istio-system", "amb", "{app: a}", "{ambient.istio.io/redirection: enabled}", true,
                null, 8080);
        MeshPosture p = Fixture.resolve(ISTIO, pod, pa("istio-system", "default", T0, "{mtls: {mode: STRICT}}"),
                pa("istio-system", "wl", T0, A + "mtls: {mode: DISABLE}}"));
        assertEquals("STRICT@MESH", Fixture.summary(Fixture.port(p, "Pod/istio-system/amb:8080")));
    }

    @Test
    void istDp6AmbientWorkloadsCarryTheHboneNote() {
        MeshPosture p = Fixture.resolve(ISTIO, ambientPod("foo"), pa("foo", "default", T0, "{mtls: {mode: DISABLE}}"),
                "apiVersion: v1\nkind: Service\nmetadata: {name: amb, namespace: foo}\n"
                        + "spec: {selector: {app: a}, ports: [{port: 80, targetPort: 8080}]}\n---\n");
        PortPosture pp = Fixture.port(p, "Pod/foo/amb:8080");
        assertEquals("PERMISSIVE@NAMESPACE", Fixture.summary(pp));
        var w = Fixture.workload(p, "Pod/foo/amb");
        assertTrue(w.getNotes().stream().anyMatch(n -> n.startsWith("IST-DP-6: traffic from other ambient pods"
                + " always arrives as HBONE mTLS")), w.getNotes().toString());
        assertTrue(!pp.isMtlsRequired(), "IST-DP-6: HBONE between ambient pods does not make the port refuse plaintext");
        assertNotNull(pp.getNamespaceMode());
        // the client view does not claim what a sidecar client reaches through ztunnel; ambient clients use HBONE
        var e = p.serviceClients().stream().filter(c -> c.service().key().equals("Service/foo/amb:80")).findFirst()
                .orElseThrow().endpoints().get(0);
        assertEquals("unknown", e.outcome());
        assertTrue(e.reason().endsWith("ambient clients always use HBONE mTLS (IST-DP-6)"), e.reason());
    }
}
