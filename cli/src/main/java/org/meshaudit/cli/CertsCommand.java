package org.meshaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.Severity;
import org.meshaudit.api.UsageException;
import org.meshaudit.report.AuditReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshaudit certs PATH...}: inventory and judge certificate files, without a cluster. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Inventory certificate files (PEM bundles, DER, PKCS#7, PKCS#12, JKS; directories are walked), "
                + "evaluate the key, signature, lifetime, expiry, EKU, identity and chain rules, and write "
                + "DIR/audit.json with certificates[], the results and the collection issues.")
public final class CertsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Certificate files or directories.")
    List<String> paths = new ArrayList<>();

    @Mixin
    CertOptions certs;

    @Mixin
    OutputOptions output;

    @Option(names = "--as-of", paramLabel = "ISO-8601", description = "Clock for expiry and date-aware thresholds. Default: now.")
    String asOf;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "baseline",
            description = "Threshold profile: baseline, strict, bsi, fips. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--policy-dir", paramLabel = "DIR", description = "Additional rule pack directory.")
    List<Path> policyDirs = new ArrayList<>();

    @Option(names = "--rule", paramLabel = "ID", split = ",", description = "Only report these rule ids.")
    List<String> rules = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            description = "Exit 1 when a FAIL at or above this severity exists (or none). Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Severity threshold = ScanCommand.parseFailOn(failOn);
        if (!InputOptions.PROFILES.contains(profile)) {
            throw new UsageException("unknown profile '" + profile + "'", "use one of baseline, strict, bsi, fips");
        }
        List<Renderer> renderers = output.selected();
        AuditRequest request = new AuditRequest(List.of(), main.stdin, InputOptions.parseAsOf(asOf),
                new LinkedHashSet<>(List.of("zero-trust")), profile, null, policyDirs, new LinkedHashSet<>(rules),
                false, null, paths, certs.trustBundles, certs.password()).withTrustDomains(certs.trustDomains);
        AuditReport report = new AuditEngine().run(request);
        List<Path> files = output.write(report, renderers);
        int code = ExitCodes.forReport(report, threshold);
        PrintWriter out = spec.commandLine().getOut();
        if (!quiet) {
            out.println("Certificates: " + report.certificates().size() + " distinct");
            SummaryPrinter.summary(report, files, out);
            out.println("Exit " + code + ": " + ExitCodes.explain(code, threshold));
        }
        out.flush();
        return code;
    }
}
