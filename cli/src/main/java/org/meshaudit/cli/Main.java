package org.meshaudit.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.meshaudit.api.EngineException;
import org.meshaudit.api.UsageException;
import org.meshaudit.api.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** The {@code meshaudit} command line. */
@Command(name = "meshaudit", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Audits Kubernetes zero-trust posture: effective mTLS per workload and port as Istio and Linkerd "
                + "compute it, evaluated by rule packs into auditor-grade evidence.",
        footer = {"", "Exit codes: 0 complete and nothing at or above --fail-on; 1 FAIL at or above --fail-on; "
                + "2 usage or configuration error; 3 incomplete run (wins over 1); 4 internal error."})
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors; scan also prints the time of each pipeline stage.")
    boolean verbose;

    InputStream stdin = System.in;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required (scan, certs, posture, report, policies, snapshot, preflight, probe, diff, merge, verify)");
    }

    /** Lists the engine and bundled pack versions. */
    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            StringBuilder packs = new StringBuilder();
            try {
                for (var p : org.meshaudit.evaluate.PackLoader.fromClasspath(Main.class.getClassLoader())) {
                    packs.append(packs.length() == 0 ? "" : ", ").append(p.id()).append(' ').append(p.version());
                }
            } catch (RuntimeException e) {
                packs.append("(packs unavailable: ").append(e.getMessage()).append(')');
            }
            return new String[] {"meshaudit " + Version.get(), "packs: " + packs,
                    "java " + System.getProperty("java.version")};
        }
    }

    /** The subcommands, in the order {@code meshaudit --help} lists them. */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(ScanCommand.class, CertsCommand.class,
            PostureCommand.class, ReportCommand.class, PoliciesCommand.class, SnapshotCommand.class,
            PreflightCommand.class, ProbeCommand.class, DiffCommand.class, MergeCommand.class, VerifyCommand.class,
            CommandLine.HelpCommand.class);

    /** The commands that run an audit: their packs and rule base are loaded while the command line is read. */
    private static final java.util.Set<String> AUDITING = java.util.Set.of("scan", "posture", "certs", "probe");

    /** The command word of {@code args}: the first that is not an option (the root command has no option values). */
    static String commandWord(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    /**
     * Whether {@code args} name an auditing command that will want the preload: not its help or the version, and no
     * framework selection or pack directory (such a run loads and builds packs of its own).
     */
    static boolean audits(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")
                    || a.startsWith("--framework") || a.startsWith("--policy-dir")) {
                return false;
            }
        }
        return AUDITING.contains(String.valueOf(commandWord(args)));
    }

    /**
     * The command line for {@code args}: with only the subcommand they name, or with all of them when they name none
     * (the root's help lists them, {@code help} describes them, a typo gets suggestions). Picocli reads every option
     * of every subcommand it is given, which was a tenth of a second of each start.
     */
    static CommandLine commandLine(Main main, String[] args) {
        CommandLine cl = new CommandLine(main);
        String word = commandWord(args);
        Class<?> named = null;
        for (Class<?> c : SUBCOMMANDS) {
            if (c.getAnnotation(Command.class).name().equals(word) && c != CommandLine.HelpCommand.class) {
                named = c;
            }
        }
        for (Class<?> c : named != null ? java.util.List.<Class<?>>of(named) : SUBCOMMANDS) {
            cl.addSubcommand(c);
        }
        // "--manifests dir --out x" is a mistyped option, not a second path: picocli rejects it and suggests --output
        cl.setUnmatchedOptionsAllowedAsOptionParameters(false);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the CLI without exiting the JVM; returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (audits(args)) {
            org.meshaudit.api.AuditEngine.preload();
        }
        Main main = new Main();
        main.stdin = in;
        CommandLine cl = commandLine(main, args);
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        cl.setOut(o);
        cl.setErr(e);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = main.verbose;
            if (ex instanceof UsageException u) {
                e.println("meshaudit: error: " + u.getMessage());
                if (u.suggestion() != null) {
                    e.println("  hint: " + u.suggestion());
                }
                if (verbose) {
                    ex.printStackTrace(e);
                }
                return ExitCodes.USAGE;
            }
            String what = ex instanceof EngineException ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            e.println("meshaudit: internal error: " + what);
            if (verbose) {
                ex.printStackTrace(e);
            } else {
                e.println("  hint: rerun with --verbose for details");
            }
            return ExitCodes.INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            e.println("meshaudit: error: " + ex.getMessage());
            e.println("  hint: see 'meshaudit " + (ex.getCommandLine().getCommandName().equals("meshaudit") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'");
            return ExitCodes.USAGE;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError oom) {
            // an Error passes picocli's handler: one line and a hint instead of a stack trace (a JVM that ran out of
            // heap has usually freed the run's data by the time it gets here, so printing is safe)
            e.println("meshaudit: error: out of memory (Java heap)"
                    + (args.length > 0 ? " while running '" + args[0] + "'" : ""));
            e.println("  hint: give the JVM more heap, e.g. MESHAUDIT_JAVA_OPTS=-Xmx2g ./meshaudit ... or "
                    + "JAVA_TOOL_OPTIONS=-Xmx2g java -jar meshaudit.jar ...");
            if (main.verbose) {
                oom.printStackTrace(e);
            }
            return ExitCodes.INTERNAL;
        }
    }
}
