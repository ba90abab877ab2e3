package org.meshaudit.collect.cluster;

import java.util.function.Function;
import org.meshaudit.collect.ProjectionReads;
import tools.jackson.core.filter.TokenFilter;

/**
 * Token-level redaction of API responses, applied by the parser before any value is turned into a string or a
 * tree node: {@code metadata.managedFields}, the {@code last-applied-configuration} annotation, container
 * {@code env[].value}, {@code stringData}/{@code binaryData}, and every Secret {@code data} key but the certificate
 * entries. The skipped values are tokenized by the parser but never materialized. What the collect stage never reads
 * (managedFields, the last-applied annotation, Secret keys) is {@link ProjectionReads}'s to say, as for manifests;
 * the rest is redaction of its own.
 */
final class Redaction {

    private Redaction() {
    }

    /** Filter for a list response ({@code {metadata, items: [...]}}). */
    static TokenFilter page(boolean secret, boolean dropStatus) {
        TokenFilter items = everyElement(item(secret, dropStatus));
        return byName(name -> name.equals("items") ? items : TokenFilter.INCLUDE_ALL);
    }

    /** Filter for one object. */
    static TokenFilter item(boolean secret, boolean dropStatus) {
        TokenFilter annotations = byName(name -> ProjectionReads.readsAnnotation(name) ? TokenFilter.INCLUDE_ALL : null);
        TokenFilter metadata = byName(name -> !ProjectionReads.readsMetadataField(name) ? null
                : name.equals("annotations") ? annotations : TokenFilter.INCLUDE_ALL);
        TokenFilter secretData = byName(name -> ProjectionReads.readsSecretKey(name) ? TokenFilter.INCLUDE_ALL : null);
        TokenFilter env = everyElement(byName(name -> name.equals("value") ? null : TokenFilter.INCLUDE_ALL));
        TokenFilter deep = new TokenFilter() { // env lists at any depth of the spec (containers, initContainers, ...)
            @Override
            public TokenFilter includeProperty(String name) {
                return name.equals("env") ? env : this;
            }
        };
        return byName(name -> switch (name) {
            case "metadata" -> metadata;
            case "data" -> secret ? secretData : TokenFilter.INCLUDE_ALL;
            case "stringData", "binaryData" -> null;
            case "status" -> dropStatus ? null : TokenFilter.INCLUDE_ALL;
            case "spec" -> deep;
            default -> TokenFilter.INCLUDE_ALL;
        });
    }

    /** A filter that decides each property of an object by its name ({@code null} skips the value). */
    private static TokenFilter byName(Function<String, TokenFilter> choose) {
        return new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                return choose.apply(name);
            }
        };
    }

    /** A filter that applies {@code element} to every element of an array. */
    private static TokenFilter everyElement(TokenFilter element) {
        return new TokenFilter() {
            @Override
            public TokenFilter includeElement(int index) {
                return element;
            }
        };
    }
}
