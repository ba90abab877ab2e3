package org.meshaudit.collect.cert;

import java.time.Instant;
import java.util.List;

/**
 * Everything read from one certificate, independent of where it was found and of the clock.
 *
 * @param sha256         lower-case hex sha256 of the DER
 * @param subject        subject DN (RFC 4514 order as BouncyCastle prints it), {@code ""} when empty
 * @param issuer         issuer DN
 * @param serial         serial number, lower-case hex
 * @param notBefore      start of validity
 * @param notAfter       end of validity
 * @param keyAlgorithm   {@code RSA}, {@code EC}, {@code Ed25519}, {@code Ed448}, {@code DSA} or {@code unknown}
 * @param keyBits        modulus / field / prime size in bits, 0 when unknown
 * @param curve          named curve ({@code P-256}, {@code secp256k1}, {@code brainpoolP256r1}, ...), {@code ""} otherwise
 * @param rsaExponent    RSA public exponent (capped at {@link Long#MAX_VALUE}), 0 for other keys
 * @param strengthBits   security strength per SP 800-57 Table 2, 0 when unknown
 * @param keyError       why the key could not be evaluated, or null
 * @param sigAlgorithm   signature algorithm name, e.g. {@code SHA256WITHRSA}
 * @param sigHash        {@code MD2}, {@code MD5}, {@code SHA1}, {@code SHA224}, {@code SHA256}, {@code SHA384},
 *                       {@code SHA512}, {@code EdDSA} (intrinsic hash) or {@code unknown}
 * @param ca             basicConstraints cA (or a self-issued v1 certificate)
 * @param pathLen        basicConstraints pathLenConstraint, or -1
 * @param keyUsage       key usage names, e.g. {@code digitalSignature}
 * @param eku            extended key usage names ({@code serverAuth}, {@code clientAuth}, ...) or OIDs
 * @param dns            dNSName SANs
 * @param ips            iPAddress SANs
 * @param uris           URI SANs
 * @param emails         rfc822Name SANs
 * @param otherSans      count of other SAN kinds
 * @param sansTruncated  SANs beyond the budget, not listed
 * @param selfIssued     subject equals issuer
 * @param ski            subject key identifier (hex) or {@code ""}
 * @param aki            authority key identifier (hex) or {@code ""}
 * @param sct            carries embedded Certificate Transparency SCTs (a public WebPKI marker)
 */
public record CertificateInfo(String sha256, String subject, String issuer, String serial, Instant notBefore,
                              Instant notAfter, String keyAlgorithm, int keyBits, String curve, long rsaExponent,
                              int strengthBits, String keyError, String sigAlgorithm, String sigHash, boolean ca,
                              int pathLen, List<String> keyUsage, List<String> eku, List<String> dns, List<String> ips,
                              List<String> uris, List<String> emails, int otherSans, int sansTruncated,
                              boolean selfIssued, String ski, String aki, boolean sct) {

    /** SPIFFE ids among the URI SANs. */
    public List<String> spiffeIds() {
        return uris.stream().filter(u -> u.regionMatches(true, 0, "spiffe://", 0, 9)).toList();
    }

    public int sanCount() {
        return dns.size() + ips.size() + uris.size() + emails.size() + otherSans + sansTruncated;
    }

    /** A self-signed CA: self-issued, and its key identifiers (when present) agree. */
    public boolean root() {
        return ca && selfIssued && (aki.isEmpty() || ski.isEmpty() || aki.equals(ski));
    }

    public long lifetimeSeconds() {
        return notAfter.getEpochSecond() - notBefore.getEpochSecond();
    }
}
