package org.meshaudit.policies.zerotrust;

import org.meshaudit.testkit.PackFixtureTests;

/** Runs every fixture of the zero-trust pack and its meta-tests. */
class ZeroTrustPackTest extends PackFixtureTests {
}
