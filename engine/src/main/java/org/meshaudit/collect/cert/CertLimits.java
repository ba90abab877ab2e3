package org.meshaudit.collect.cert;

/**
 * Explicit budgets for reading untrusted certificate material (security-reliability.md 4.2). Exceeding one yields a
 * {@code limit-exceeded} collection issue for that blob, never a hang, a crash or a silent skip.
 *
 * @param maxBlobBytes          largest file, Secret value or ConfigMap value read at all
 * @param maxCertsPerBundle     certificates taken from one PEM bundle, PKCS#7, PKCS#12 or keystore
 * @param maxCertBytes          largest DER certificate
 * @param maxAsn1Depth          deepest nesting of constructed ASN.1 values in a certificate or extension
 * @param maxExtensionBytes     largest single extension value
 * @param maxSans               subject alternative names kept per certificate (the rest are counted)
 * @param maxPkcs12Iterations   highest PKCS#12 MAC or PBE iteration count accepted before any key derivation
 * @param maxChainPool          intermediates offered to one PKIX path build
 */
public record CertLimits(long maxBlobBytes, int maxCertsPerBundle, int maxCertBytes, int maxAsn1Depth,
                         int maxExtensionBytes, int maxSans, int maxPkcs12Iterations, int maxChainPool) {

    public static CertLimits defaults() {
        return new CertLimits(16L * 1024 * 1024, 5_000, 64 * 1024, 32, 16 * 1024, 1_000, 1_000_000, 1_000);
    }
}
