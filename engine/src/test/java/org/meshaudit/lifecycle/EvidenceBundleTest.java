package org.meshaudit.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import org.meshaudit.api.UsageException;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;

/** Evidence bundles: a signed bundle verifies (RSA and ECDSA) and each tampering is caught. */
class EvidenceBundleTest {
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final AuditReport REPORT = Reports.report("run-1", "2026-11-29T00:00:00Z", "manifests: shop",
            List.of(Reports.result("MTLS-002", "Deployment/shop/ledger:8080", Status.FAIL, Severity.HIGH)), List.of());

    static TestPki.Issued root;
    static TestPki.Issued rsaSigner;
    static TestPki.Issued ecSigner;
    static TestPki.Issued otherRoot;
    static TestPki.Issued strangerSigner;
    static TestPki.Issued expiredSigner;

    @TempDir
    Path tmp;

    @BeforeAll
    static void pki() throws Exception {
        Instant from = NOW.minus(365, ChronoUnit.DAYS);
        Instant to = NOW.plus(365, ChronoUnit.DAYS);
        KeyPair caKeys = TestPki.ec();
        root = TestPki.ca("CN=meshaudit test root", caKeys, from, to);
        rsaSigner = TestPki.leaf("CN=audit signer rsa", TestPki.rsa(), root, from, to);
        ecSigner = TestPki.leaf("CN=audit signer ec", TestPki.ec(), root, from, to);
        otherRoot = TestPki.ca("CN=someone else", TestPki.ec(), from, to);
        strangerSigner = TestPki.leaf("CN=stranger", TestPki.ec(), otherRoot, from, to);
        expiredSigner = TestPki.leaf("CN=expired signer", TestPki.ec(), root, from, NOW.minus(30, ChronoUnit.DAYS));
    }

    static EvidenceBundle.Signer signer(TestPki.Issued leaf) {
        return new EvidenceBundle.Signer(leaf.keys().getPrivate(), List.of(leaf.cert(), root.cert()));
    }

    Path bundle(EvidenceBundle.Signer signer) throws IOException {
        Path dir = tmp.resolve("bundle");
        EvidenceBundle.write(dir, REPORT, d -> {
            Files.write(d.resolve("audit.json"), ReportJson.toBytes(REPORT));
            Files.writeString(d.resolve("audit.txt"), "summary\n");
            Files.createDirectories(d.resolve("raw"));
            Files.writeString(d.resolve("raw/snapshot.json"), "{}\n");
        }, signer, NOW);
        return dir;
    }

    static EvidenceBundle.Verification verify(Path dir, X509Certificate... roots) throws IOException {
        return EvidenceBundle.verify(dir, roots.length == 0 ? null : List.of(roots));
    }

    static void assertProblem(EvidenceBundle.Verification v, String prefix) {
        assertFalse(v.ok(), "expected a problem " + prefix);
        assertTrue(v.problems().stream().anyMatch(p -> p.startsWith(prefix)), v.problems().toString());
    }

    @ParameterizedTest(name = "{0} signer")
    @ValueSource(strings = {"rsa", "ec"})
    void signedBundleVerifies(String kind) throws IOException {
        Path dir = bundle(signer(kind.equals("rsa") ? rsaSigner : ecSigner));
        assertEquals(List.of("audit.json", "audit.txt", "manifest.json", "manifest.json.p7s", "raw/snapshot.json"),
                list(dir));
        EvidenceBundle.Verification v = verify(dir, root.cert());
        assertTrue(v.ok(), v.problems().toString());
        assertTrue(v.notes().stream().anyMatch(n -> n.contains("chain trusted")), v.notes().toString());
        String manifest = Files.readString(dir.resolve("manifest.json"));
        assertTrue(manifest.contains("\"inputDigest\""), manifest);
        assertTrue(manifest.contains("run-1"), manifest);
        assertTrue(manifest.contains("raw/snapshot.json"), manifest);
        assertFalse(manifest.contains("PRIVATE"), "no key material in the bundle");
    }

    @Test
    void unsignedBundleVerifiesDigestsAndManifestIsDeterministic() throws IOException {
        Path dir = bundle(null);
        byte[] first = Files.readAllBytes(dir.resolve("manifest.json"));
        assertTrue(verify(dir).ok());
        assertTrue(verify(dir).notes().stream().anyMatch(n -> n.contains("unsigned")));
        dir = bundle(null); // replaces the previous bundle in place
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("manifest.json")));
        assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().startsWith(".bundle")),
                "no temporary directories left");
        assertProblem(verify(dir, root.cert()), "UNSIGNED");
    }

    @Test
    void changedByteIsCaught() throws IOException {
        Path dir = bundle(signer(ecSigner));
        byte[] b = Files.readAllBytes(dir.resolve("audit.txt"));
        b[0] ^= 1;
        Files.write(dir.resolve("audit.txt"), b);
        EvidenceBundle.Verification v = verify(dir, root.cert());
        assertEquals(1, v.problems().size(), v.problems().toString());
        assertProblem(v, "CHANGED audit.txt");
    }

    @Test
    void removedFileIsCaught() throws IOException {
        Path dir = bundle(signer(ecSigner));
        Files.delete(dir.resolve("raw/snapshot.json"));
        assertProblem(verify(dir, root.cert()), "MISSING raw/snapshot.json");
    }

    @Test
    void addedFileIsCaught() throws IOException {
        Path dir = bundle(signer(ecSigner));
        Files.writeString(dir.resolve("raw/extra.json"), "{}");
        assertProblem(verify(dir, root.cert()), "EXTRA raw/extra.json");
    }

    @Test
    void changedManifestIsCaughtByTheSignature() throws IOException {
        Path dir = bundle(signer(rsaSigner));
        // an attacker edits a file and its digest in the manifest
        Files.writeString(dir.resolve("audit.txt"), "all good\n");
        EvidenceBundle.Verification before = verify(dir, root.cert());
        assertProblem(before, "CHANGED audit.txt");
        EvidenceBundle.Manifest m = Json.COMPACT.readValue(EvidenceBundle.manifestBytes(dir),
                EvidenceBundle.Manifest.class);
        List<EvidenceBundle.FileEntry> files = new java.util.ArrayList<>();
        for (EvidenceBundle.FileEntry f : m.files()) {
            files.add(f.path().equals("audit.txt") ? new EvidenceBundle.FileEntry(f.path(),
                    Json.sha256("all good\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 9) : f);
        }
        Files.write(dir.resolve("manifest.json"), Json.pretty(new EvidenceBundle.Manifest(m.apiVersion(), m.kind(),
                m.runId(), m.asOf(), m.tool(), m.toolVersion(), m.source(), m.inputDigest(), m.complete(), m.packs(),
                files)));
        EvidenceBundle.Verification v = verify(dir, root.cert());
        assertEquals(1, v.problems().size(), v.problems().toString());
        assertProblem(v, "SIGNATURE does not verify");
    }

    @Test
    void signatureByAnotherKeyIsCaught() throws Exception {
        Path dir = bundle(signer(ecSigner));
        // a signature made with another key but carrying the trusted signer's certificate
        KeyPair wrong = TestPki.ec();
        byte[] manifest = EvidenceBundle.manifestBytes(dir);
        UsageException refused = assertThrows(UsageException.class, () -> EvidenceBundle.sign(manifest,
                new EvidenceBundle.Signer(wrong.getPrivate(), List.of(ecSigner.cert())), NOW));
        assertTrue(refused.getMessage().contains("does not match"), refused.getMessage());
        Files.write(dir.resolve(EvidenceBundle.SIGNATURE), ForgedSignature.sign(manifest, wrong, ecSigner.cert(), NOW));
        assertProblem(verify(dir, root.cert()), "SIGNATURE does not verify");
    }

    @Test
    void signerNotTrustedIsCaught() throws IOException {
        Path dir = bundle(new EvidenceBundle.Signer(strangerSigner.keys().getPrivate(),
                List.of(strangerSigner.cert(), otherRoot.cert())));
        assertTrue(verify(dir).ok(), "without --trust only integrity is checked");
        assertTrue(verify(dir).notes().stream().anyMatch(n -> n.contains("NOT checked")), verify(dir).notes().toString());
        assertProblem(verify(dir, root.cert()), "UNTRUSTED signer CN=stranger");
        assertTrue(verify(dir, otherRoot.cert()).ok());
    }

    @Test
    void expiredSignerIsCaught() throws IOException {
        UsageException e = assertThrows(UsageException.class, () -> bundle(signer(expiredSigner)));
        assertTrue(e.getMessage().contains("not valid at the signing time"), e.getMessage());
        Path dir = bundle(null);
        Files.write(dir.resolve(EvidenceBundle.SIGNATURE),
                EvidenceBundle.sign(EvidenceBundle.manifestBytes(dir), signer(expiredSigner), NOW));
        assertProblem(verify(dir, root.cert()), "EXPIRED signer CN=expired signer");
        assertProblem(verify(dir), "EXPIRED signer");
    }

    @Test
    void signerLoadsFromPemAndMissingManifestIsReported() throws Exception {
        Path key = TestPki.pem(tmp.resolve("key.pem"), rsaSigner.keys().getPrivate());
        Path cert = TestPki.pem(tmp.resolve("cert.pem"), rsaSigner.cert(), root.cert());
        EvidenceBundle.Signer s = EvidenceBundle.loadSigner(key, cert);
        assertEquals(2, s.chain().size());
        assertFalse(s.toString().contains("PRIVATE"));
        EvidenceBundle.Signer ec = EvidenceBundle.loadSigner(TestPki.pem(tmp.resolve("ec.pem"), ecSigner.keys().getPrivate()),
                TestPki.pem(tmp.resolve("ec-cert.pem"), ecSigner.cert()));
        assertTrue(verify(bundle(ec), root.cert()).ok(), "a PEM-loaded ECDSA key signs a verifiable bundle");
        UsageException e = assertThrows(UsageException.class, () -> EvidenceBundle.loadSigner(cert, cert));
        assertTrue(e.getMessage().contains("no PEM private key"), e.getMessage());
        Path dir = bundle(s);
        assertTrue(verify(dir, root.cert()).ok());
        Files.delete(dir.resolve("manifest.json"));
        assertProblem(verify(dir, root.cert()), "MISSING manifest.json");
    }

    static List<String> list(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
