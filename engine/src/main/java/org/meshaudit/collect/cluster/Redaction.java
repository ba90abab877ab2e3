package org.meshaudit.collect.cluster;

import java.util.Set;
import tools.jackson.core.filter.TokenFilter;

/**
 * Token-level redaction of API responses, applied by the parser before any value is turned into a string or a
 * tree node: {@code metadata.managedFields}, the {@code last-applied-configuration} annotation, container
 * {@code env[].value}, {@code stringData}/{@code binaryData}, and every Secret {@code data} key except the public
 * certificate entries. The skipped values are tokenized by the parser but never materialized.
 */
final class Redaction {
    /** Secret data keys that hold public certificates; everything else (tls.key, ca-key.pem, ...) is dropped. */
    static final Set<String> PUBLIC_SECRET_KEYS = Set.of("tls.crt", "ca.crt", "ca-cert.pem", "root-cert.pem",
            "cert-chain.pem", "crt.pem");

    private Redaction() {
    }

    /** Filter for a list response ({@code {metadata, items: [...]}}). */
    static TokenFilter page(boolean secret, boolean dropStatus) {
        TokenFilter item = item(secret, dropStatus);
        TokenFilter items = new TokenFilter() {
            @Override
            public TokenFilter includeElement(int index) {
                return item;
            }
        };
        return new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                return name.equals("items") ? items : TokenFilter.INCLUDE_ALL;
            }
        };
    }

    /** Filter for one object. */
    static TokenFilter item(boolean secret, boolean dropStatus) {
        TokenFilter annotations = new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                return name.equals("kubectl.kubernetes.io/last-applied-configuration") ? null : TokenFilter.INCLUDE_ALL;
            }
        };
        TokenFilter metadata = new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                switch (name) {
                    case "managedFields": return null;
                    case "annotations": return annotations;
                    default: return TokenFilter.INCLUDE_ALL;
                }
            }
        };
        TokenFilter secretData = new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                return PUBLIC_SECRET_KEYS.contains(name) ? TokenFilter.INCLUDE_ALL : null;
            }
        };
        TokenFilter envEntry = new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                return name.equals("value") ? null : TokenFilter.INCLUDE_ALL;
            }
        };
        TokenFilter env = new TokenFilter() {
            @Override
            public TokenFilter includeElement(int index) {
                return envEntry;
            }
        };
        TokenFilter deep = new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                return name.equals("env") ? env : this;
            }
        };
        return new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                switch (name) {
                    case "metadata": return metadata;
                    case "data": return secret ? secretData : TokenFilter.INCLUDE_ALL;
                    case "stringData": case "binaryData": return null;
                    case "status": return dropStatus ? null : TokenFilter.INCLUDE_ALL;
                    case "spec": return deep;
                    default: return TokenFilter.INCLUDE_ALL;
                }
            }
        };
    }
}
