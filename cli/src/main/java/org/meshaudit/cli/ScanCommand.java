package org.meshaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.api.UsageException;
import org.meshaudit.lifecycle.EvidenceBundle;
import org.meshaudit.lifecycle.History;
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

    @Option(names = "--waivers", paramLabel = "FILE",
            description = "Waivers (accepted risk): a matching FAIL becomes WAIVED. Overrides waivers: in the config.")
    Path waivers;

    @Option(names = "--history", paramLabel = "DIR",
            description = "Keep a run history in DIR/history.jsonl and add the last runs to the report's trend[].")
    Path history;

    @Option(names = "--history-keep", paramLabel = "N", defaultValue = "30",
            description = "Runs kept in the history. Default: ${DEFAULT-VALUE}.")
    int historyKeep;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Write an evidence bundle to DIR instead of --output: every format plus manifest.json (sha256 of each file), atomically.")
    Path bundle;

    @Option(names = "--sign-key", paramLabel = "FILE",
            description = "Sign the bundle's manifest (detached CMS/PKCS#7, RSA or ECDSA) with this unencrypted PEM private key.")
    Path signKey;

    @Option(names = "--sign-cert", paramLabel = "FILE", description = "Signer certificate, then its chain (PEM), for --sign-key.")
    Path signCert;

    @Option(names = "--keep-runs", paramLabel = "N",
            description = "Write each run to its own directory DIR/<as-of>-<run id>/ (complete or absent: written under a temporary name, then renamed) and keep only the newest N runs. For the in-cluster CronJob.")
    Integer keepRuns;

    @Override
    public Integer call() throws Exception {
        Severity threshold = parseFailOn(failOn);
        List<Renderer> renderers = output.selected();
        checkBundleOptions();
        PrintWriter err = spec.commandLine().getErr();
        AuditRequest request = input.toRequest(main.stdin, certs, certOptions);
        if (waivers != null) {
            request = request.withWaivers(waivers);
        }
        AuditReport report = new AuditEngine().run(request,
                new TerminalProgress(err, TerminalProgress.isTerminal(), quiet));
        History.Update trend = null;
        if (history != null) {
            trend = History.next(history, report, historyKeep);
            report = History.withTrend(report, trend.trend());
        }
        List<Path> files = new ArrayList<>();
        if (bundle != null) {
            AuditReport r = report;
            EvidenceBundle.Signer signer = signKey == null ? null : EvidenceBundle.loadSigner(signKey, signCert);
            for (String f : EvidenceBundle.write(bundle, r, dir -> OutputOptions.writeTo(dir, r, renderers), signer,
                    Instant.now())) {
                files.add(bundle.resolve(f));
            }
        }
        if (bundle == null || spec.commandLine().getParseResult().hasMatchedOption("--output")) {
            files.addAll(keepRuns == null ? output.write(report, renderers)
                    : RunDirectories.write(output, report, renderers, keepRuns));
        }
        if (trend != null) {
            History.save(trend);
        }
        int code = ExitCodes.forReport(report, threshold);
        PrintWriter out = spec.commandLine().getOut();
        if (!quiet) {
            if (trend != null) {
                out.printf("History: %d run(s) in %s%s%n", trend.trend().size(), trend.file(),
                        trend.skipped() > 0 ? " (" + trend.skipped() + " unreadable line(s) dropped)" : "");
            }
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

    private void checkBundleOptions() {
        if ((signKey == null) != (signCert == null)) {
            throw new UsageException("--sign-key and --sign-cert go together", "pass both, or neither");
        }
        if (signKey != null && bundle == null) {
            throw new UsageException("--sign-key signs an evidence bundle", "add --bundle DIR");
        }
        for (Path p : new Path[] {signKey, signCert}) {
            if (p != null && !Files.isReadable(p)) {
                throw new UsageException("cannot read " + p, "check --sign-key / --sign-cert");
            }
        }
    }

    static Severity parseFailOn(String s) {
        return "none".equalsIgnoreCase(s) ? null : Severity.parse(s);
    }
}
