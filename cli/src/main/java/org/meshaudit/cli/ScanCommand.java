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
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.meshaudit.api.RunFacts;
import org.meshaudit.collect.cluster.KubeApi;
import org.meshaudit.report.AuditReport;
import org.meshaudit.reports.policyreport.PolicyReports;
import org.meshaudit.reports.policyreport.ReportPublisher;
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

    @Option(names = "--fail-on-incomplete", arity = "0..1", paramLabel = "BOOL", defaultValue = "true", fallbackValue = "true",
            description = "Exit 3 when the run is incomplete (ERROR results or collection issues); wins over --fail-on. With --fail-on-incomplete=false an incomplete run exits by --fail-on alone; the reports still say INCOMPLETE. Default: ${DEFAULT-VALUE}.")
    boolean failOnIncomplete = true;

    @Option(names = "--apply-reports",
            description = "After writing the files, create or update PolicyReports (one per namespace, chunked) and a ClusterPolicyReport in the cluster of --kubeconfig/--context (or in-cluster), all or nothing. Needs deploy/overlays/policy-reports.")
    boolean applyReports;

    @Option(names = "--reports-api", paramLabel = "API", defaultValue = "wgpolicyk8s",
            description = "API for --apply-reports: wgpolicyk8s (wgpolicyk8s.io/v1alpha2 PolicyReport) or openreports (openreports.io/v1alpha1 Report). Default: ${DEFAULT-VALUE}.")
    String reportsApi;

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
        checkBundleOptions();
        PolicyReports.Api api = applyReports ? parseReportsApi(reportsApi) : null;
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        AuditRequest request = input.toRequest(main.stdin, certs, certOptions);
        if (!certOptions.trustDomains.isEmpty()) {
            request = request.withTrustDomains(certOptions.trustDomains);
        }
        if (waivers != null) {
            request = request.withWaivers(waivers);
        }
        if (probe || probeAll) {
            request = request.withProbe(probeLimits.toOptions(List.of(), false, probeAll
                    ? org.meshaudit.probe.ProbeOptions.Services.ALL
                    : org.meshaudit.probe.ProbeOptions.Services.MTLS_REQUIRED, output.output));
        }
        org.meshaudit.api.StageListener stages = org.meshaudit.api.StageListener.NONE;
        if (main.verbose) {
            err.printf(java.util.Locale.ROOT, "meshaudit: %-9s %6.2f s%n", "jvm",
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
            stages = (stage, nanos, items) -> err.printf(java.util.Locale.ROOT, "meshaudit: %-9s %6.2f s  (%d)%n",
                    stage, nanos / 1e9, items);
        }
        AuditReport report = new AuditEngine().run(request, stages,
                new TerminalProgress(err, TerminalProgress.isTerminal(), quiet));
        output.run = new RunFacts(Duration.ofNanos(System.nanoTime() - started));
        History.Update trend = null;
        if (history != null) {
            trend = History.next(history, report, historyKeep);
            report = History.withTrend(report, trend.trend());
        }
        List<Path> files = new ArrayList<>();
        if (bundle != null) {
            AuditReport r = report;
            EvidenceBundle.Signer signer = signKey == null ? null : EvidenceBundle.loadSigner(signKey, signCert);
            for (String f : EvidenceBundle.write(bundle, r, dir -> OutputOptions.writeTo(dir, r, output.run, renderers), signer,
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
        if (api != null) {
            try (KubernetesClient client = KubeApi.client(KubeApi.fabric8Config(input.cluster.toOptions()))) {
                ReportPublisher.Outcome o = new ReportPublisher(client, api).publish(new PolicyReports(api).build(report));
                if (!quiet) {
                    spec.commandLine().getOut().println("Reports applied (" + api.apiVersion() + "): " + o.created()
                            + " created, " + o.replaced() + " replaced, " + o.deleted() + " outdated deleted");
                }
                o.warnings().forEach(w -> err.println("meshaudit: warning: " + w));
            } catch (ReportPublisher.PublishException e) {
                err.println("meshaudit: error: " + e.getMessage());
                err.println("  hint: the report files in " + output.output + " are complete; kubectl apply -k deploy/overlays/policy-reports grants the RBAC");
                err.flush();
                return ExitCodes.forPublishFailure(e.httpCode());
            }
        }
        int code = ExitCodes.forReport(report, threshold, failOnIncomplete);
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
            out.println("Exit " + code + ": " + (code == ExitCodes.OK && !report.complete()
                    ? "incomplete, not gated (--fail-on-incomplete=false); no FAIL at or above "
                    + (threshold == null ? "(none)" : threshold.label()) : ExitCodes.explain(code, threshold)));
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

    static PolicyReports.Api parseReportsApi(String s) {
        try {
            return PolicyReports.Api.parse(s);
        } catch (IllegalArgumentException e) {
            throw new org.meshaudit.api.UsageException("unknown --reports-api '" + s + "'", "use wgpolicyk8s or openreports");
        }
    }

    static Severity parseFailOn(String s) {
        return "none".equalsIgnoreCase(s) ? null : Severity.parse(s);
    }
}
