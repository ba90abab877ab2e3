package org.meshaudit.policies.zerotrust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.meshaudit.testkit.TestCerts;

/**
 * Writes the fixtures of the certificate checks that depend on how a certificate is used or what the mesh expects
 * (controls-catalog.md 8.3): CERT-005 SPIFFE trust domain and served host names, CERT-004 public WebPKI client
 * certificates, CERT-007 chains presented on STRICT ports. Certificates are embedded in Secrets and probe transcripts
 * (base64) with a text dump beside them; no private key is written. Run on purpose only:
 * {@code mvn -o test -pl policies/zero-trust -am -Dtest=CertificateUseFixtureGenerator -Dfixtures.generate=true
 * -Dsurefire.failIfNoSpecifiedTests=false}. The output is committed; {@link CertificateFixtureGenerator} keeps
 * writing the older fixtures.
 */
@EnabledIfSystemProperty(named = "fixtures.generate", matches = "true")
class CertificateUseFixtureGenerator {
    private final Path rules = Path.of(System.getProperty("meshaudit.pack.dir")).resolve("rules");
    private KeyPair rootKey;
    private X509CertificateHolder root;
    private KeyPair publicCaKey;
    private X509CertificateHolder publicCa;
    private long serial = 200;

    private static final String ISTIO_MESH = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: istio
              namespace: istio-system
              labels: {app.kubernetes.io/name: istiod, istio.io/rev: default}
            data:
              mesh: |
            %s""";

    @Test
    void generate() throws Exception {
        rootKey = TestCerts.ec("P-256");
        root = TestCerts.cert().subject("CN=Fixture Root CA,O=meshaudit-test").key(rootKey).ca(1)
                .validity("2024-01-01T00:00:00Z", "2034-01-01T00:00:00Z").serial(100).issue();
        publicCaKey = TestCerts.ec("P-256");
        publicCa = TestCerts.cert().subject("CN=R11,O=Let's Encrypt,C=US").key(publicCaKey).ca(0)
                .validity("2024-03-13T00:00:00Z", "2027-03-12T23:59:59Z").serial(101).issue();
        cert005TrustDomain();
        cert005ServedHosts();
        cert004ClientCertificates();
        cert007PresentedChains();
    }

    // ------------------------------------------------------------------ CERT-005: SPIFFE trust domain

    private X509CertificateHolder svid(String spiffe) {
        return TestCerts.cert().subject("O=" + spiffe.substring(9, spiffe.indexOf('/', 9))).key(TestCerts.ec("P-256"))
                .issuedBy(root, rootKey).uri(spiffe).serverAuth().clientAuth().serial(serial++)
                .validity("2026-11-28T12:00:00Z", "2026-11-29T12:00:00Z").issue();
    }

    private static String istioMesh(String meshYaml) {
        return ISTIO_MESH.formatted(meshYaml.indent(4));
    }

    private void cert005TrustDomain() throws IOException {
        String rule = "cert-005-identity-names";
        X509CertificateHolder local = svid("spiffe://cluster.local/ns/shop/sa/web");
        svidFixture(rule, "pass-svid-in-default-istio-trust-domain-ist-mc2", local,
                istioMesh("rootNamespace: istio-system\nenableAutoMtls: true\n"), null, "",
                "# IST-MC-2: the mesh config sets no trustDomain, so Istio issues in cluster.local; the SVID is in it\n",
                "PASS", null, null);
        X509CertificateHolder legacy = svid("spiffe://legacy.example.org/ns/shop/sa/web");
        svidFixture(rule, "pass-svid-in-trust-domain-alias-ist-mc4", legacy,
                istioMesh("rootNamespace: istio-system\ntrustDomain: prod.example.org\ntrustDomainAliases:\n"
                        + "- legacy.example.org\n"), null, "",
                "# IST-MC-4: trustDomainAliases are equivalent to the trust domain (migration between domains)\n",
                "PASS", null, null);
        svidFixture(rule, "fail-svid-outside-istio-trust-domain-ist-mc4", svid("spiffe://cluster.local/ns/shop/sa/web"),
                istioMesh("rootNamespace: istio-system\ntrustDomain: prod.example.org\n"), null, "",
                "# controls-catalog.md 8.3 CERT-005 \"SPIFFE trust domain not the expected one\": the mesh issues in\n"
                        + "# prod.example.org (IST-MC-4) and has no alias for cluster.local; High for an SVID\n",
                "FAIL", "high", "SPIFFE trust domain [cluster.local] is not the mesh's");
        String linkerd = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: linkerd-config
                  namespace: linkerd
                  labels: {linkerd.io/control-plane-component: controller, linkerd.io/control-plane-ns: linkerd}
                data:
                  values: |
                    identityTrustDomain: prod.example.org
                    proxy:
                      defaultInboundPolicy: all-unauthenticated
                """;
        svidFixture(rule, "fail-svid-outside-linkerd-identity-trust-domain", svid("spiffe://other.example/ns/shop/sa/web"),
                linkerd, null, "",
                "# controls-catalog.md 8.3 CERT-005: linkerd-config identityTrustDomain is prod.example.org\n",
                "FAIL", "high", "[other.example] is not the mesh's");
        svidFixture(rule, "error-svid-trust-domain-unknown-without-mesh-config-gen3", local, null, null, "",
                "# GEN-3: no mesh configuration in the input, so the expected trust domain is unknown: ERROR, not PASS\n",
                "ERROR", null, "cannot be judged");
        svidFixture(rule, "pass-svid-trust-domain-assumed-defaults-gen3", local, null, null,
                "options: {assumeMeshDefaults: true}\n",
                "# GEN-3 / IST-MC-2: --assume-mesh-defaults accepts the documented default cluster.local\n",
                "PASS", null, null);
        svidFixture(rule, "pass-svid-trust-domain-declared-in-config",
                svid("spiffe://prod.example.org/ns/shop/sa/web"), null,
                "mesh:\n  trustDomains: [prod.example.org]\n", "",
                "# meshaudit.yaml mesh.trustDomains declares the expected trust domain\n", "PASS", null, null);
        svidFixture(rule, "fail-svid-trust-domain-declared-overrides-mesh-config", local,
                istioMesh("rootNamespace: istio-system\ntrustDomain: cluster.local\n"),
                "mesh:\n  trustDomains: [prod.example.org]\n", "",
                "# the declared trust domains replace what the mesh config says (cluster.local is no longer expected)\n",
                "FAIL", "high", "is not the mesh's");
        KeyPair caKey = TestCerts.ec("P-256");
        X509CertificateHolder spiffeCa = TestCerts.cert().subject("CN=Foreign SPIRE CA").key(caKey).issuedBy(root, rootKey)
                .ca(0).uri("spiffe://other.example").validity("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")
                .serial(serial++).issue();
        Path dir = reset(rule, "na-spiffe-id-on-a-ca-certificate");
        Files.writeString(dir.resolve("input/chain.pem"), TestCerts.pem(spiffeCa));
        Files.writeString(dir.resolve("input/chain.pem.txt"), TestCerts.dump(spiffeCa));
        Files.writeString(dir.resolve("expected.yaml"), "# CERT-005 judges leaves: a CA's SPIFFE id (a SPIRE"
                + " intermediate) is not a workload identity\nresults:\n" + expect(spiffeCa, "NOT_APPLICABLE", null, null));
    }

    private void svidFixture(String rule, String fixture, X509CertificateHolder svid, String manifests, String config,
                             String options, String comment, String status, String severity, String detail)
            throws IOException {
        Path dir = reset(rule, fixture);
        Files.writeString(dir.resolve("input/chain.pem"), TestCerts.pem(svid));
        Files.writeString(dir.resolve("input/chain.pem.txt"), TestCerts.dump(svid));
        if (manifests != null) {
            Files.writeString(dir.resolve("input/00-mesh.yaml"), manifests);
        }
        if (config != null) {
            Files.writeString(dir.resolve("meshaudit.yaml"), config);
        }
        Files.writeString(dir.resolve("expected.yaml"), comment + options + "results:\n"
                + expect(svid, status, severity, detail));
    }

    // ------------------------------------------------------------------ CERT-005: served host names

    private X509CertificateHolder server(String... dns) {
        TestCerts.Spec s = TestCerts.cert().subject("CN=" + dns[0]).key(TestCerts.ec("P-256")).issuedBy(root, rootKey)
                .serverAuth().serial(serial++);
        for (String d : dns) {
            s.dns(d);
        }
        return s.issue();
    }

    private static String secret(String ns, String name, X509CertificateHolder... chain) {
        return "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata: {name: " + name + ", namespace: " + ns
                + "}\ndata:\n  tls.crt: " + b64(TestCerts.pem(chain)) + "\n";
    }

    private void cert005ServedHosts() throws IOException {
        String rule = "cert-005-identity-names";
        String ingress = """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: shop}
                spec:
                  ingressClassName: nginx
                  tls:
                  - hosts: [%s]
                    secretName: web-tls
                  rules:
                  - host: %s
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend: {service: {name: web, port: {number: 80}}}
                """;
        X509CertificateHolder apex = server("shop.example.com");
        served(rule, "fail-ingress-host-not-covered-by-san", apex, secret("shop", "web-tls", apex)
                + ingress.formatted("www.shop.example.com", "www.shop.example.com"),
                "# controls-catalog.md 8.3 CERT-005 \"SAN does not match the service host name\": Ingress spec.tls\n"
                        + "# serves web-tls for www.shop.example.com, the certificate names shop.example.com only;\n"
                        + "# Medium for a server certificate\n",
                "FAIL", "medium", "www.shop.example.com (Ingress/shop/web)");
        X509CertificateHolder wildcard = server("*.shop.example.com");
        served(rule, "pass-ingress-host-covered-by-wildcard-san-rfc6125", wildcard, secret("shop", "web-tls", wildcard)
                + ingress.formatted("www.shop.example.com", "www.shop.example.com"),
                "# RFC 6125 6.4.3: *.shop.example.com covers exactly one left-most label, www\n", "PASS", null, null);
        X509CertificateHolder shallow = server("*.example.com");
        served(rule, "fail-wildcard-san-covers-one-label-only-rfc6125", shallow, secret("shop", "web-tls", shallow)
                + ingress.formatted("www.shop.example.com, example.com", "www.shop.example.com"),
                "# RFC 6125 6.4.3: *.example.com covers neither www.shop.example.com (two labels) nor example.com\n",
                "FAIL", "medium", "example.com (Ingress/shop/web); www.shop.example.com (Ingress/shop/web)");

        String istioGateway = """
                ---
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: shop-gateway, namespace: storefront}
                spec:
                  selector: {istio: ingressgateway}
                  servers:
                  - port: {number: 443, name: https, protocol: HTTPS}
                    hosts: ["storefront/shop.example.com", "*/api.shop.example.com"]
                    tls: {mode: SIMPLE, credentialName: shop-tls}
                  - port: {number: 80, name: http, protocol: HTTP}
                    hosts: ["*"]
                    tls: {httpsRedirect: true}
                """;
        String gatewayPod = """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: istio-ingressgateway, namespace: istio-ingress}
                spec:
                  selector: {matchLabels: {istio: ingressgateway}}
                  template:
                    metadata:
                      labels: {istio: ingressgateway}
                      annotations: {sidecar.istio.io/inject: "false"}
                    spec:
                      containers:
                      - name: istio-proxy
                        image: docker.io/istio/proxyv2:1.27.1
                        ports:
                        - {containerPort: 8443, protocol: TCP}
                """;
        X509CertificateHolder shop = server("shop.example.com");
        served(rule, "fail-istio-gateway-host-not-covered-by-san", shop, secret("istio-ingress", "shop-tls", shop)
                        + istioGateway + gatewayPod,
                "# controls-catalog.md 8.3 CERT-005: the Istio Gateway server on 443 serves credentialName shop-tls\n"
                        + "# (read in the gateway workload's namespace, istio-ingress) for the hosts without their\n"
                        + "# namespace/ prefix; api.shop.example.com is not in the SANs\n",
                "FAIL", "medium", "api.shop.example.com (Gateway/storefront/shop-gateway:443)");
        X509CertificateHolder both = server("shop.example.com", "api.shop.example.com");
        served(rule, "pass-istio-gateway-hosts-covered-by-san", both, secret("istio-ingress", "shop-tls", both)
                        + istioGateway + gatewayPod,
                "# every host of the HTTPS server (namespace/ prefix stripped) is a DNS SAN; '*' names no host\n",
                "PASS", null, null);

        String gatewayApi = """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: billing-edge, namespace: legacy}
                spec:
                  gatewayClassName: istio
                  listeners:
                  - name: https
                    port: 443
                    protocol: HTTPS
                    hostname: billing.shop.example.com
                    tls:
                      mode: Terminate
                      certificateRefs:
                      - {kind: Secret, group: "", name: edge-tls, namespace: istio-system}
                """;
        String grant = """
                ---
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: legacy-gateways-edge-tls, namespace: istio-system}
                spec:
                  from:
                  - {group: gateway.networking.k8s.io, kind: Gateway, namespace: legacy}
                  to:
                  - {group: "", kind: Secret, name: edge-tls}
                """;
        X509CertificateHolder edge = server("shop.example.com", "www.shop.example.com");
        served(rule, "fail-gateway-api-listener-hostname-not-covered-by-san", edge,
                secret("istio-system", "edge-tls", edge) + gatewayApi + grant,
                "# controls-catalog.md 8.3 CERT-005: the Gateway API listener https serves edge-tls (cross-namespace,\n"
                        + "# permitted by the ReferenceGrant) for billing.shop.example.com, which no SAN covers\n",
                "FAIL", "medium", "billing.shop.example.com (Gateway/legacy/billing-edge:443)");
        served(rule, "pass-gateway-api-reference-not-granted-is-not-served", edge,
                secret("istio-system", "edge-tls", edge) + gatewayApi,
                "# without a ReferenceGrant the cross-namespace certificateRef is not permitted (RefNotPermitted):\n"
                        + "# the listener does not serve edge-tls, so its hostname is not held against it\n",
                "PASS", null, null);
        KeyPair caKey = TestCerts.ec("P-256");
        X509CertificateHolder ca = TestCerts.cert().subject("CN=Misplaced CA").key(caKey).issuedBy(root, rootKey).ca(0)
                .validity("2026-01-01T00:00:00Z", "2027-06-01T00:00:00Z").serial(serial++).issue();
        served(rule, "na-gateway-secret-holds-only-a-ca", ca, secret("istio-ingress", "shop-tls", ca)
                        + istioGateway + gatewayPod,
                "# the referenced Secret holds a CA certificate only: CERT-005 judges leaves\n",
                "NOT_APPLICABLE", null, null);
    }

    private void served(String rule, String fixture, X509CertificateHolder subject, String manifests, String comment,
                        String status, String severity, String detail) throws IOException {
        Path dir = reset(rule, fixture);
        Files.writeString(dir.resolve("input/10-objects.yaml"), manifests);
        Files.writeString(dir.resolve("input/tls.crt.txt"), TestCerts.dump(subject));
        Files.writeString(dir.resolve("expected.yaml"), comment + "results:\n" + expect(subject, status, severity, detail));
    }

    // ------------------------------------------------------------------ CERT-004: mTLS client certificates

    private void cert004ClientCertificates() throws IOException {
        String rule = "cert-004-extended-key-usage";
        String dr = """
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: bank, namespace: shop}
                spec:
                  host: api.bank.example.com
                  trafficPolicy:
                %s""";
        String topLevel = "tls: {mode: MUTUAL, credentialName: bank-client, sni: api.bank.example.com}\n";
        String portLevel = "portLevelSettings:\n- port: {number: 8443}\n  tls: {mode: MUTUAL, credentialName: bank-client}\n";
        X509CertificateHolder publicClient = TestCerts.cert().subject("CN=client.shop.example.com")
                .key(TestCerts.ec("P-256")).issuedBy(publicCa, publicCaKey).dns("client.shop.example.com").serverAuth()
                .clientAuth().serial(serial++).issue();
        served(rule, "fail-public-webpki-client-cert-in-destinationrule-mutual", publicClient,
                secret("shop", "bank-client", publicClient) + dr.formatted(topLevel.indent(4)),
                "# controls-catalog.md 7.5 and 8.3 CERT-004 \"public WebPKI certificate used as an mTLS client\n"
                        + "# certificate\": trafficPolicy.tls MUTUAL with credentialName (IST-CL-1) presents a Let's\n"
                        + "# Encrypt certificate as the client identity\n",
                "FAIL", "medium", "public WebPKI certificate used as an mTLS client certificate by "
                        + "DestinationRule/shop/bank (trafficPolicy.tls)");
        served(rule, "fail-public-webpki-client-cert-port-level-ist-cl2", publicClient,
                secret("shop", "bank-client", publicClient) + dr.formatted(portLevel.indent(4)),
                "# IST-CL-2: a portLevelSettings entry with its own tls MUTUAL presents the credential on that port\n",
                "FAIL", "medium", "trafficPolicy.portLevelSettings[8443].tls");
        X509CertificateHolder serverOnly = TestCerts.cert().subject("CN=client.shop.internal").key(TestCerts.ec("P-256"))
                .issuedBy(root, rootKey).dns("client.shop.internal").serverAuth().serial(serial++).issue();
        served(rule, "fail-client-cert-without-clientauth", serverOnly,
                secret("shop", "bank-client", serverOnly, root) + dr.formatted(topLevel.indent(4)),
                "# controls-catalog.md 8.3 CERT-004 \"client-side cert without clientAuth\" (SP 800-52r2 section 4)\n",
                "FAIL", "medium", "without clientAuth");
        X509CertificateHolder privateClient = TestCerts.cert().subject("CN=client.shop.internal")
                .key(TestCerts.ec("P-256")).issuedBy(root, rootKey).dns("client.shop.internal").serverAuth().clientAuth()
                .serial(serial++).issue();
        served(rule, "pass-private-client-cert-in-destinationrule-mutual", privateClient,
                secret("shop", "bank-client", privateClient, root) + dr.formatted(topLevel.indent(4)),
                "# a private-PKI certificate with clientAuth is the client identity CERT-004 expects\n",
                "PASS", null, null);
        served(rule, "pass-public-webpki-certificate-not-used-as-client", publicClient,
                secret("shop", "bank-client", publicClient) + dr.formatted(
                        "tls: {mode: SIMPLE, sni: api.bank.example.com}\n".indent(4)),
                "# SIMPLE presents no client certificate (IST-CL-1): a public server certificate is fine\n",
                "PASS", null, null);
        KeyPair caKey = TestCerts.ec("P-256");
        X509CertificateHolder ca = TestCerts.cert().subject("CN=Client Issuing CA").key(caKey).issuedBy(root, rootKey)
                .ca(0).validity("2026-01-01T00:00:00Z", "2027-06-01T00:00:00Z").serial(serial++).issue();
        served(rule, "na-destinationrule-credential-holds-only-a-ca", ca, secret("shop", "bank-client", ca)
                        + dr.formatted(topLevel.indent(4)),
                "# the credential Secret holds a CA certificate only: CERT-004 judges leaves\n",
                "NOT_APPLICABLE", null, null);
    }

    // ------------------------------------------------------------------ CERT-007: chains presented on STRICT ports

    private static final String MESH = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: istio-system
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: istio
              namespace: istio-system
              labels: {app.kubernetes.io/name: istiod, istio.io/rev: default}
            data:
              mesh: |
                rootNamespace: istio-system
                trustDomain: cluster.local
                enableAutoMtls: true
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: istio-sidecar-injector
              namespace: istio-system
              labels: {app.kubernetes.io/name: istiod, istio.io/rev: default}
            data:
              config: |
                defaultTemplates: [sidecar]
                policy: enabled
                alwaysInjectSelector: []
                neverInjectSelector: []
              values: |
                {"global":{"istioNamespace":"istio-system","proxy":{"autoInject":"enabled"}},"revision":"","sidecarInjectorWebhook":{"enableNamespacesByDefault":false}}
            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: istio-system
              creationTimestamp: "2026-01-10T09:00:00Z"
            spec:
              mtls:
                mode: STRICT
            """;

    private static final String APP = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: pay
              labels: {"istio-injection": "enabled"}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              namespace: pay
              labels: {"app": "api"}
            spec:
              selector:
                matchLabels: {"app": "api"}
              template:
                metadata:
                  labels: {"app": "api"}
                spec:
                  serviceAccountName: api
                  containers:
                  - name: api
                    image: registry.example.com/pay/api:1.4.2
                    ports:
                    - {name: http, containerPort: 8080, protocol: TCP}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: api
              namespace: pay
            spec:
              selector: {"app": "api"}
              ports:
              - {name: http, port: 80, targetPort: http}
            """;

    private static final String PERMISSIVE = """
            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: pay
              creationTimestamp: "2026-02-01T09:00:00Z"
            spec:
              mtls:
                mode: PERMISSIVE
            """;

    private static String transcript(X509CertificateHolder... chain) throws IOException {
        StringBuilder der = new StringBuilder();
        for (X509CertificateHolder c : chain) {
            der.append("      - ").append(Base64.getEncoder().encodeToString(c.getEncoded())).append('\n');
        }
        return """
                apiVersion: meshaudit.org/v1
                kind: ProbeTranscript
                metadata:
                  name: api-80
                  namespace: pay
                spec:
                  target: {host: "10.96.4.20", port: 80, address: "10.96.4.20"}
                  service: {namespace: pay, name: api, uid: "", port: 80}
                  plaintext: {outcome: RESET, detail: Connection reset}
                  anonymousTls: {outcome: REJECTED, detail: "Received fatal alert: certificate_required", clientCertRequested: true}
                  chain:
                    from: anonymous handshake
                    der:
                %s  transcript:
                    - "2026-11-28T10:00:00.000Z anonymous TLS 10.96.4.20:80 -> REJECTED"
                """.formatted(der);
    }

    private void cert007PresentedChains() throws IOException {
        String rule = "cert-007-chain-validates";
        KeyPair strangerKey = TestCerts.ec("P-256");
        X509CertificateHolder stranger = TestCerts.cert().subject("CN=Unknown Mesh CA,O=cluster.local").key(strangerKey)
                .ca(0).validity("2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z").serial(serial++).issue();
        X509CertificateHolder rogue = TestCerts.cert().subject("O=cluster.local").key(TestCerts.ec("P-256"))
                .issuedBy(stranger, strangerKey).uri("spiffe://cluster.local/ns/pay/sa/api").serverAuth().clientAuth()
                .validity("2026-11-28T12:00:00Z", "2026-11-29T12:00:00Z").serial(serial++).issue();
        presented(rule, "fail-presented-on-strict-port-is-critical-gen1", rogue, MESH, APP, transcript(rogue),
                "# controls-catalog.md 8.3 CERT-007 \"Critical if observed in use on a STRICT port\": Service pay/api\n"
                        + "# port 80 targets api:8080, STRICT by the mesh-wide PeerAuthentication (IST-PA-3, GEN-1);\n"
                        + "# the probe saw it present an SVID whose issuer is not in the trust bundle\n",
                "FAIL", "critical", "presented on STRICT port(s) Service/pay/api:80");
        presented(rule, "fail-presented-on-permissive-port-is-high", rogue, MESH, APP + PERMISSIVE, transcript(rogue),
                "# the namespace PeerAuthentication PERMISSIVE (IST-PA-3) means the port does not require mTLS:\n"
                        + "# the broken chain is High, the catalogue's default\n",
                "FAIL", "high", "chain does not validate");
        X509CertificateHolder good = TestCerts.cert().subject("O=cluster.local").key(TestCerts.ec("P-256"))
                .issuedBy(root, rootKey).uri("spiffe://cluster.local/ns/pay/sa/api").serverAuth().clientAuth()
                .validity("2026-11-28T12:00:00Z", "2026-11-29T12:00:00Z").serial(serial++).issue();
        presented(rule, "pass-presented-chain-validates-on-strict-port", good, MESH, APP, transcript(good),
                "# the presented SVID chains to the trust bundle: it is in the inventory (source\n"
                        + "# Service/pay/api:80[presented by 10.96.4.20:80]#1) and passes\n",
                "PASS", null, null);
        Path dir = presented(rule, "na-presented-certificate-is-a-root", root, MESH, APP, transcript(root),
                "# the endpoint presented only a self-signed root: a trust anchor is not judged by CERT-007\n",
                "NOT_APPLICABLE", null, null);
        Files.deleteIfExists(dir.resolve("trust/root.pem"));
        Files.deleteIfExists(dir.resolve("trust/root.pem.txt"));
        Files.deleteIfExists(dir.resolve("trust"));
    }

    private Path presented(String rule, String fixture, X509CertificateHolder subject, String mesh, String app,
                           String transcript, String comment, String status, String severity, String detail)
            throws IOException {
        Path dir = reset(rule, fixture);
        Files.writeString(dir.resolve("input/00-mesh.yaml"), mesh);
        Files.writeString(dir.resolve("input/10-app.yaml"), app);
        Files.writeString(dir.resolve("input/20-probe.yaml"), transcript);
        Files.writeString(dir.resolve("input/20-probe-chain.txt"), TestCerts.dump(subject));
        Files.createDirectories(dir.resolve("trust"));
        Files.writeString(dir.resolve("trust/root.pem"), TestCerts.pem(root));
        Files.writeString(dir.resolve("trust/root.pem.txt"), TestCerts.dump(root));
        Files.writeString(dir.resolve("expected.yaml"), comment + "results:\n" + expect(subject, status, severity, detail));
        return dir;
    }

    // ------------------------------------------------------------------ helpers

    private Path reset(String rule, String fixture) throws IOException {
        Path dir = rules.resolve(rule).resolve("fixtures").resolve(fixture);
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir.resolve("input"));
        return dir;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String expect(X509CertificateHolder c, String status, String severity, String detail)
            throws IOException {
        return CertificateFixtureGenerator.expect(c, status, severity, detail);
    }
}
