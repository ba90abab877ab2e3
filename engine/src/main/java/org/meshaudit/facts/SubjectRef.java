package org.meshaudit.facts;

import java.util.Comparator;

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

    private static final Comparator<SubjectRef> ORDER = Comparator.comparing(SubjectRef::namespace)
            .thenComparing(SubjectRef::kind).thenComparing(SubjectRef::name)
            .thenComparing(SubjectRef::portSortKey).thenComparing(SubjectRef::apiVersion);

    public SubjectRef withPort(String p) {
        return new SubjectRef(apiVersion, kind, namespace, name, uid, p);
    }

    /** The namespace whose scope the subject belongs to: a Namespace's own name, else its namespace. */
    public String scopeNamespace() {
        return "Namespace".equals(kind) && namespace.isEmpty() ? name : namespace;
    }

    /** Stable human key: {@code Kind/namespace/name[:port]}. */
    public String key() {
        String base = namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
        return port == null ? base : base + ":" + port;
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

    @Override
    public int compareTo(SubjectRef o) {
        return ORDER.compare(this, o);
    }
}
