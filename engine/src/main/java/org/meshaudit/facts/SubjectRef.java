package org.meshaudit.facts;

import java.util.Objects;

/**
 * What a result is about: a Kubernetes object, optionally one of its ports.
 *
 * @param apiVersion e.g. {@code apps/v1}
 * @param kind       e.g. {@code Deployment}
 * @param namespace  {@code ""} for cluster-scoped objects
 * @param name       metadata.name
 * @param uid        metadata.uid, {@code ""} for objects never admitted
 * @param port       a port number, {@code "*"} for the catch-all entry, or {@code null}
 */
public record SubjectRef(String apiVersion, String kind, String namespace, String name, String uid, String port)
        implements Comparable<SubjectRef> {

    public SubjectRef {
        port = Canonical.string(port); // "8080" once, not once per workload
    }

    public SubjectRef withPort(String p) {
        return new SubjectRef(apiVersion, kind, namespace, name, uid, p);
    }

    /** The namespace whose scope the subject belongs to: a Namespace's own name, else its namespace. */
    public String scopeNamespace() {
        return "Namespace".equals(kind) && namespace.isEmpty() ? name : namespace;
    }

    /** Stable human key: {@code Kind/namespace/name[:port]}. */
    public String key() {
        String base = objectKey();
        return port == null ? base : base + ":" + port;
    }

    /** The key of the object, without the port: {@code Kind/namespace/name}. */
    public String objectKey() {
        return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }

    private String portSortKey() {
        if (port == null) {
            return "";
        }
        if (port.equals("*")) {
            return "~";
        }
        int digits = 0;
        while (digits < port.length() && port.charAt(digits) >= '0' && port.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            return "~" + port;
        }
        // the leading number zero-padded to five digits (as %05d of its value, without parsing: any length sorts)
        int zeros = 0;
        while (zeros < digits - 1 && port.charAt(zeros) == '0') {
            zeros++;
        }
        String number = port.substring(zeros, digits);
        return "00000".substring(Math.min(5, number.length())) + number + port.substring(digits);
    }

    /**
     * Report order: namespace, kind, name, port (numbers in numeric order, then {@code *}, then named ports), API
     * version. Written out rather than as a chain of key extractors: results are sorted by it at every size.
     */
    @Override
    public int compareTo(SubjectRef o) {
        int c = namespace.compareTo(o.namespace);
        if (c == 0) {
            c = kind.compareTo(o.kind);
        }
        if (c == 0) {
            c = name.compareTo(o.name);
        }
        if (c == 0 && !Objects.equals(port, o.port)) { // equal ports have equal sort keys
            c = portSortKey().compareTo(o.portSortKey());
        }
        return c != 0 ? c : apiVersion.compareTo(o.apiVersion);
    }
}
