package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meshaudit.normalize.mesh.Fixture.ISTIO;
import static org.meshaudit.normalize.mesh.Fixture.istioPod;
import static org.meshaudit.normalize.mesh.Fixture.ns;
import static org.meshaudit.normalize.mesh.Fixture.pa;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.WorkloadPosture;

/** IST-BY-1/2/3 capture, IST-AMB-1..4 ambient, GEN-1 compliance. */
class CaptureAndAmbientTest {
    private static final String T0 = "2024-01-01T10:00:00Z";
    private static final String MESH_STRICT = pa("istio-system", "default", T0, "{mtls: {mode: STRICT}}");

    static Stream<Arguments> capture() {
        return Stream.of(
                Arguments.of("IST-BY-1 default includeInboundPorts * captures every port", "{}", "8080", true),
                Arguments.of("IST-BY-1 pitfall 6: excludeInboundPorts bypasses the sidecar",
                        "{traffic.sidecar.istio.io/excludeInboundPorts: \"8080\"}", "8080", false),
                Arguments.of("IST-BY-1 explicit includeInboundPorts list captures listed ports",
                        "{traffic.sidecar.istio.io/includeInboundPorts: \"8080\"}", "8080", true),
                Arguments.of("IST-BY-1 explicit includeInboundPorts list leaves other ports uncaptured",
                        "{traffic.sidecar.istio.io/includeInboundPorts: \"8080\"}", "9090", false),
                Arguments.of("IST-BY-1 explicit includeInboundPorts list leaves the catch-all uncaptured",
                        "{traffic.sidecar.istio.io/includeInboundPorts: \"8080\"}", "*", false),
                Arguments.of("IST-BY-1 empty includeInboundPorts captures nothing",
                        "{traffic.sidecar.istio.io/includeInboundPorts: \"\"}", "8080", false),
                Arguments.of("IST-BY-3 interceptionMode NONE captures nothing",
                        "{sidecar.istio.io/interceptionMode: NONE}", "8080", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capture")
    void sidecarCapture(String name, String annotations, String port, boolean captured) {
        MeshPosture p = Fixture.resolve(ISTIO, ns("pay", "{}"), MESH_STRICT,
                istioPod("pay", "api", "{app: api}", annotations, 8080, 9090));
        PortPosture pp = Fixture.port(p, "Pod/pay/api:" + port);
        assertEquals(captured, pp.isInboundCaptured());
        assertEquals(captured, pp.isStrictCompliant(), "GEN-1: STRICT but bypassed is not compliant");
        assertEquals(!captured, pp.getTraits().contains("excluded"));
        if (!captured) {
            assertTrue(pp.getCaptureNote().contains("istio.io/"), pp.getCaptureNote());
        }
    }

    @Test
    void istBy2ExclusionsAreRecordedWithoutInjectorPorts() {
        MeshPosture p = Fixture.resolve(ISTIO, ns("pay", "{}"), istioPod("pay", "api", "{}",
                "{traffic.sidecar.istio.io/excludeInboundPorts: \"15020,15021,15090,9000\","
                        + " traffic.sidecar.istio.io/excludeOutboundPorts: \"5432\","
                        + " traffic.sidecar.istio.io/excludeOutboundIPRanges: 10.0.0.0/8,"
                        + " traffic.sidecar.istio.io/includeOutboundIPRanges: \"*\"}", 8080));
        WorkloadPosture w = Fixture.workload(p, "Pod/pay/api");
        assertEquals(List.of("traffic.sidecar.istio.io/excludeInboundPorts=9000"), w.getInboundExclusions());
        assertEquals(List.of("traffic.sidecar.istio.io/excludeOutboundPorts=5432",
                "traffic.sidecar.istio.io/excludeOutboundIPRanges=10.0.0.0/8"), w.getOutboundExclusions());
        assertEquals("8080/TCP,*/TCP", Fixture.ports(w), "proxy ports 15000-15090 are not application ports");
    }

    static String ambientPod(String labels, String annotations) {
        return Fixture.pod("pay", "amb", labels, "{ambient.istio.io/redirection: enabled" + annotations + "}", true,
                null, 8080, 9090);
    }

    @Test
    void istAmb1DisableIsPermissiveInAmbient() {
        MeshPosture p = Fixture.resolve(ISTIO, ns("pay", "{}"), ambientPod("{}", ""),
                pa("pay", "default", T0, "{mtls: {mode: DISABLE}}"));
        PortPosture pp = Fixture.port(p, "Pod/pay/amb:8080");
        assertEquals("PERMISSIVE@NAMESPACE", Fixture.summary(pp));
        assertTrue(pp.getNotes().contains("DISABLE is PERMISSIVE in ambient (IST-AMB-1)"));
        assertTrue(pp.getTraits().containsAll(List.of("ambient", "istio", "meshed", "observed")));
    }

    @Test
    void istAmb2StrictEverywhereIsEnforced() {
        MeshPosture p = Fixture.resolve(ISTIO, ns("pay", "{}"), ambientPod("{}", ""), MESH_STRICT);
        PortPosture pp = Fixture.port(p, "Pod/pay/amb:8080");
        assertEquals("STRICT@MESH", Fixture.summary(pp));
        assertTrue(pp.isStrictCompliant());
    }

    @Test
    void istAmb33DivergencePatternIsUnverified() {
        MeshPosture p = Fixture.resolve(ISTIO, ns("pay", "{}"), ambientPod("{app: amb}", ""), MESH_STRICT,
                pa("pay", "amb", T0, "{selector: {matchLabels: {app: amb}}, mtls: {mode: PERMISSIVE},"
                        + " portLevelMtls: {9090: {mode: STRICT}}}"));
        PortPosture p9090 = Fixture.port(p, "Pod/pay/amb:9090");
        assertEquals("STRICT@PORT !ERROR", Fixture.summary(p9090));
        assertTrue(p9090.getError().startsWith("enforcement unverified: ztunnel may accept plaintext (IST-AMB-3.3)"));
        assertFalse(p9090.getTraits().contains("meshed"));
        assertEquals("PERMISSIVE@WORKLOAD", Fixture.summary(Fixture.port(p, "Pod/pay/amb:8080")));
        // the same pattern with a sidecar is enforced normally
        MeshPosture s = Fixture.resolve(ISTIO, ns("pay", "{}"), istioPod("pay", "sc", "{app: amb}", "{}", 9090),
                MESH_STRICT, pa("pay", "amb", T0, "{selector: {matchLabels: {app: amb}}, mtls: {mode: PERMISSIVE},"
                        + " portLevelMtls: {9090: {mode: STRICT}}}"));
        assertEquals("STRICT@PORT", Fixture.summary(Fixture.port(s, "Pod/pay/sc:9090")));
    }

    @Test
    void istAmb4BypassInboundCapture() {
        MeshPosture p = Fixture.resolve(ISTIO, ns("pay", "{}"),
                ambientPod("{}", ", ambient.istio.io/bypass-inbound-capture: \"true\""), MESH_STRICT);
        PortPosture pp = Fixture.port(p, "Pod/pay/amb:8080");
        assertFalse(pp.isInboundCaptured());
        assertTrue(pp.getTraits().contains("excluded"));
        assertTrue(pp.getCaptureNote().contains("IST-AMB-4"));
        assertFalse(pp.isStrictCompliant());
    }

    @Test
    void unmeshedPortsAreNotApplicable() {
        MeshPosture p = Fixture.resolve(ISTIO, ns("pay", "{}"), MESH_STRICT,
                Fixture.pod("pay", "plain", "{}", "{}", true, null, 8080));
        PortPosture pp = Fixture.port(p, "Pod/pay/plain:8080");
        assertEquals("n/a@NONE", Fixture.summary(pp));
        assertFalse(pp.isInboundCaptured());
        assertFalse(pp.isMtlsRequired());
        assertTrue(pp.getTraits().contains("unmeshed"));
        assertNull(pp.getNamespaceMode());
    }
}
