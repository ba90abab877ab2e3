package org.meshaudit.collect.manifest;

import java.nio.charset.StandardCharsets;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Loads documents that use anchors and aliases the way Kubernetes does: aliases expanded, within the alias budget of
 * the load settings (alias bombs are rejected). Jackson's streaming YAML reader would instead return an alias as its
 * anchor's name, silently changing the object.
 */
final class YamlAliases {
    private final LoadSettings settings;
    private final ObjectMapper mapper;

    YamlAliases(LoadSettings settings, ObjectMapper mapper) {
        this.settings = settings;
        this.mapper = mapper;
    }

    JsonNode load(byte[] bytes, YamlDocuments.Slice d) {
        String text = new String(bytes, d.start(), d.length(), StandardCharsets.UTF_8);
        Object value = new Load(settings).loadFromString(text);
        return value == null ? null : mapper.valueToTree(value);
    }
}
