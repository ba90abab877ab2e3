package org.meshaudit.normalize.cert;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Public keys decoded once per subjectPublicKeyInfo encoding, for all the certificates of one validation. Path
 * validation asks every certificate on every path for its key, and BouncyCastle decodes it anew for each certificate
 * object: for RSA that includes a Miller-Rabin test of the modulus (BouncyCastle's check that it is composite), three
 * 3072-bit modular exponentiations, which on a cold JVM took a few hundred milliseconds per key and ran on both
 * threads at once for the same key. The key is a pure function of the encoding, so sharing it changes no outcome; a
 * decoding that fails or finds no key is not remembered and fails again for each certificate, as before.
 */
final class PublicKeys {
    /**
     * Entries kept at most: leaves usually have keys of their own, and a cluster's worth of them should not stay on
     * the heap for the whole validation; past this, keys are decoded per certificate as without the cache.
     */
    static final int MAX_ENTRIES = 4096;

    private final ConcurrentHashMap<Encoding, PublicKey> keys = new ConcurrentHashMap<>();

    /**
     * The public key of {@code cert}, whose subjectPublicKeyInfo is encoded as {@code spki}: the one decoded first for
     * that encoding. A concurrent request for the same encoding waits for the first decoding rather than repeating it.
     */
    PublicKey of(byte[] spki, X509Certificate cert) {
        Encoding e = new Encoding(spki);
        PublicKey known = keys.get(e);
        if (known != null) {
            return known;
        }
        if (keys.size() >= MAX_ENTRIES) {
            return cert.getPublicKey();
        }
        // null (no key) is not stored, and an exception leaves no entry: both recur per certificate, as uncached
        return keys.computeIfAbsent(e, k -> cert.getPublicKey());
    }
}
