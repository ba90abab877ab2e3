package org.meshaudit.packc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.meshaudit.api.Version;
import org.meshaudit.evaluate.Evaluator;
import org.meshaudit.evaluate.PackLoader;
import org.meshaudit.evaluate.PrecompiledModel;
import org.meshaudit.evaluate.RuleMetadata;
import org.meshaudit.evaluate.RulePack;

/**
 * Build-time generator: compiles one rule pack's DRL into the Drools executable model and writes the model classes
 * and their index ({@link PrecompiledModel}) into the pack module's class output, so that the shipped pack starts
 * without compiling DRL (docs/performance.md 3.3).
 *
 * <pre>PackCompiler PACK_DIR CLASSES_DIR WORK_DIR</pre>
 *
 * <ul>
 *   <li>PACK_DIR: the pack's folder (pack.yaml, rules/); it is loaded with {@link PackLoader#fromDirectory}, so the
 *       digest recorded in the index is computed exactly as at runtime;</li>
 *   <li>CLASSES_DIR: {@code target/classes} of the pack module (the generated classes go into the jar);</li>
 *   <li>WORK_DIR: where the list of generated files and the up-to-date key are kept between builds.</li>
 * </ul>
 * The generation is skipped when the pack, the fact classes, Drools and meshaudit versions are those of the last
 * run and its files are still there. A DRL compile error fails the build.
 */
public final class PackCompiler {
    /** Bump when the generated output changes for the same inputs. */
    private static final String GENERATOR = "1";

    private PackCompiler() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: PackCompiler PACK_DIR CLASSES_DIR WORK_DIR");
            System.exit(2);
        }
        try {
            System.exit(run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2])));
        } catch (RuntimeException e) {
            System.err.println("pack-compiler: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Generates (or confirms up to date) the model of the pack in {@code packDir}; returns a process exit code. */
    public static int run(Path packDir, Path classes, Path work) throws IOException {
        long t0 = System.nanoTime();
        RulePack pack = PackLoader.fromDirectory(packDir);
        Path index = classes.resolve(PrecompiledModel.indexPath(pack.id()));
        Path fileList = work.resolve(pack.id() + ".files");
        Path keyFile = work.resolve(pack.id() + ".key");
        if (pack.rules().isEmpty()) {
            removePrevious(classes, fileList);
            Files.deleteIfExists(index);
            Files.deleteIfExists(keyFile);
            System.out.println("pack-compiler: pack " + pack.id() + " has no rules: no model");
            return 0;
        }
        String key = upToDateKey(pack);
        if (Files.isRegularFile(keyFile) && Files.readString(keyFile).equals(key) && Files.isRegularFile(index)
                && allPresent(classes, fileList)) {
            System.out.println("pack-compiler: model of pack " + pack.id() + " is up to date");
            return 0;
        }
        removePrevious(classes, fileList);

        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        TreeSet<String> packages = new TreeSet<>();
        for (RuleMetadata r : pack.rules()) {
            String drl = pack.drl().get(r.id());
            packages.add(Evaluator.drlPackage(drl));
            kfs.write(Evaluator.drlResourcePath(r.id(), drl), drl);
        }
        // the release id seeds the generated class names: one per pack keeps two packs' classes apart
        ReleaseId releaseId = ks.newReleaseId("org.meshaudit.packs", pack.id(), pack.version());
        kfs.generateAndWritePomXML(releaseId);
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        builder.getResults().getMessages(Message.Level.WARNING).forEach(m -> System.out.println(
                "pack-compiler: warning: pack " + pack.id() + ": " + m.getPath() + ":" + m.getLine() + ": "
                        + m.getText().strip()));
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            StringBuilder b = new StringBuilder("pack " + pack.id() + ": DRL does not compile to the executable model:");
            errors.forEach(m -> b.append("\n  ").append(m.getPath()).append(':').append(m.getLine()).append(": ")
                    .append(m.getText().strip()));
            throw new IllegalStateException(b.toString());
        }
        InternalKieModule module = (InternalKieModule) builder.getKieModule();
        // META-INF/kie/<group>/<artifact>/drools-model lists the Model classes, one per DRL package
        String modelFile = module.getFileNames().stream().filter(f -> f.endsWith("/drools-model")).findFirst()
                .orElseThrow(() -> new IllegalStateException("pack " + pack.id()
                        + ": the executable model build wrote no drools-model file"));
        List<String> models = new ArrayList<>();
        for (String line : new String(module.getBytes(modelFile), StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank() && !line.contains(":")) { // first line is "Drools-Model-Version:…"
                models.add(line.strip());
            }
        }
        if (models.isEmpty()) {
            throw new IllegalStateException("pack " + pack.id() + ": the executable model names no model class ("
                    + modelFile + ")");
        }
        List<String> written = new ArrayList<>();
        for (String name : new TreeSet<>(module.getFileNames())) {
            if (!name.endsWith(".class")) {
                continue; // the kjar's DRL copies, kmodule.xml and pom are not needed to load the models
            }
            if (name.startsWith("org/drools/project/model/")) {
                continue; // the kjar's ProjectModel: only KieContainer loading of a whole kjar needs it
            }
            String pkg = name.substring(0, Math.max(0, name.lastIndexOf('/'))).replace('/', '.');
            if (packages.stream().noneMatch(p -> pkg.equals(p) || pkg.startsWith(p + "."))) {
                throw new IllegalStateException("pack " + pack.id() + ": generated class " + name
                        + " is outside the pack's DRL packages " + packages);
            }
            Path target = classes.resolve(name);
            Files.createDirectories(target.getParent());
            Files.write(target, module.getBytes(name));
            written.add(name);
        }
        Files.createDirectories(index.getParent());
        try (OutputStream out = Files.newOutputStream(index)) {
            new PrecompiledModel.Index(pack.id(), pack.sha256(), PrecompiledModel.droolsVersion(), Version.get(),
                    models).write(out);
        }
        Files.createDirectories(work);
        Files.write(fileList, written);
        Files.writeString(keyFile, key);
        System.out.printf("pack-compiler: pack %s (%d rules, %s): %d model classes in %.1f s%n", pack.id(),
                pack.rules().size(), pack.sha256().substring(0, 19), written.size(), (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /**
     * What the generated classes depend on: the pack's sources, the engine's fact and evaluate classes they bind to
     * (read from where this class path has them), the Drools and meshaudit versions, and this generator.
     */
    static String upToDateKey(RulePack pack) throws IOException {
        MessageDigest d = sha256();
        d.update((GENERATOR + "|" + pack.sha256() + "|" + PrecompiledModel.droolsVersion() + "|" + Version.get())
                .getBytes(StandardCharsets.UTF_8));
        Path engine;
        try {
            engine = Path.of(org.meshaudit.facts.Subject.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return "unknown-" + System.nanoTime(); // cannot tell: always regenerate
        }
        java.util.TreeMap<String, byte[]> classes = new java.util.TreeMap<>();
        if (Files.isDirectory(engine)) {
            for (String pkg : List.of("org/meshaudit/facts", "org/meshaudit/evaluate")) {
                try (var s = Files.walk(engine.resolve(pkg))) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        classes.put(engine.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            }
        } else {
            try (var jar = new java.util.jar.JarFile(engine.toFile())) {
                for (var e : java.util.Collections.list(jar.entries())) {
                    if (!e.isDirectory() && (e.getName().startsWith("org/meshaudit/facts/")
                            || e.getName().startsWith("org/meshaudit/evaluate/"))) {
                        try (var in = jar.getInputStream(e)) {
                            classes.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        classes.forEach((name, bytes) -> {
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update(bytes);
        });
        return HexFormat.of().formatHex(d.digest());
    }

    private static boolean allPresent(Path classes, Path fileList) throws IOException {
        if (!Files.isRegularFile(fileList)) {
            return false;
        }
        for (String f : Files.readAllLines(fileList)) {
            if (!f.isBlank() && !Files.isRegularFile(classes.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    /** Deletes the classes an earlier run wrote (their names change with the pack version). */
    private static void removePrevious(Path classes, Path fileList) throws IOException {
        if (!Files.isRegularFile(fileList)) {
            return;
        }
        for (String f : Files.readAllLines(fileList)) {
            if (!f.isBlank()) {
                Files.deleteIfExists(classes.resolve(f));
            }
        }
        Files.delete(fileList);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
