package org.meshaudit.collect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.filter.FilteringParserDelegate;
import tools.jackson.core.filter.TokenFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class RedactionTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static JsonNode redacted(String body) {
        try (JsonParser p = new FilteringParserDelegate(JSON.createParser(body), Redaction.item(true, false),
                TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true)) {
            return JSON.readTree(p);
        }
    }

    /** The live path keeps the Secret entries certificates are read from, as manifests do; no key. */
    @Test
    void secretsKeepEveryCertificateEntryTheExtractionReadsAndNoKey() {
        JsonNode secret = redacted("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"gw\","
                + "\"managedFields\":[{\"manager\":\"m\"}]},\"data\":{\"cert\":\"Yw==\",\"key\":\"aw==\",\"cacert\":\"Yw==\","
                + "\"ca-bundle.crt\":\"Yw==\",\"tls.crt\":\"Yw==\",\"tls.key\":\"aw==\",\"ca-key.pem\":\"aw==\"}}");
        assertEquals(Set.of("ca-bundle.crt", "cacert", "cert", "tls.crt"), new TreeSet<>(secret.get("data").propertyNames()));
        assertFalse(secret.get("metadata").has("managedFields"));
        assertEquals("gw", secret.at("/metadata/name").asString());
    }
}
