package org.meshaudit.collect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With every logger at TRACE, the API client logs no response body (security-reliability.md D05). Logger levels are
 * fixed when a logger is first made, so each case runs in a JVM of its own.
 */
class HttpLoggingTest {
    static final String CANARY = "CANARY-tls-key-5f3a9c";

    @TempDir
    Path dir;

    /** Child JVM: serves a body with the canary, fetches it with the client {@code args[0]} names. */
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/secrets", x -> {
            byte[] body = ("{\"kind\":\"SecretList\",\"items\":[{\"data\":{\"tls.key\":\"" + CANARY + "\"}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Config config = new ConfigBuilder().withMasterUrl(url).withRequestRetryBackoffLimit(0).build();
            try (KubernetesClient client = args[0].equals("ours") ? KubeApi.client(config)
                    : new KubernetesClientBuilder().withConfig(config).build()) {
                HttpClient http = client.getHttpClient();
                HttpResponse<String> r = http.sendAsync(http.newHttpRequestBuilder()
                        .uri(url + "/api/v1/secrets").build(), String.class).get(30, TimeUnit.SECONDS);
                System.out.println("status " + r.code());
            }
        } finally {
            server.stop(0);
        }
    }

    private String logOf(String client) throws IOException, InterruptedException {
        Path log = dir.resolve(client + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace", "-Dorg.slf4j.simpleLogger.logFile=" + log,
                "-cp", System.getProperty("java.class.path"), HttpLoggingTest.class.getName(), client)
                .redirectErrorStream(true).redirectOutput(dir.resolve(client + ".out").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        List<String> out = Files.readAllLines(dir.resolve(client + ".out"));
        assertEquals(0, p.exitValue(), String.join("\n", out));
        assertTrue(out.contains("status 200"), String.join("\n", out));
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void responseBodiesAreNotLoggedEvenAtTrace() throws Exception {
        assertFalse(logOf("ours").contains(CANARY));
    }

    @Test
    void fabric8sOwnClientWouldLogThemAtTrace() throws Exception {
        // the control: without the guard the same setup logs the body, so the test above can fail
        assertTrue(logOf("plain").contains(CANARY));
    }
}
