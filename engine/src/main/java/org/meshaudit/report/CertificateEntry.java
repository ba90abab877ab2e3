package org.meshaudit.report;

import java.util.List;

/**
 * One distinct certificate of the inventory ({@code certificates[]}, INV-001 evidence): what it is, how it is judged
 * at the audit clock, and every place it was read from.
 *
 * @param fingerprint sha256 of the DER, {@code sha256:<hex>}
 * @param subject     subject DN
 * @param issuer      issuer DN
 * @param serial      serial number (hex)
 * @param validity    validity window and its state at the clock
 * @param key         public key
 * @param signature   signature algorithm
 * @param sans        subject alternative names
 * @param keyUsage    key usage names
 * @param eku         extended key usage names or OIDs
 * @param ca          basicConstraints cA
 * @param pathLen     path length constraint, or null
 * @param certClass   {@code mesh-workload}, {@code private} or {@code public-webpki}
 * @param roles       {@code leaf} or {@code ca}, plus {@code root} and {@code trust-anchor} where they apply
 * @param chain       path validation against the certificate's trust bundle
 * @param sources     where it was read, sorted
 */
public record CertificateEntry(String fingerprint, String subject, String issuer, String serial, Validity validity,
                               Key key, Signature signature, Sans sans, List<String> keyUsage, List<String> eku,
                               boolean ca, Integer pathLen, String certClass, List<String> roles, Chain chain,
                               List<Source> sources) {

    /**
     * @param notBefore RFC 3339 UTC
     * @param notAfter  RFC 3339 UTC
     * @param lifetime  notAfter − notBefore, e.g. {@code 90d}, {@code 24h}
     * @param remaining left at the clock, e.g. {@code 12d}, {@code expired 3d ago}
     * @param state     {@code valid}, {@code expired} or {@code not-yet-valid}
     */
    public record Validity(String notBefore, String notAfter, String lifetime, String remaining, String state) {
    }

    /**
     * @param algorithm    RSA, EC, Ed25519, Ed448, DSA or unknown
     * @param bits         key size in bits (0 when unknown)
     * @param curve        named curve, or null
     * @param rsaExponent  RSA public exponent, or null
     * @param strengthBits SP 800-57 security strength
     * @param error        why the key could not be evaluated, or null
     */
    public record Key(String algorithm, int bits, String curve, Long rsaExponent, int strengthBits, String error) {
    }

    /** @param hash digest used by the signature ({@code EdDSA} for intrinsic) */
    public record Signature(String algorithm, String hash) {
    }

    /** @param truncated names beyond the listing budget */
    public record Sans(List<String> dns, List<String> ip, List<String> uri, List<String> email, List<String> spiffe,
                       int other, int truncated) {
    }

    /**
     * @param status {@code valid}, {@code invalid}, {@code no-trust-anchor} or {@code anchor}
     * @param reason why it is not valid, or null
     * @param path   subject DNs from the certificate to the anchor when valid
     */
    public record Chain(String status, String reason, List<String> path) {
    }

    /**
     * @param location  e.g. {@code Secret/shop/web-tls[tls.crt]#1} or {@code certs/web.pem#1}
     * @param origin    {@code file} or the Kubernetes kind
     * @param namespace namespace, or null
     * @param role      {@code chain} or {@code trust}
     * @param format    pem, der, pkcs7, pkcs12, jks
     */
    public record Source(String location, String origin, String namespace, String role, String format) {
    }
}
