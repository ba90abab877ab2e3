package org.meshaudit.evaluate;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.meshaudit.api.EngineException;
import org.meshaudit.api.Severity;
import org.meshaudit.api.UsageException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Finds and validates rule packs. A pack is a directory with {@code pack.yaml} and {@code rules/<id>-<slug>/} folders,
 * each holding {@code rule.yaml} and {@code rule.drl}. Packs ship in jars under {@value #CLASSPATH_ROOT}/&lt;pack&gt;/ or
 * are named with {@code --policy-dir}. A broken pack fails fast with the path and rule id.
 */
public final class PackLoader {
    public static final String CLASSPATH_ROOT = "META-INF/meshaudit/packs";
    static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\\d{3}");
    static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    static final Pattern CONTROL = Pattern.compile("(pci|hipaa|hipaa-nprm|gdpr|edpb|enisa|zt|nist|crypto):\\S+");
    static final Set<String> STATUSES = Set.of("stable", "experimental", "deprecated");
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private PackLoader() {
    }

    /** Every pack found on the class path, sorted by id. */
    public static List<RulePack> fromClasspath(ClassLoader loader) {
        Map<String, RulePack> packs = new TreeMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(CLASSPATH_ROOT);
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                URI uri = url.toURI();
                if ("jar".equals(uri.getScheme())) {
                    FileSystem fs;
                    boolean close = false;
                    try {
                        fs = FileSystems.newFileSystem(uri, Map.of());
                        close = true;
                    } catch (FileSystemAlreadyExistsException e) {
                        fs = FileSystems.getFileSystem(uri);
                    }
                    try {
                        addPacks(fs.getPath(CLASSPATH_ROOT), "classpath:", packs);
                    } finally {
                        if (close) {
                            fs.close();
                        }
                    }
                } else {
                    addPacks(Path.of(uri), "classpath:", packs);
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new EngineException("cannot list rule packs on the class path: " + e.getMessage(), e);
        }
        return List.copyOf(packs.values());
    }

    private static void addPacks(Path root, String prefix, Map<String, RulePack> into) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                if (Files.isRegularFile(dir.resolve("pack.yaml"))) {
                    RulePack p = load(dir, prefix + CLASSPATH_ROOT + "/" + dir.getFileName().toString().replace("/", ""));
                    RulePack previous = into.putIfAbsent(p.id(), p);
                    if (previous != null && !previous.sha256().equals(p.sha256())) {
                        throw new UsageException("rule pack '" + p.id() + "' found twice on the class path with different content");
                    }
                }
            }
        }
    }

    /** Loads the pack in a directory (a {@code --policy-dir}). */
    public static RulePack fromDirectory(Path dir) {
        if (!Files.isRegularFile(dir.resolve("pack.yaml"))) {
            throw new UsageException("not a rule pack: " + dir + " has no pack.yaml", "point --policy-dir at a folder with pack.yaml and rules/");
        }
        try {
            return load(dir, dir.toString());
        } catch (IOException e) {
            throw new UsageException("cannot read rule pack " + dir + ": " + e.getMessage());
        }
    }

    private static RulePack load(Path dir, String origin) throws IOException {
        MessageDigest digest = sha256();
        JsonNode pack = readYaml(dir.resolve("pack.yaml"));
        update(digest, "pack.yaml", Files.readAllBytes(dir.resolve("pack.yaml")));
        String packId = required(pack, "id", dir.resolve("pack.yaml"));
        String packVersion = required(pack, "version", dir.resolve("pack.yaml"));
        String packTitle = pack.path("title").asString("");
        Path rulesDir = dir.resolve("rules");
        List<RuleMetadata> rules = new ArrayList<>();
        Map<String, String> drl = new TreeMap<>();
        if (Files.isDirectory(rulesDir)) {
            List<Path> folders;
            try (Stream<Path> s = Files.list(rulesDir)) {
                folders = s.filter(Files::isDirectory).sorted((a, b) -> name(a).compareTo(name(b))).toList();
            }
            for (Path folder : folders) {
                Path yaml = folder.resolve("rule.yaml");
                Path drlFile = folder.resolve("rule.drl");
                if (!Files.isRegularFile(yaml) || !Files.isRegularFile(drlFile)) {
                    throw new UsageException("invalid rule pack: " + folder + " needs rule.yaml and rule.drl");
                }
                byte[] yamlBytes = Files.readAllBytes(yaml);
                byte[] drlBytes = Files.readAllBytes(drlFile);
                update(digest, "rules/" + name(folder) + "/rule.yaml", yamlBytes);
                update(digest, "rules/" + name(folder) + "/rule.drl", drlBytes);
                RuleMetadata meta = parseRule(readYaml(yaml), folder);
                if (drl.containsKey(meta.id())) {
                    throw new UsageException("invalid rule pack: rule id " + meta.id() + " is used twice (" + folder + ")");
                }
                String source = new String(drlBytes, StandardCharsets.UTF_8);
                if (!source.contains("@ruleId(\"" + meta.id() + "\")")) {
                    throw new UsageException("invalid rule pack: " + drlFile + " has no rule tagged @ruleId(\"" + meta.id() + "\")");
                }
                rules.add(meta);
                drl.put(meta.id(), source);
            }
        }
        FrameworkCatalog framework = null;
        Path fw = dir.resolve("framework.yaml");
        if (Files.isRegularFile(fw)) {
            update(digest, "framework.yaml", Files.readAllBytes(fw));
            framework = parseFramework(readYaml(fw), fw);
        }
        if (rules.isEmpty() && framework == null) {
            throw new UsageException("invalid rule pack: " + dir + " has no rules and no framework.yaml");
        }
        rules.sort((a, b) -> a.id().compareTo(b.id()));
        String sha = "sha256:" + HexFormat.of().formatHex(digest.digest());
        return new RulePack(packId, packVersion, packTitle, origin, sha, List.copyOf(rules),
                Collections.unmodifiableMap(drl), framework);
    }

    private static String name(Path p) {
        return p.getFileName().toString().replace("/", "");
    }

    static RuleMetadata parseRule(JsonNode n, Path folder) {
        Path file = folder.resolve("rule.yaml");
        String id = required(n, "id", file);
        if (!ID.matcher(id).matches()) {
            throw invalid(file, id, "id must look like AREA-NNN");
        }
        String slug = required(n, "slug", file);
        String expectedFolder = id.toLowerCase(Locale.ROOT) + "-" + slug;
        if (!name(folder).equals(expectedFolder)) {
            throw invalid(file, id, "folder must be named " + expectedFolder);
        }
        String version = required(n, "version", file);
        if (!SEMVER.matcher(version).matches()) {
            throw invalid(file, id, "version must be semver (x.y.z)");
        }
        String title = required(n, "title", file);
        if (title.toLowerCase(Locale.ROOT).startsWith("ensure")) {
            throw invalid(file, id, "title states the secure state, not 'Ensure …'");
        }
        Severity severity = severity(required(n, "severity", file), file, id);
        Map<String, Severity> when = new LinkedHashMap<>();
        JsonNode sw = n.get("severity_when");
        if (sw != null && !sw.isNull()) {
            if (!sw.isObject()) {
                throw invalid(file, id, "severity_when must map a trait or tag to a severity");
            }
            for (var e : sw.properties()) {
                when.put(e.getKey(), severity(e.getValue().asString(""), file, id));
            }
        }
        List<AppliesTo> applies = new ArrayList<>();
        JsonNode at = n.get("applies_to");
        if (at == null || at.isNull()) {
            throw invalid(file, id, "applies_to is required");
        }
        for (JsonNode entry : at.isArray() ? at : List.of(at)) {
            String fact = entry.path("fact").asString("");
            if (!FactTypes.known(fact)) {
                throw invalid(file, id, "applies_to.fact '" + fact + "' is not a fact type (" + FactTypes.names() + ")");
            }
            applies.add(new AppliesTo(fact, strings(entry.get("requires")), strings(entry.get("excludes"))));
        }
        String rationale = required(n, "rationale", file);
        String remediation = required(n, "remediation", file);
        List<String> controls = strings(n.get("controls"));
        if (controls.isEmpty()) {
            throw invalid(file, id, "controls must list at least one catalogue key");
        }
        for (String c : controls) {
            if (!CONTROL.matcher(c).matches()) {
                throw invalid(file, id, "control key '" + c + "' has no known prefix (pci:, hipaa:, gdpr:, zt:, nist:, …)");
            }
        }
        String status = n.path("status").asString("stable");
        if (!STATUSES.contains(status)) {
            throw invalid(file, id, "status must be one of " + new TreeSet<>(STATUSES));
        }
        for (String text : List.of(title, rationale, remediation)) {
            if (text.contains("TODO") || text.contains("TBD") || text.contains("FIXME")) {
                throw invalid(file, id, "scaffold placeholder left in metadata");
            }
        }
        return new RuleMetadata(id, slug, version, title, severity, Collections.unmodifiableMap(when),
                List.copyOf(applies), rationale, remediation, controls, strings(n.get("references")),
                strings(n.get("aliases")), status, folder);
    }

    static FrameworkCatalog parseFramework(JsonNode n, Path file) {
        String id = required(n, "id", file);
        String prefix = required(n, "prefix", file);
        List<FrameworkCatalog.Requirement> reqs = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        JsonNode list = n.get("requirements");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new UsageException("invalid framework catalogue: " + file + ": 'requirements' must list every requirement");
        }
        for (JsonNode r : list) {
            String rid = required(r, "id", file);
            if (!seen.add(rid)) {
                throw new UsageException("invalid framework catalogue: " + file + ": requirement " + rid + " is listed twice");
            }
            String title = required(r, "title", file);
            FrameworkCatalog.Kind kind;
            switch (r.path("kind").asString("")) {
                case "automated": kind = FrameworkCatalog.Kind.AUTOMATED; break;
                case "manual": kind = FrameworkCatalog.Kind.MANUAL; break;
                case "not-applicable": kind = FrameworkCatalog.Kind.NOT_APPLICABLE; break;
                default: throw new UsageException("invalid framework catalogue: " + file + ": requirement " + rid
                        + " needs kind automated, manual or not-applicable");
            }
            String note = r.path("note").asString("").strip();
            if (kind != FrameworkCatalog.Kind.AUTOMATED && note.isEmpty()) {
                throw new UsageException("invalid framework catalogue: " + file + ": requirement " + rid
                        + " (" + r.path("kind").asString() + ") needs a note saying what the assessor checks or why it does not apply");
            }
            reqs.add(new FrameworkCatalog.Requirement(rid, title, kind, note.isEmpty() ? null : note,
                    r.path("addressable").asBoolean(false)));
        }
        return new FrameworkCatalog(id, required(n, "version", file), required(n, "title", file), prefix,
                n.path("source").asString(""), List.copyOf(reqs));
    }

    private static Severity severity(String s, Path file, String id) {
        try {
            return Severity.parse(s);
        } catch (UsageException e) {
            throw invalid(file, id, "unknown severity '" + s + "'");
        }
    }

    private static UsageException invalid(Path file, String id, String problem) {
        return new UsageException("invalid rule pack: " + file + " (" + id + "): " + problem);
    }

    private static String required(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isContainer() || v.asString("").isBlank()) {
            throw new UsageException("invalid rule pack: " + file + ": '" + field + "' is required");
        }
        return v.asString().strip();
    }

    private static List<String> strings(JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asString("")));
        } else {
            out.add(n.asString(""));
        }
        return List.copyOf(out);
    }

    private static JsonNode readYaml(Path p) throws IOException {
        try {
            JsonNode n = YAML.readTree(Files.readAllBytes(p));
            if (n == null || !n.isObject()) {
                throw new UsageException("invalid rule pack: " + p + " is not a YAML mapping");
            }
            return n;
        } catch (JacksonException e) {
            throw new UsageException("invalid rule pack: " + p + ": " + e.getOriginalMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new EngineException("SHA-256 unavailable", e);
        }
    }

    private static void update(MessageDigest d, String name, byte[] bytes) {
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(bytes);
        d.update((byte) 0);
    }
}
