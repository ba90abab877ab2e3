package org.meshaudit.evaluate;

import org.meshaudit.api.UsageException;

/** How the {@link Evaluator} gets its Drools rule base. */
public enum RuleBaseMode {
    /** A pack's precompiled executable model when one matches its sources ({@link PrecompiledModel}), else its DRL
     *  compiled at runtime. The default. */
    AUTO,
    /** Every pack's DRL compiled at runtime, precompiled models ignored (what {@code policies validate} does; also
     *  {@code -Dmeshaudit.rulebase=drl}, to compare or to rule the models out). */
    DRL;

    /** The system property that selects the mode ({@code auto} or {@code drl}). */
    public static final String PROPERTY = "meshaudit.rulebase";

    /** The mode named by {@value #PROPERTY}, {@link #AUTO} when unset. */
    public static RuleBaseMode configured() {
        String v = System.getProperty(PROPERTY, "auto").strip();
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "auto": case "": return AUTO;
            case "drl": return DRL;
            default: throw new UsageException("-D" + PROPERTY + "=" + v + " is not a rule base mode",
                    "use auto (precompiled models where they match, the default) or drl");
        }
    }
}
