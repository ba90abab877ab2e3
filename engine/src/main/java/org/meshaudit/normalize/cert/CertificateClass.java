package org.meshaudit.normalize.cert;

import org.meshaudit.collect.cert.CertificateInfo;
import java.util.List;
import java.util.Locale;

/**
 * Tells mesh workload certificates (SPIFFE SVIDs and certificates from a mesh CA), public WebPKI certificates and
 * private PKI certificates apart, so that each is judged by its own rules (a 24-hour SVID is not a web certificate).
 */
public final class CertificateClass {
    public static final String MESH = "mesh-workload";
    public static final String PUBLIC = "public-webpki";
    public static final String PRIVATE = "private";

    /** Organisations of publicly trusted TLS CAs (issuer O= or CN= contains one); SCTs catch the rest. */
    static final List<String> PUBLIC_CAS = List.of("let's encrypt", "digicert", "sectigo", "comodo", "globalsign",
            "godaddy", "go daddy", "google trust services", "amazon", "entrust", "zerossl", "buypass", "identrust",
            "certum", "ssl.com", "microsoft azure", "actalis", "harica", "quovadis", "thawte", "geotrust",
            "rapidssl", "starfield", "telia", "swisssign");

    private CertificateClass() {
    }

    /**
     * @param meshIssuer the issuer is a mesh CA (its certificate came from istio-ca-secret, cacerts or
     *                   linkerd-identity-issuer, or its name is a mesh CA's default name)
     */
    public static String of(CertificateInfo c, boolean meshIssuer) {
        // a SPIFFE id makes an SVID; a mesh-issued certificate with DNS/IP names is a server certificate, while one
        // with no name at all is a (broken) SVID
        boolean named = !c.dns().isEmpty() || !c.ips().isEmpty();
        if (!c.ca() && (!c.spiffeIds().isEmpty() || (meshIssuer && !named))) {
            return MESH;
        }
        if (c.sct() || publicIssuer(c.issuer())) {
            return PUBLIC;
        }
        return PRIVATE;
    }

    static boolean publicIssuer(String issuerDn) {
        String s = issuerDn.toLowerCase(Locale.ROOT);
        for (String ca : PUBLIC_CAS) {
            if (s.contains("o=" + ca) || s.contains("cn=" + ca)) {
                return true;
            }
        }
        return false;
    }

    /** Default names of the Istio and Linkerd CAs (IST-CA-1, LKD-ID-1). */
    static boolean meshCaName(String dn) {
        String s = dn.toLowerCase(Locale.ROOT);
        return s.contains("o=cluster.local") || s.contains("identity.linkerd.cluster.local")
                || s.contains("root.linkerd.cluster.local");
    }
}
