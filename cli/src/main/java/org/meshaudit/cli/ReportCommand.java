package org.meshaudit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.meshaudit.api.Renderer;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshaudit report --from audit.json}: re-render a saved report without touching a cluster. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Re-render formats from a saved audit.json.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "FILE", required = true, description = "A saved audit.json.")
    Path from;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        List<Renderer> renderers = output.selected();
        AuditReport report = ReportJson.read(from);
        for (Path f : output.write(report, renderers)) {
            spec.commandLine().getOut().println("Wrote " + f);
        }
        return ExitCodes.OK;
    }
}
