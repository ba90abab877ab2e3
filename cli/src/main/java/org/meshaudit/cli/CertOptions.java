package org.meshaudit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.meshaudit.api.UsageException;
import picocli.CommandLine.Option;

/** Certificate inputs shared by {@code scan} and {@code certs}: trust bundles and the keystore password. */
public final class CertOptions {
    @Option(names = "--trust-bundle", paramLabel = "PATH", arity = "1..*",
            description = "Trust anchors (PEM/DER/PKCS#7/PKCS#12/JKS files or directories) to validate chains against.")
    List<String> trustBundles = new ArrayList<>();

    @Option(names = "--trust-domain", paramLabel = "DOMAIN", split = ",",
            description = "Expected SPIFFE trust domain(s) of mesh workload certificates (CERT-005), instead of the "
                    + "Istio trustDomain/trustDomainAliases and Linkerd identityTrustDomain read from the input.")
    List<String> trustDomains = new ArrayList<>();

    @Option(names = "--pkcs12-password", paramLabel = "PASSWORD", interactive = false, hidden = false,
            description = "Password of PKCS#12 files and Java keystores (visible in the process list: prefer "
                    + "--pkcs12-password-env or --pkcs12-password-file).")
    String password;

    @Option(names = "--pkcs12-password-env", paramLabel = "VAR", description = "Read the PKCS#12/keystore password from this environment variable.")
    String passwordEnv;

    @Option(names = "--pkcs12-password-file", paramLabel = "FILE", description = "Read the PKCS#12/keystore password from the first line of this file.")
    Path passwordFile;

    /** The password, or null; never echoed. */
    char[] password() {
        int given = (password != null ? 1 : 0) + (passwordEnv != null ? 1 : 0) + (passwordFile != null ? 1 : 0);
        if (given > 1) {
            throw new UsageException("give the PKCS#12 password only once",
                    "use one of --pkcs12-password, --pkcs12-password-env, --pkcs12-password-file");
        }
        if (password != null) {
            return password.toCharArray();
        }
        if (passwordEnv != null) {
            String v = System.getenv(passwordEnv);
            if (v == null) {
                throw new UsageException("environment variable " + passwordEnv + " is not set",
                        "export it or use --pkcs12-password-file");
            }
            return v.toCharArray();
        }
        if (passwordFile != null) {
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                String line = nl < 0 ? text : text.substring(0, nl);
                return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
            } catch (IOException e) {
                throw new UsageException("cannot read the password file " + passwordFile, "check the path and its permissions");
            }
        }
        return null;
    }
}
