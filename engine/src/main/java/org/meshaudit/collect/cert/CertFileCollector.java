package org.meshaudit.collect.cert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.meshaudit.api.UsageException;
import org.meshaudit.collect.Collector;
import org.meshaudit.collect.SnapshotBuilder;

/**
 * Reads certificate files ({@code meshaudit certs PATH...}, {@code scan --certs PATH...}): files given by name are
 * read whatever their extension; directories are walked recursively for certificate-looking names.
 */
public final class CertFileCollector implements Collector {
    static final Set<String> EXTENSIONS = Set.of("pem", "crt", "cer", "cert", "der", "p7b", "p7c", "p7", "p12", "pfx",
            "jks", "jceks", "keystore", "truststore", "bundle");

    private final List<String> paths;
    private final List<String> trustPaths;
    private final CertReader reader;

    /**
     * @param paths      files or directories holding served certificates and their chains
     * @param trustPaths files or directories holding trust anchors (chains are validated against them)
     */
    public CertFileCollector(List<String> paths, List<String> trustPaths, CertLimits limits, char[] password) {
        this.paths = List.copyOf(paths);
        this.trustPaths = List.copyOf(trustPaths);
        this.reader = new CertReader(limits, password);
    }

    @Override
    public void collect(SnapshotBuilder into) {
        List<String> described = new ArrayList<>();
        for (String p : concat()) {
            Path path = Path.of(p);
            if (!Files.exists(path)) {
                throw new UsageException("certificate path not found: " + p, "check the path given to --certs");
            }
            if (!Files.isReadable(path)) {
                throw new UsageException("certificate path is not readable: " + p, "check its permissions");
            }
            described.add(p);
        }
        into.addSource("certificates: " + String.join(", ", described));
        CertReader.Sink sink = into.certificateSink();
        for (String p : paths) {
            read(Path.of(p), p, CertSource.CHAIN, into, sink);
        }
        for (String p : trustPaths) {
            read(Path.of(p), p, CertSource.TRUST, into, sink);
        }
    }

    private List<String> concat() {
        List<String> all = new ArrayList<>(paths);
        all.addAll(trustPaths);
        return all;
    }

    private void read(Path path, String given, String role, SnapshotBuilder into, CertReader.Sink sink) {
        if (!Files.isDirectory(path)) {
            readFile(path, given, role, into, sink);
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(path)) {
            walk.filter(Files::isRegularFile).filter(f -> !hidden(path, f)).filter(CertFileCollector::looksLikeCert)
                    .sorted().forEach(files::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            into.issue(given, "unreadable", "cannot list directory: " + e.getClass().getSimpleName());
            return;
        }
        if (files.isEmpty()) { // an empty inventory of a directory given to audit is not a clean one
            into.issue(given, "no-certificates", "no certificate file found in the directory (names ending in ."
                    + String.join(", .", new java.util.TreeSet<>(EXTENSIONS)) + ")");
        }
        for (Path f : files) {
            String name = given.endsWith("/") ? given + path.relativize(f) : given + "/" + path.relativize(f);
            readFile(f, name.replace('\\', '/'), role, into, sink);
        }
    }

    private void readFile(Path file, String name, String role, SnapshotBuilder into, CertReader.Sink sink) {
        long max = reader.limits().maxBlobBytes();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (IOException e) {
            into.issue(name, "unreadable", "cannot read file: " + e.getClass().getSimpleName());
            return;
        }
        if (bytes.length > max) {
            into.issue(name, "limit-exceeded", "file is above the " + max + "-byte limit for certificate input; not read");
            return;
        }
        into.digest(name, bytes);
        reader.read(bytes, new CertReader.Origin(name, "file", "", name, "", role), sink);
    }

    private static boolean hidden(Path root, Path f) {
        for (Path part : root.relativize(f)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    static boolean looksLikeCert(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(n.substring(dot + 1));
    }
}
