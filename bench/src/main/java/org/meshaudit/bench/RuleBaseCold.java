package org.meshaudit.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.meshaudit.evaluate.Evaluator;
import org.meshaudit.evaluate.PackLoader;
import org.meshaudit.evaluate.RuleBaseMode;
import org.meshaudit.evaluate.RulePack;

/**
 * The rule base alone, in a cold JVM (architecture.md: "rule base ready ≤ 1.5 s"): loads the packs on the class path
 * and builds the Evaluator with nothing running beside it, then one empty session. Run it in a fresh JVM each time:
 * <pre>java -cp "$(cat bench/target/classpath.txt):bench/target/classes" org.meshaudit.bench.RuleBaseCold [auto|drl]</pre>
 */
public final class RuleBaseCold {
    private RuleBaseCold() {
    }

    public static void main(String[] args) {
        double jvm = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        RuleBaseMode mode = args.length > 0 && args[0].equalsIgnoreCase("drl") ? RuleBaseMode.DRL : RuleBaseMode.AUTO;
        long t0 = System.nanoTime();
        List<RulePack> packs = PackLoader.fromClasspath(RuleBaseCold.class.getClassLoader());
        long t1 = System.nanoTime();
        Evaluator e = new Evaluator(packs, mode, RuleBaseCold.class.getClassLoader());
        long t2 = System.nanoTime();
        e.evaluate(List.of(), java.util.Map.of(), java.util.Set.of());
        long t3 = System.nanoTime();
        // CPU seconds as well as wall seconds: on a shared box the wall time is mostly other people's load
        double threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
        double processCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        System.out.printf(Locale.ROOT, "mode %s  jvm %.2f s  packs %.2f s  rulebase %.2f s  first session %.2f s  "
                        + "ready at %.2f s since JVM start (cpu: main thread %.2f s, process %.2f s)  %s%n", mode, jvm,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
                ManagementFactory.getRuntimeMXBean().getUptime() / 1e3, threadCpu, processCpu, e.sources());
    }
}
