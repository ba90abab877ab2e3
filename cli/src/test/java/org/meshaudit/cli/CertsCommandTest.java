package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshaudit certs} end to end on committed fixture certificates. */
class CertsCommandTest {
    static final Path FIXTURES = CliRunner.repoRoot().resolve("policies/zero-trust/rules");

    @TempDir
    Path out;

    @Test
    void writesInventoryAndFindingsNamingTheFile() throws Exception {
        Path f = FIXTURES.resolve("key-001-rsa-minimum-size/fixtures/fail-rsa-1024");
        CliRunner.Run r = CliRunner.run("certs", f.resolve("input/chain.pem").toString(), "--trust-bundle",
                f.resolve("trust/root.pem").toString(), "--as-of", "2026-11-29", "--output", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Certificates: 2 distinct"), r.out());
        String json = Files.readString(out.resolve("audit.json"));
        assertTrue(json.contains("\"certificates\""));
        assertTrue(json.contains("input/chain.pem#1"), "the source file is named");
        assertTrue(json.contains("RSA 1024-bit key"), "KEY-001 finding");
        assertTrue(json.contains("\"status\" : \"valid\""), "chain validated against the trust bundle");
    }

    @Test
    void cleanCertificateExitsZeroAndRunIsDeterministic() throws Exception {
        Path f = FIXTURES.resolve("cert-007-chain-validates/fixtures/pass-chains-to-trust-bundle");
        String[] args = {"certs", f.resolve("input").toString(), "--trust-bundle", f.resolve("trust").toString(),
            "--as-of", "2026-11-29T00:00:00Z", "--rule", "CERT-007,KEY-001", "--output", out.toString(), "-q"};
        assertEquals(0, CliRunner.run(args).code());
        String first = Files.readString(out.resolve("audit.json"));
        assertEquals(0, CliRunner.run(args).code());
        assertEquals(first, Files.readString(out.resolve("audit.json")));
    }

    @Test
    void aDirectoryWithoutCertificateFilesIsAnIssueNotACleanRun() throws Exception {
        Path empty = Files.createDirectories(out.resolve("no-certs"));
        Files.writeString(empty.resolve("notes.txt"), "nothing here");
        Path report = out.resolve("report");
        CliRunner.Run r = CliRunner.run("certs", empty.toString(), "--as-of", "2026-11-29", "--output", report.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(Files.readString(report.resolve("audit.json")).contains("no certificate file found"), r.out());
    }

    @Test
    void privateKeyGivenAsCertificateIsAnIssueAndNeverEchoed() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(g.generateKeyPair().getPrivate().getEncoded());
        Path key = out.resolve("tls.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        Path report = out.resolve("report");
        CliRunner.Run r = CliRunner.run("certs", key.toString(), "--as-of", "2026-11-29", "--output", report.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        String json = Files.readString(report.resolve("audit.json"));
        assertTrue(json.contains("private key(s) but no certificate"), json);
        String canary = body.substring(0, 40);
        assertFalse(json.contains(canary) || r.out().contains(canary) || r.err().contains(canary));
    }

    @Test
    void unknownProfileAndMissingPathAreUsageErrors() {
        assertEquals(2, CliRunner.run("certs", "nope.pem", "--output", out.toString()).code());
        Path f = FIXTURES.resolve("key-001-rsa-minimum-size/fixtures/fail-rsa-1024/input/chain.pem");
        assertEquals(2, CliRunner.run("certs", f.toString(), "--profile", "lenient", "--output", out.toString()).code());
    }

    @Test
    void svidTrustDomainIsErrorUntilDeclaredThenJudged() throws Exception {
        // an SVID file alone says nothing about the mesh's trust domain (GEN-3); --trust-domain declares it
        Path f = FIXTURES.resolve("cert-005-identity-names/fixtures/error-svid-trust-domain-unknown-without-mesh-config-gen3");
        String svid = f.resolve("input/chain.pem").toString();
        CliRunner.Run unknown = CliRunner.run("certs", svid, "--as-of", "2026-11-29T00:00:00Z", "--rule", "CERT-005",
                "--output", out.resolve("a").toString());
        assertEquals(3, unknown.code(), unknown.out() + unknown.err());
        assertTrue(Files.readString(out.resolve("a/audit.json")).contains("cannot be judged"));
        assertEquals(0, CliRunner.run("certs", svid, "--as-of", "2026-11-29T00:00:00Z", "--rule", "CERT-005",
                "--trust-domain", "cluster.local", "--output", out.resolve("b").toString(), "-q").code());
        CliRunner.Run other = CliRunner.run("certs", svid, "--as-of", "2026-11-29T00:00:00Z", "--rule", "CERT-005",
                "--trust-domain", "prod.example.org", "--output", out.resolve("c").toString());
        assertEquals(1, other.code(), "a foreign SVID is High: " + other.out());
        String json = Files.readString(out.resolve("c/audit.json"));
        assertTrue(json.contains("is not the mesh's (expected prod.example.org (--trust-domain))"), json);
        assertTrue(json.contains("\"trustDomains\" : [ \"prod.example.org\" ]"), "recorded in metadata.options");
        assertEquals(2, CliRunner.run("certs", svid, "--trust-domain", "Not A Domain", "--output",
                out.resolve("d").toString()).code());
    }

    @Test
    void scanAcceptsCertsAlongsideManifests() {
        Path f = FIXTURES.resolve("cert-002-leaf-expiry/fixtures/fail-expired");
        CliRunner.Run r = CliRunner.run("scan", "--manifests", CliRunner.demo().toString(), "--certs",
                f.resolve("input").toString(), "--trust-bundle", f.resolve("trust").toString(), "--as-of", "2026-11-29",
                "--output", out.toString(), "--rule", "CERT-002", "-q");
        assertEquals(1, r.code(), r.out() + r.err());
    }
}
