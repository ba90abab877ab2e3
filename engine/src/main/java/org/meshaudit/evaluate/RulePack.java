package org.meshaudit.evaluate;

import java.util.List;
import java.util.Map;

/**
 * A loaded rule pack: its identity, rules (metadata plus DRL source) and a digest of its content.
 *
 * @param id      pack id, e.g. {@code zero-trust}
 * @param version pack version
 * @param title   one line
 * @param origin  where it was loaded from ({@code classpath:…} or a directory)
 * @param sha256  digest over pack.yaml and every rule.yaml / rule.drl, in path order
 * @param rules   rule metadata by id, sorted
 * @param drl     DRL source by rule id
 * @param framework the pack's requirement catalogue ({@code framework.yaml}), or null
 */
public record RulePack(String id, String version, String title, String origin, String sha256,
                       List<RuleMetadata> rules, Map<String, String> drl, FrameworkCatalog framework) {
}
