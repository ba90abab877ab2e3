package org.meshaudit.normalize.cert;

import java.util.Arrays;

/**
 * A DER encoding as a map key: equal when the bytes are (the hash computed once). Keys decoded from one encoding, and
 * signature checks under one key, are remembered by it.
 */
record Encoding(byte[] der, int hash) {
    Encoding(byte[] der) {
        this(der, Arrays.hashCode(der));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e && e.hash == hash && Arrays.equals(e.der, der);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
