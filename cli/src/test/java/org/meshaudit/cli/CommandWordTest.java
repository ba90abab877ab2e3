package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the command word of a command line decides before picocli reads it: whether the packs and rule base start
 * loading ({@link Main#audits}), and which subcommands picocli is given ({@link Main#commandLine}).
 */
class CommandWordTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "scan --manifests x                   | true",
            "--verbose scan --manifests x         | true",
            "posture --manifests x                | true",
            "certs --certs x.pem                  | true",
            "probe --manifests x                  | true",
            "scan --help                          | false",
            "scan --manifests x --framework pci   | false",
            "scan --framework=pci --manifests x   | false",
            "scan --manifests x --policy-dir p    | false",
            "scan -h                              | false",
            "--version                            | false",
            "report --from a.json --format pdf    | false",
            "diff a.json b.json                   | false",
            "policies list                        | false",
            "help scan                            | false",
            "''                                   | false"})
    void onlyAuditingCommandsPreload(String line, boolean expected) {
        String[] args = line.isBlank() ? new String[0] : line.strip().split("\\s+");
        assertEquals(expected, Main.audits(args));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "scan --manifests x          | scan",
            "--verbose report --from a   | report",
            "policies list               | policies",
            "''                          | all",
            "--help                      | all",
            "help scan                   | all",
            "scna                        | all"})
    void picocliReadsOnlyTheSubcommandNamed(String line, String expected) {
        String[] args = line.isBlank() ? new String[0] : line.strip().split("\\s+");
        List<String> names = List.copyOf(Main.commandLine(new Main(), args).getSubcommands().keySet());
        assertEquals(expected.equals("all") ? List.of("scan", "certs", "posture", "report", "policies", "snapshot",
                "preflight", "probe", "diff", "merge", "verify", "help") : List.of(expected), names);
    }
}
