package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.meshaudit.normalize.mesh.Fixture.istioPod;
import static org.meshaudit.normalize.mesh.Fixture.ns;
import static org.meshaudit.normalize.mesh.Fixture.pa;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.facts.PortPosture;

/**
 * Conformance with istio/istio {@code pilot/pkg/model/authentication_test.go}: {@code TestGetPoliciesForWorkload} and
 * {@code TestGetPoliciesForWorkloadWithoutMeshPeerAuthn}. Each case gives a workload namespace and labels; upstream
 * expects the PeerAuthentications that apply (the oldest mesh-wide, the oldest namespace-wide, the workload ones whose
 * selector matches: IST-PA-1/2) and the namespace mode used by clients (IST-PA-8). The same inputs also fix the
 * composed server mode of a pod with those labels (IST-PA-3), which this test checks as well.
 *
 * <p>Not ported: the {@code wantRequestAuthn} half of every case (RequestAuthentication/JWT selection is outside the
 * engine's model; it does not change mTLS).
 */
class IstioPolicySelectionConformanceTest {
    private static final String ROOT = "istio-config";
    private static final String BASE = "2020-02-02T02:02:02Z";
    private static final String BASE_PLUS_1 = "2020-02-02T02:02:03Z";
    private static final String BASE_PLUS_2 = "2020-02-02T02:02:04Z";

    /** Mesh config whose root namespace is the upstream test's {@code istio-config} (IST-MC-3). */
    private static final String MESH = Fixture.istioMesh("rootNamespace: " + ROOT);

    /** createTestConfigs: the PeerAuthentications present in both tests. */
    private static final String COMMON = pa(ROOT, "global-peer-with-selector", BASE,
            "{selector: {matchLabels: {app: httpbin, version: v2}}, mtls: {mode: UNSET}}")
            + pa("foo", "default", BASE, "{mtls: {mode: STRICT}}")
            + pa("foo", "ignored-newer-default", BASE_PLUS_1, "{mtls: {mode: STRICT}}")
            + pa("foo", "peer-with-selector", BASE, "{selector: {matchLabels: {version: v1}}, mtls: {mode: DISABLE}}");

    /** createTestConfigs(true): three mesh-wide policies, all UNSET; the oldest is root/default. */
    private static final String MESH_POLICIES = pa(ROOT, "ignored-newer", BASE_PLUS_2, "{mtls: {mode: UNSET}}")
            + pa(ROOT, "default", BASE, "{mtls: {mode: UNSET}}")
            + pa(ROOT, "ignored-another-newer", BASE_PLUS_1, "{mtls: {mode: UNSET}}");

    private static final String HTTPBIN_V1_OTHER = "{app: httpbin, version: v1, other: labels}";
    private static final String HTTPBIN_V1 = "{app: httpbin, version: v1}";
    private static final String HTTPBIN = "{app: httpbin}";

    static Stream<Arguments> withMeshPeerAuthn() {
        return Stream.of(
                Arguments.of("Empty workload labels in foo", "foo", "{}",
                        Set.of("foo/default", ROOT + "/default"), "STRICT", "STRICT@NAMESPACE"),
                Arguments.of("Empty workload labels in bar", "bar", "{}",
                        Set.of(ROOT + "/default"), "PERMISSIVE", "PERMISSIVE@DEFAULT"),
                Arguments.of("Empty workload labels in baz", "baz", "{}",
                        Set.of(ROOT + "/default"), "PERMISSIVE", "PERMISSIVE@DEFAULT"),
                Arguments.of("Match workload labels in foo", "foo", HTTPBIN_V1_OTHER,
                        Set.of("foo/default", "foo/peer-with-selector", ROOT + "/default"), "STRICT",
                        "DISABLE@WORKLOAD"),
                Arguments.of("Match workload labels in bar", "bar", HTTPBIN_V1,
                        Set.of(ROOT + "/default"), "PERMISSIVE", "PERMISSIVE@DEFAULT"),
                Arguments.of("Paritial match workload labels in foo", "foo", HTTPBIN,
                        Set.of("foo/default", ROOT + "/default"), "STRICT", "STRICT@NAMESPACE"));
    }

    static Stream<Arguments> withoutMeshPeerAuthn() {
        return Stream.of(
                Arguments.of("Empty workload labels in foo", "foo", "{}",
                        Set.of("foo/default"), "STRICT", "STRICT@NAMESPACE"),
                Arguments.of("Empty workload labels in bar", "bar", "{}", Set.of(), "UNKNOWN", "PERMISSIVE@DEFAULT"),
                Arguments.of("Empty workload labels in baz", "baz", "{}", Set.of(), "UNKNOWN", "PERMISSIVE@DEFAULT"),
                Arguments.of("Match workload labels in foo", "foo", HTTPBIN_V1_OTHER,
                        Set.of("foo/default", "foo/peer-with-selector"), "STRICT", "DISABLE@WORKLOAD"),
                Arguments.of("Match workload labels in bar", "bar", HTTPBIN_V1, Set.of(), "UNKNOWN",
                        "PERMISSIVE@DEFAULT"),
                Arguments.of("Paritial match workload labels in foo", "foo", HTTPBIN,
                        Set.of("foo/default"), "STRICT", "STRICT@NAMESPACE"));
    }

    @ParameterizedTest(name = "TestGetPoliciesForWorkload {0} (IST-PA-1/2/3/8)")
    @MethodSource("withMeshPeerAuthn")
    void getPoliciesForWorkload(String name, String namespace, String labels, Set<String> applied,
                                String namespaceMode, String serverMode) {
        check(COMMON + MESH_POLICIES, namespace, labels, applied, namespaceMode, serverMode);
    }

    @ParameterizedTest(name = "TestGetPoliciesForWorkloadWithoutMeshPeerAuthn {0} (IST-PA-1/2/3/8)")
    @MethodSource("withoutMeshPeerAuthn")
    void getPoliciesForWorkloadWithoutMeshPeerAuthn(String name, String namespace, String labels, Set<String> applied,
                                                    String namespaceMode, String serverMode) {
        check(COMMON, namespace, labels, applied, namespaceMode, serverMode);
    }

    private static void check(String policies, String namespace, String labels, Set<String> applied,
                              String namespaceMode, String serverMode) {
        String pod = ns(namespace, "{istio-injection: enabled}") + istioPod(namespace, "wl", labels, "{}", 8080);
        MeshPosture posture = Fixture.resolve(MESH, pod, policies);
        Map<String, String> podLabels = Fixture.workload(posture, "Pod/" + namespace + "/wl").getLabels();
        // IST-PA-1/2: which policies take part in the composition (oldest per level, matching selectors)
        var c = new IstioPeerAuthentication(Fixture.snapshot(MESH, policies)).compose(namespace, podLabels, ROOT);
        Set<String> got = new TreeSet<>();
        for (var p : new IstioPeerAuthentication.Policy[] {c.mesh(), c.namespace(), c.workload()}) {
            if (p != null) {
                got.add(p.object().namespace() + "/" + p.object().name());
            }
        }
        assertEquals(new TreeSet<>(applied), got);
        // IST-PA-8: namespace mode for clients, workload policies excluded, UNKNOWN without any namespace-wide policy
        NamespaceMesh nm = posture.namespaces().stream().filter(n -> n.namespace().equals(namespace)).findFirst()
                .orElseThrow();
        assertEquals(namespaceMode, nm.istioClientMode());
        // IST-PA-3: the server side of the same inputs
        PortPosture p = Fixture.port(posture, "Pod/" + namespace + "/wl:8080");
        assertEquals(serverMode, Fixture.summary(p), p.toString());
    }
}
