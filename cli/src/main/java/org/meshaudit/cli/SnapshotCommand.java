package org.meshaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.meshaudit.collect.cluster.ClusterCollector;
import org.meshaudit.collect.cluster.SnapshotFile;
import org.meshaudit.model.KindCoverage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshaudit snapshot -o FILE}: save the collected, redacted cluster state for offline re-audits. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Read the live cluster and save its redacted state (objects, per-resource coverage, issues, source) to FILE. 'meshaudit scan --snapshot FILE' re-audits it with the results of a live scan.")
public final class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterConnection cluster;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Snapshot file to write (atomically).")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClusterCollector collector = new ClusterCollector(cluster.toOptions(),
                new TerminalProgress(err, TerminalProgress.isTerminal(), quiet));
        int notRead = 0;
        java.util.List<KindCoverage> covered;
        try (SnapshotFile.Writer w = new SnapshotFile.Writer(output)) {
            collector.run(w);
            covered = w.coverageRecorded();
        }
        for (KindCoverage c : covered) {
            if (c.state().unknown()) {
                notRead++;
                if (!quiet) {
                    err.println("meshaudit: not read: " + c.groupKind() + " (" + c.state().label() + "): " + c.detail());
                }
            }
        }
        if (!quiet) {
            out.println("Snapshot " + output + ": " + collector.objectsRead() + " objects, " + covered.size()
                    + " resources (" + notRead + " not read), " + collector.requests() + " API requests");
        }
        out.flush();
        return notRead == 0 ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }
}
