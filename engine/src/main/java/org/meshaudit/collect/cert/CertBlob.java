package org.meshaudit.collect.cert;

import org.bouncycastle.asn1.x509.Certificate;

/**
 * One certificate as read, structurally checked against the {@link CertLimits}: its DER, its sha256 and where it came
 * from. Never holds private key material.
 *
 * @param der         the DER encoding
 * @param sha256      lower-case hex sha256 of {@code der} (the certificate's identity)
 * @param certificate the parsed ASN.1 structure (shared between blobs with the same sha256)
 * @param source      provenance
 */
public record CertBlob(byte[] der, String sha256, Certificate certificate, CertSource source) {
}
