package org.meshaudit.policies.zerotrust;

import org.meshaudit.testkit.PackFixtureTests;

/** Runs the fixtures of the certificate and key rules (KEY-*, SIG-*, CERT-*, CMGR-*) of this pack. */
class CertificateRuleFixturesTest extends PackFixtureTests {
    @Override
    protected boolean includesRule(String id) {
        return id.startsWith("KEY-") || id.startsWith("SIG-") || id.startsWith("CERT-") || id.startsWith("CMGR-");
    }
}
