package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How an entry point into the cluster serves clients: a Kubernetes Ingress (port null), an Istio Gateway server or a
 * Gateway API listener (port set). Traits: {@code system}.
 */
public final class IngressTls implements Subject {
    private final SubjectRef ref;
    private final String listener;
    private final String protocol;
    private final boolean tls;
    private final boolean httpsRedirect;
    private final List<String> plaintextHosts;
    private final String error;
    private final Set<String> traits;

    /**
     * @param ref            the Ingress / Gateway; {@code port} set for gateway servers and listeners
     * @param listener       Gateway API listener name or Istio server name/port, {@code ""} for Ingress
     * @param protocol       HTTP, HTTPS, TLS, TCP, … as configured
     * @param tls            the entry point terminates or passes through TLS for every host it serves
     * @param httpsRedirect  plaintext requests are only redirected to HTTPS
     * @param plaintextHosts hosts served without TLS (Ingress), or {@code *}
     * @param error          why it could not be evaluated, or null
     * @param traits         classification
     */
    public IngressTls(SubjectRef ref, String listener, String protocol, boolean tls, boolean httpsRedirect,
                      List<String> plaintextHosts, String error, Set<String> traits) {
        this.ref = ref;
        this.listener = listener;
        this.protocol = protocol;
        this.tls = tls;
        this.httpsRedirect = httpsRedirect;
        this.plaintextHosts = List.copyOf(plaintextHosts);
        this.error = error;
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    public String getListener() { return listener; }
    public String getProtocol() { return protocol; }
    public boolean isTls() { return tls; }
    public boolean isHttpsRedirect() { return httpsRedirect; }
    public List<String> getPlaintextHosts() { return plaintextHosts; }
    @Override public String getError() { return error; }
    @Override public Set<String> getTraits() { return traits; }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        if (!listener.isEmpty()) {
            e.put("listener", listener);
        }
        e.put("protocol", protocol);
        e.put("tls", tls);
        e.put("httpsRedirect", httpsRedirect);
        if (!plaintextHosts.isEmpty()) {
            e.put("plaintextHosts", plaintextHosts);
        }
        return e;
    }
}
