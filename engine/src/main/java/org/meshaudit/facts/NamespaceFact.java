package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A namespace with the mesh-level and segmentation facts rules need.
 * Traits: {@code system}, {@code istio}, {@code linkerd}, {@code meshed}, {@code unmeshed}, {@code in-scope}.
 */
public final class NamespaceFact implements Subject {
    private final SubjectRef ref;
    private final Map<String, String> labels;
    private final String istioMode;
    private final List<String> istioDecidedBy;
    private final String linkerdPolicy;
    private final String linkerdPolicySource;
    private final List<String> linkerdMtlsServers;
    private final boolean defaultDenyIngress;
    private final boolean defaultDenyEgress;
    private final List<String> networkPolicies;
    private final String error;
    private final Set<String> traits;

    /**
     * @param ref                 the Namespace
     * @param labels              namespace labels
     * @param istioMode           namespace-level Istio mode (mesh and namespace policies only, IST-PA-3/IST-PA-4), or
     *                            null if the namespace has no Istio workloads or intent
     * @param istioDecidedBy      the policies behind {@code istioMode}
     * @param linkerdPolicy       default inbound policy for new pods (namespace annotation, else cluster default), or
     *                            null if the namespace has no Linkerd workloads or intent
     * @param linkerdPolicySource where {@code linkerdPolicy} came from
     * @param linkerdMtlsServers  Linkerd Servers in the namespace whose authorizations require mesh TLS identities
     * @param defaultDenyIngress  a NetworkPolicy selects every pod for Ingress with no allow rule
     * @param defaultDenyEgress   a NetworkPolicy selects every pod for Egress with no allow rule
     * @param networkPolicies     NetworkPolicies of the namespace
     * @param error               why the namespace-level state could not be computed, or null
     * @param traits              classification
     */
    public NamespaceFact(SubjectRef ref, Map<String, String> labels, String istioMode, List<String> istioDecidedBy,
                         String linkerdPolicy, String linkerdPolicySource, List<String> linkerdMtlsServers,
                         boolean defaultDenyIngress, boolean defaultDenyEgress, List<String> networkPolicies,
                         String error, Set<String> traits) {
        this.ref = ref;
        this.labels = Canonical.map(labels);
        this.istioMode = istioMode;
        this.istioDecidedBy = Canonical.list(istioDecidedBy);
        this.linkerdPolicy = linkerdPolicy;
        this.linkerdPolicySource = linkerdPolicySource;
        this.linkerdMtlsServers = Canonical.list(linkerdMtlsServers);
        this.defaultDenyIngress = defaultDenyIngress;
        this.defaultDenyEgress = defaultDenyEgress;
        this.networkPolicies = Canonical.list(networkPolicies);
        this.error = error;
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    public String getName() { return ref.name(); }
    public Map<String, String> getLabels() { return labels; }
    public String getIstioMode() { return istioMode; }
    public List<String> getIstioDecidedBy() { return istioDecidedBy; }
    public String getLinkerdPolicy() { return linkerdPolicy; }
    public String getLinkerdPolicySource() { return linkerdPolicySource; }
    public List<String> getLinkerdMtlsServers() { return linkerdMtlsServers; }
    public boolean isDefaultDenyIngress() { return defaultDenyIngress; }
    public boolean isDefaultDenyEgress() { return defaultDenyEgress; }
    public List<String> getNetworkPolicies() { return networkPolicies; }
    @Override public String getError() { return error; }
    @Override public Set<String> getTraits() { return traits; }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        if (istioMode != null) {
            e.put("istioMode", istioMode);
            e.put("istioDecidedBy", istioDecidedBy);
        }
        if (linkerdPolicy != null) {
            e.put("linkerdDefaultInboundPolicy", linkerdPolicy);
            e.put("linkerdPolicySource", linkerdPolicySource);
            e.put("linkerdMtlsServers", linkerdMtlsServers);
        }
        e.put("defaultDenyIngress", defaultDenyIngress);
        e.put("defaultDenyEgress", defaultDenyEgress);
        e.put("networkPolicies", networkPolicies);
        return e;
    }
}
