package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.testkit.MockCluster;

/** The CLI against fabric8's CRUD mock over HTTPS, connected through a kubeconfig file like kubectl. */
@EnableKubernetesMockClient(crud = true, https = true)
class LiveClusterCliTest {
    static KubernetesMockServer server;
    static KubernetesClient client;
    static final String AS_OF = "2026-11-29T00:00:00Z";

    @BeforeAll
    static void load() throws Exception {
        MockCluster.load(client, MockCluster.read(CliRunner.demo()), o -> true);
    }

    @AfterEach
    void clear() {
        server.clearExpectations();
    }

    @Test
    void anExecCredentialPluginRunsOnlyWhenAllowed(@TempDir Path tmp) throws Exception {
        // A23: a kubeconfig names a program to run for credentials; without the flag nothing is spawned
        Path marker = tmp.resolve("plugin-ran");
        Path plugin = tmp.resolve("plugin.sh");
        Files.writeString(plugin, "#!/bin/sh\ntouch '" + marker + "'\necho '{\"apiVersion\":"
                + "\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"test-token\"}}'\n");
        assertTrue(plugin.toFile().setExecutable(true));
        Path kc = Files.writeString(tmp.resolve("exec-kubeconfig"), Files.readString(MockCluster.kubeconfig(client, tmp))
                .replace("    token: test-token\n", "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                        + "      command: " + plugin + "\n      interactiveMode: Never\n"));
        for (List<String> args : List.of(List.of("preflight"), List.of("scan", "-o", tmp.resolve("scan").toString()),
                List.of("snapshot", "-o", tmp.resolve("snapshot.json").toString()))) {
            String command = args.get(0);
            CliRunner.Run r = CliRunner.run(Stream.concat(args.stream(),
                    Stream.of("--kubeconfig", kc.toString(), "--api-qps", "1000")).toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.code(), command + ": " + r.out() + r.err());
            assertTrue(r.err().contains("exec credential plugin") && r.err().contains("--allow-exec-credentials"), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            assertFalse(Files.exists(marker), command + " ran the plugin");
        }
        CliRunner.Run allowed = CliRunner.run("scan", "--kubeconfig", kc.toString(), "--allow-exec-credentials",
                "--api-qps", "1000", "--as-of", AS_OF, "-o", tmp.resolve("allowed").toString(), "--fail-on", "none");
        assertEquals(0, allowed.code(), allowed.out() + allowed.err());
        assertTrue(Files.exists(marker), "with --allow-exec-credentials the plugin gives the credentials");
    }

    @Test
    void liveScanAndSnapshotScanWriteIdenticalJson(@TempDir Path tmp) throws Exception {
        Path kc = MockCluster.kubeconfig(client, tmp);
        CliRunner.Run live = CliRunner.run("scan", "--kubeconfig", kc.toString(), "--api-qps", "1000", "--as-of", AS_OF,
                "-o", tmp.resolve("live").toString(), "--fail-on", "none");
        assertEquals(0, live.code(), live.out() + live.err());
        CliRunner.Run snap = CliRunner.run("snapshot", "--kubeconfig", kc.toString(), "--api-qps", "1000", "-o",
                tmp.resolve("cluster.json").toString());
        assertEquals(0, snap.code(), snap.out() + snap.err());
        assertTrue(snap.out().contains("objects"), snap.out());
        CliRunner.Run offline = CliRunner.run("scan", "--snapshot", tmp.resolve("cluster.json").toString(),
                "--as-of", AS_OF, "-o", tmp.resolve("offline").toString(), "--fail-on", "none");
        assertEquals(0, offline.code(), offline.out() + offline.err());
        String a = Files.readString(tmp.resolve("live/audit.json"));
        String b = Files.readString(tmp.resolve("offline/audit.json"));
        assertEquals(a, b, "live scan and snapshot re-scan must be byte-identical");
        // the test kubeconfig skips TLS verification: a caveat of the evidence, recorded with its source (A23)
        assertTrue(a.contains("API server certificate not verified (insecure-skip-tls-verify)"), a.substring(0, 2000));
        assertTrue(a.contains("\"coverage\""));
        // findings exist in the demo: default --fail-on high gives 1 on the snapshot
        CliRunner.Run gated = CliRunner.run("scan", "--snapshot", tmp.resolve("cluster.json").toString(),
                "--as-of", AS_OF, "-o", tmp.resolve("gated").toString());
        assertEquals(ExitCodes.FINDINGS, gated.code(), gated.out());
    }

    @Test
    void forbiddenReadsAreExit3AndNamedInTheReport(@TempDir Path tmp) throws Exception {
        server.expect().get().withPath("/apis/security.istio.io/v1/authorizationpolicies?limit=500")
                .andReturn(403, MockCluster.status(403, "Forbidden", "authorizationpolicies is forbidden")).always();
        Path kc = MockCluster.kubeconfig(client, tmp);
        CliRunner.Run r = CliRunner.run("scan", "--kubeconfig", kc.toString(), "--api-qps", "1000", "--as-of", AS_OF,
                "-o", tmp.toString());
        assertEquals(ExitCodes.INCOMPLETE, r.code(), r.out() + r.err());
        String json = Files.readString(tmp.resolve("audit.json"));
        assertTrue(json.contains("AuthorizationPolicy not read (forbidden)"), "issue names what was not read");
        assertTrue(json.contains("security.istio.io/AuthorizationPolicy forbidden"), "dependent results are ERROR");
    }

    @Test
    void preflightReportsDeniedReads(@TempDir Path tmp) throws Exception {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                .andReply(201, req -> {
                    String body = req.getBody().readUtf8();
                    boolean denied = body.contains("\"resource\":\"peerauthentications\"");
                    return "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
                            + "\"status\":{\"allowed\":" + !denied + (denied ? ",\"reason\":\"no RBAC rule\"" : "")
                            + "}}";
                }).always();
        Path kc = MockCluster.kubeconfig(client, tmp);
        CliRunner.Run r = CliRunner.run("preflight", "--kubeconfig", kc.toString(), "--api-qps", "1000");
        assertEquals(ExitCodes.INCOMPLETE, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Will not be audited (1):"), r.out());
        assertTrue(r.out().contains("PeerAuthentication (security.istio.io/peerauthentications, list, all namespaces): no RBAC rule"), r.out());
        assertTrue(r.out().contains("absent"), "cert-manager is not installed: " + r.out());
        // scan does the same check first, warns, and does not list what was denied
        CliRunner.Run scan = CliRunner.run("scan", "--kubeconfig", kc.toString(), "--api-qps", "1000", "--as-of", AS_OF,
                "-o", tmp.resolve("out").toString());
        assertEquals(ExitCodes.INCOMPLETE, scan.code());
        assertTrue(scan.err().contains("will not be audited: PeerAuthentication"), scan.err());
    }

    @Test
    void malformedDiscoveryIsExit3NotAnInternalError(@TempDir Path tmp) throws Exception {
        // /apis answers 200 with a body cut short, as a proxy that drops the connection mid-response would
        server.expect().get().withPath("/apis").andReturn(200,
                "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":\"security.is").always();
        Path kc = MockCluster.kubeconfig(client, tmp);
        String why = "API discovery (/apis) failed: HTTP 200 with a body that is not valid JSON";
        CliRunner.Run r = CliRunner.run("scan", "--kubeconfig", kc.toString(), "--api-qps", "1000", "--as-of", AS_OF,
                "-o", tmp.resolve("out").toString());
        assertEquals(ExitCodes.INCOMPLETE, r.code(), r.out() + r.err());
        String all = r.out() + r.err();
        assertFalse(all.contains("internal error") || all.contains("Exception") || all.contains("\tat "), all);
        // each kind that could not be located is named once per line, with the reason, before the scan reads
        assertTrue(r.err().lines().anyMatch(l -> l.endsWith("will not be audited: PeerAuthentication "
                + "(security.istio.io/peerauthentications, list, -): " + why)), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.endsWith("not read (failed): " + why)), r.out());
        assertTrue(r.out().contains("Exit 3: incomplete"), r.out());
        String json = Files.readString(tmp.resolve("out/audit.json"));
        assertTrue(json.contains("PeerAuthentication not read (failed): " + why), "the report names it");

        // preflight says the same instead of "every planned read is allowed"
        CliRunner.Run pre = CliRunner.run("preflight", "--kubeconfig", kc.toString(), "--api-qps", "1000");
        assertEquals(ExitCodes.INCOMPLETE, pre.code(), pre.out() + pre.err());
        assertTrue(pre.out().contains("PeerAuthentication (security.istio.io/peerauthentications, list, -): " + why),
                pre.out());
    }

    @Test
    void keepRunsWritesOneDirectoryPerRunAndPrunes(@TempDir Path tmp) throws Exception {
        Path kc = MockCluster.kubeconfig(client, tmp);
        Path snap = tmp.resolve("s.json");
        assertEquals(0, CliRunner.run("snapshot", "--kubeconfig", kc.toString(), "--api-qps", "1000", "-o", snap.toString(), "-q").code());
        Path reports = tmp.resolve("reports");
        for (String day : List.of("2026-11-01", "2026-11-02", "2026-11-03")) {
            CliRunner.Run r = CliRunner.run("scan", "--snapshot", snap.toString(), "--as-of", day, "-o",
                    reports.toString(), "--keep-runs", "2", "--fail-on", "none", "-q");
            assertEquals(0, r.code(), r.err());
        }
        List<String> runs;
        try (Stream<Path> s = Files.list(reports)) {
            runs = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(2, runs.size(), runs.toString());
        assertTrue(runs.get(0).startsWith("20261102T000000Z-run-"), runs.toString());
        assertTrue(Files.exists(reports.resolve(runs.get(1)).resolve("audit.json")));
        assertFalse(runs.stream().anyMatch(n -> n.startsWith(".tmp-")));
    }
}
