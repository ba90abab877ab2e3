package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which authorization applies to one workload (IST-AZ-1; LKD-POL-1/4). Traits as the workload's
 * ({@code meshed}, {@code istio}, {@code linkerd}, {@code system}, …).
 */
public final class AuthorizationCoverage implements Subject {
    private final SubjectRef ref;
    private final String dataplane;
    private final List<String> policies;
    private final boolean denyByDefault;
    private final List<String> unauthenticatedPorts;
    private final List<String> nonAllowPolicies;
    private final String error;
    private final Set<String> traits;

    /**
     * @param ref                  the workload
     * @param dataplane            as in {@link WorkloadPosture}
     * @param policies             enforced (non dry-run) ALLOW or CUSTOM policies that select the workload, as
     *                             {@code Kind/ns/name}: the ones that end the implicit allow (IST-AZ-2)
     * @param denyByDefault        Linkerd: the default inbound policy is {@code deny}
     * @param unauthenticatedPorts Linkerd: ports whose effective policy admits unauthenticated clients, e.g.
     *                             {@code 9102 (all-unauthenticated)}
     * @param nonAllowPolicies     DENY and AUDIT policies that select the workload (they do not end the implicit allow)
     * @param error                why coverage could not be computed, or null
     * @param traits               classification
     */
    public AuthorizationCoverage(SubjectRef ref, String dataplane, List<String> policies, boolean denyByDefault,
                                 List<String> unauthenticatedPorts, List<String> nonAllowPolicies, String error,
                                 Set<String> traits) {
        this.ref = ref;
        this.dataplane = dataplane;
        this.policies = Canonical.list(policies);
        this.denyByDefault = denyByDefault;
        this.unauthenticatedPorts = Canonical.list(unauthenticatedPorts);
        this.nonAllowPolicies = Canonical.list(nonAllowPolicies);
        this.error = error;
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    public String getDataplane() { return dataplane; }
    public List<String> getPolicies() { return policies; }
    public boolean isDenyByDefault() { return denyByDefault; }
    public List<String> getUnauthenticatedPorts() { return unauthenticatedPorts; }
    public List<String> getNonAllowPolicies() { return nonAllowPolicies; }
    @Override public String getError() { return error; }
    @Override public Set<String> getTraits() { return traits; }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("dataplane", dataplane);
        e.put("policies", policies);
        if (denyByDefault) {
            e.put("denyByDefault", true);
        }
        if (!unauthenticatedPorts.isEmpty()) {
            e.put("unauthenticatedPorts", unauthenticatedPorts);
        }
        if (!nonAllowPolicies.isEmpty()) {
            e.put("denyOrAuditPolicies", nonAllowPolicies);
        }
        return e;
    }
}
