package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meshaudit.normalize.mesh.Fixture.deployment;
import static org.meshaudit.normalize.mesh.Fixture.ns;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.WorkloadPosture;

/** Dataplane prediction: IST-DP-3/4 (upstream TestInjectRequired), IST-DP-5, LKD-DP-2 (TestDisableByAnnotation), GEN-2. */
class InjectionTest {
    private static final String MESH = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: istio, namespace: istio-system}
            data: {mesh: ""}
            ---
            """;

    static String injector(String policy, String never, String always, boolean nsByDefault) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-sidecar-injector, namespace: istio-system}\n"
                + "data:\n  config: |\n    policy: " + policy + "\n    neverInjectSelector: " + never
                + "\n    alwaysInjectSelector: " + always
                + "\n  values: '{\"sidecarInjectorWebhook\":{\"enableNamespacesByDefault\":" + nsByDefault + "}}'\n---\n";
    }

    static final String ENABLED = injector("enabled", "[]", "[]", false);

    static Stream<Arguments> cases() {
        String inj = "{istio-injection: enabled}";
        return Stream.of(
                // IST-DP-3: which webhook is called
                Arguments.of("IST-DP-3 namespace istio-injection=enabled injects", ENABLED, inj, "{}", "{}", false, "istio-sidecar"),
                Arguments.of("IST-DP-3 pitfall 7: istio-injection=disabled blocks pod label opt-in", ENABLED,
                        "{istio-injection: disabled}", "{sidecar.istio.io/inject: \"true\"}", "{}", false, "none"),
                Arguments.of("IST-DP-3 pod LABEL false excludes the pod from the webhook", ENABLED, inj,
                        "{sidecar.istio.io/inject: \"false\"}", "{}", false, "none"),
                Arguments.of("IST-DP-3 namespace istio.io/rev=canary calls the revision webhook", ENABLED,
                        "{istio.io/rev: canary}", "{}", "{}", false, "istio-sidecar"),
                Arguments.of("IST-DP-3 istio-injection takes precedence over istio.io/rev", ENABLED,
                        "{istio-injection: disabled, istio.io/rev: canary}", "{}", "{}", false, "none"),
                Arguments.of("IST-DP-3 unlabelled namespace, pod label true injects", ENABLED, "{}",
                        "{sidecar.istio.io/inject: \"true\"}", "{}", false, "istio-sidecar"),
                Arguments.of("IST-DP-3 pitfall 7: unlabelled namespace, pod ANNOTATION true alone does nothing", ENABLED,
                        "{}", "{}", "{sidecar.istio.io/inject: \"true\"}", false, "none"),
                Arguments.of("IST-DP-3 unlabelled namespace, pod label istio.io/rev injects", ENABLED, "{}",
                        "{istio.io/rev: canary}", "{}", false, "istio-sidecar"),
                Arguments.of("IST-DP-3 unlabelled namespace, pod label inject=yes matches no webhook", ENABLED, "{}",
                        "{sidecar.istio.io/inject: \"yes\"}", "{}", false, "none"),
                Arguments.of("IST-DP-3 enableNamespacesByDefault injects unlabelled pods",
                        injector("enabled", "[]", "[]", true), "{}", "{}", "{}", false, "istio-sidecar"),
                Arguments.of("IST-DP-3 no label and enableNamespacesByDefault=false: not injected", ENABLED, "{}", "{}",
                        "{}", false, "none"),
                // IST-DP-4: decision once called (upstream TestInjectRequired)
                Arguments.of("IST-DP-4 TestInjectRequired: hostNetwork is never injected", ENABLED, inj, "{}",
                        "{sidecar.istio.io/inject: \"true\"}", true, "none"),
                Arguments.of("IST-DP-4 worked example: annotation false in injection-enabled namespace", ENABLED, inj,
                        "{}", "{sidecar.istio.io/inject: \"false\"}", false, "none"),
                Arguments.of("IST-DP-4 TestInjectRequired: policy disabled, annotation true injects",
                        injector("disabled", "[]", "[]", false), inj, "{}", "{sidecar.istio.io/inject: \"true\"}", false,
                        "istio-sidecar"),
                Arguments.of("IST-DP-4 TestInjectRequired: policy disabled, no annotation: not injected",
                        injector("disabled", "[]", "[]", false), inj, "{}", "{}", false, "none"),
                Arguments.of("IST-DP-4 TestInjectRequired: illegal policy disables injection even with annotation true",
                        injector("sometimes", "[]", "[]", false), inj, "{}", "{sidecar.istio.io/inject: \"true\"}",
                        false, "none"),
                Arguments.of("IST-DP-4 TestInjectRequired: neverInjectSelector match: not injected",
                        injector("enabled", "[{matchLabels: {team: batch}}]", "[]", false), inj, "{team: batch}", "{}",
                        false, "none"),
                Arguments.of("IST-DP-4 TestInjectRequired: annotation true overrides neverInjectSelector",
                        injector("enabled", "[{matchLabels: {team: batch}}]", "[]", false), inj, "{team: batch}",
                        "{sidecar.istio.io/inject: \"true\"}", false, "istio-sidecar"),
                Arguments.of("IST-DP-4 TestInjectRequired: alwaysInjectSelector with policy disabled injects",
                        injector("disabled", "[]", "[{matchExpressions: [{key: team, operator: In, values: [web]}]}]",
                                false), inj, "{team: web}", "{}", false, "istio-sidecar"),
                Arguments.of("IST-DP-4 neverInjectSelector wins over alwaysInjectSelector",
                        injector("enabled", "[{matchLabels: {team: web}}]", "[{matchLabels: {team: web}}]", false), inj,
                        "{team: web}", "{}", false, "none"),
                Arguments.of("IST-DP-4 label takes precedence over annotation", ENABLED, inj,
                        "{sidecar.istio.io/inject: \"true\"}", "{sidecar.istio.io/inject: \"false\"}", false,
                        "istio-sidecar"),
                Arguments.of("IST-DP-4 annotation value yes is treated as unset (policy decides)",
                        injector("disabled", "[]", "[]", false), inj, "{}", "{sidecar.istio.io/inject: \"yes\"}", false,
                        "none"),
                // IST-DP-5 ambient
                Arguments.of("IST-DP-5 namespace dataplane-mode=ambient enrolls pods", ENABLED,
                        "{istio.io/dataplane-mode: ambient}", "{}", "{}", false, "istio-ambient"),
                Arguments.of("IST-DP-5 pod dataplane-mode=none opts out of an ambient namespace", ENABLED,
                        "{istio.io/dataplane-mode: ambient}", "{istio.io/dataplane-mode: none}", "{}", false, "none"),
                Arguments.of("IST-DP-5 pod label dataplane-mode=ambient enrolls in any namespace", ENABLED, "{}",
                        "{istio.io/dataplane-mode: ambient}", "{}", false, "istio-ambient"),
                Arguments.of("IST-DP-5 hostNetwork pods are never enrolled", ENABLED, "{istio.io/dataplane-mode: ambient}",
                        "{}", "{}", true, "none"),
                Arguments.of("IST-DP-5 sidecar injection wins over ambient", ENABLED,
                        "{istio-injection: enabled, istio.io/dataplane-mode: ambient}", "{}", "{}", false, "istio-sidecar"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void istioPrediction(String name, String injector, String nsLabels, String labels, String annotations,
                         boolean hostNetwork, String expected) {
        MeshPosture p = Fixture.resolve(MESH, injector, ns("app", nsLabels),
                deployment("app", "web", labels, annotations, hostNetwork, 8080));
        WorkloadPosture w = Fixture.workload(p, "Deployment/app/web");
        assertNull(w.getError(), w.getDataplaneReason());
        assertEquals(expected, w.getDataplane(), w.getDataplaneReason());
        assertEquals("predicted", w.getDataplaneSource());
        assertTrue(w.getDataplaneReason().contains("IST-DP-") || w.getDataplaneReason().contains("LKD-DP-"),
                w.getDataplaneReason());
        assertTrue(w.getTraits().contains("predicted"));
    }

    static Stream<Arguments> linkerd() {
        return Stream.of(
                Arguments.of("LKD-DP-2 TestDisableByAnnotation: ns enabled, pod absent: injected", "{linkerd.io/inject: enabled}", "{}", "{}", "linkerd"),
                Arguments.of("LKD-DP-2 TestDisableByAnnotation: ns enabled, pod enabled: injected", "{linkerd.io/inject: enabled}", "{}", "{linkerd.io/inject: enabled}", "linkerd"),
                Arguments.of("LKD-DP-2 TestDisableByAnnotation: ns enabled, pod disabled: not injected", "{linkerd.io/inject: enabled}", "{}", "{linkerd.io/inject: disabled}", "none"),
                Arguments.of("LKD-DP-2 TestDisableByAnnotation: ns disabled, pod enabled: injected", "{linkerd.io/inject: disabled}", "{}", "{linkerd.io/inject: enabled}", "linkerd"),
                Arguments.of("LKD-DP-2 TestDisableByAnnotation: ns absent, pod enabled: injected", "{}", "{}", "{linkerd.io/inject: enabled}", "linkerd"),
                Arguments.of("LKD-DP-2 TestDisableByAnnotation: ns absent, pod absent: not injected", "{}", "{}", "{}", "none"),
                Arguments.of("LKD-DP-2 TestDisableByAnnotation: ns disabled, pod absent: not injected", "{linkerd.io/inject: disabled}", "{}", "{}", "none"),
                Arguments.of("LKD-DP-2 ingress mode counts as injected", "{}", "{}", "{linkerd.io/inject: ingress}", "linkerd"),
                Arguments.of("LKD-DP-2 invalid namespace value: not injected", "{linkerd.io/inject: yes-please}", "{}", "{linkerd.io/inject: enabled}", "none"),
                Arguments.of("LKD-DP-2 admission-webhooks disabled namespace label: injector not called",
                        "{linkerd.io/inject: enabled}", "{config.linkerd.io/admission-webhooks: disabled}", "{}", "none"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linkerd")
    void linkerdPrediction(String name, String nsAnnotations, String nsLabels, String podAnnotations, String expected) {
        MeshPosture p = Fixture.resolve(Fixture.LINKERD, ns("app", nsLabels, nsAnnotations),
                deployment("app", "web", "{}", podAnnotations, false, 8080));
        WorkloadPosture w = Fixture.workload(p, "Deployment/app/web");
        assertNull(w.getError());
        assertEquals(expected, w.getDataplane(), w.getDataplaneReason());
        assertTrue(w.getDataplaneReason().contains("LKD-DP-2"), w.getDataplaneReason());
    }

    @Test
    void lkdDp2HostNetworkAndKubeSystemAreNotInjected() {
        MeshPosture p = Fixture.resolve(Fixture.LINKERD, ns("app", "{}", "{linkerd.io/inject: enabled}"),
                ns("kube-system", "{}", "{linkerd.io/inject: enabled}"),
                deployment("app", "host", "{}", "{}", true), deployment("kube-system", "dns", "{}", "{}", false));
        assertEquals("none", Fixture.workload(p, "Deployment/app/host").getDataplane());
        assertEquals("none", Fixture.workload(p, "Deployment/kube-system/dns").getDataplane());
        assertTrue(Fixture.workload(p, "Deployment/kube-system/dns").getTraits().contains("system"));
        assertTrue(Fixture.workload(p, "Deployment/app/host").getTraits().contains("host-network"));
    }

    @Test
    void gen3InjectorMissingAtPolicyStepIsAnError() {
        MeshPosture p = Fixture.resolve(MESH, ns("app", "{istio-injection: enabled}"),
                deployment("app", "web", "{}", "{}", false, 8080));
        WorkloadPosture w = Fixture.workload(p, "Deployment/app/web");
        assertEquals("unknown", w.getDataplane());
        assertNotNull(w.getError());
        assertTrue(w.getError().contains("istio-sidecar-injector"), w.getError());
        assertFalse(w.getTraits().contains("meshed"));
        assertFalse(w.getTraits().contains("unmeshed"));
        for (PortPosture pp : w.getPorts()) {
            assertNotNull(pp.getError());
        }
    }

    @Test
    void gen3InjectorMissingButExplicitAnnotationDecides() {
        MeshPosture p = Fixture.resolve(MESH, ns("app", "{istio-injection: enabled}"),
                deployment("app", "web", "{}", "{sidecar.istio.io/inject: \"false\"}", false, 8080));
        assertEquals("none", Fixture.workload(p, "Deployment/app/web").getDataplane());
    }

    @Test
    void gen3AssumeMeshDefaultsUsesPolicyEnabledAndSaysSo() {
        MeshPosture p = Fixture.resolve(Fixture.assumeDefaults(), MESH, ns("app", "{istio-injection: enabled}"),
                deployment("app", "web", "{}", "{}", false, 8080));
        WorkloadPosture w = Fixture.workload(p, "Deployment/app/web");
        assertEquals("istio-sidecar", w.getDataplane());
        assertTrue(w.getNotes().stream().anyMatch(n -> n.contains("assumed")), w.getNotes().toString());
        assertTrue(p.meshInfo().get("meshDefaultsAssumed").contains("istio injector config"));
    }

    @Test
    void gen3MissingNamespaceObjectIsAnErrorWhenLabelsMatter() {
        MeshPosture p = Fixture.resolve(MESH, ENABLED, deployment("app", "web", "{}", "{}", false, 8080));
        WorkloadPosture w = Fixture.workload(p, "Deployment/app/web");
        assertEquals("unknown", w.getDataplane());
        assertTrue(w.getError().startsWith("Namespace app not in input"), w.getError());
    }

    @Test
    void gen3MissingNamespaceObjectIsFineWhenEveryBranchAgrees() {
        MeshPosture p = Fixture.resolve(MESH, ENABLED, deployment("app", "host", "{}", "{}", true, 8080));
        WorkloadPosture w = Fixture.workload(p, "Deployment/app/host");
        assertNull(w.getError());
        assertEquals("none", w.getDataplane());
        assertTrue(w.getNotes().stream().anyMatch(n -> n.contains("Namespace app not in input")));
    }

    @Test
    void gen2ObservedPodIgnoresNamespaceIntent() {
        MeshPosture p = Fixture.resolve(MESH, ENABLED, ns("app", "{istio-injection: enabled}"),
                Fixture.pod("app", "old", "{}", "{}", true, null, 8080));
        WorkloadPosture w = Fixture.workload(p, "Pod/app/old");
        assertEquals("none", w.getDataplane());
        assertEquals("observed", w.getDataplaneSource());
        assertTrue(w.getDataplaneReason().startsWith("GEN-2"));
        assertTrue(w.getNotes().stream().anyMatch(n -> n.contains("must be recreated")), w.getNotes().toString());
        assertEquals("n/a", Fixture.port(p, "Pod/app/old:8080").getServerMode());
        assertTrue(w.getTraits().contains("unmeshed"));
    }

    @Test
    void istDp1NativeSidecarAndManualInjection() {
        String nativePod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: native, namespace: app, uid: u2}
                spec:
                  initContainers:
                  - {name: istio-proxy, restartPolicy: Always}
                  containers:
                  - {name: app, ports: [{containerPort: 8080}]}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: manual, namespace: app}
                spec:
                  template:
                    spec:
                      containers:
                      - {name: app}
                      - {name: linkerd-proxy, ports: [{containerPort: 4143}]}
                """;
        MeshPosture p = Fixture.resolve(MESH, ENABLED, Fixture.LINKERD, ns("app", "{}"), nativePod);
        WorkloadPosture n = Fixture.workload(p, "Pod/app/native");
        assertEquals("istio-sidecar", n.getDataplane());
        assertTrue(n.getDataplaneReason().contains("native sidecar"));
        WorkloadPosture m = Fixture.workload(p, "Deployment/app/manual");
        assertEquals("linkerd", m.getDataplane());
        assertEquals("predicted", m.getDataplaneSource());
        assertEquals("*/TCP", Fixture.ports(m));
    }

    @Test
    void istDp5ObservedAmbientAndPending() {
        MeshPosture p = Fixture.resolve(MESH, ENABLED, ns("app", "{istio.io/dataplane-mode: ambient}"),
                Fixture.pod("app", "on", "{}", "{ambient.istio.io/redirection: enabled}", true, null, 8080),
                Fixture.pod("app", "pending", "{}", "{ambient.istio.io/redirection: pending}", true, null, 8080));
        assertEquals("istio-ambient", Fixture.workload(p, "Pod/app/on").getDataplane());
        assertTrue(Fixture.workload(p, "Pod/app/on").getTraits().contains("ambient"));
        WorkloadPosture pending = Fixture.workload(p, "Pod/app/pending");
        assertEquals("none", pending.getDataplane());
        assertTrue(pending.getDataplaneReason().contains("pending"));
    }

    @Test
    void istDp2TlsModeDisabledLabel() {
        MeshPosture p = Fixture.resolve(MESH, ENABLED, ns("app", "{}"),
                Fixture.istioPod("app", "odd", "{security.istio.io/tlsMode: disabled}", "{}", 8080));
        WorkloadPosture w = Fixture.workload(p, "Pod/app/odd");
        assertTrue(w.getTraits().contains("tlsmode-disabled"));
        assertTrue(w.getNotes().stream().anyMatch(n -> n.startsWith("IST-DP-2")));
    }
}
