package org.meshaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.meshaudit.evaluate.Evaluator;
import org.meshaudit.evaluate.PackLoader;
import org.meshaudit.evaluate.RuleMetadata;
import org.meshaudit.evaluate.RulePack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshaudit policies list|show|validate}. */
@Command(name = "policies", mixinStandardHelpOptions = true, description = "List, show and validate rule packs.",
        subcommands = {PoliciesCommand.ListCmd.class, PoliciesCommand.Show.class, PoliciesCommand.Validate.class,
                PoliciesCommand.Coverage.class})
public final class PoliciesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static List<RulePack> bundled() {
        return PackLoader.fromClasspath(PoliciesCommand.class.getClassLoader());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List bundled packs and their rules.")
    static final class ListCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (RulePack p : bundled()) {
                out.printf("%s %s  %s  (%d rules, %s)%n", p.id(), p.version(), p.title(), p.rules().size(), p.sha256());
                for (RuleMetadata r : p.rules()) {
                    out.printf("  %-10s %-8s %-7s %s%n", r.id(), r.severity().label(), r.version(), r.title());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one rule's metadata.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RULE-ID")
        String id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (RulePack p : bundled()) {
                for (RuleMetadata r : p.rules()) {
                    if (r.id().equalsIgnoreCase(id) || r.aliases().contains(id)) {
                        out.printf("%s %s (%s pack)%nTitle: %s%nSeverity: %s%s%nApplies to: %s%nRationale: %s%n"
                                        + "Remediation: %s%nControls: %s%nReferences: %s%n", r.id(), r.version(), p.id(),
                                r.title(), r.severity().label(),
                                r.severityWhen().isEmpty() ? "" : " (escalations: " + r.severityWhen() + ")",
                                r.appliesTo(), r.rationale().strip(), r.remediation().strip(),
                                String.join(", ", r.controls()), String.join(", ", r.references()));
                        return ExitCodes.OK;
                    }
                }
            }
            throw new org.meshaudit.api.UsageException("no rule '" + id + "'", "see 'meshaudit policies list'");
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate pack directories (or the bundled packs): metadata schema, ids, DRL compilation.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", arity = "0..*")
        List<Path> dirs = new ArrayList<>();

        @Override
        public Integer call() {
            List<RulePack> packs = new ArrayList<>();
            if (dirs.isEmpty()) {
                packs.addAll(bundled());
            } else {
                dirs.forEach(d -> packs.add(PackLoader.fromDirectory(d)));
            }
            // compiles the DRL (never the precompiled models: the DRL is what a pack is) and checks every @ruleId
            new Evaluator(packs, org.meshaudit.evaluate.RuleBaseMode.DRL, Evaluator.class.getClassLoader());
            for (RulePack p : packs) {
                spec.commandLine().getOut().printf("ok  %s %s: %d rules, %s%n", p.id(), p.version(), p.rules().size(), p.sha256());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "coverage", mixinStandardHelpOptions = true,
            description = "List a framework's requirements: automated (with the rules that evidence them), manual (what the assessor checks) or not applicable.")
    static final class Coverage implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FRAMEWORK", description = "zero-trust, pci-dss, hipaa or gdpr")
        String framework;

        @Override
        public Integer call() {
            List<RulePack> packs = bundled();
            org.meshaudit.evaluate.FrameworkCatalog catalog = packs.stream().map(RulePack::framework)
                    .filter(f -> f != null && f.id().equals(framework)).findFirst()
                    .orElseThrow(() -> new org.meshaudit.api.UsageException("no framework '" + framework + "'",
                            "use one of zero-trust, pci-dss, hipaa, gdpr"));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s %s (%s)%n", catalog.title(), catalog.version(), catalog.id());
            int automated = 0;
            for (var req : catalog.requirements()) {
                List<String> rules = new ArrayList<>();
                for (RulePack p : packs) {
                    for (RuleMetadata r : p.rules()) {
                        if (r.controls().contains(catalog.key(req))) {
                            rules.add(r.id());
                        }
                    }
                }
                String kind = req.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                automated += req.kind() == org.meshaudit.evaluate.FrameworkCatalog.Kind.AUTOMATED ? 1 : 0;
                out.printf("  %-24s %-15s %s%n", req.id(), kind, req.title());
                if (!rules.isEmpty()) {
                    out.printf("  %-24s %-15s rules: %s%n", "", "", String.join(", ", rules));
                }
                if (req.note() != null) {
                    out.printf("  %-24s %-15s %s%n", "", "", req.note());
                }
            }
            out.printf("%d requirements, %d automated%n", catalog.requirements().size(), automated);
            return ExitCodes.OK;
        }
    }
}
