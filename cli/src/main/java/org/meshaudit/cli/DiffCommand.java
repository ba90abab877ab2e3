package org.meshaudit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.meshaudit.api.Severity;
import org.meshaudit.api.UsageException;
import org.meshaudit.lifecycle.ReportDiff;
import org.meshaudit.report.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshaudit diff OLD.json NEW.json}: drift between two saved reports. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two saved reports: new, resolved and persisting findings (by stable result id), other "
                + "status changes, posture changes (ports that lost or gained enforced mTLS, dataplane changes) and "
                + "certificate changes. Exit 1 when a new finding is at or above --fail-on, 2 on bad input.")
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD.json", description = "The earlier audit.json.")
    Path from;

    @Parameters(index = "1", paramLabel = "NEW.json", description = "The later audit.json.")
    Path to;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (atomically) instead of stdout.")
    Path output;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            description = "Exit 1 when a new finding is at or above this severity, or none. Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Override
    public Integer call() throws Exception {
        Severity threshold = ScanCommand.parseFailOn(failOn);
        if (!format.equals("table") && !format.equals("json")) {
            throw new UsageException("unknown diff format '" + format + "'", "use table or json");
        }
        ReportDiff.Diff diff = ReportDiff.diff(ReportJson.read(from), ReportJson.read(to));
        byte[] bytes;
        if (format.equals("json")) {
            bytes = ReportDiff.json(diff);
        } else {
            StringWriter w = new StringWriter();
            ReportDiff.table(diff, new PrintWriter(w));
            bytes = w.toString().getBytes(StandardCharsets.UTF_8);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output != null) {
            org.meshaudit.AtomicFiles.write(output, bytes);
            out.println("Wrote " + output);
        } else {
            out.print(new String(bytes, StandardCharsets.UTF_8));
        }
        out.flush();
        return ExitCodes.forDiff(diff, threshold);
    }
}
