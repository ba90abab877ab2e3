package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An authorization object (Istio AuthorizationPolicy; Linkerd AuthorizationPolicy or ServerAuthorization) and
 * whether it admits any caller. Traits: {@code istio} / {@code linkerd}, {@code dry-run}, {@code system}.
 */
public final class AuthorizationPolicyFact implements Subject {
    private final SubjectRef ref;
    private final String action;
    private final boolean allowsAnyCaller;
    private final List<String> reasons;
    private final String error;
    private final Set<String> traits;

    /**
     * @param ref             the policy object
     * @param action          ALLOW, DENY, CUSTOM, AUDIT (Linkerd policies are ALLOW)
     * @param allowsAnyCaller true for an allow-all (IST-AZ-3 {@code rules: [{}]}, a rule without {@code from}
     *                        sources, {@code principals: ["*"]} … ) or a Linkerd authorization admitting
     *                        unauthenticated clients (LKD-POL-5/6)
     * @param reasons         why, one line each
     * @param error           why it could not be evaluated, or null
     * @param traits          classification
     */
    public AuthorizationPolicyFact(SubjectRef ref, String action, boolean allowsAnyCaller, List<String> reasons,
                                   String error, Set<String> traits) {
        this.ref = ref;
        this.action = action;
        this.allowsAnyCaller = allowsAnyCaller;
        this.reasons = List.copyOf(reasons);
        this.error = error;
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    public String getAction() { return action; }
    public boolean isAllowsAnyCaller() { return allowsAnyCaller; }
    public List<String> getReasons() { return reasons; }
    @Override public String getError() { return error; }
    @Override public Set<String> getTraits() { return traits; }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("action", action);
        e.put("allowsAnyCaller", allowsAnyCaller);
        e.put("reasons", reasons);
        return e;
    }
}
