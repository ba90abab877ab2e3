package org.meshaudit.probe;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * An opt-in active probe (issue 10). Explicit targets are checked by {@link TargetGuard} before anything is sent
 * (a refused one is a usage error); Service targets come from the collected cluster.
 *
 * @param targets        explicit {@code HOST:PORT} targets
 * @param expectMtls     judge explicit targets as if their posture said STRICT
 * @param allowLoopback  permit loopback targets (for tests only)
 * @param services       which Service ports of the input to probe
 * @param concurrency    targets probed at once (one connection per target at a time)
 * @param connectTimeout per connection
 * @param readTimeout    per read (handshake and first answer)
 * @param deadline       for the whole probe; attempts not started by then are recorded as skipped
 * @param sink           receives the transcript documents (for {@code DIR/probe-transcript.yaml}), or null
 */
public record ProbeOptions(List<String> targets, boolean expectMtls, boolean allowLoopback, Services services,
                           int concurrency, Duration connectTimeout, Duration readTimeout, Duration deadline,
                           Consumer<List<ObjectNode>> sink) {

    /** Which Service ports of the input are probed. */
    public enum Services { NONE, MTLS_REQUIRED, ALL }

    public ProbeOptions {
        targets = List.copyOf(targets);
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("probe concurrency must be 1..64");
        }
    }

    public static ProbeOptions defaults() {
        return new ProbeOptions(List.of(), false, false, Services.NONE, 4, Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofMinutes(5), null);
    }

    public ProbeOptions withTargets(List<String> t, boolean expect) {
        return new ProbeOptions(t, expect, allowLoopback, services, concurrency, connectTimeout, readTimeout, deadline, sink);
    }

    public ProbeOptions withServices(Services s) {
        return new ProbeOptions(targets, expectMtls, allowLoopback, s, concurrency, connectTimeout, readTimeout, deadline, sink);
    }

    public ProbeOptions withAllowLoopback(boolean allow) {
        return new ProbeOptions(targets, expectMtls, allow, services, concurrency, connectTimeout, readTimeout, deadline, sink);
    }

    public ProbeOptions withLimits(int n, Duration connect, Duration read, Duration total) {
        return new ProbeOptions(targets, expectMtls, allowLoopback, services, n, connect, read, total, sink);
    }

    public ProbeOptions withSink(Consumer<List<ObjectNode>> s) {
        return new ProbeOptions(targets, expectMtls, allowLoopback, services, concurrency, connectTimeout, readTimeout, deadline, s);
    }
}
