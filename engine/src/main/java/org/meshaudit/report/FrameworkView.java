package org.meshaudit.report;

import java.util.List;

/**
 * One framework's view of the run.
 *
 * @param id           {@code zero-trust}, {@code pci-dss}, {@code hipaa}, {@code gdpr}
 * @param version      framework version
 * @param scope        how scope was chosen, the in-scope namespaces found, and in-scope workloads outside the mesh
 * @param requirements every requirement of the catalogue, in catalogue order
 * @param title        full name of the framework
 * @param source       where its requirements come from
 * @param profile      framework profile in force (e.g. {@code nprm} for HIPAA), or null
 * @param summary      requirements per status
 */
public record FrameworkView(String id, String version, Scope scope, List<Requirement> requirements, String title,
                            String source, String profile, java.util.Map<String, Integer> summary) {

    /**
     * @param selector          the namespace selector used, or {@code all non-system namespaces}
     * @param namespaces        in-scope namespaces found
     * @param workloads         in-scope workloads (Kind/namespace/name)
     * @param unmeshedWorkloads in-scope workloads without a dataplane (flagged for the assessor)
     */
    public record Scope(String selector, List<String> namespaces, List<String> workloads,
                        List<String> unmeshedWorkloads) {
    }
}
