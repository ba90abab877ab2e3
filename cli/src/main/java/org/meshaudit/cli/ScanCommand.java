package org.meshaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.Severity;
import org.meshaudit.report.AuditReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshaudit scan}: audit and write the reports. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Audit manifests, a live cluster or a snapshot: compute the effective mTLS posture, evaluate the rule packs, write DIR/audit.json (and other formats) and print a summary.")
public final class ScanCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            description = "Exit 1 when a FAIL at or above this severity exists: info, low, medium, high, critical, or none. Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Option(names = "--posture", description = "Also print the effective posture table.")
    boolean posture;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--keep-runs", paramLabel = "N",
            description = "Write each run to its own directory DIR/<as-of>-<run id>/ (complete or absent: written under a temporary name, then renamed) and keep only the newest N runs. For the in-cluster CronJob.")
    Integer keepRuns;

    @Option(names = "--probe",
            description = "Opt-in active probe (issue 10): from this pod, probe every Service port whose effective posture requires mTLS (MTLS-006, TLS-001..004); writes DIR/probe-transcript.yaml. Run from a pod outside the mesh.")
    boolean probe;

    @Option(names = "--probe-all", description = "As --probe, for every TCP Service port with a cluster IP.")
    boolean probeAll;

    @Mixin
    ProbeOptionsMixin probeLimits;

    @Override
    public Integer call() throws Exception {
        Severity threshold = parseFailOn(failOn);
        List<Renderer> renderers = output.selected();
        PrintWriter err = spec.commandLine().getErr();
        org.meshaudit.api.AuditRequest request = input.toRequest(main.stdin);
        if (probe || probeAll) {
            request = withProbe(request, probeLimits.toOptions(List.of(), false, probeAll
                    ? org.meshaudit.probe.ProbeOptions.Services.ALL
                    : org.meshaudit.probe.ProbeOptions.Services.MTLS_REQUIRED, output.output));
        }
        AuditReport report = new AuditEngine().run(request,
                new TerminalProgress(err, TerminalProgress.isTerminal(), quiet));
        List<Path> files = keepRuns == null ? output.write(report, renderers)
                : RunDirectories.write(output, report, renderers, keepRuns);
        int code = ExitCodes.forReport(report, threshold);
        PrintWriter out = spec.commandLine().getOut();
        if (!quiet) {
            if (posture) {
                SummaryPrinter.posture(report, out);
                out.println();
            }
            SummaryPrinter.summary(report, files, out);
            out.println("Exit " + code + ": " + ExitCodes.explain(code, threshold));
        }
        out.flush();
        return code;
    }

    private static org.meshaudit.api.AuditRequest withProbe(org.meshaudit.api.AuditRequest r,
                                                            org.meshaudit.probe.ProbeOptions p) {
        return new org.meshaudit.api.AuditRequest(r.manifests(), r.stdin(), r.asOf(), r.frameworks(), r.profile(),
                r.config(), r.policyDirs(), r.rules(), r.assumeMeshDefaults(), r.istioRootNamespace(), r.cluster(),
                r.snapshot(), p);
    }

    static Severity parseFailOn(String s) {
        return "none".equalsIgnoreCase(s) ? null : Severity.parse(s);
    }
}
