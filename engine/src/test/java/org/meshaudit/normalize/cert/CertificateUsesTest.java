package org.meshaudit.normalize.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.collect.SnapshotBuilder;
import org.meshaudit.collect.cert.CertLimits;
import org.meshaudit.facts.CertificateFact;
import org.meshaudit.facts.PresentedCertificate;
import org.meshaudit.facts.ProbedEndpoint;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.normalize.mesh.TrustDomains;
import org.meshaudit.testkit.TestCerts;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Which Secret an entry point or DestinationRule uses, and what the certificate facts make of it. */
class CertificateUsesTest {
    static final YAMLMapper YAML = YAMLMapper.builder().build();
    static final Instant AS_OF = Instant.parse("2026-11-29T00:00:00Z");
    static final KeyPair ROOT_KEY = TestCerts.ec("P-256");
    static final X509CertificateHolder ROOT = TestCerts.cert().subject("CN=Unit Root").key(ROOT_KEY).ca(1)
            .validity("2024-01-01T00:00:00Z", "2034-01-01T00:00:00Z").issue();

    static Snapshot snapshot(String yaml) {
        SnapshotBuilder b = new SnapshotBuilder();
        int i = 0;
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                JsonNode node = YAML.readTree(doc);
                b.addObject(node, "unit.yaml#" + (i++));
            }
        }
        return b.build();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static X509CertificateHolder leaf(String... dns) {
        TestCerts.Spec s = TestCerts.cert().subject("CN=" + dns[0]).key(TestCerts.ec("P-256")).issuedBy(ROOT, ROOT_KEY)
                .serverAuth();
        for (String d : dns) {
            s.dns(d);
        }
        return s.issue();
    }

    static String secret(String ns, String name, String key, X509CertificateHolder... chain) {
        return "apiVersion: v1\nkind: Secret\nmetadata: {name: " + name + ", namespace: " + ns + "}\ndata:\n  " + key
                + ": " + b64(TestCerts.pem(chain)) + "\n---\n";
    }

    static CertificateFact fact(CertificateFacts.Output out, X509CertificateHolder c) throws Exception {
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(c.getEncoded()));
        return out.subjects().stream().filter(s -> s instanceof CertificateFact f && f.getFingerprint().equals(sha))
                .map(CertificateFact.class::cast).findFirst().orElseThrow();
    }

    static CertificateFacts.Output build(Snapshot s, List<ProbedEndpoint> probed) {
        return CertificateFacts.build(s, new CryptoProfile("baseline", AS_OF), CertLimits.defaults(),
                new CertificateFacts.Context(TrustDomains.declared(List.of("cluster.local"), "unit"), null, probed));
    }

    @Test
    void istioGatewayCredentialIsReadWhereTheGatewayProxyRunsAndHostsLoseTheirNamespace() {
        String yaml = """
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: shop}
                spec:
                  selector: {istio: ingressgateway}
                  servers:
                  - port: {number: 443, name: https, protocol: HTTPS}
                    hosts: ["shop/a.example.com", "*/b.example.com", "*"]
                    tls: {mode: SIMPLE, credentialName: edge}
                  - port: {number: 8443, name: pass, protocol: TLS}
                    hosts: [c.example.com]
                    tls: {mode: PASSTHROUGH, credentialName: edge}
                  - port: {number: 9443, name: other, protocol: HTTPS}
                    hosts: [d.example.com]
                    tls: {mode: SIMPLE, credentialName: "team/edge"}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: ingress, namespace: gateways}
                spec:
                  selector: {matchLabels: {istio: ingressgateway}}
                  template:
                    metadata: {labels: {istio: ingressgateway}}
                    spec: {containers: [{name: istio-proxy, image: proxyv2:1.27.1}]}
                """;
        CertificateUses.Found f = CertificateUses.find(snapshot(yaml), null);
        assertEquals(2, f.served().size(), "PASSTHROUGH serves no credential: " + f.served());
        CertificateUses.Use first = f.served().get(0);
        assertEquals("Gateway/shop/gw:443", first.referrer());
        assertEquals(List.of("a.example.com", "b.example.com"), first.hosts());
        assertEquals(List.of(new CertificateUses.SecretRef("gateways", "edge"), new CertificateUses.SecretRef("shop", "edge"),
                new CertificateUses.SecretRef("istio-system", "edge")), first.candidates());
        assertEquals(List.of(new CertificateUses.SecretRef("team", "edge")), f.served().get(1).candidates());
    }

    @Test
    void theStageReadsTheSameFromItsOwnPartOfTheSnapshotAsFromTheWhole() {
        X509CertificateHolder web = leaf("www.example.com");
        X509CertificateHolder api = leaf("api.example.com");
        String yaml = secret("mesh-root", "web-tls", "tls.crt", web, ROOT) + secret("gateways", "api-tls", "tls.crt", api)
                + """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: shop}
                spec:
                  ingressClassName: istio
                  tls: [{hosts: [www.example.com], secretName: web-tls}]
                ---
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: shop}
                spec:
                  selector: {app: edge}
                  servers:
                  - port: {number: 443, name: https, protocol: HTTPS}
                    hosts: [api.example.com]
                    tls: {mode: SIMPLE, credentialName: api-tls}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: edge, namespace: gateways}
                spec:
                  selector: {matchLabels: {app: edge}}
                  template:
                    metadata: {labels: {app: edge}}
                    spec: {containers: [{name: istio-proxy, image: proxyv2:1.27.1}]}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: cert-manager, namespace: cert-manager,
                           labels: {app.kubernetes.io/name: cert-manager, app.kubernetes.io/version: v1.18.2}}
                spec:
                  selector: {matchLabels: {app: cert-manager}}
                  template:
                    metadata: {labels: {app: cert-manager}}
                    spec: {containers: [{name: controller, image: cert-manager-controller:v1.18.2}]}
                ---
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: web, namespace: mesh-root}
                spec: {secretName: web-tls, dnsNames: [www.example.com], issuerRef: {name: ca, kind: ClusterIssuer},
                       privateKey: {algorithm: ECDSA, size: 256, rotationPolicy: Always}}
                ---
                apiVersion: cert-manager.io/v1
                kind: ClusterIssuer
                metadata: {name: ca}
                spec: {ca: {secretName: root}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: shop, namespace: shop}
                spec:
                  selector: {matchLabels: {app: shop}}
                  template:
                    metadata: {labels: {app: shop}}
                    spec: {containers: [{name: shop, image: shop:1}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: shop, namespace: shop}
                spec: {selector: {app: shop}, ports: [{port: 80}]}
                """;
        Snapshot whole = snapshot(yaml);
        Snapshot part = CertificateFacts.input(whole);
        assertEquals(List.of("cert-manager/cert-manager", "gateways/edge"),
                part.workloads().stream().map(w -> w.meta().namespace() + "/" + w.meta().name()).sorted().toList(),
                "the workloads the stage looks at: cert-manager's controller and the proxies gateways select");
        assertEquals(Set.of("Ingress", "Gateway", "Certificate", "ClusterIssuer"),
                part.objects().stream().map(o -> o.kind()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(whole.certificates(), part.certificates());
        CertificateFacts.Output a = build(whole, List.of());
        CertificateFacts.Output b = build(part, List.of());
        assertEquals(a.inventory(), b.inventory());
        assertEquals(a.issues(), b.issues());
        assertEquals(a.subjects().stream().map(x -> x.getRef() + " " + x.evidence() + " " + x.getTraits()).toList(),
                b.subjects().stream().map(x -> x.getRef() + " " + x.evidence() + " " + x.getTraits()).toList());
        assertTrue(a.subjects().stream().anyMatch(x -> x.evidence().toString().contains("www.example.com")),
                "the served host reached the facts: " + a.subjects());
    }

    @Test
    void aPathIsFoundThroughItsIntermediateHoweverManyOtherCasWereRead() throws Exception {
        KeyPair issuingKey = TestCerts.ec("P-256");
        X509CertificateHolder issuing = TestCerts.cert().subject("CN=Issuing CA").key(issuingKey).issuedBy(ROOT, ROOT_KEY)
                .ca(0).validity("2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z").issue();
        X509CertificateHolder web = TestCerts.cert().subject("CN=www.example.com").key(TestCerts.ec("P-256"))
                .issuedBy(issuing, issuingKey).serverAuth().dns("www.example.com").issue();
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 6; i++) { // other CAs read first, one of them a decoy with the issuing CA's name
            KeyPair k = TestCerts.ec("P-256");
            yaml.append(secret("other", "ca-" + i, "ca.crt", TestCerts.cert()
                    .subject(i == 3 ? "CN=Issuing CA" : "CN=Other CA " + i).key(k).ca(0).issue()));
        }
        yaml.append("apiVersion: v1\nkind: Secret\nmetadata: {name: web-tls, namespace: shop}\ndata:\n  tls.crt: ")
                .append(b64(TestCerts.pem(web, issuing))).append("\n  ca.crt: ").append(b64(TestCerts.pem(ROOT)))
                .append("\n");
        Snapshot s = snapshot(yaml.toString());
        CertLimits small = new CertLimits(16L << 20, 5_000, 64 * 1024, 32, 16 * 1024, 1_000, 1_000_000, 2);
        CertificateFacts.Output out = CertificateFacts.build(s, new CryptoProfile("baseline", AS_OF), small,
                new CertificateFacts.Context(TrustDomains.declared(List.of("cluster.local"), "unit"), null, List.of()));
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(web.getEncoded()));
        var entry = out.inventory().stream().filter(e -> e.fingerprint().contains(sha)).findFirst().orElseThrow();
        assertEquals("valid", entry.chain().status(), entry.chain().reason());
        assertEquals(List.of("CN=www.example.com", "CN=Issuing CA", "CN=Unit Root (anchor)"), entry.chain().path());
    }

    @Test
    void istioServerWithoutTlsModeServesItsCredentialOnlyForHttps() {
        String yaml = """
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: shop}
                spec:
                  servers:
                  - port: {number: 443, name: https, protocol: HTTPS}
                    hosts: [a.example.com]
                    tls: {credentialName: edge}
                  - port: {number: 8443, name: tls, protocol: TLS}
                    hosts: [b.example.com]
                    tls: {credentialName: edge}
                """;
        List<CertificateUses.Use> served = CertificateUses.find(snapshot(yaml), null).served();
        assertEquals(List.of("Gateway/shop/gw:443"), served.stream().map(CertificateUses.Use::referrer).toList());
    }

    @Test
    void ingressOfClassIstioLooksInTheGatewayNamespaceFirst() {
        String yaml = """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: shop}
                spec:
                  ingressClassName: istio
                  tls: [{hosts: [www.example.com], secretName: web-tls}, {hosts: [x.example.com]}]
                """;
        CertificateUses.Found f = CertificateUses.find(snapshot(yaml), "mesh-root");
        assertEquals(1, f.served().size());
        assertEquals(List.of(new CertificateUses.SecretRef("mesh-root", "web-tls"),
                new CertificateUses.SecretRef("shop", "web-tls")), f.served().get(0).candidates());
    }

    @Test
    void gatewayApiCrossNamespaceReferenceNeedsAReferenceGrant() {
        String gw = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: edge, namespace: apps}
                spec:
                  listeners:
                  - name: https
                    port: 443
                    protocol: HTTPS
                    hostname: "*.apps.example.com"
                    tls:
                      certificateRefs:
                      - {name: local-tls}
                      - {name: shared-tls, namespace: certs}
                      - {kind: ConfigMap, group: "", name: not-a-secret}
                  - name: passthrough
                    port: 8443
                    protocol: TLS
                    tls: {mode: Passthrough, certificateRefs: [{name: local-tls}]}
                """;
        CertificateUses.Found without = CertificateUses.find(snapshot(gw), null);
        assertEquals(1, without.served().size(), without.served().toString());
        assertEquals(List.of("*.apps.example.com"), without.served().get(0).hosts());
        String grant = """
                ---
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: apps, namespace: certs}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: apps}]
                  to: [{group: "", kind: Secret}]
                """;
        assertEquals(2, CertificateUses.find(snapshot(gw + grant), null).served().size());
    }

    @Test
    void destinationRuleMutualCredentialsAtTopPortAndSubsetLevel() {
        String yaml = """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: bank, namespace: pay}
                spec:
                  host: api.bank.example.com
                  trafficPolicy:
                    tls: {mode: MUTUAL, credentialName: client}
                    portLevelSettings:
                    - port: {number: 8443}
                      tls: {mode: MUTUAL, credentialName: other/client2}
                    - port: {number: 9443}
                      tls: {mode: SIMPLE, credentialName: ca-only}
                  subsets:
                  - name: v2
                    trafficPolicy:
                      tls: {mode: ISTIO_MUTUAL}
                  - name: v3
                    trafficPolicy:
                      tls: {mode: MUTUAL, credentialName: client3}
                """;
        CertificateUses.Found f = CertificateUses.find(snapshot(yaml), null);
        assertEquals(List.of("DestinationRule/pay/bank (trafficPolicy.tls)",
                "DestinationRule/pay/bank (trafficPolicy.portLevelSettings[8443].tls)",
                "DestinationRule/pay/bank (subsets[v3].trafficPolicy.tls)"),
                f.client().stream().map(CertificateUses.Use::referrer).toList());
        assertEquals(new CertificateUses.SecretRef("other", "client2"), f.client().get(1).candidates().get(0));
    }

    @Test
    void servedCertificateIsTheLeafOfTheSecretAndUncoveredHostsAreNamed() throws Exception {
        X509CertificateHolder leaf = leaf("shop.example.com", "*.shop.example.com");
        String yaml = secret("istio-system", "edge", "tls.crt", ROOT, leaf) // misordered chain: the leaf is found
                + """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: shop}
                spec:
                  ingressClassName: istio
                  tls: [{hosts: [www.shop.example.com, a.b.shop.example.com], secretName: edge}]
                """;
        CertificateFact f = fact(build(snapshot(yaml), List.of()), leaf);
        assertTrue(f.getTraits().contains("served"), f.getTraits().toString());
        assertEquals(List.of("a.b.shop.example.com (Ingress/shop/web)"), f.getUncoveredHosts());
        assertEquals(List.of("Ingress/shop/web via Secret/istio-system/edge for www.shop.example.com, "
                + "a.b.shop.example.com"), f.getServedBy());
        assertEquals(List.of(), fact(build(snapshot(yaml), List.of()), ROOT).getUncoveredHosts(), "the CA is not served");
    }

    @Test
    void istioGenericSecretKeyCertIsReadOnlyWhenItHoldsACertificate() throws Exception {
        X509CertificateHolder leaf = leaf("client.internal");
        String yaml = secret("pay", "client", "cert", leaf)
                + "apiVersion: v1\nkind: Secret\nmetadata: {name: noise, namespace: pay}\ndata:\n  cert: "
                + b64("not a certificate") + "\n---\n"
                + """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: bank, namespace: pay}
                spec:
                  host: api.bank.example.com
                  trafficPolicy: {tls: {mode: MUTUAL, credentialName: client}}
                """;
        Snapshot s = snapshot(yaml);
        assertTrue(s.issues().isEmpty(), s.issues().toString());
        CertificateFact f = fact(build(s, List.of()), leaf);
        assertEquals(List.of("DestinationRule/pay/bank (trafficPolicy.tls) via Secret/pay/client"), f.getClientUses());
        assertTrue(f.getTraits().contains("mtls-client"));
    }

    @Test
    void presentedChainsJoinTheInventoryNamingTheEndpointAndStrictPortsAreMarked() throws Exception {
        X509CertificateHolder svid = TestCerts.cert().subject("O=cluster.local").key(TestCerts.ec("P-256"))
                .issuedBy(ROOT, ROOT_KEY).uri("spiffe://cluster.local/ns/pay/sa/api").serverAuth().clientAuth().issue();
        ProbedEndpoint strict = endpoint("pay", "api", "80", true, Set.of("service", "mtls-expected"), svid, ROOT);
        ProbedEndpoint open = endpoint("pay", "web", "80", false, Set.of("service"), svid);
        ProbedEndpoint unknown = endpoint("pay", "db", "5432", false, Set.of("service", "mtls-expected",
                "posture-unknown"), svid);
        CertificateFacts.Output out = build(snapshot("apiVersion: v1\nkind: Namespace\nmetadata: {name: pay}\n"),
                List.of(strict, open, unknown));
        assertTrue(out.issues().isEmpty(), out.issues().toString());
        CertificateFact f = fact(out, svid);
        assertEquals(List.of("Service/pay/api:80[presented by 10.96.0.1:80]#1",
                "Service/pay/db:5432[presented by 10.96.0.1:5432]#1", "Service/pay/web:80[presented by 10.96.0.1:80]#1"), f.getSources());
        assertEquals(List.of("Service/pay/api:80 (10.96.0.1:80)"), f.getPresentedOnStrict());
        assertTrue(f.getTraits().contains("strict-port"));
        assertEquals(Set.of("pay"), f.getScopeNamespaces());
        assertEquals(TrustDomains.EXPECTED, f.getTrustDomainCheck());
        var entry = out.inventory().stream().filter(e -> e.fingerprint().endsWith(f.getFingerprint())).findFirst()
                .orElseThrow();
        assertEquals("probe", entry.sources().get(0).origin());
        assertEquals("der", entry.sources().get(0).format());
        assertEquals(List.of("Service/pay/api:80[presented by 10.96.0.1:80]#2"), fact(out, ROOT).getSources());
    }

    @Test
    void unreadablePresentedCertificateIsACollectionIssueNamingTheEndpoint() {
        ProbedEndpoint p = new ProbedEndpoint(new SubjectRef("v1", "Service", "pay", "api", "", "80"), "10.96.0.1:80",
                null, true, "RESET", null, "REJECTED", null, true, null, Map.of(), List.of(), Map.of(), List.of(),
                List.of(), List.of(new PresentedCertificate(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, 0, null, null,
                null, null, null, "unparseable")), List.of(), null, Set.of("service", "mtls-expected"));
        CertificateFacts.Output out = build(snapshot("apiVersion: v1\nkind: Namespace\nmetadata: {name: pay}\n"),
                List.of(p));
        assertEquals(1, out.issues().size(), out.issues().toString());
        assertTrue(out.issues().get(0).source().startsWith("Service/pay/api:80[presented by 10.96.0.1:80]"), out.issues().toString());
    }

    static ProbedEndpoint endpoint(String ns, String name, String port, boolean expect, Set<String> traits,
                                   X509CertificateHolder... chain) throws Exception {
        List<PresentedCertificate> presented = new java.util.ArrayList<>();
        for (int i = 0; i < chain.length; i++) {
            presented.add(PresentedCertificate.parse(chain[i].getEncoded(), i));
        }
        return new ProbedEndpoint(new SubjectRef("v1", "Service", ns, name, "", port), "10.96.0.1:" + port, null, expect,
                "RESET", null, "REJECTED", null, true, null, Map.of(), List.of(), Map.of(), List.of(), List.of(),
                presented, List.of(), null, traits);
    }
}
