package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One port of an Istio ServiceEntry toward hosts outside the mesh, and whether traffic to it leaves encrypted.
 * Traits: {@code public} when a host or address is on a public network, {@code opaque} when the protocol is opaque
 * TCP (the application may originate TLS itself), {@code system}.
 */
public final class ExternalServicePort implements Subject {
    private final SubjectRef ref;
    private final List<String> hosts;
    private final String protocol;
    private final String tlsOrigination;
    private final boolean plaintext;
    private final String error;
    private final Set<String> traits;

    /**
     * @param ref            the ServiceEntry with {@code port} set
     * @param hosts          spec.hosts (and addresses) as written
     * @param protocol       the port's protocol: HTTP, HTTPS, TLS, TCP, GRPC, …
     * @param tlsOrigination the DestinationRule TLS mode originating TLS for this host and port, or null
     * @param plaintext      the mesh sends this traffic unencrypted (plaintext protocol, no TLS origination)
     * @param error          why it could not be evaluated, or null
     * @param traits         classification
     */
    public ExternalServicePort(SubjectRef ref, List<String> hosts, String protocol, String tlsOrigination,
                               boolean plaintext, String error, Set<String> traits) {
        this.ref = ref;
        this.hosts = List.copyOf(hosts);
        this.protocol = protocol;
        this.tlsOrigination = tlsOrigination;
        this.plaintext = plaintext;
        this.error = error;
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    public List<String> getHosts() { return hosts; }
    public String getProtocol() { return protocol; }
    public String getTlsOrigination() { return tlsOrigination; }
    public boolean isPlaintext() { return plaintext; }
    @Override public String getError() { return error; }
    @Override public Set<String> getTraits() { return traits; }

    @Override
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("hosts", hosts);
        e.put("protocol", protocol);
        if (tlsOrigination != null) {
            e.put("tlsOrigination", tlsOrigination);
        }
        e.put("plaintext", plaintext);
        return e;
    }
}
