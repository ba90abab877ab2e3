package org.meshaudit.collect.cert;

import java.util.Comparator;

/**
 * Where one certificate was read.
 *
 * @param location  human and stable: {@code path/to/file.pem#2}, {@code Secret/ns/name[tls.crt]#1}
 * @param origin    {@code file} or the Kubernetes kind it came from ({@code Secret}, {@code ConfigMap}, ...)
 * @param namespace namespace of the object, {@code ""} for files and cluster-scoped objects
 * @param name      object name, or the file path
 * @param key       data key or field ({@code tls.crt}, {@code webhooks[0].clientConfig.caBundle}), {@code ""} for files
 * @param index     1-based position in its bundle
 * @param role      {@code chain} (a served certificate and its chain) or {@code trust} (a trust bundle)
 * @param format    {@code pem}, {@code der}, {@code pkcs7}, {@code pkcs12} or {@code jks}
 */
public record CertSource(String location, String origin, String namespace, String name, String key, int index,
                         String role, String format) implements Comparable<CertSource> {

    public static final String CHAIN = "chain";
    public static final String TRUST = "trust";

    private static final Comparator<CertSource> ORDER = Comparator.comparing(CertSource::group)
            .thenComparingInt(CertSource::index).thenComparing(CertSource::location);

    /** The bundle this certificate was read with: the location without the position. */
    public String group() {
        int hash = location.lastIndexOf('#');
        return hash < 0 ? location : location.substring(0, hash);
    }

    public boolean trust() {
        return TRUST.equals(role);
    }

    @Override
    public int compareTo(CertSource o) {
        return ORDER.compare(this, o);
    }
}
