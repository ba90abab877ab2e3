package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which command lines start loading the packs and rule base before picocli has read them ({@link Main#audits}). */
class PreloadArgsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "scan --manifests x                   | true",
            "--verbose scan --manifests x         | true",
            "posture --manifests x                | true",
            "certs --certs x.pem                  | true",
            "probe --manifests x                  | true",
            "scan --help                          | false",
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
}
