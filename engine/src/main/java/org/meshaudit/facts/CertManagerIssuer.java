package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cert-manager {@code Issuer} or {@code ClusterIssuer} and its readiness. Traits: {@code no-status}.
 */
public final class CertManagerIssuer implements Subject {
    private final SubjectRef ref;
    private final String issuerType;
    private final String ready;
    private final String message;
    private final Set<String> traits;

    /**
     * @param issuerType acme, ca, vault, selfSigned, venafi or unknown
     * @param ready      the Ready condition status: True, False, Unknown, or {@code absent}
     * @param message    the Ready condition reason and message
     */
    public CertManagerIssuer(SubjectRef ref, String issuerType, String ready, String message, Set<String> traits) {
        this.ref = ref;
        this.issuerType = issuerType;
        this.ready = ready;
        this.message = message;
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    @Override public String getError() { return null; }
    @Override public Set<String> getTraits() { return traits; }
    public String getIssuerType() { return issuerType; }
    public String getReady() { return ready; }
    public String getMessage() { return message; }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", issuerType);
        e.put("ready", ready);
        if (!message.isEmpty()) {
            e.put("readyMessage", message);
        }
        return e;
    }
}
