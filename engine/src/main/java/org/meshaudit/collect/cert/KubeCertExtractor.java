package org.meshaudit.collect.cert;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.meshaudit.model.KubeObject;
import tools.jackson.databind.JsonNode;

/**
 * Extracts certificate material from Kubernetes objects while they are read, before the object projection drops their
 * data: Secret certificate keys, trust-bundle ConfigMaps, {@code caBundle} fields, trust-manager Bundles and issued
 * cert-manager CertificateRequests. Private-key keys ({@code tls.key}, {@code ca-key.pem}, {@code key.pem}, ...) are
 * never decoded; only the keys below are.
 */
public final class KubeCertExtractor {
    /** Secret data keys holding certificates, and their role (IST-CA-1, LKD-ID-1, CM-3). */
    static final Map<String, String> SECRET_KEYS = Map.of(
            "tls.crt", CertSource.CHAIN, "ca.crt", CertSource.TRUST,
            "ca-cert.pem", CertSource.CHAIN, "cert-chain.pem", CertSource.CHAIN, "root-cert.pem", CertSource.TRUST,
            "crt.pem", CertSource.CHAIN, "ca-bundle.crt", CertSource.TRUST);
    /**
     * Keys of Istio's generic credential Secrets ({@code credentialName} with {@code cert}/{@code key}/{@code cacert}).
     * The names are common, so they are read only when they hold PEM certificates.
     */
    static final Map<String, String> GENERIC_SECRET_KEYS = Map.of("cert", CertSource.CHAIN, "cacert", CertSource.TRUST);
    /** Both key maps in the order they are read (sorted by key), once. */
    private static final List<Map.Entry<String, String>> SECRET_KEYS_SORTED = sortedEntries(SECRET_KEYS);
    private static final List<Map.Entry<String, String>> GENERIC_SECRET_KEYS_SORTED = sortedEntries(GENERIC_SECRET_KEYS);
    /** ConfigMap keys that are trust bundles (IST-CA-2, LKD-ID-1, CM-5, kube-root-ca.crt). */
    static final java.util.Set<String> CONFIGMAP_KEYS = java.util.Set.of("root-cert.pem", "ca-bundle.crt", "ca.crt",
            "ca-certificates.crt", "trust-bundle.pem", "ca.pem", "bundle.pem");

    private final CertReader reader;

    /** Whether {@link #extract} reads this key of a Secret's {@code data} or {@code stringData}; no other is needed. */
    public static boolean readsSecretKey(String key) {
        return SECRET_KEYS.containsKey(key) || GENERIC_SECRET_KEYS.containsKey(key);
    }

    public KubeCertExtractor(CertReader reader) {
        this.reader = reader;
    }

    /** Reads the certificate material of one raw object, if its kind carries any. */
    public void extract(JsonNode node, KubeObject o, CertReader.Sink sink) {
        switch (o.kind()) {
            case "Secret" -> secret(node, o, sink);
            case "ConfigMap" -> configMap(node, o, sink);
            case "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration" -> {
                JsonNode hooks = node.path("webhooks");
                for (int i = 0; i < hooks.size(); i++) {
                    base64(hooks.get(i).path("clientConfig").path("caBundle"), o,
                            "webhooks[" + i + "].clientConfig.caBundle", CertSource.TRUST, sink);
                }
            }
            case "APIService" -> base64(node.path("spec").path("caBundle"), o, "spec.caBundle", CertSource.TRUST, sink);
            case "CustomResourceDefinition" -> base64(node.path("spec").path("conversion").path("webhook")
                    .path("clientConfig").path("caBundle"), o, "spec.conversion.webhook.clientConfig.caBundle",
                    CertSource.TRUST, sink);
            case "Bundle", "ClusterBundle" -> {
                if (o.group().contains("cert-manager.io") || o.group().equals("trust-manager.io")) {
                    JsonNode sources = node.path("spec").path("sources");
                    for (int i = 0; i < sources.size(); i++) {
                        plain(sources.get(i).path("inLine"), o, "spec.sources[" + i + "].inLine", CertSource.TRUST, sink);
                    }
                }
            }
            case "ClusterTrustBundle" -> plain(node.path("spec").path("trustBundle"), o, "spec.trustBundle",
                    CertSource.TRUST, sink);
            case "CertificateRequest" -> {
                if (o.group().equals("cert-manager.io")) {
                    base64(node.path("status").path("certificate"), o, "status.certificate", CertSource.CHAIN, sink);
                    base64(node.path("status").path("ca"), o, "status.ca", CertSource.TRUST, sink);
                }
            }
            default -> {
            }
        }
    }

    private void secret(JsonNode node, KubeObject o, CertReader.Sink sink) {
        JsonNode data = node.path("data");
        JsonNode stringData = node.path("stringData");
        for (var e : SECRET_KEYS_SORTED) {
            String key = e.getKey();
            if (data.has(key)) {
                base64(data.get(key), o, key, e.getValue(), sink);
            } else if (stringData.has(key)) {
                plain(stringData.get(key), o, key, e.getValue(), sink);
            }
        }
        for (var e : GENERIC_SECRET_KEYS_SORTED) {
            String key = e.getKey();
            JsonNode v = data.has(key) ? data.get(key) : stringData.get(key);
            if (v == null || !v.isString()) {
                continue;
            }
            String text = v.asString();
            if (data.has(key)) {
                if (text.length() > reader.limits().maxBlobBytes() * 4 / 3 + 4) {
                    continue;
                }
                try {
                    text = new String(Base64.getDecoder().decode(withoutWhitespace(text)),
                            StandardCharsets.ISO_8859_1);
                } catch (IllegalArgumentException ex) {
                    continue; // not base64: not a credential this engine reads
                }
            }
            if (text.contains("-----BEGIN CERTIFICATE-----")) {
                reader.read(text.getBytes(StandardCharsets.ISO_8859_1), origin(o, key, e.getValue()), sink);
            }
        }
    }

    private void configMap(JsonNode node, KubeObject o, CertReader.Sink sink) {
        JsonNode data = node.path("data");
        if (data.isObject()) {
            for (String key : data.propertyNames().stream().sorted().toList()) {
                JsonNode v = data.get(key);
                if (CONFIGMAP_KEYS.contains(key) || (certName(key) && v.isString()
                        && v.asString().contains("-----BEGIN CERTIFICATE-----"))) {
                    plain(v, o, key, CertSource.TRUST, sink);
                }
            }
        }
        JsonNode binary = node.path("binaryData");
        if (binary.isObject()) {
            for (String key : binary.propertyNames().stream().sorted().toList()) {
                if (CONFIGMAP_KEYS.contains(key) || certName(key)) {
                    base64(binary.get(key), o, key, CertSource.TRUST, sink);
                }
            }
        }
    }

    private static boolean certName(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return (k.endsWith(".pem") || k.endsWith(".crt") || k.endsWith(".cer") || k.endsWith(".der"))
                && !k.contains("key");
    }

    private static String location(KubeObject o, String key) {
        return o.key() + "[" + key + "]";
    }

    private CertReader.Origin origin(KubeObject o, String key, String role) {
        return new CertReader.Origin(location(o, key), o.kind(), o.namespace(), o.name(), key, role);
    }

    private void plain(JsonNode v, KubeObject o, String key, String role, CertReader.Sink sink) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return;
        }
        if (!v.isString()) {
            sink.issue(location(o, key), "invalid-value", "certificate field is not a string");
            return;
        }
        reader.read(v.asString().getBytes(StandardCharsets.UTF_8), origin(o, key, role), sink);
    }

    private void base64(JsonNode v, KubeObject o, String key, String role, CertReader.Sink sink) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return;
        }
        if (!v.isString()) {
            sink.issue(location(o, key), "invalid-value", "certificate field is not a base64 string");
            return;
        }
        String text = v.asString();
        if (text.length() > reader.limits().maxBlobBytes() * 4 / 3 + 4) {
            sink.issue(location(o, key), "limit-exceeded", "certificate field is above the "
                    + reader.limits().maxBlobBytes() + "-byte limit; not read");
            return;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(withoutWhitespace(text));
        } catch (IllegalArgumentException e) {
            sink.issue(location(o, key), "parse-error", "certificate field is not valid base64");
            return;
        }
        reader.read(bytes, origin(o, key, role), sink);
    }

    private static List<Map.Entry<String, String>> sortedEntries(Map<String, String> m) {
        return m.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    }

    /** The text without regex whitespace ({@code [ \t\n\x0B\f\r]}), as {@code replaceAll("\\s", "")} without a regex. */
    static String withoutWhitespace(String text) {
        int n = text.length();
        int i = 0;
        while (i < n && !whitespace(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder b = new StringBuilder(n);
        b.append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (!whitespace(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
