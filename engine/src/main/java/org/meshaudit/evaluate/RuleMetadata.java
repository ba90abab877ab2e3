package org.meshaudit.evaluate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.meshaudit.api.Severity;

/**
 * The {@code rule.yaml} of one rule folder (style.md, "One rule = one folder").
 *
 * @param id            catalogue id, e.g. {@code MTLS-001}
 * @param slug          folder suffix, e.g. {@code namespace-strict-mtls}
 * @param version       semver; major = a verdict can flip on the same input
 * @param title         the secure state, e.g. "Meshed namespaces enforce STRICT mTLS"
 * @param severity      default severity
 * @param severityWhen  escalations: trait or DRL tag → severity (the highest matching wins)
 * @param appliesTo     subject selection
 * @param rationale     why the rule exists
 * @param remediation   how to fix a failure
 * @param controls      catalogue control keys, e.g. {@code pci:1.2.6}, {@code nist:SC-8(1)}
 * @param references    mesh-semantics rule ids and URLs
 * @param aliases       former ids
 * @param status        stable, experimental or deprecated
 * @param folder        where it was loaded from (for messages)
 */
public record RuleMetadata(String id, String slug, String version, String title, Severity severity,
                           Map<String, Severity> severityWhen, List<AppliesTo> appliesTo, String rationale,
                           String remediation, List<String> controls, List<String> references, List<String> aliases,
                           String status, Path folder) {
}
