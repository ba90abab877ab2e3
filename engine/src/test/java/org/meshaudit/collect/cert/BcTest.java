package org.meshaudit.collect.cert;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.Security;
import org.bouncycastle.jcajce.util.BCJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/** The engine's provider is BouncyCastle's internal instance, never one installed in the JVM. */
class BcTest {
    @Test
    void oneInstanceForTheEngineAndBouncyCastleInternals() {
        assertInstanceOf(BouncyCastleProvider.class, Bc.PROVIDER);
        assertNull(Security.getProvider("BC"), "the engine installs no provider globally");
        assertSame(new BCJcaJceHelper().getProvider(), Bc.PROVIDER);
    }
}
