package org.meshaudit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshaudit posture}: print the effective mTLS posture of every workload and port. */
@Command(name = "posture", mixinStandardHelpOptions = true,
        description = "Print the effective mTLS posture of every workload and port, as Istio and Linkerd compute it. Exit 3 if any port could not be evaluated.")
public final class PostureCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--json", description = "Print the posture section as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        AuditReport report = new AuditEngine().run(input.toRequest(main.stdin));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(new String(ReportJson.toBytes(new AuditReport(report.apiVersion(), report.kind(),
                    report.metadata(), report.summary(), java.util.List.of(), java.util.List.of(), report.posture(),
                    java.util.List.of(), report.collection())), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            SummaryPrinter.posture(report, out);
            var s = report.summary();
            out.printf("%nWorkload ports with enforced mTLS: %d/%d; ports not evaluated: %d; collection issues: %d%n",
                    s.mtlsEnforcedPorts(), s.workloadPorts(), s.errorPorts(), s.collectionIssues());
        }
        out.flush();
        return report.summary().errorPorts() > 0 || !report.collection().issues().isEmpty() ? ExitCodes.INCOMPLETE
                : ExitCodes.OK;
    }
}
