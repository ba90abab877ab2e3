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

    @Mixin
    CertOptions certOptions;

    @Option(names = "--certs", paramLabel = "PATH", arity = "1..*",
            description = "Also inventory and judge certificate files (PEM, DER, PKCS#7, PKCS#12, JKS) or directories.")
    List<String> certs = new java.util.ArrayList<>();

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

    @Override
    public Integer call() throws Exception {
        Severity threshold = parseFailOn(failOn);
        List<Renderer> renderers = output.selected();
        PrintWriter err = spec.commandLine().getErr();
        AuditReport report = new AuditEngine().run(input.toRequest(main.stdin, certs, certOptions),
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

    static Severity parseFailOn(String s) {
        return "none".equalsIgnoreCase(s) ? null : Severity.parse(s);
    }
}
