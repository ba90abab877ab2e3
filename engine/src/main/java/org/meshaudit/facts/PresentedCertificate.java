package org.meshaudit.facts;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * A certificate an endpoint presented on the wire (issue 10). The DER is kept as observed so that a certificate
 * inventory (issue 3) can consume it unchanged; the other fields are parsed for evidence.
 *
 * @param der       the certificate as sent by the server
 * @param position  0 = leaf, then the chain in the order the server sent it
 * @param subject   RFC 2253 subject, or null when the DER does not parse
 * @param issuer    RFC 2253 issuer, or null
 * @param spiffeId  the first {@code spiffe://} URI SAN, or null
 * @param notBefore ISO-8601, or null
 * @param notAfter  ISO-8601, or null
 * @param error     why the DER could not be parsed, or null
 */
public record PresentedCertificate(byte[] der, int position, String subject, String issuer, String spiffeId,
                                   String notBefore, String notAfter, String error) {

    public static PresentedCertificate parse(byte[] der, int position) {
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new PresentedCertificate(der, position, c.getSubjectX500Principal().getName(),
                    c.getIssuerX500Principal().getName(), spiffe(c), c.getNotBefore().toInstant().toString(),
                    c.getNotAfter().toInstant().toString(), null);
        } catch (CertificateException | RuntimeException e) {
            return new PresentedCertificate(der, position, null, null, null, null, null,
                    "unparseable certificate: " + e.getMessage());
        }
    }

    private static String spiffe(X509Certificate c) {
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(6).equals(san.get(0)) && String.valueOf(san.get(1)).startsWith("spiffe://")) {
                        return String.valueOf(san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return null;
        }
        return null;
    }

    /** One line for evidence. */
    public String summary() {
        if (error != null) {
            return "#" + position + " " + error;
        }
        return "#" + position + " subject=" + subject + "; issuer=" + issuer
                + (spiffeId == null ? "" : "; spiffe=" + spiffeId) + "; valid " + notBefore + " .. " + notAfter;
    }
}
