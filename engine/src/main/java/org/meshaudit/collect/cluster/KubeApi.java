package org.meshaudit.collect.cluster;

import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.meshaudit.api.UsageException;

/**
 * The only place that talks HTTP to the API server. Every request has a timeout, goes through a client-side rate
 * limit, and is retried with bounded exponential backoff on 5xx, timeouts and I/O errors; 429 waits for the server's
 * Retry-After (capped). fabric8's own retry is switched off so that these rules are the only ones. Bodies are raw
 * bytes: callers parse and redact them; nothing here logs a body.
 */
public final class KubeApi implements AutoCloseable {

    /** A final answer: a status code and the body, or a transport failure after all attempts. */
    public record Response(int code, byte[] body, String failure, int attempts) {
        public boolean ok() {
            return code >= 200 && code < 300;
        }

        /** One line for people: status and the API server's message, never the body otherwise. */
        public String describe() {
            if (failure != null) {
                return failure + (attempts > 1 ? " after " + attempts + " attempts" : "");
            }
            return "HTTP " + code + (attempts > 1 ? " after " + attempts + " attempts" : "");
        }
    }

    /** How to wait; replaced in tests that count waits. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final KubernetesClient client;
    private final HttpClient http;
    private final String master;
    private final ClusterOptions options;
    private final Sleeper sleeper;
    private final long minIntervalNanos;
    /** {@link System#nanoTime} past which no request is sent, when {@link ClusterOptions#deadline} is set. */
    private final long deadlineNanos;
    private long nextSlot;
    private int requests;
    private int retries;

    public KubeApi(ClusterOptions options) {
        this(options, d -> Thread.sleep(d.toMillis()));
    }

    public KubeApi(ClusterOptions options, Sleeper sleeper) {
        this.options = options;
        this.sleeper = sleeper;
        Config config = config(options);
        config.setRequestRetryBackoffLimit(0);
        config.setRequestTimeout((int) options.requestTimeout().toMillis());
        this.client = client(config);
        this.http = client.getHttpClient();
        String url = config.getMasterUrl();
        this.master = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.minIntervalNanos = options.qps() <= 0 ? 0 : (long) (1_000_000_000L / options.qps());
        this.deadlineNanos = options.deadline() == null ? 0 : System.nanoTime() + options.deadline().toNanos();
    }

    /**
     * A fabric8 client for {@code config}, without fabric8's HTTP logging interceptor: when its logger is at TRACE
     * (a logging configuration or a system property away) it writes whole response bodies, the opt-in TLS Secret
     * lists with their keys included, before any redaction (security-reliability.md D05).
     */
    public static KubernetesClient client(Config config) {
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(HTTP_LOGGING, null)).build();
    }

    /** The name fabric8's {@code StandardHttpClientBuilder} registers its logging interceptor under. */
    static final String HTTP_LOGGING = "HttpLogging";

    /** The fabric8 client configuration for these options (kubeconfig, context, or in-cluster), as scans use it. */
    public static Config fabric8Config(ClusterOptions options) {
        Config config = config(options);
        config.setRequestTimeout((int) options.requestTimeout().toMillis());
        return config;
    }

    private static Config config(ClusterOptions options) {
        if (options.apiServer() != null) {
            return options.apiServer();
        }
        try {
            if (options.kubeconfig() != null) {
                File f = options.kubeconfig().toFile();
                if (!f.isFile()) {
                    throw new UsageException("kubeconfig not found: " + f, "check --kubeconfig");
                }
                refuseExecCredentials(List.of(f), options);
                return Config.fromKubeconfig(options.context(), f);
            }
            refuseExecCredentials(Config.getKubeconfigFilenames().stream().map(File::new).filter(File::isFile).toList(),
                    options);
            return Config.autoConfigure(options.context());
        } catch (UsageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UsageException("cannot load the cluster connection: " + e.getMessage(),
                    "check KUBECONFIG, --kubeconfig and --context");
        }
    }

    /**
     * A kubeconfig user can name a program that fabric8 runs to get credentials (an {@code exec} plugin). The audit
     * does not run a program named by a file unless the user allows it (security-reliability.md A23): the user of the
     * selected context is looked up as kubectl does (first file that defines the context, then the user) before
     * fabric8 reads the files, and a plugin is refused with a hint.
     */
    private static void refuseExecCredentials(List<File> kubeconfigs, ClusterOptions options) {
        if (options.execCredentials() || kubeconfigs.isEmpty()) {
            return;
        }
        List<io.fabric8.kubernetes.api.model.Config> files = new ArrayList<>();
        for (File f : kubeconfigs) {
            try {
                files.add(io.fabric8.kubernetes.client.internal.KubeConfigUtils.parseConfig(f));
            } catch (RuntimeException e) {
                return; // fabric8 reports the unreadable file itself, before it could run anything
            }
        }
        String context = options.context();
        for (var f : files) {
            context = context != null ? context : f.getCurrentContext();
        }
        String user = null;
        for (var f : files) {
            for (NamedContext c : f.getContexts() == null ? List.<NamedContext>of() : f.getContexts()) {
                if (user == null && c.getName() != null && c.getName().equals(context) && c.getContext() != null) {
                    user = c.getContext().getUser();
                }
            }
        }
        for (var f : files) {
            for (NamedAuthInfo u : f.getUsers() == null ? List.<NamedAuthInfo>of() : f.getUsers()) {
                if (user != null && user.equals(u.getName())) {
                    if (u.getUser() != null && u.getUser().getExec() != null) {
                        throw new UsageException("kubeconfig user " + user + " gets its credentials by running "
                                + u.getUser().getExec().getCommand() + " (an exec credential plugin), which"
                                + " meshaudit runs only when allowed", "pass --allow-exec-credentials if you trust that"
                                + " program (kubectl would run it too), or use a kubeconfig with a token or client"
                                + " certificate");
                    }
                    return; // the first file that defines the user decides, as in kubectl
                }
            }
        }
    }

    /**
     * What weakens the connection's own security, for the report's source line: a server certificate that is not
     * verified ({@code insecure-skip-tls-verify}) or plain HTTP. Empty when neither.
     */
    public List<String> caveats() {
        List<String> out = new ArrayList<>();
        if (master.startsWith("http://")) {
            out.add("plain HTTP to the API server");
        } else if (client.getConfiguration().isTrustCerts()) {
            out.add("API server certificate not verified (insecure-skip-tls-verify)");
        }
        return out;
    }

    /** The API server URL, e.g. {@code https://10.0.0.1:6443}. */
    public String master() {
        return master;
    }

    /** The kubeconfig context used, or {@code in-cluster}/{@code configured}. */
    public String context() {
        Config c = client.getConfiguration();
        if (c.getCurrentContext() != null && c.getCurrentContext().getName() != null) {
            return c.getCurrentContext().getName();
        }
        return options.apiServer() != null ? "configured" : "in-cluster";
    }

    public int requests() {
        return requests;
    }

    public int retries() {
        return retries;
    }

    public Response get(String path) {
        return send(path, null);
    }

    public Response post(String path, String json) {
        return send(path, json);
    }

    private Response send(String path, String json) {
        int attempt = 0;
        String lastFailure = null;
        int lastCode = 0;
        byte[] lastBody = new byte[0];
        while (attempt < options.maxAttempts()) {
            if (options.deadline() != null && System.nanoTime() - deadlineNanos > 0) {
                return new Response(0, new byte[0], "not sent: the collection's deadline of "
                        + options.deadline().toSeconds() + " s was reached" + (lastFailure != null ? " (after: "
                        + lastFailure + ")" : lastCode != 0 ? " (after HTTP " + lastCode + ")" : ""), attempt);
            }
            attempt++;
            Duration wait;
            try {
                throttle();
                requests++;
                HttpRequest.Builder b = http.newHttpRequestBuilder().uri(master + path)
                        .header("Accept", "application/json")
                        .timeout(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (json != null) {
                    b.post("application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                HttpResponse<byte[]> r = http.sendAsync(b.build(), byte[].class)
                        .get(options.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                int code = r.code();
                byte[] body = r.body() == null ? new byte[0] : r.body();
                if (code == 429) {
                    wait = retryAfter(r.header("Retry-After"));
                    lastCode = code;
                    lastBody = body;
                    lastFailure = null;
                } else if (code >= 500) {
                    wait = backoff(attempt);
                    lastCode = code;
                    lastBody = body;
                    lastFailure = null;
                } else {
                    return new Response(code, body, null, attempt);
                }
            } catch (TimeoutException e) {
                lastFailure = "timed out after " + options.requestTimeout().toMillis() + " ms";
                lastCode = 0;
                wait = backoff(attempt);
            } catch (ExecutionException e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                boolean timeout = c instanceof java.net.http.HttpTimeoutException || c instanceof TimeoutException
                        || String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timed out")
                        || String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout");
                lastFailure = timeout ? "timed out after " + options.requestTimeout().toMillis() + " ms"
                        : "connection failed: " + c.getClass().getSimpleName();
                lastCode = 0;
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Response(0, new byte[0], "interrupted", attempt);
            }
            if (attempt < options.maxAttempts()) {
                retries++;
                long left = deadlineNanos - System.nanoTime();
                if (options.deadline() != null && left > 0 && wait.toNanos() > left) {
                    wait = Duration.ofNanos(left); // no wait past the deadline: the next loop gives up at once
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Response(0, new byte[0], "interrupted", attempt);
                }
            }
        }
        return new Response(lastCode, lastBody, lastFailure, attempt);
    }

    private Duration backoff(int attempt) {
        long ms = options.backoff().toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(Math.min(ms, options.maxBackoff().toMillis()));
    }

    private Duration retryAfter(String header) {
        long seconds = 1;
        if (header != null) {
            try {
                seconds = Long.parseLong(header.strip());
            } catch (NumberFormatException e) {
                seconds = 1; // HTTP-date form: wait the minimum
            }
        }
        Duration d = Duration.ofSeconds(Math.max(0, seconds));
        return d.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : d;
    }

    private synchronized void throttle() throws InterruptedException {
        if (minIntervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        if (nextSlot > now) {
            sleeper.sleep(Duration.ofNanos(nextSlot - now));
            now = nextSlot;
        }
        nextSlot = now + minIntervalNanos;
    }

    @Override
    public void close() {
        client.close();
    }
}
