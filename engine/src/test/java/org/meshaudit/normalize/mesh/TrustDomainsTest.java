package org.meshaudit.normalize.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected SPIFFE trust domains (CERT-005): IST-MC-2/IST-MC-4, linkerd-config identityTrustDomain, GEN-3. */
class TrustDomainsTest {
    static final String ISTIO_PROD = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: istio, namespace: istio-system}
            data:
              mesh: |
                rootNamespace: istio-system
                trustDomain: Prod.Example.org
                trustDomainAliases: [legacy.example.org, old.example.org]
            """;
    static final String LINKERD_PROD = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: linkerd-config, namespace: linkerd}
            data:
              values: |
                identityTrustDomain: linkerd.example.org
                proxy:
                  defaultInboundPolicy: all-unauthenticated
            """;
    static final String ISTIO_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: api, namespace: pay, uid: u1, labels: {app: api}}
            spec:
              containers:
              - {name: api, image: api:1}
              - {name: istio-proxy, image: proxyv2:1.27.1}
            """;
    static final String LINKERD_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: shop, uid: u2, annotations: {linkerd.io/proxy-version: edge-26.1.2}}
            spec:
              containers:
              - {name: web, image: web:1}
              - {name: linkerd-proxy, image: proxy:edge-26.1.2}
            """;

    @Test
    void istioTrustDomainAndAliasesFromTheMeshConfigMap() {
        TrustDomains t = Fixture.resolve(ISTIO_PROD).trustDomains();
        assertEquals(Set.of("prod.example.org", "legacy.example.org", "old.example.org"), t.expected());
        assertTrue(t.unknown().isEmpty(), t.unknown().toString());
        assertEquals(TrustDomains.EXPECTED, t.check("legacy.example.org"));
        assertEquals(TrustDomains.UNEXPECTED, t.check("cluster.local"));
        assertTrue(t.describe().contains("Istio trustDomainAliases, ConfigMap/istio-system/istio"), t.describe());
    }

    @Test
    void absentTrustDomainFieldIsTheIstioDefault() {
        TrustDomains t = Fixture.resolve(Fixture.ISTIO).trustDomains();
        assertEquals(Set.of("cluster.local"), t.expected());
        String noField = Fixture.ISTIO.replace("trustDomain: cluster.local", "rootNamespace: istio-system");
        assertEquals(Set.of("cluster.local"), Fixture.resolve(noField).trustDomains().expected(), "IST-MC-2");
    }

    @Test
    void linkerdIdentityTrustDomainAndItsChartDefault() {
        TrustDomains t = Fixture.resolve(LINKERD_PROD).trustDomains();
        assertEquals(Set.of("linkerd.example.org"), t.expected());
        assertEquals(Set.of("cluster.local"), Fixture.resolve(Fixture.LINKERD).trustDomains().expected());
        assertEquals("linkerd.example.org", Fixture.resolve(LINKERD_PROD).meshInfo().get("linkerd.identityTrustDomain"));
    }

    @Test
    void bothMeshesTogether() {
        TrustDomains t = Fixture.resolve(ISTIO_PROD, "---\n" + LINKERD_PROD).trustDomains();
        assertEquals(Set.of("prod.example.org", "legacy.example.org", "old.example.org", "linkerd.example.org"),
                t.expected());
        assertTrue(t.unknown().isEmpty());
    }

    @Test
    void istioPresentWithoutItsMeshConfigIsUnknownNotDefault() {
        TrustDomains t = Fixture.resolve(ISTIO_POD).trustDomains();
        assertTrue(t.expected().isEmpty(), t.expected().toString());
        assertEquals(TrustDomains.UNKNOWN, t.check("cluster.local"), "GEN-3: never a silent PASS");
        assertTrue(t.unknown().get(0).contains("Istio mesh config"), t.unknown().toString());
    }

    @Test
    void linkerdPresentWithoutLinkerdConfigLeavesItsDomainUnknownEvenWhenIstioIsKnown() {
        TrustDomains t = Fixture.resolve(ISTIO_PROD, "---\n" + LINKERD_POD).trustDomains();
        assertEquals(TrustDomains.EXPECTED, t.check("prod.example.org"));
        assertEquals(TrustDomains.UNKNOWN, t.check("cluster.local"), "might be Linkerd's");
        assertTrue(t.unknown().get(0).contains("linkerd-config"), t.unknown().toString());
    }

    @Test
    void noMeshConfigurationAtAllIsUnknown() {
        TrustDomains t = Fixture.resolve("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n").trustDomains();
        assertEquals(TrustDomains.UNKNOWN, t.check("cluster.local"));
        assertTrue(t.unknown().get(0).contains("no mesh configuration"), t.unknown().toString());
    }

    @Test
    void assumedDefaultsAcceptClusterLocal() {
        TrustDomains t = Fixture.resolve(Fixture.assumeDefaults(), ISTIO_POD, "---\n" + LINKERD_POD).trustDomains();
        assertEquals(Set.of("cluster.local"), t.expected());
        assertTrue(t.unknown().isEmpty());
        assertEquals(TrustDomains.UNEXPECTED, t.check("other.example"));
    }

    @Test
    void unreadableMeshConfigLeavesTheDomainUnknown() {
        String bad = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: istio, namespace: istio-system}
                data:
                  mesh: "trustDomain: [unclosed"
                """;
        MeshPosture p = Fixture.resolve(bad);
        assertEquals(TrustDomains.UNKNOWN, p.trustDomains().check("cluster.local"));
    }

    @Test
    void declaredDomainsReplaceTheMeshConfiguration() {
        TrustDomains t = TrustDomains.declared(List.of("prod.example.org", "Prod.Example.Org."), "--trust-domain");
        assertEquals(Set.of("prod.example.org"), t.expected());
        assertEquals(TrustDomains.UNEXPECTED, t.check("cluster.local"));
        assertEquals("prod.example.org (--trust-domain)", t.describe());
    }

    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource(value = {"spiffe://cluster.local/ns/a/sa/b|cluster.local", "SPIFFE://Prod.Example.ORG/x|prod.example.org",
        "spiffe://td-only|td-only", "spiffe:///ns/a|''", "https://cluster.local/x|''"}, delimiter = '|')
    void trustDomainOfASpiffeId(String id, String td) {
        assertEquals(td, TrustDomains.of(id));
    }
}
