package org.meshaudit.normalize.cert;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.meshaudit.facts.CertManagerCertificate;
import org.meshaudit.facts.Subject;

/** A cert-manager Certificate is judged on what was read of it, or not at all. */
class CertManagerFactsTest {

    private static final String CERTIFICATE = """
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: api, namespace: shop}
            spec:
              secretName: api-tls
              issuerRef: {name: ca, kind: Issuer}
              dnsNames: [api.shop.svc]
            """;

    private static CertManagerCertificate only(String yaml) {
        List<Subject> facts = CertManagerFacts.build(CertificateUsesTest.snapshot(yaml),
                new CryptoProfile("baseline", CertificateUsesTest.AS_OF));
        assertTrue(facts.size() == 1, facts.toString());
        return (CertManagerCertificate) facts.get(0);
    }

    @Test
    void unreadableServedCertificateWithoutStatusIsNotJudged() {
        CertManagerCertificate c = only(CERTIFICATE + "---\n" + """
                apiVersion: v1
                kind: Secret
                type: kubernetes.io/tls
                metadata: {name: api-tls, namespace: shop}
                data:
                  tls.crt: %s
                """.formatted(CertificateUsesTest.b64("-----BEGIN CERTIFICATE-----\nnot base64 at all!\n"
                + "-----END CERTIFICATE-----\n")));
        assertTrue(c.getError() != null && c.getError().contains("Secret/shop/api-tls[tls.crt] could not be read"),
                String.valueOf(c.getError()));
    }

    @Test
    void readableOrAbsentSecretIsJudged() {
        assertNull(only(CERTIFICATE).getError()); // nothing served yet: judged on the spec, no unread material
        assertNull(only(CERTIFICATE + "---\n" + CertificateUsesTest.secret("shop", "api-tls", "tls.crt",
                CertificateUsesTest.leaf("api.shop.svc"))).getError());
    }
}
