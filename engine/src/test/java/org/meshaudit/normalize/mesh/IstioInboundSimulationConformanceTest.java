package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meshaudit.normalize.mesh.Fixture.ISTIO;
import static org.meshaudit.normalize.mesh.Fixture.istioPod;
import static org.meshaudit.normalize.mesh.Fixture.ns;
import static org.meshaudit.normalize.mesh.Fixture.pa;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.facts.PortPosture;

/**
 * Conformance with the inbound simulation tests of istio/istio {@code pilot/pkg/networking/core}:
 * {@code TestPeerAuthenticationPassthrough} and {@code TestPeerAuthenticationWithSidecar}
 * ({@code peer_authentication_simulation_test.go}) and {@code TestInboundSidecarTLSModes}
 * ({@code sidecar_simulation_test.go}). Upstream sends calls (plaintext, Istio mTLS, TLS with user certificates) to a
 * sidecar labelled {@code app: foo} in namespace {@code default} and expects them to be accepted or refused. Here each
 * call becomes an expectation on the port posture: plaintext is accepted iff the port is not STRICT and carries no
 * honoured Sidecar ingress tls (IST-PA-9, IST-PA-10); Istio mTLS is accepted on STRICT and PERMISSIVE ports.
 *
 * <p>An upstream ServiceEntry whose endpoint is the proxy (MESH_INTERNAL, STATIC) declares inbound ports; here a
 * Service selecting the pod does the same (IST-PA-5). Ports no Service declares are the pass-through case: a port only
 * named by the policy, or the catch-all {@code *} for 8000 (IST-PA-6).
 *
 * <p>Calls not ported, because their outcome is decided by Envoy listener internals the engine does not model (the
 * engine only says "Istio mTLS is not terminated on a DISABLE port"): Istio mTLS sent to a DISABLE port, which upstream
 * passes through as opaque bytes on undeclared and TCP ports and fails with a protocol error on declared HTTP ports.
 * That is one call in each of "global disable", "global disable and port 9000 strict" (+ "not in service"),
 * "global strict and port 9000 plaintext" (+ "not in service"), "global plaintext and port 9000 permissive"
 * (+ "not in service") of TestPeerAuthenticationPassthrough (7 calls) and "tls on plaintext port" in all five cases of
 * TestPeerAuthenticationWithSidecar (5 calls).
 */
class IstioInboundSimulationConformanceTest {
    private static final String FOO = "{selector: {matchLabels: {app: foo}}, ";
    private static final String PA_STRICT = pa("default", "default", null, FOO + "mtls: {mode: STRICT}}");
    private static final String PA_DISABLE = pa("default", "default", null, FOO + "mtls: {mode: DISABLE}}");
    private static final String PA_PERMISSIVE = pa("default", "default", null, FOO + "mtls: {mode: PERMISSIVE}}");
    private static final String PA_STRICT_9000_DISABLE = pa("default", "default", null,
            FOO + "mtls: {mode: STRICT}, portLevelMtls: {9000: {mode: DISABLE}}}");
    private static final String PA_DISABLE_9000_STRICT = pa("default", "default", null,
            FOO + "mtls: {mode: DISABLE}, portLevelMtls: {9000: {mode: STRICT}}}");
    private static final String PA_DISABLE_9000_PERMISSIVE = pa("default", "default", null,
            FOO + "mtls: {mode: DISABLE}, portLevelMtls: {9000: {mode: PERMISSIVE}}}");
    private static final String SERVICE_8000 = service("http", 8000);

    /** A Service selecting the proxy: the upstream ServiceEntry with the proxy as its endpoint. */
    private static String service(String name, int... ports) {
        StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Service\nmetadata: {name: se, namespace: default}\n"
                + "spec:\n  selector: {app: foo}\n  ports:\n");
        for (int p : ports) {
            sb.append("  - {name: ").append(name).append('-').append(p).append(", port: ").append(p)
                    .append(", targetPort: ").append(p).append("}\n");
        }
        return sb.append("---\n").toString();
    }

    private static MeshPosture posture(String config) {
        return Fixture.resolve(ISTIO, ns("default", "{istio-injection: enabled}"),
                istioPod("default", "foo", "{app: foo}", "{}"), config);
    }

    /** One upstream call: port key ({@code *} = undeclared 8000), TLS of the call, expected outcome. */
    private record Call(String port, String tls, boolean accepted) {
        @Override
        public String toString() {
            return tls + " on " + port + (accepted ? " accepted" : " refused");
        }
    }

    private static Call plaintext(String port, boolean accepted) {
        return new Call(port, "plaintext", accepted);
    }

    private static Call mtls(String port, boolean accepted) {
        return new Call(port, "mtls", accepted);
    }

    static Stream<Arguments> passthrough() {
        return Stream.of(
                Arguments.of("global disable", PA_DISABLE, List.of(plaintext("*", true))),
                Arguments.of("global strict", PA_STRICT, List.of(plaintext("*", false), mtls("*", true))),
                Arguments.of("global permissive", PA_PERMISSIVE, List.of(plaintext("*", true), mtls("*", true))),
                Arguments.of("global disable and port 9000 strict", PA_DISABLE_9000_STRICT,
                        List.of(plaintext("*", true), plaintext("9000", false), mtls("9000", true))),
                Arguments.of("global disable and port 9000 strict not in service", PA_DISABLE_9000_STRICT + SERVICE_8000,
                        List.of(plaintext("8000", true), plaintext("9000", false), mtls("9000", true))),
                Arguments.of("global strict and port 9000 plaintext", PA_STRICT_9000_DISABLE,
                        List.of(plaintext("*", false), mtls("*", true), plaintext("9000", true))),
                Arguments.of("global strict and port 9000 plaintext not in service", PA_STRICT_9000_DISABLE + SERVICE_8000,
                        List.of(plaintext("8000", false), mtls("8000", true), plaintext("9000", true))),
                Arguments.of("global plaintext and port 9000 permissive", PA_DISABLE_9000_PERMISSIVE,
                        List.of(plaintext("*", true), plaintext("9000", true), mtls("9000", true))),
                Arguments.of("global plaintext and port 9000 permissive not in service",
                        PA_DISABLE_9000_PERMISSIVE + SERVICE_8000,
                        List.of(plaintext("8000", true), plaintext("9000", true), mtls("9000", true))));
    }

    @ParameterizedTest(name = "TestPeerAuthenticationPassthrough {0} (IST-PA-6, IST-PA-9)")
    @MethodSource("passthrough")
    void peerAuthenticationPassthrough(String name, String config, List<Call> calls) {
        check(posture(config), calls);
    }

    private static final String PA_SIDECAR = pa("default", "default", null,
            FOO + "mtls: {mode: STRICT}, portLevelMtls: {9090: {mode: DISABLE}}}");
    private static final String FULL_SIDECAR = sidecar(8080, 9090);
    private static final String PARTIAL_SIDECAR = sidecar(8080);
    private static final String INSTANCE_PORTS = service("tcp", 8080, 9090);
    private static final String INSTANCE_NO_PORTS = service("tcp", 5050);

    private static String sidecar(int... ports) {
        StringBuilder sb = new StringBuilder("apiVersion: networking.istio.io/v1\nkind: Sidecar\n"
                + "metadata: {name: sidecar, namespace: default}\nspec:\n  workloadSelector: {labels: {app: foo}}\n"
                + "  egress: [{hosts: ['*/*']}]\n  ingress:\n");
        for (int p : ports) {
            sb.append("  - {defaultEndpoint: '127.0.0.1:").append(p).append("', port: {name: p").append(p)
                    .append(", number: ").append(p).append(", protocol: TCP}}\n");
        }
        return sb.append("---\n").toString();
    }

    static Stream<Arguments> withSidecar() {
        List<Call> calls = List.of(plaintext("8080", false), mtls("8080", true), plaintext("9090", true));
        return Stream.of(
                Arguments.of("service, no sidecar", PA_SIDECAR + INSTANCE_PORTS, calls),
                Arguments.of("service, full sidecar", PA_SIDECAR + FULL_SIDECAR + INSTANCE_PORTS, calls),
                Arguments.of("no service, no sidecar", PA_SIDECAR + INSTANCE_NO_PORTS, calls),
                Arguments.of("no service, full sidecar", PA_SIDECAR + FULL_SIDECAR + INSTANCE_NO_PORTS, calls),
                Arguments.of("service, partial sidecar", PA_SIDECAR + PARTIAL_SIDECAR + INSTANCE_PORTS, calls));
    }

    @ParameterizedTest(name = "TestPeerAuthenticationWithSidecar {0} (IST-PA-6, IST-PA-9)")
    @MethodSource("withSidecar")
    void peerAuthenticationWithSidecar(String name, String config, List<Call> calls) {
        MeshPosture p = posture(config);
        // 8080 is only declared by the Sidecar/Service or not at all: it is the catch-all when nothing names it
        List<Call> mapped = new ArrayList<>();
        for (Call c : calls) {
            boolean declared = Fixture.workload(p, "Pod/default/foo").getPorts().stream()
                    .anyMatch(pp -> pp.getPort().equals(c.port()));
            mapped.add(declared ? c : new Call("*", c.tls(), c.accepted()));
        }
        check(p, mapped);
    }

    private static final String PA_9080 = "{selector: {matchLabels: {app: foo}}, mtls: {mode: STRICT},"
            + " portLevelMtls: {9080: {mode: %s}}}";

    private static String sidecarTls(String mode, String protocol) {
        return "apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: sidecar, namespace: default}\n"
                + "spec:\n  workloadSelector: {labels: {app: foo}}\n  ingress:\n"
                + "  - defaultEndpoint: 0.0.0.0:9080\n    port: {name: tls, number: 9080, protocol: " + protocol + "}\n"
                + "    tls: {mode: " + mode + ", privateKey: httpbinkey.pem, serverCertificate: httpbin.pem"
                + (mode.equals("MUTUAL") ? ", caCertificates: rootCA.pem" : "") + "}\n---\n";
    }

    static Stream<Arguments> sidecarTlsModes() {
        return Stream.of(
                Arguments.of("sidecar http over TLS simple mode with peer auth on port disabled", "DISABLE", "SIMPLE",
                        "HTTPS", "DISABLE@PORT"),
                Arguments.of("sidecar TCP over TLS simple mode with peer auth on port disabled", "DISABLE", "SIMPLE",
                        "TLS", "DISABLE@PORT"),
                Arguments.of("sidecar http over mTLS mutual mode with peer auth on port disabled", "DISABLE", "MUTUAL",
                        "HTTPS", "DISABLE@PORT"),
                Arguments.of("sidecar tcp over mTLS mutual mode with peer auth on port disabled", "DISABLE", "MUTUAL",
                        "TLS", "DISABLE@PORT"),
                Arguments.of("sidecar http over TLS SIMPLE mode with peer auth on port STRICT", "STRICT", "MUTUAL",
                        "TLS", "STRICT@PORT"));
    }

    /**
     * Upstream enables ENABLE_TLS_ON_SIDECAR_INGRESS. On a DISABLE port the Sidecar tls block makes the port accept only
     * TLS with the user's certificate (mode SIMPLE: server certificate only; MUTUAL: client certificate required):
     * plaintext and Istio mTLS are refused. On a STRICT port the block is ignored: only Istio mTLS is accepted.
     */
    @ParameterizedTest(name = "TestInboundSidecarTLSModes {0} (IST-PA-10)")
    @MethodSource("sidecarTlsModes")
    void inboundSidecarTlsModes(String name, String portMode, String tlsMode, String protocol, String expected) {
        MeshPosture p = posture(pa("default", "peer-auth", null, PA_9080.formatted(portMode))
                + sidecarTls(tlsMode, protocol));
        PortPosture pp = Fixture.port(p, "Pod/default/foo:9080");
        assertEquals(expected, Fixture.summary(pp), pp.toString());
        boolean honoured = portMode.equals("DISABLE");
        assertEquals(honoured, pp.getTraits().contains("sidecar-ingress-tls"));
        assertEquals(honoured, pp.getNotes().stream().anyMatch(n -> n.startsWith("IST-PA-10: Sidecar/default/sidecar"
                + " sets ingress tls (mode " + tlsMode + ")") && n.contains("plaintext and Istio mTLS are refused")),
                pp.getNotes().toString());
        // upstream: "plaintext" is refused in every case; Istio mTLS only on the STRICT port; user TLS only on DISABLE
        assertFalse(plaintextAccepted(pp));
        assertEquals(!honoured, pp.isMtlsRequired());
        // MUTUAL: a TLS client without a certificate is refused ("http over tls" in the MUTUAL cases)
        assertEquals(honoured && tlsMode.equals("MUTUAL"),
                pp.getNotes().stream().anyMatch(n -> n.contains("clients must present a certificate")));
    }

    private static boolean plaintextAccepted(PortPosture p) {
        return p.isInboundCaptured() && !p.getServerMode().equals("STRICT")
                && !p.getTraits().contains("sidecar-ingress-tls");
    }

    private static void check(MeshPosture p, List<Call> calls) {
        for (Call c : calls) {
            PortPosture pp = Fixture.port(p, "Pod/default/foo:" + c.port());
            assertTrue(pp.getError() == null, pp.toString());
            if (c.tls().equals("plaintext")) {
                assertEquals(c.accepted(), plaintextAccepted(pp), c + ": " + pp);
                assertEquals(!c.accepted(), pp.isMtlsRequired(), c + ": " + pp);
            } else {
                // Istio mTLS is terminated on STRICT and PERMISSIVE ports (IST-PA-9)
                assertEquals(c.accepted(), !pp.getServerMode().equals("DISABLE"), c + ": " + pp);
            }
        }
    }
}
