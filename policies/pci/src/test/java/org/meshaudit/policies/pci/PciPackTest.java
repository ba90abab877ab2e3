package org.meshaudit.policies.pci;

import org.meshaudit.testkit.PackFixtureTests;

/** Runs every fixture of the PCI DSS pack and its meta-tests; PCI-only checks carry the PCI- prefix. */
class PciPackTest extends PackFixtureTests {
    @Override
    protected boolean allowedId(String id) {
        return id.startsWith("PCI-");
    }
}
