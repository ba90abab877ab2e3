package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The client TLS a DestinationRule sets toward its host, for the whole traffic policy (port null) or for one
 * {@code portLevelSettings} entry (IST-CL-1, IST-CL-2). Traits: {@code meshed-target} when the host resolves to a
 * Service whose pods are in the Istio mesh (sidecar or ambient), {@code linkerd-target} when they are meshed by Linkerd
 * only (Linkerd ignores DestinationRules, LKD-MTLS-1), {@code external} when it resolves to no Service in the input.
 */
public final class DestinationRuleTls implements Subject {
    private final SubjectRef ref;
    private final String host;
    private final String tlsMode;
    private final List<String> settings;
    private final List<String> targetServices;
    private final String error;
    private final Set<String> traits;

    /**
     * @param ref            the DestinationRule; {@code port} is the Service port of a portLevelSettings entry, or null
     * @param host           spec.host as written
     * @param tlsMode        the weakest effective mode among the settings covered: DISABLE, SIMPLE, MUTUAL,
     *                       ISTIO_MUTUAL, or {@code auto} when no DR TLS applies (auto mTLS decides)
     * @param settings       each setting read, e.g. {@code trafficPolicy.tls.mode=DISABLE},
     *                       {@code subsets[v1].trafficPolicy.tls.mode=SIMPLE}
     * @param targetServices Services the host resolves to, as {@code Service/ns/name}
     * @param error          why the target could not be resolved, or null
     * @param traits         classification
     */
    public DestinationRuleTls(SubjectRef ref, String host, String tlsMode, List<String> settings,
                              List<String> targetServices, String error, Set<String> traits) {
        this.ref = ref;
        this.host = host;
        this.tlsMode = tlsMode;
        this.settings = List.copyOf(settings);
        this.targetServices = List.copyOf(targetServices);
        this.error = error;
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    public String getHost() { return host; }
    public String getTlsMode() { return tlsMode; }
    public List<String> getSettings() { return settings; }
    public List<String> getTargetServices() { return targetServices; }
    @Override public String getError() { return error; }
    @Override public Set<String> getTraits() { return traits; }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("host", host);
        e.put("tlsMode", tlsMode);
        e.put("settings", settings);
        e.put("targetServices", targetServices);
        return e;
    }
}
