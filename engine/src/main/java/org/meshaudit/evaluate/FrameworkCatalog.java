package org.meshaudit.evaluate;

import java.util.List;

/**
 * A framework's requirement catalogue ({@code framework.yaml} of a pack): every requirement of the version, with a
 * paraphrased title and how it is assessed.
 *
 * @param id           framework id: {@code zero-trust}, {@code pci-dss}, {@code hipaa}, {@code gdpr}
 * @param version      the framework version assessed, e.g. {@code 4.0.1}
 * @param title        full name
 * @param prefix       control-key prefix its requirements use, e.g. {@code pci}
 * @param source       where the requirements come from
 * @param requirements every requirement, in catalogue order
 */
public record FrameworkCatalog(String id, String version, String title, String prefix, String source,
                               List<Requirement> requirements) {

    /** How a requirement is assessed. */
    public enum Kind { AUTOMATED, MANUAL, NOT_APPLICABLE }

    /**
     * @param id          as the standard writes it, e.g. {@code 4.2.1}, {@code 164.312(e)(1)}, {@code 32(1)(a)}
     * @param title       paraphrase (never the standard's text)
     * @param kind        automated (rules evidence it), manual (an assessor must check), not-applicable
     * @param note        for manual: what the assessor must check; for not-applicable: why; else optional remarks
     * @param addressable HIPAA addressable implementation specification (required under the NPRM profile)
     */
    public record Requirement(String id, String title, Kind kind, String note, boolean addressable) {
    }

    /** The control key of a requirement, e.g. {@code pci:4.2.1}. */
    public String key(Requirement r) {
        return prefix + ":" + r.id();
    }
}
