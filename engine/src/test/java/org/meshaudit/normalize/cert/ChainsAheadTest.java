package org.meshaudit.normalize.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.collect.cert.CertLimits;
import org.meshaudit.facts.ProbedEndpoint;
import org.meshaudit.normalize.mesh.TrustDomains;
import org.meshaudit.report.CertificateEntry;
import org.meshaudit.testkit.TestCerts;

/**
 * Chain validation started ahead of the certificate stage ({@link CertificateFacts#startChains}) gives the stage the
 * outcomes it would have found itself, and only when it validated the same: same targets, anchors and CAs, same clock.
 */
class ChainsAheadTest {
    static final Instant AS_OF = CertificateUsesTest.AS_OF;
    static final KeyPair ROOT_KEY = CertificateUsesTest.ROOT_KEY;
    static final X509CertificateHolder ROOT = CertificateUsesTest.ROOT;
    static final KeyPair ISSUING_KEY = TestCerts.ec("P-256");
    static final X509CertificateHolder ISSUING = TestCerts.cert().subject("CN=Issuing CA").key(ISSUING_KEY)
            .issuedBy(ROOT, ROOT_KEY).ca(0).validity("2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z").issue();

    static X509CertificateHolder leaf(String host, String from, String to) {
        return TestCerts.cert().subject("CN=" + host).key(TestCerts.ec("P-256")).issuedBy(ISSUING, ISSUING_KEY)
                .serverAuth().dns(host).validity(from, to).issue();
    }

    /** Secrets whose tls.crt holds {@code chain} and whose ca.crt holds the root. */
    static String tls(String ns, String name, X509CertificateHolder... chain) {
        return "apiVersion: v1\nkind: Secret\nmetadata: {name: " + name + ", namespace: " + ns + "}\ndata:\n  tls.crt: "
                + CertificateUsesTest.b64(TestCerts.pem(chain)) + "\n  ca.crt: "
                + CertificateUsesTest.b64(TestCerts.pem(ROOT)) + "\n---\n";
    }

    static CertificateFacts.Output build(Snapshot s, Instant asOf, CertificateFacts.Ahead ahead) {
        return build(s, asOf, ahead, List.of());
    }

    static CertificateFacts.Output build(Snapshot s, Instant asOf, CertificateFacts.Ahead ahead,
                                         List<ProbedEndpoint> probed) {
        return CertificateFacts.build(s, new CryptoProfile("baseline", asOf), CertLimits.defaults(),
                new CertificateFacts.Context(TrustDomains.declared(List.of("cluster.local"), "unit"), null, probed),
                ahead);
    }

    static CertificateFacts.Ahead ahead(Snapshot s, Instant asOf) {
        return CertificateFacts.startChains(s, new CryptoProfile("baseline", asOf), CertLimits.defaults());
    }

    /** Chain status of each certificate, by subject. */
    static Map<String, String> chains(CertificateFacts.Output out) {
        Map<String, String> m = new TreeMap<>();
        for (CertificateEntry e : out.inventory()) {
            m.put(e.subject(), e.chain().status() + (e.chain().reason() == null ? "" : ": " + e.chain().reason()));
        }
        return m;
    }

    @Test
    void outcomesFoundAheadAreTheOnesTheStageFinds() {
        X509CertificateHolder other = TestCerts.cert().subject("CN=Stranger").key(TestCerts.ec("P-256")).ca(0).issue();
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 40; i++) { // enough targets for the helper and the stage's thread to share them
            yaml.append(tls("shop", "web-" + i, leaf("w" + i + ".example.com", "2026-01-01T00:00:00Z",
                    i % 7 == 0 ? "2026-06-01T00:00:00Z" : "2027-01-01T00:00:00Z"), ISSUING));
        }
        KeyPair unreadKey = TestCerts.ec("P-256");
        X509CertificateHolder unread = TestCerts.cert().subject("CN=Unread CA").key(unreadKey).issuedBy(ROOT, ROOT_KEY)
                .ca(0).issue();
        yaml.append(tls("shop", "lost", TestCerts.cert().subject("CN=lost.example.com").key(TestCerts.ec("P-256"))
                .issuedBy(unread, unreadKey).serverAuth().dns("lost.example.com").issue()));
        yaml.append(tls("shop", "stranger", TestCerts.cert().subject("CN=s.example.com").key(TestCerts.ec("P-256"))
                .issuedBy(other, TestCerts.ec("P-256")).serverAuth().dns("s.example.com").issue()));
        Snapshot s = CertificateUsesTest.snapshot(yaml.toString());
        CertificateFacts.Output fresh = build(s, AS_OF, null);
        CertificateFacts.Output taken = build(s, AS_OF, ahead(s, AS_OF));
        assertEquals(fresh.inventory(), taken.inventory());
        assertEquals(fresh.subjects().stream().map(x -> x.getRef() + " " + x.evidence() + " " + x.getTraits()).toList(),
                taken.subjects().stream().map(x -> x.getRef() + " " + x.evidence() + " " + x.getTraits()).toList());
        Map<String, String> chains = chains(fresh);
        assertEquals("valid", chains.get("CN=w1.example.com"));
        assertNotEquals("valid", chains.get("CN=w0.example.com"), "expired at the audit time");
        assertNotEquals("valid", chains.get("CN=lost.example.com"), "its intermediate was not read");
        assertNotEquals("valid", chains.get("CN=s.example.com"), "signed by a stranger");
    }

    @Test
    void outcomesOfOtherCertificatesAreNotTaken() {
        X509CertificateHolder web = leaf("www.example.com", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        Snapshot without = CertificateUsesTest.snapshot(tls("shop", "web-tls", web));
        Snapshot with = CertificateUsesTest.snapshot(tls("shop", "web-tls", web) + tls("shop", "ca", ISSUING));
        // ahead, the leaf's intermediate was missing: no path; the stage reads it, and finds the path
        assertNotEquals("valid", chains(build(without, AS_OF, null)).get("CN=www.example.com"));
        assertEquals("valid", chains(build(with, AS_OF, ahead(without, AS_OF))).get("CN=www.example.com"));
    }

    @Test
    void outcomesAheadOfAProbeThatPresentedAnotherCaAreNotTaken() throws Exception {
        X509CertificateHolder web = leaf("www.example.com", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        Snapshot s = CertificateUsesTest.snapshot(tls("shop", "web-tls", web));
        ProbedEndpoint presented = CertificateUsesTest.endpoint("shop", "web", "443", false, Set.of("service"), web,
                ISSUING);
        // ahead, only the snapshot's certificates: no path; the probe presented the intermediate, which completes it
        CertificateFacts.Output fresh = build(s, AS_OF, null, List.of(presented));
        CertificateFacts.Output taken = build(s, AS_OF, ahead(s, AS_OF), List.of(presented));
        assertEquals("valid", chains(fresh).get("CN=www.example.com"));
        assertEquals(chains(fresh), chains(taken));
        assertEquals(fresh.inventory(), taken.inventory());
    }

    @Test
    void outcomesAtAnotherClockAreNotTaken() {
        X509CertificateHolder web = leaf("www.example.com", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
        Snapshot s = CertificateUsesTest.snapshot(tls("shop", "web-tls", web, ISSUING));
        Instant before = Instant.parse("2025-06-01T00:00:00Z");
        assertEquals("valid", chains(build(s, before, null)).get("CN=www.example.com"));
        // validated ahead while the leaf was valid; the stage's clock is past its notAfter
        assertEquals(chains(build(s, AS_OF, null)), chains(build(s, AS_OF, ahead(s, before))));
        assertNotEquals("valid", chains(build(s, AS_OF, ahead(s, before))).get("CN=www.example.com"));
    }
}
