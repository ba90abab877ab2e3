package org.meshaudit.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The audit config ({@code meshaudit.yaml}):
 * <pre>
 * frameworks:
 *   pci-dss:
 *     scope: {namespaceSelector: {matchLabels: {pci-scope: cde}}}
 *   hipaa:
 *     scope: {namespaceSelector: {matchLabels: {data-class: phi}}}
 *     nprm: true          # opt-in profile for the 2025 Security Rule NPRM
 * mesh:
 *   istio: {rootNamespace: istio-system}
 *   assumeDefaults: false
 *   trustDomains: [prod.example.org]   # expected SPIFFE trust domains (CERT-005), instead of the mesh config's
 * systemNamespaces: [monitoring]
 * </pre>
 *
 * @param scopes             framework id → namespace selector (null value: default scope)
 * @param istioRootNamespace Istio root namespace override, or null
 * @param assumeMeshDefaults use documented mesh defaults when mesh configuration objects are absent
 * @param systemNamespaces   extra system namespaces
 * @param profiles           framework id → profile ({@code hipaa: nprm} with {@code frameworks.hipaa.nprm: true})
 * @param trustDomains       declared SPIFFE trust domains (empty: read them from the mesh configuration)
 */
public record AuditConfig(Map<String, JsonNode> scopes, String istioRootNamespace, boolean assumeMeshDefaults,
                          List<String> systemNamespaces, Map<String, String> profiles, List<String> trustDomains) {

    public static final Set<String> FRAMEWORKS = Set.of("zero-trust", "pci-dss", "hipaa", "gdpr");

    public static AuditConfig empty() {
        return new AuditConfig(Map.of(), null, false, List.of(), Map.of(), List.of());
    }

    /** Reads and validates a config file; any problem is a {@link UsageException} (exit 2). */
    public static AuditConfig read(Path file) {
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UsageException("cannot read config " + file + ": " + e.getMessage(), "check --config");
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new UsageException("config " + file + (line > 0 ? ":" + line : "") + ": malformed YAML: "
                    + String.valueOf(e.getOriginalMessage()).split("\\R", 2)[0], "fix the YAML syntax");
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return empty();
        }
        if (!root.isObject()) {
            throw new UsageException("config " + file + " must be a YAML mapping");
        }
        for (var e : root.properties()) {
            if (!Set.of("frameworks", "mesh", "systemNamespaces", "waivers").contains(e.getKey())) {
                throw new UsageException("config " + file + ": unknown key '" + e.getKey() + "'",
                        "known keys: frameworks, mesh, systemNamespaces");
            }
        }
        Map<String, JsonNode> scopes = new TreeMap<>();
        Map<String, String> profiles = new TreeMap<>();
        JsonNode fw = root.get("frameworks");
        if (fw != null && !fw.isNull()) {
            if (!fw.isObject()) {
                throw new UsageException("config " + file + ": 'frameworks' must map framework ids to settings");
            }
            for (var e : fw.properties()) {
                if (!FRAMEWORKS.contains(e.getKey())) {
                    throw new UsageException("config " + file + ": unknown framework '" + e.getKey() + "'",
                            "use one of " + String.join(", ", new java.util.TreeSet<>(FRAMEWORKS)));
                }
                JsonNode sel = e.getValue().path("scope").get("namespaceSelector");
                if (sel != null && !sel.isObject()) {
                    throw new UsageException("config " + file + ": frameworks." + e.getKey()
                            + ".scope.namespaceSelector must be a label selector");
                }
                scopes.put(e.getKey(), sel);
                if (e.getValue().path("nprm").asBoolean(false)) {
                    if (!e.getKey().equals("hipaa")) {
                        throw new UsageException("config " + file + ": 'nprm' applies to the hipaa framework only");
                    }
                    profiles.put("hipaa", "nprm");
                }
            }
        }
        JsonNode mesh = root.path("mesh");
        String rootNs = mesh.path("istio").path("rootNamespace").asString(null);
        boolean assume = mesh.path("assumeDefaults").asBoolean(false);
        List<String> system = new ArrayList<>();
        root.path("systemNamespaces").forEach(n -> system.add(n.asString("")));
        List<String> domains = new ArrayList<>();
        JsonNode td = mesh.get("trustDomains");
        if (td != null && !td.isNull()) {
            if (!td.isArray()) {
                throw new UsageException("config " + file + ": mesh.trustDomains must be a list of trust domains",
                        "e.g. mesh: {trustDomains: [cluster.local]}");
            }
            for (JsonNode d : td) {
                String v = d.asString("").strip();
                if (!validTrustDomain(v)) {
                    throw new UsageException("config " + file + ": mesh.trustDomains: '" + v
                            + "' is not a SPIFFE trust domain", "use lower-case letters, digits, '.', '-' and '_'");
                }
                domains.add(v);
            }
        }
        return new AuditConfig(Collections.unmodifiableMap(scopes), rootNs, assume, List.copyOf(system),
                Collections.unmodifiableMap(profiles), List.copyOf(domains));
    }

    /** A SPIFFE trust domain name: lower-case letters, digits, dots, dashes and underscores. */
    public static boolean validTrustDomain(String d) {
        return d != null && d.matches("[a-z0-9._-]{1,255}");
    }
}
