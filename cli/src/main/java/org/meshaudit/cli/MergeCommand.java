package org.meshaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meshaudit.api.EngineException;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.Severity;
import org.meshaudit.api.UsageException;
import org.meshaudit.lifecycle.ReportMerge;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** {@code meshaudit merge REPORT.json...}: one fleet report from many clusters' reports. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge saved reports of many clusters into one fleet report (cluster as an extra subject "
                + "dimension, ids derived from cluster and original id, summaries and framework roll-ups recomputed, "
                + "every input recorded in metadata.inputs). Exit as scan (default --fail-on none); 2 for "
                + "incompatible or unreadable inputs.")
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "REPORT.json", arity = "1..*", description = "Saved audit.json files.")
    List<Path> reports = new ArrayList<>();

    @Option(names = "--name", paramLabel = "FILE=NAME",
            description = "Cluster name of one input (default: the last path segment of its metadata.source).")
    List<String> names = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "none",
            description = "Exit 1 when a FAIL at or above this severity exists, or none. Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Severity threshold = ScanCommand.parseFailOn(failOn);
        List<Renderer> renderers = output.selected();
        Map<Path, String> named = new LinkedHashMap<>();
        for (String n : names) {
            int eq = n.lastIndexOf('=');
            if (eq <= 0 || eq == n.length() - 1) {
                throw new UsageException("--name '" + n + "' is not FILE=NAME");
            }
            named.put(key(Path.of(n.substring(0, eq))), n.substring(eq + 1));
        }
        List<ReportMerge.Input> inputs = new ArrayList<>();
        for (Path p : reports) {
            byte[] bytes = read(p);
            checkApiVersion(p, bytes);
            AuditReport r = ReportJson.read(p);
            String name = named.remove(key(p));
            inputs.add(new ReportMerge.Input(r, name != null ? name : ReportMerge.defaultName(r), sha256(bytes)));
        }
        if (!named.isEmpty()) {
            throw new UsageException("--name given for a file that is not an input: " + named.keySet().iterator().next());
        }
        AuditReport merged = ReportMerge.merge(inputs);
        List<Path> files = output.write(merged, renderers);
        PrintWriter out = spec.commandLine().getOut();
        var s = merged.summary();
        out.printf("Merged %d report(s): %s%n", inputs.size(), merged.metadata().source());
        out.printf("Results: %d   PASS %d   FAIL %d   WAIVED %d   ERROR %d   workload ports with enforced mTLS: %d/%d%n",
                s.results(), s.byStatus().get("PASS"), s.byStatus().get("FAIL"), s.byStatus().get("WAIVED"),
                s.byStatus().get("ERROR"), s.mtlsEnforcedPorts(), s.workloadPorts());
        for (Path f : files) {
            out.println("Wrote " + f);
        }
        out.flush();
        return ExitCodes.forReport(merged, threshold);
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UsageException("cannot read " + p + ": " + e.getMessage());
        }
    }

    /** Rejects reports of another apiVersion with a clear message before reading them as v1. */
    private static void checkApiVersion(Path p, byte[] bytes) {
        String api;
        try {
            api = JsonMapper.builder().build().readTree(bytes).path("apiVersion").asString(null);
        } catch (JacksonException e) {
            throw new UsageException(p + " is not JSON: " + String.valueOf(e.getOriginalMessage()).split("\\R", 2)[0]);
        }
        if (!AuditReport.API_VERSION.equals(api)) {
            throw new UsageException("incompatible apiVersion " + api + " in " + p + ": this meshaudit merges "
                    + AuditReport.API_VERSION + " reports", "re-render it with a matching meshaudit version");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new EngineException("SHA-256 unavailable", e);
        }
    }
}
