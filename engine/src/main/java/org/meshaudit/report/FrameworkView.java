package org.meshaudit.report;

import java.util.List;

/**
 * One framework's view of the run.
 *
 * @param id           {@code zero-trust}, {@code pci-dss}, {@code hipaa}, {@code gdpr}, {@code nist-800-53}
 * @param version      framework version
 * @param scope        how scope was chosen and the in-scope namespaces found
 * @param requirements rolled-up requirements, sorted by id
 */
public record FrameworkView(String id, String version, Scope scope, List<Requirement> requirements) {

    /**
     * @param selector   the namespace selector used, or {@code all non-system namespaces}
     * @param namespaces in-scope namespaces found
     */
    public record Scope(String selector, List<String> namespaces) {
    }
}
