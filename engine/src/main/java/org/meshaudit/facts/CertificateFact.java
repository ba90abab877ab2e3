package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One distinct X.509 certificate (deduplicated by the sha256 of its DER), with every place it was found and what the
 * engine derived about it at the audit clock under the selected profile. Subject reference:
 * {@code meshaudit.org/v1 X509Certificate/<first 16 hex digits of the sha256>}.
 *
 * <p>Traits: the class ({@code mesh-workload}, {@code private}, {@code public-webpki}); the role ({@code leaf},
 * {@code ca}, {@code root} for a self-signed CA, {@code trust-anchor} for a root or a certificate read from a trust
 * bundle); the key family ({@code key-rsa}, {@code key-ec}, {@code key-eddsa}, {@code key-dsa}, {@code key-unreadable});
 * {@code short-lived} (lifetime of 7 days or less); {@code profile-<name>}; {@code after-2030} (the clock is in 2031 or
 * later).
 *
 * <p>Bands are computed in Java (normalize.cert) so that rules stay declarative:
 * <ul>
 *   <li>{@code lifetimeBand}: {@code within}, {@code over-recommended}, {@code over-max} (CERT-001, leaves)</li>
 *   <li>{@code expiryBand}: {@code ok}, {@code expired}, {@code not-yet-valid}, {@code window-7d},
 *       {@code window-30d}, {@code window-45d}, {@code rotation-stalled} (CERT-002, leaves)</li>
 *   <li>{@code caExpiryBand}: {@code ok}, {@code expired}, {@code not-yet-valid}, {@code window-30d},
 *       {@code window-90d}, {@code window-180d} (CERT-003)</li>
 *   <li>{@code caLifetimeBand}: {@code ok}, {@code long-intermediate} (&gt; 5 years), {@code long-root}
 *       (&gt; 25 years) (CERT-003)</li>
 *   <li>{@code chainStatus}: {@code valid}, {@code invalid}, {@code no-trust-anchor}, {@code anchor} (CERT-007)</li>
 *   <li>{@code trustDomainCheck}: {@code ""} (no SPIFFE id), {@code expected}, {@code unexpected}, {@code unknown}
 *       (a mesh's configured trust domain is not in the input) (CERT-005)</li>
 * </ul>
 *
 * <p>Uses, from the objects that reference the certificate's Secret or from the active probe: trait {@code served}
 * (an Ingress, Istio Gateway server or Gateway API listener serves it; {@code uncoveredHosts} lists the hosts its SANs
 * do not cover), {@code mtls-client} (a DestinationRule presents it as an mTLS client certificate), {@code strict-port}
 * (a probed endpoint whose effective posture requires mTLS presented it).
 */
public final class CertificateFact implements Subject {
    private final SubjectRef ref;
    private final Map<String, Object> values;
    private final Set<String> traits;
    private final List<String> sources;
    private final Set<String> scopeNamespaces;

    /**
     * @param ref     subject reference
     * @param values  derived values by property name (see the getters)
     * @param traits  classification
     * @param sources every location the certificate was read from, sorted
     */
    public CertificateFact(SubjectRef ref, Map<String, Object> values, Set<String> traits, List<String> sources) {
        this(ref, values, traits, sources, Set.of(""));
    }

    /**
     * @param scopeNamespaces namespaces of the objects the certificate was read from ({@code ""} for cluster-wide
     *                        objects and files): it is in a framework's scope when one of them is
     */
    public CertificateFact(SubjectRef ref, Map<String, Object> values, Set<String> traits, List<String> sources,
                           Set<String> scopeNamespaces) {
        this.scopeNamespaces = Set.copyOf(new TreeSet<>(scopeNamespaces));
        this.ref = ref;
        this.values = Map.copyOf(values);
        this.traits = Canonical.set(traits);
        this.sources = List.copyOf(sources);
    }

    @Override public SubjectRef getRef() { return ref; }
    /** Always null: certificates that cannot be parsed are collection issues, not facts. */
    @Override public String getError() { return null; }
    @Override public Set<String> getTraits() { return traits; }

    /** Locations the certificate was read from, e.g. {@code Secret/shop/web-tls[tls.crt]#1}, sorted. */
    public List<String> getSources() { return sources; }
    @Override public Set<String> getScopeNamespaces() { return scopeNamespaces; }
    /** " (from X)" or " (from X and N more)", appended to finding messages. */
    public String getOrigin() {
        return " (" + str("subject") + "; from " + sources.get(0)
                + (sources.size() > 1 ? " and " + (sources.size() - 1) + " more" : "") + ")";
    }

    public String getFingerprint() { return str("sha256"); }
    public String getSubjectDn() { return str("subject"); }
    public String getIssuerDn() { return str("issuer"); }
    public String getCertClass() { return str("class"); }
    public boolean isCa() { return bool("ca"); }
    public boolean isRoot() { return traits.contains("root"); }
    public boolean isTrustAnchor() { return traits.contains("trust-anchor"); }
    public boolean isSelfIssued() { return bool("selfIssued"); }
    public String getKeyAlgorithm() { return str("keyAlgorithm"); }
    public int getKeyBits() { return num("keyBits"); }
    public String getCurve() { return str("curve"); }
    public long getRsaExponent() { return ((Number) values.get("rsaExponent")).longValue(); }
    public int getStrengthBits() { return num("strengthBits"); }
    /** Why the key could not be evaluated, or {@code ""}. */
    public String getKeyError() { return str("keyError"); }
    /** The curve is in the profile's approved set (P-256/384/521; Brainpool under {@code bsi}). */
    public boolean isCurveApproved() { return bool("curveApproved"); }
    /** Tags for KEY-002 severity: {@code below-3000} when the modulus is under 3000 bits. */
    public String getKeyTags() { return str("keyTags"); }
    public String getSigAlgorithm() { return str("sigAlgorithm"); }
    /** MD2, MD4, MD5, SHA1, SHA224, SHA256, SHA384, SHA512, EdDSA or unknown. */
    public String getSigHash() { return str("sigHash"); }
    @SuppressWarnings("unchecked")
    public List<String> getEku() { return (List<String>) values.get("eku"); }
    @SuppressWarnings("unchecked")
    public List<String> getDnsNames() { return (List<String>) values.get("dns"); }
    @SuppressWarnings("unchecked")
    public List<String> getIpAddresses() { return (List<String>) values.get("ips"); }
    @SuppressWarnings("unchecked")
    public List<String> getSpiffeIds() { return (List<String>) values.get("spiffe"); }
    public int getSanCount() { return num("sanCount"); }
    /** DNS and IP SANs in one list, for messages. */
    public List<String> getSanNames() {
        List<String> out = new java.util.ArrayList<>(getDnsNames());
        out.addAll(getIpAddresses());
        return out;
    }
    public boolean hasEku(String name) { return getEku().contains(name); }
    public boolean isEkuPresent() { return !getEku().isEmpty(); }
    public String getLifetime() { return str("lifetime"); }
    public String getLifetimeBand() { return str("lifetimeBand"); }
    /** e.g. {@code recommended 24h, maximum 90d}. */
    public String getLifetimeLimit() { return str("lifetimeLimit"); }
    public String getExpiryBand() { return str("expiryBand"); }
    public String getCaExpiryBand() { return str("caExpiryBand"); }
    public String getCaLifetimeBand() { return str("caLifetimeBand"); }
    /** What is left of the validity at the clock, e.g. {@code 12d} or {@code expired 3d ago}. */
    public String getRemaining() { return str("remaining"); }
    public String getNotBefore() { return str("notBefore"); }
    public String getNotAfter() { return str("notAfter"); }
    /** A leaf issued by this CA that outlives it, or {@code ""}. */
    public String getOutlivedBy() { return str("outlivedBy"); }
    public String getChainStatus() { return str("chainStatus"); }
    public String getChainReason() { return str("chainReason"); }
    /** Trust domains of the SPIFFE ids, lower case ({@code (none)} for an id without one). */
    public List<String> getTrustDomains() { return list("trustDomains"); }
    /** {@code ""}, {@code expected}, {@code unexpected} or {@code unknown}. */
    public String getTrustDomainCheck() { return str("trustDomainCheck"); }
    /** The SPIFFE trust domains that are not the mesh's. */
    public List<String> getUnexpectedTrustDomains() { return list("unexpectedTrustDomains"); }
    /** What the meshes of the input expect, and where that came from (or why it is unknown). */
    public String getExpectedTrustDomains() { return str("expectedTrustDomains"); }
    /** Entry points that serve the certificate: {@code Ingress/ns/name via Secret/ns/name for host, ...}. */
    public List<String> getServedBy() { return list("servedBy"); }
    /** Hosts an entry point serves the certificate for that its SANs do not cover: {@code host (referrer)}. */
    public List<String> getUncoveredHosts() { return list("uncoveredHosts"); }
    /** DestinationRules that present the certificate as an mTLS client certificate. */
    public List<String> getClientUses() { return list("clientUses"); }
    /** Probed endpoints that presented the certificate. */
    public List<String> getPresentedBy() { return list("presentedBy"); }
    /** Probed endpoints whose effective posture requires mTLS (STRICT) that presented the certificate. */
    public List<String> getPresentedOnStrict() { return list("presentedOnStrict"); }
    /** {@code "; presented on STRICT port(s) X"} or {@code ""}, for finding messages. */
    public String getStrictUseNote() {
        List<String> s = getPresentedOnStrict();
        return s.isEmpty() ? "" : "; in use: presented on STRICT port(s) " + String.join(", ", s);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String k) {
        Object v = values.get(k);
        return v == null ? List.of() : (List<String>) v;
    }

    private String str(String k) {
        Object v = values.get(k);
        return v == null ? "" : v.toString();
    }

    private int num(String k) {
        Object v = values.get(k);
        return v == null ? 0 : ((Number) v).intValue();
    }

    private boolean bool(String k) {
        return Boolean.TRUE.equals(values.get(k));
    }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("sha256", getFingerprint());
        e.put("subject", getSubjectDn());
        e.put("issuer", getIssuerDn());
        e.put("notBefore", getNotBefore());
        e.put("notAfter", getNotAfter());
        e.put("class", getCertClass());
        e.put("key", getKeyAlgorithm() + (getCurve().isEmpty() ? "" : " " + getCurve())
                + (getKeyBits() > 0 ? " " + getKeyBits() : ""));
        e.put("signature", getSigAlgorithm());
        e.put("chain", getChainStatus());
        e.put("sources", sources);
        if (!getTrustDomains().isEmpty()) {
            e.put("trustDomains", getTrustDomains());
            e.put("expectedTrustDomains", getExpectedTrustDomains());
        }
        if (!getServedBy().isEmpty()) {
            e.put("servedBy", getServedBy());
        }
        if (!getUncoveredHosts().isEmpty()) {
            e.put("uncoveredHosts", getUncoveredHosts());
        }
        if (!getClientUses().isEmpty()) {
            e.put("clientUses", getClientUses());
        }
        if (!getPresentedBy().isEmpty()) {
            e.put("presentedBy", getPresentedBy());
        }
        return e;
    }
}
