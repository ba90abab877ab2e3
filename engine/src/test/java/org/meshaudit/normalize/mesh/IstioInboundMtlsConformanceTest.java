package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.meshaudit.normalize.mesh.Fixture.istioPod;
import static org.meshaudit.normalize.mesh.Fixture.ns;
import static org.meshaudit.normalize.mesh.Fixture.pa;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.facts.PortPosture;

/**
 * Conformance with istio/istio {@code pilot/pkg/security/authn/policy_applier_test.go} {@code TestInboundMTLSSettings}:
 * the inbound mode istiod builds for port 8080 of a proxy labelled {@code app: foo}, root namespace
 * {@code root-namespace}. Upstream policies without a namespace live in the proxy's namespace, here {@code my-ns}.
 *
 * <p>Ported: the mode of every case (IST-PA-3/4), and that only STRICT refuses plaintext (IST-PA-9: mtlsRequired).
 * Not ported: the Envoy DownstreamTlsContext each case also compares (SDS secret names, ALPN list, cipher suites,
 * TLS 1.2..1.3, RequireClientCertificate): transport-socket internals the engine does not model.
 */
class IstioInboundMtlsConformanceTest {
    private static final String NOW = "2024-05-01T12:00:00Z";
    private static final String SECOND_LATER = "2024-05-01T12:00:01Z";
    private static final String SECOND_EARLIER = "2024-05-01T11:59:59Z";
    private static final String MESH = Fixture.istioMesh("rootNamespace: root-namespace");
    private static final String FOO = "{selector: {matchLabels: {app: foo}}, ";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("No policy - behave as permissive", "", "PERMISSIVE@DEFAULT"),
                Arguments.of("Single policy - disable mode", pa("my-ns", "p", null, "{mtls: {mode: DISABLE}}"),
                        "DISABLE@NAMESPACE"),
                Arguments.of("Single policy - permissive mode", pa("my-ns", "p", null, "{mtls: {mode: PERMISSIVE}}"),
                        "PERMISSIVE@NAMESPACE"),
                Arguments.of("Single policy - strict mode", pa("my-ns", "p", null, "{mtls: {mode: STRICT}}"),
                        "STRICT@NAMESPACE"),
                Arguments.of("Multiple policies resolved to STRICT",
                        pa("my-ns", "now", NOW, FOO + "mtls: {mode: STRICT}}")
                                + pa("my-ns", "later", SECOND_LATER, FOO + "mtls: {mode: DISABLE}}"),
                        "STRICT@WORKLOAD"),
                Arguments.of("Multiple policies resolved to PERMISSIVE",
                        pa("my-ns", "now", NOW, FOO + "mtls: {mode: DISABLE}}")
                                + pa("my-ns", "earlier", SECOND_EARLIER, FOO + "mtls: {mode: PERMISSIVE}}"),
                        "PERMISSIVE@WORKLOAD"),
                Arguments.of("Port level hit",
                        pa("my-ns", "p", null, FOO + "mtls: {mode: DISABLE}, portLevelMtls: {8080: {mode: STRICT}}}"),
                        "STRICT@PORT"),
                Arguments.of("Port level miss", pa("my-ns", "p", null, FOO + "portLevelMtls: {7070: {mode: STRICT}}}"),
                        "PERMISSIVE@DEFAULT"));
    }

    @ParameterizedTest(name = "TestInboundMTLSSettings {0} (IST-PA-3, IST-PA-4, IST-PA-9)")
    @MethodSource("cases")
    void inboundMtlsSettings(String name, String policies, String expected) {
        MeshPosture p = Fixture.resolve(MESH, ns("my-ns", "{istio-injection: enabled}"),
                istioPod("my-ns", "foo", "{app: foo}", "{}", 8080), policies);
        PortPosture pp = Fixture.port(p, "Pod/my-ns/foo:8080");
        assertEquals(expected, Fixture.summary(pp), pp.toString());
        assertEquals(expected.startsWith("STRICT"), pp.isMtlsRequired(), "IST-PA-9: only STRICT refuses plaintext");
    }
}
