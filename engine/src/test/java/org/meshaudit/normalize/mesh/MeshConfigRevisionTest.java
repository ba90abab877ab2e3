package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.meshaudit.normalize.mesh.Fixture.ISTIO;
import static org.meshaudit.normalize.mesh.Fixture.istioPod;
import static org.meshaudit.normalize.mesh.Fixture.ns;
import static org.meshaudit.normalize.mesh.Fixture.pa;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.meshaudit.facts.AuthorizationCoverage;
import org.meshaudit.facts.FactSet;
import org.meshaudit.normalize.FactsBuilder;

/**
 * IST-MC-3: every "mesh-wide" policy is looked up in the root namespace of the control plane a workload is attached
 * to: with several revisions, the mesh config of the revision (ConfigMap {@code istio-<rev>}, the pod annotation
 * {@code istio.io/rev} written at injection), never a hard-coded {@code istio-system}.
 */
class MeshConfigRevisionTest {
    private static final String T0 = "2024-01-01T10:00:00Z";
    /** Revision canary with its own root namespace; the default revision keeps istio-system (ISTIO). */
    private static final String CANARY = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: istio-canary, namespace: istio-system}
            data:
              mesh: |
                rootNamespace: canary-root
            ---
            """;
    private static final String POLICIES = pa("istio-system", "default", T0, "{mtls: {mode: DISABLE}}")
            + pa("canary-root", "default", T0, "{mtls: {mode: STRICT}}");

    private static String pods() {
        return ns("blue", "{istio.io/rev: canary}") + ns("green", "{istio-injection: enabled}")
                + istioPod("blue", "api", "{app: api}", "{istio.io/rev: canary}", 8080)
                + istioPod("green", "api", "{app: api}", "{}", 8080);
    }

    @Test
    void istMc3PortsUseTheRootNamespaceOfTheirRevision() {
        MeshPosture p = Fixture.resolve(ISTIO, CANARY, pods(), POLICIES);
        assertEquals("STRICT@MESH", Fixture.summary(Fixture.port(p, "Pod/blue/api:8080")));
        assertEquals(List.of("PeerAuthentication/canary-root/default"),
                Fixture.port(p, "Pod/blue/api:8080").getDecidedBy());
        assertEquals("DISABLE@MESH", Fixture.summary(Fixture.port(p, "Pod/green/api:8080")));
        assertEquals("canary-root", p.istioRoots().get("Pod/blue/api"));
        assertEquals("istio-system", p.istioRoots().get("Pod/green/api"));
    }

    @Test
    void istMc3NamespaceModeUsesTheRevisionOfItsWorkloadsOrLabel() {
        MeshPosture p = Fixture.resolve(ISTIO, CANARY, pods(), POLICIES,
                ns("empty-canary", "{istio.io/rev: canary}"), ns("both", "{istio-injection: enabled, istio.io/rev: canary}"));
        assertEquals("STRICT", mode(p, "blue"), "workloads attached to canary");
        assertEquals("DISABLE", mode(p, "green"));
        assertEquals("STRICT", mode(p, "empty-canary"), "no workloads: the namespace label names the revision");
        assertEquals("DISABLE", mode(p, "both"), "istio-injection takes precedence over istio.io/rev (IST-DP-3)");
    }

    private static String mode(MeshPosture p, String namespace) {
        return p.namespaces().stream().filter(n -> n.namespace().equals(namespace)).findFirst().orElseThrow()
                .istioMode();
    }

    @Test
    void istMc3RootNamespaceAuthorizationPoliciesApplyPerRevision() {
        String policies = """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: canary-allow-nothing, namespace: canary-root}
                spec: {}
                ---
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: default-allow-nothing, namespace: istio-system}
                spec: {}
                ---
                """;
        FactSet facts = FactsBuilder.build(Fixture.snapshot(ISTIO, CANARY, pods(), policies), MeshOptions.defaults());
        assertEquals(List.of("AuthorizationPolicy/canary-root/canary-allow-nothing"), coverage(facts, "blue"));
        assertEquals(List.of("AuthorizationPolicy/istio-system/default-allow-nothing"), coverage(facts, "green"));
    }

    private static List<String> coverage(FactSet facts, String namespace) {
        return facts.ofType(AuthorizationCoverage.class).stream()
                .filter(c -> c.getRef().key().equals("Pod/" + namespace + "/api")).findFirst().orElseThrow()
                .getPolicies();
    }
}
