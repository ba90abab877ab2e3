package org.meshaudit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh.trustDomains} in meshaudit.yaml: the expected SPIFFE trust domains declared by the auditor. */
class AuditConfigTrustDomainsTest {
    @TempDir
    Path dir;

    AuditConfig read(String yaml) throws Exception {
        Path f = dir.resolve("meshaudit.yaml");
        Files.writeString(f, yaml);
        return AuditConfig.read(f);
    }

    @Test
    void readsTheDeclaredTrustDomains() throws Exception {
        assertEquals(List.of("prod.example.org", "cluster.local"),
                read("mesh:\n  trustDomains: [prod.example.org, cluster.local]\n").trustDomains());
        assertEquals(List.of(), read("mesh: {assumeDefaults: true}\n").trustDomains());
        assertEquals(List.of(), AuditConfig.empty().trustDomains());
    }

    @Test
    void rejectsWhatIsNotAListOfTrustDomains() {
        UsageException e = assertThrows(UsageException.class, () -> read("mesh:\n  trustDomains: cluster.local\n"));
        assertTrue(e.getMessage().contains("mesh.trustDomains must be a list"), e.getMessage());
        e = assertThrows(UsageException.class, () -> read("mesh:\n  trustDomains: [\"spiffe://cluster.local\"]\n"));
        assertTrue(e.getMessage().contains("is not a SPIFFE trust domain"), e.getMessage());
    }
}
