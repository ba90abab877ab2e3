package org.meshaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.Severity;
import org.meshaudit.probe.ProbeOptions;
import org.meshaudit.probe.ProbeStage;
import org.meshaudit.report.AuditReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshaudit probe}: actively probe ad hoc targets (MTLS-006, TLS-001..004). */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Opt-in active probe of ad hoc targets: a plaintext HEAD request, a TLS handshake without a client "
                + "certificate, and hello-only enumeration of versions, cipher suites and key-exchange groups. Judged by "
                + "MTLS-006 and TLS-001..004; writes DIR/audit.json and DIR/probe-transcript.yaml (every attempt).",
                "Only cluster-internal targets (Service IPs in private ranges, *.svc names) are probed; anything else is "
                        + "refused with exit 2 before a packet is sent. Run it from a pod outside the mesh: a meshed "
                        + "client is upgraded to mTLS by its own proxy and proves nothing."})
public final class ProbeCommand implements Callable<Integer> {
    static final Set<String> RULES = Set.of("MTLS-006", "TLS-001", "TLS-002", "TLS-003", "TLS-004");

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--target", paramLabel = "HOST:PORT", arity = "1..*", required = true,
            description = "Targets to probe: a Service cluster IP or an in-cluster DNS name (NAME.NAMESPACE.svc), with the port.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--expect-mtls",
            description = "Judge every target as if its effective posture said STRICT (MTLS-006 applies).")
    boolean expectMtls;

    @Option(names = "--as-of", paramLabel = "ISO-8601", description = "Clock for the report. Default: now.")
    String asOf;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            description = "Exit 1 when a FAIL at or above this severity exists (or none). Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Mixin
    OutputOptions output;

    @Mixin
    ProbeOptionsMixin limits;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Severity threshold = ScanCommand.parseFailOn(failOn);
        List<Renderer> renderers = output.selected();
        ProbeOptions probe = limits.toOptions(targets, expectMtls, ProbeOptions.Services.NONE, output.output);
        ProbeStage.explicitTargets(probe); // refuse before anything is sent (exit 2)
        AuditRequest request = new AuditRequest(List.of(), main.stdin, InputOptions.parseAsOf(asOf), Set.of(),
                "baseline", null, List.of(), RULES, false, null).withProbe(probe);
        AuditReport report = new AuditEngine().run(request);
        List<Path> files = new ArrayList<>(output.write(report, renderers));
        files.add(output.output.resolve("probe-transcript.yaml"));
        int code = ExitCodes.forReport(report, threshold);
        PrintWriter out = spec.commandLine().getOut();
        if (!quiet) {
            SummaryPrinter.summary(report, files, out);
            out.println("Exit " + code + ": " + ExitCodes.explain(code, threshold));
        }
        out.flush();
        return code;
    }
}
