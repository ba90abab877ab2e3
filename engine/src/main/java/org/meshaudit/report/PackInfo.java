package org.meshaudit.report;

/**
 * A rule pack used by the run.
 *
 * @param id      pack id
 * @param version pack version
 * @param sha256  digest over the pack's sources (pack.yaml, framework.yaml, every rule.yaml and rule.drl): the rules
 *                that ran are these sources, whether loaded from the precompiled model built from them or compiled
 *                from their DRL at runtime
 * @param origin  {@code classpath:…} or the directory it was loaded from
 * @param rules   number of rules
 * @param note    set only when a shipped pack's precompiled rule model could not be used and its DRL was compiled at
 *                runtime instead, saying why (a build or packaging fault: same verdicts, slower start); null otherwise
 */
public record PackInfo(String id, String version, String sha256, String origin, int rules, String note) {

    public PackInfo(String id, String version, String sha256, String origin, int rules) {
        this(id, version, sha256, origin, rules, null);
    }

    /** The pack's identity as the run id hashes it (the text this record printed before it had a note). */
    public String identity() {
        return "PackInfo[id=" + id + ", version=" + version + ", sha256=" + sha256 + ", origin=" + origin
                + ", rules=" + rules + "]";
    }
}
