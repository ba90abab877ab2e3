package org.meshaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import org.meshaudit.api.UsageException;
import org.meshaudit.lifecycle.EvidenceBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meshaudit verify DIR}: check an evidence bundle. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an evidence bundle written by scan --bundle: every file's sha256 and size, missing and "
                + "extra files, the detached CMS signature over manifest.json, and with --trust the signer's chain at "
                + "the signing time. Prints one line per problem. Exit 0 verified, 1 any problem, 2 bad arguments.")
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The bundle directory.")
    Path dir;

    @Option(names = "--trust", paramLabel = "ROOTS.pem",
            description = "Trust roots (PEM certificates) the signer must chain to. Without it the signature is only checked against the certificate it carries.")
    Path trust;

    @Override
    public Integer call() throws Exception {
        List<X509Certificate> roots = null;
        if (trust != null) {
            roots = EvidenceBundle.readCertificates(trust, "--trust");
            if (roots.isEmpty()) {
                throw new UsageException("--trust " + trust + " holds no certificate");
            }
        }
        EvidenceBundle.Verification v = EvidenceBundle.verify(dir, roots);
        PrintWriter out = spec.commandLine().getOut();
        for (String p : v.problems()) {
            out.println(p);
        }
        for (String n : v.notes()) {
            out.println("  " + n);
        }
        out.println(v.ok() ? "OK: " + dir + " verified" : "FAILED: " + v.problems().size() + " problem(s) in " + dir);
        out.flush();
        return ExitCodes.forVerification(v);
    }
}
