package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshaudit probe}: exit codes, refusal of unsafe targets, transcript written and re-auditable. */
class ProbeCommandTest {

    @Test
    void unsafeTargetsAreRefusedWithExit2BeforeAnythingIsSent(@TempDir Path dir) {
        for (String t : new String[] {"169.254.169.254:80", "93.184.216.34:443", "example.com:443", "127.0.0.1:80",
                "[::1]:80", "10.0.0.1:0"}) {
            CliRunner.Run r = CliRunner.run("probe", "--target", t, "--expect-mtls", "-o", dir.toString());
            assertEquals(ExitCodes.USAGE, r.code(), t + ": " + r.err());
            assertTrue(r.err().contains("probe target refused"), r.err());
        }
        assertTrue(!Files.exists(dir.resolve("probe-transcript.yaml")), "nothing probed");
    }

    @Test
    void plaintextListenerIsCriticalAndTheTranscriptReplays(@TempDir Path dir) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!ss.isClosed()) {
                    try (Socket s = ss.accept()) {
                        s.setSoTimeout(1000);
                        InputStream in = s.getInputStream();
                        in.read(new byte[256]);
                        OutputStream out = s.getOutputStream();
                        out.write("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception e) {
                        // next
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            String target = "127.0.0.1:" + ss.getLocalPort();
            CliRunner.Run r = CliRunner.run("probe", "--target", target, "--expect-mtls", "--allow-loopback",
                    "--probe-read-timeout", "500", "--probe-connect-timeout", "500", "--as-of", "2026-11-29",
                    "-o", dir.toString());
            assertEquals(ExitCodes.FINDINGS, r.code(), r.out() + r.err());
            String json = Files.readString(dir.resolve("audit.json"));
            assertTrue(json.contains("MTLS-006") && json.contains("plaintext accepted"), json);
            Path transcript = dir.resolve("probe-transcript.yaml");
            String yaml = Files.readString(transcript);
            assertTrue(yaml.contains("kind: ProbeTranscript") && yaml.contains("HEAD /"), yaml);

            // offline replay of the evidence gives the same verdict
            Path replay = dir.resolve("replay");
            CliRunner.Run s = CliRunner.run("scan", "--manifests", transcript.toString(), "--rule", "MTLS-006",
                    "--as-of", "2026-11-29", "-o", replay.toString());
            assertEquals(ExitCodes.FINDINGS, s.code(), s.out() + s.err());
            assertTrue(Files.readString(replay.resolve("audit.json")).contains("plaintext accepted"));
        }
    }

    @Test
    void silentTargetIsIncompleteNotPass(@TempDir Path dir) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CliRunner.Run r = CliRunner.run("probe", "--target", "127.0.0.1:" + ss.getLocalPort(), "--expect-mtls",
                    "--allow-loopback", "--probe-read-timeout", "300", "--probe-connect-timeout", "300",
                    "-o", dir.toString());
            assertEquals(ExitCodes.INCOMPLETE, r.code(), r.out() + r.err());
        }
    }
}
