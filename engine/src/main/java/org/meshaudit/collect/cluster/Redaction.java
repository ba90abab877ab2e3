package org.meshaudit.collect.cluster;

import org.meshaudit.collect.ProjectionReads;
import tools.jackson.core.filter.TokenFilter;

/**
 * Token-level redaction of API responses, applied by the parser before any value is turned into a string or a
 * tree node: {@code metadata.managedFields}, the {@code last-applied-configuration} annotation, container
 * {@code env[].value}, {@code stringData}/{@code binaryData}, and every Secret {@code data} key but the certificate
 * entries. The skipped values are tokenized by the parser but never materialized. What the collect stage never reads
 * (managedFields, Secret keys) is {@link ProjectionReads}'s to say, as for manifests; the rest is redaction of its own.
 */
final class Redaction {

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
                if (!ProjectionReads.readsMetadataField(name)) {
                    return null;
                }
                return name.equals("annotations") ? annotations : TokenFilter.INCLUDE_ALL;
            }
        };
        TokenFilter secretData = new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                return ProjectionReads.readsSecretKey(name) ? TokenFilter.INCLUDE_ALL : null;
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
