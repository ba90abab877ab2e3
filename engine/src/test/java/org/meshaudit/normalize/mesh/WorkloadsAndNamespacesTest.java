package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meshaudit.normalize.mesh.Fixture.ISTIO;
import static org.meshaudit.normalize.mesh.Fixture.ns;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.facts.WorkloadPosture;

/** Workload selection, ordering, traits, system namespaces, NamespaceMesh and meshInfo. */
class WorkloadsAndNamespacesTest {

    static String deploy(String name) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + ", namespace: app}\nspec:\n"
                + "  template: {spec: {containers: [{name: app}]}}\n---\n";
    }

    static String rs(String name, String owner) {
        return "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: " + name + "\n  namespace: app\n"
                + (owner == null ? "" : "  ownerReferences: [{kind: Deployment, name: " + owner + ", uid: x}]\n")
                + "spec:\n  template: {spec: {containers: [{name: app}]}}\n---\n";
    }

    static String pod(String name, String ownerKind, String owner) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: app\n  uid: u-" + name + "\n"
                + "  ownerReferences: [{kind: " + ownerKind + ", name: " + owner + ", uid: y}]\n"
                + "spec: {containers: [{name: app}]}\n---\n";
    }

    static Stream<Arguments> selection() {
        return Stream.of(
                Arguments.of("workloads: a Deployment without pods stands for its template", deploy("web"),
                        List.of("Deployment/app/web")),
                Arguments.of("workloads: Pod -> ReplicaSet -> Deployment chain hides both controllers",
                        deploy("web") + rs("web-5d4f8b7c9", "web") + pod("web-5d4f8b7c9-abcde", "ReplicaSet", "web-5d4f8b7c9"),
                        List.of("Pod/app/web-5d4f8b7c9-abcde")),
                Arguments.of("workloads: absent ReplicaSet matched by <deployment>-<hash>",
                        deploy("web") + deploy("web-api") + pod("web-api-7c9d-xyz", "ReplicaSet", "web-api-7c9d"),
                        List.of("Deployment/app/web", "Pod/app/web-api-7c9d-xyz")),
                Arguments.of("workloads: ReplicaSet owned by a present Deployment is not a workload",
                        deploy("web") + rs("web-5d4f8b7c9", "web"), List.of("Deployment/app/web")),
                Arguments.of("workloads: orphan ReplicaSet is a workload", rs("lonely", null),
                        List.of("ReplicaSet/app/lonely")),
                Arguments.of("workloads: absent Job matched to CronJob by <cronjob>-<n>",
                        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: app}\nspec:\n"
                                + "  jobTemplate: {spec: {template: {spec: {containers: [{name: app}]}}}}\n---\n"
                                + pod("nightly-2890-q", "Job", "nightly-2890"),
                        List.of("Pod/app/nightly-2890-q")),
                Arguments.of("workloads: StatefulSet with its pod", "apiVersion: apps/v1\nkind: StatefulSet\n"
                                + "metadata: {name: db, namespace: app}\nspec: {template: {spec: {containers: [{name: app}]}}}\n---\n"
                                + pod("db-0", "StatefulSet", "db"), List.of("Pod/app/db-0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selection")
    void workloadSelection(String name, String yaml, List<String> expected) {
        MeshPosture p = Fixture.resolve(ISTIO, ns("app", "{}"), yaml);
        assertEquals(expected, Fixture.keys(p));
    }

    @Test
    void outputIsSortedAndDeterministic() {
        String yaml = ns("b", "{}") + ns("a", "{}") + Fixture.pod("b", "z", "{}", "{}", true, null, 9090, 80)
                + Fixture.pod("a", "y", "{}", "{}", true, null) + Fixture.deployment("a", "x", "{}", "{}", false);
        MeshPosture p1 = Fixture.resolve(ISTIO, yaml);
        MeshPosture p2 = Fixture.resolve(ISTIO, yaml);
        assertEquals(List.of("Deployment/a/x", "Pod/a/y", "Pod/b/z"), Fixture.keys(p1));
        assertEquals("80/TCP,9090/TCP,*/TCP", Fixture.ports(Fixture.workload(p1, "Pod/b/z")));
        assertEquals(p1.toString(), p2.toString());
        assertEquals(List.of("a", "b", "istio-system"), p1.namespaces().stream().map(NamespaceMesh::namespace).toList());
    }

    @Test
    void traitsSystemAndInScope() {
        MeshPosture p = Fixture.resolve(new MeshOptions(null, false, Set.of("ops"), Set.of("pay")), ISTIO,
                ns("pay", "{}"), ns("ops", "{}"), Fixture.istioPod("pay", "api", "{}", "{}", 8080),
                Fixture.pod("ops", "tool", "{}", "{}", true, null), Fixture.pod("kube-system", "dns", "{}", "{}", true, null));
        WorkloadPosture api = Fixture.workload(p, "Pod/pay/api");
        assertEquals(Set.of("in-scope", "istio", "meshed", "observed"), api.getTraits());
        assertEquals(Set.of("catch-all", "in-scope", "istio", "meshed", "observed"),
                Fixture.port(p, "Pod/pay/api:*").getTraits());
        assertTrue(Fixture.workload(p, "Pod/ops/tool").getTraits().contains("system"));
        assertTrue(Fixture.workload(p, "Pod/kube-system/dns").getTraits().contains("system"));
        assertTrue(p.systemNamespaces().containsAll(List.of("istio-system", "ops", "kube-system", "local-path-storage")));
    }

    @Test
    void namespaceMeshAndMeshInfo() {
        String istiod = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: istiod, namespace: istio-control, labels: {app.kubernetes.io/version: 1.27.1}}
                spec: {template: {metadata: {labels: {app: istiod}}, spec: {containers: [{name: discovery}]}}}
                ---
                """;
        MeshPosture p = Fixture.resolve(ISTIO, istiod, ns("pay", "{istio-injection: enabled}"), ns("plain", "{}"),
                Fixture.pa("istio-system", "default", "2024-01-01T00:00:00Z", "{mtls: {mode: STRICT}}"));
        NamespaceMesh pay = p.namespaces().stream().filter(n -> n.namespace().equals("pay")).findFirst().orElseThrow();
        assertTrue(pay.istio());
        assertEquals("STRICT", pay.istioMode());
        assertEquals(List.of("PeerAuthentication/istio-system/default"), pay.istioDecidedBy());
        assertNull(pay.error());
        NamespaceMesh plain = p.namespaces().stream().filter(n -> n.namespace().equals("plain")).findFirst().orElseThrow();
        assertEquals(false, plain.istio());
        assertNull(plain.istioMode());
        assertEquals("1.27.1", p.meshInfo().get("istio.version"));
        assertEquals("istio-system", p.meshInfo().get("istio.rootNamespace"));
        assertEquals("true", p.meshInfo().get("istio.enableAutoMtls"));
        assertEquals("cluster.local", p.meshInfo().get("istio.trustDomain"));
        assertTrue(p.systemNamespaces().contains("istio-control"));
        assertNull(p.meshInfo().get("meshDefaultsAssumed"));
    }
}
