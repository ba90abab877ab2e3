package org.meshaudit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.meshaudit.AtomicFiles;
import org.meshaudit.api.UsageException;
import org.meshaudit.probe.ProbeOptions;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import picocli.CommandLine.Option;

/** Limits of the active probe, shared by {@code probe} and {@code scan --probe}. */
public final class ProbeOptionsMixin {
    @Option(names = "--allow-loopback",
            description = "Permit loopback targets (127.0.0.0/8, ::1). For testing only; never needed in a cluster.")
    boolean allowLoopback;

    @Option(names = "--probe-concurrency", paramLabel = "N", defaultValue = "4",
            description = "Targets probed at once (one connection per target at a time). Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--probe-connect-timeout", paramLabel = "MS", defaultValue = "2000",
            description = "Connect timeout per connection, milliseconds. Default: ${DEFAULT-VALUE}.")
    long connectMs;

    @Option(names = "--probe-read-timeout", paramLabel = "MS", defaultValue = "3000",
            description = "Read/handshake timeout per connection, milliseconds. Default: ${DEFAULT-VALUE}.")
    long readMs;

    @Option(names = "--probe-deadline", paramLabel = "SECONDS", defaultValue = "300",
            description = "Overall probe budget; attempts not started by then are recorded as skipped. Default: ${DEFAULT-VALUE}.")
    long deadlineSeconds;

    ProbeOptions toOptions(List<String> targets, boolean expectMtls, ProbeOptions.Services services, Path output) {
        if (concurrency < 1 || concurrency > 64 || connectMs < 1 || readMs < 1 || deadlineSeconds < 1) {
            throw new UsageException("probe limits must be positive (concurrency 1..64)");
        }
        return ProbeOptions.defaults().withTargets(targets, expectMtls).withServices(services)
                .withAllowLoopback(allowLoopback)
                .withLimits(concurrency, Duration.ofMillis(connectMs), Duration.ofMillis(readMs),
                        Duration.ofSeconds(deadlineSeconds))
                .withSink(docs -> write(output, docs));
    }

    /** Writes DIR/probe-transcript.yaml atomically: the raw evidence, re-auditable with --manifests. */
    static void write(Path dir, List<ObjectNode> docs) {
        try {
            YAMLMapper yaml = YAMLMapper.builder()
                    .enable(tools.jackson.dataformat.yaml.YAMLWriteFeature.MINIMIZE_QUOTES).build();
            StringBuilder b = new StringBuilder("# meshaudit probe transcript: re-audit with 'meshaudit scan --manifests"
                    + " <inputs> probe-transcript.yaml'\n");
            for (ObjectNode d : docs) {
                String text = yaml.writeValueAsString(d);
                b.append(text.startsWith("---") ? "" : "---\n").append(text);
            }
            AtomicFiles.write(dir.resolve("probe-transcript.yaml"), b.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write probe-transcript.yaml: " + e.getMessage(), e);
        }
    }
}
