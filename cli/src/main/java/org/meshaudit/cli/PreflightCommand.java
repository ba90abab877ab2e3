package org.meshaudit.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.meshaudit.collect.cluster.ClusterCollector;
import org.meshaudit.collect.cluster.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshaudit preflight}: which reads the API server allows, and what will therefore not be audited. */
@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = "Ask the API server (SelfSubjectAccessReview) whether each read a scan needs is allowed, and print what will not be audited. Exit 0 when every read is allowed, 3 when something will not be audited.")
public final class PreflightCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterConnection cluster;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Preflight.Check> checks = new ClusterCollector(cluster.toOptions()).preflight();
        out.printf("%-8s %-5s %-52s %s%n", "VERDICT", "VERB", "RESOURCE", "SCOPE / REASON");
        for (Preflight.Check c : checks) {
            String why = c.reason().isEmpty() ? c.scope() : c.scope() + ": " + c.reason();
            out.printf("%-8s %-5s %-52s %s%n", c.verdict().name().toLowerCase(java.util.Locale.ROOT), c.verb(),
                    c.resource() + " (" + c.kind() + ")", why);
        }
        List<String> blocked = Preflight.notAudited(checks);
        out.println();
        if (blocked.isEmpty()) {
            out.println("Every planned read is allowed (or not served by the cluster).");
        } else {
            out.println("Will not be audited (" + blocked.size() + "):");
            blocked.forEach(b -> out.println("  " + b));
        }
        out.flush();
        return blocked.isEmpty() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }
}
