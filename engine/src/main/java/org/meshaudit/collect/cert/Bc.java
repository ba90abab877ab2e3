package org.meshaudit.collect.cert;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jcajce.util.BCJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one BouncyCastle provider instance the engine uses; it is passed explicitly, never installed globally. */
public final class Bc {
    /**
     * The instance BouncyCastle creates for its own internals (its X.509 certificates verify their signatures through
     * it, its PKIX classes look up their algorithms there): a provider of our own was a second construction of the
     * whole algorithm table at the start of chain validation. When a BouncyCastle provider is installed in the JVM
     * (by an embedding application), those internals use that one, and the engine keeps a fresh instance of its own.
     */
    public static final Provider PROVIDER = ownOrInternal();

    private Bc() {
    }

    private static Provider ownOrInternal() {
        Provider internal = new BCJcaJceHelper().getProvider();
        return internal instanceof BouncyCastleProvider && internal != Security.getProvider("BC") ? internal
                : new BouncyCastleProvider();
    }
}
