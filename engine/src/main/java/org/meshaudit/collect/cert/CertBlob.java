package org.meshaudit.collect.cert;

import org.bouncycastle.asn1.x509.Certificate;

/**
 * One certificate as read, structurally checked against the {@link CertLimits}: its DER, its sha256, the facts read
 * from it, and where it came from. The ASN.1 tree is not kept (on a large cluster the trees of every certificate
 * would be a large part of the heap): {@link #certificate()} parses the DER again when a tree is needed. Never holds
 * private key material.
 *
 * @param der    the DER encoding (one array for every blob of the same sha256 a reader returns)
 * @param sha256 lower-case hex sha256 of {@code der} (the certificate's identity)
 * @param info   the facts read from it (one instance for every blob of the same sha256 a reader returns)
 * @param source provenance
 */
public record CertBlob(byte[] der, String sha256, CertificateInfo info, CertSource source) {

    /** The certificate's ASN.1 structure, parsed anew from {@link #der} (read and checked before, so it parses). */
    public Certificate certificate() {
        return Certificate.getInstance(der);
    }

    /**
     * The subjectPublicKeyInfo element, copied from {@link #der} as it is encoded there, or null when the DER does
     * not have the expected shape: certificates with equal copies hold the same public key.
     */
    public byte[] publicKeyInfo() {
        int[] at = DerSlices.subjectPublicKeyInfo(der);
        return at == null ? null : java.util.Arrays.copyOfRange(der, at[0], at[1]);
    }
}
