package org.meshaudit.collect.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.meshaudit.api.UsageException;
import org.meshaudit.collect.Collector;
import org.meshaudit.collect.SnapshotBuilder;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads manifests from files, directories (recursively, {@code .yaml}, {@code .yml}, {@code .json}) and stdin
 * ({@code -}): multi-document YAML, JSON, and {@code kind: List} documents such as {@code kubectl get -o yaml} output.
 */
public final class ManifestCollector implements Collector {
    private final List<String> paths;
    private final InputStream stdin;
    private final ParserLimits limits;
    private final ObjectMapper yaml;
    private final ObjectMapper json;
    private final YamlAliases aliases;
    private final PrunedItemReader pruned;

    public ManifestCollector(List<String> paths, InputStream stdin, ParserLimits limits) {
        this.paths = List.copyOf(paths);
        this.stdin = stdin;
        this.limits = limits;
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxDocumentLength(limits.maxFileBytes())
                .build();
        LoadSettings settings = LoadSettings.builder()
                .setMaxAliasesForCollections(limits.maxYamlAliases())
                .setCodePointLimit(limits.maxYamlDocumentChars())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .build();
        this.yaml = YAMLMapper.builder(YAMLFactory.builder().loadSettings(settings)
                .streamReadConstraints(constraints).build()).build();
        this.json = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        this.aliases = new YamlAliases(settings, yaml);
        this.pruned = new PrunedItemReader(json);
    }

    @Override
    public void collect(SnapshotBuilder into) {
        List<Path> files = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (String p : paths) {
            if (p.equals("-")) {
                described.add("stdin");
                continue;
            }
            Path path = Path.of(p);
            if (!Files.exists(path)) {
                throw new UsageException("input path not found: " + p, "check the path given to --manifests");
            }
            if (!Files.isReadable(path)) {
                throw new UsageException("input path is not readable: " + p, "check its permissions");
            }
            described.add(p);
        }
        into.addSource("manifests: " + String.join(", ", described));
        for (String p : paths) {
            if (p.equals("-")) {
                readStdin(into);
                continue;
            }
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                files.clear();
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(f -> !isHidden(path, f)).filter(Files::isRegularFile)
                            .filter(ManifestCollector::isManifestName).sorted().forEach(files::add);
                } catch (IOException | java.io.UncheckedIOException e) {
                    into.issue(p, "unreadable", "cannot list directory: " + e.getMessage());
                }
                for (Path f : files) {
                    readFile(f, into);
                }
            } else {
                readFile(path, into);
            }
        }
    }

    private static boolean isHidden(Path root, Path f) {
        Path rel = root.relativize(f);
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isManifestName(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private void readStdin(SnapshotBuilder into) {
        try {
            byte[] bytes = readBounded(stdin, "stdin");
            parse(bytes, "stdin", into);
        } catch (LimitException e) {
            into.issue("stdin", "limit-exceeded", e.getMessage());
        } catch (IOException e) {
            into.issue("stdin", "unreadable", "cannot read stdin: " + e.getMessage());
        }
    }

    private void readFile(Path f, SnapshotBuilder into) {
        String name = f.toString();
        try {
            long size = Files.size(f);
            if (size > limits.maxFileBytes()) {
                into.issue(name, "limit-exceeded", "file is " + size + " bytes, above the limit of "
                        + limits.maxFileBytes() + " bytes; not read");
                return;
            }
            if (startsLikeJson(f)) {
                streamJson(f, name, into); // JSON is streamed: a kind: List is never held whole
                return;
            }
            byte[] bytes = Files.readAllBytes(f);
            parse(bytes, name, into);
        } catch (NoSuchFileException e) {
            into.issue(name, "unreadable", "file disappeared while reading");
        } catch (IOException e) {
            into.issue(name, "unreadable", "cannot read file: " + e.getMessage());
        }
    }

    private byte[] readBounded(InputStream in, String name) throws IOException, LimitException {
        if (in == null) {
            throw new IOException("no standard input");
        }
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
        if (bytes.length > limits.maxFileBytes()) {
            throw new LimitException(name + " is larger than the limit of " + limits.maxFileBytes() + " bytes; not read");
        }
        return bytes;
    }

    private void parse(byte[] bytes, String name, SnapshotBuilder into) {
        into.digest(name, bytes);
        if (looksLikeJson(bytes)) {
            parseJson(bytes, name, into);
            return;
        }
        List<YamlDocuments.Slice> docs = YamlDocuments.split(bytes);
        if (docs.size() > limits.maxDocumentsPerFile()) {
            into.issue(name, "limit-exceeded", docs.size() + " documents, above the limit of "
                    + limits.maxDocumentsPerFile() + "; the file is not read");
            return;
        }
        for (YamlDocuments.Slice d : docs) {
            String where = name + ":" + d.firstLine();
            if (d.length() > limits.maxYamlDocumentChars()) {
                into.issue(where, "limit-exceeded", "YAML document is " + d.length() + " bytes, above the limit of "
                        + limits.maxYamlDocumentChars() + " bytes; skipped");
                continue;
            }
            JsonNode doc;
            try {
                doc = d.hasAnchors(bytes) ? aliases.load(bytes, d) : yaml.readTree(bytes, d.start(), d.length());
            } catch (JacksonException e) {
                into.issue(offset(name, d, e.getLocation()), kindOf(e), describe(e, false));
                continue; // documents are independent: the next one is still read
            } catch (RuntimeException e) {
                // snakeyaml-engine reports its limits (aliases, code points) as its own runtime exceptions
                into.issue(where, classify(e), "YAML document rejected: " + oneLine(e.getMessage()));
                continue;
            }
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
                continue; // empty document, e.g. a trailing '---'
            }
            addDocument(doc, where, into);
        }
    }

    private void parseJson(byte[] bytes, String name, SnapshotBuilder into) {
        int docs = 0;
        try (MappingIterator<JsonNode> it = json.readerFor(JsonNode.class).readValues(bytes)) {
            while (it.hasNextValue()) {
                TokenStreamLocation before = it.currentLocation();
                JsonNode doc = it.nextValue();
                if (++docs > limits.maxDocumentsPerFile()) {
                    into.issue(name, "limit-exceeded", "more than " + limits.maxDocumentsPerFile() + " documents; the rest is not read");
                    return;
                }
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                addDocument(doc, name + ":" + Math.max(1, before.getLineNr()), into);
            }
        } catch (JacksonException e) {
            into.issue(location(name, e.getLocation()), kindOf(e), describe(e, true));
        }
    }

    private static boolean startsLikeJson(Path f) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(f), 8192)) {
            for (int i = 0, b; i < 1 << 20 && (b = in.read()) >= 0; i++) {
                if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                    continue;
                }
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    /** Feeds every byte read into the snapshot's input digest. */
    private static final class DigestingStream extends java.io.FilterInputStream {
        private final SnapshotBuilder into;

        DigestingStream(InputStream in, SnapshotBuilder into) {
            super(in);
            this.into = into;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                into.digestUpdate(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                into.digestUpdate(buf, off, n);
            }
            return n;
        }

        @Override
        public void close() {
            // the parser closes its source; the file is closed by the caller after drain()
        }

        void drain() throws IOException {
            byte[] buf = new byte[1 << 16];
            while (read(buf, 0, buf.length) >= 0) {
                // digest the rest, so the input digest does not depend on where parsing stopped
            }
        }
    }

    /**
     * Streams a JSON file: top-level values one at a time; the items of a {@code kind: List} one at a time (each item
     * tree is projected and dropped), without the parts the projection never reads ({@link PrunedItemReader}). Same
     * objects, issues and input digest as parsing the whole file.
     */
    private void streamJson(Path f, String name, SnapshotBuilder into) throws IOException {
        into.digestStart(name);
        try (InputStream file = Files.newInputStream(f)) {
            DigestingStream in = new DigestingStream(file, into);
            try (JsonParser p = json.createParser(new java.io.BufferedInputStream(in, 1 << 16))) {
                int docs = 0;
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    String where = name + ":" + Math.max(1, p.currentTokenLocation().getLineNr());
                    if (++docs > limits.maxDocumentsPerFile()) {
                        into.issue(name, "limit-exceeded", "more than " + limits.maxDocumentsPerFile()
                                + " documents; the rest is not read");
                        break;
                    }
                    if (t != JsonToken.START_OBJECT) {
                        JsonNode doc = json.readTree(p);
                        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                            addDocument(doc, where, into);
                        }
                        continue;
                    }
                    ObjectNode top = json.createObjectNode();
                    SnapshotBuilder.Batch items = null;
                    try {
                        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                            String field = p.currentName();
                            JsonToken v = p.nextToken();
                            if (field.equals("items") && v == JsonToken.START_ARRAY && items == null) {
                                items = into.batch();
                                for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                                    JsonNode item = pruned.read(p);
                                    items.add(item != null ? item : rereadItem(f, docs, i), where, i);
                                }
                            } else {
                                top.set(field, json.readTree(p));
                            }
                        }
                    } catch (JacksonException | IOException e) {
                        if (items != null) {
                            items.discard(); // a document that does not parse adds none of its items
                        }
                        throw e;
                    }
                    if (items == null) {
                        addDocument(top, where, into);
                    } else if (top.path("kind").asString("").endsWith("List")) {
                        items.commit();
                    } else {
                        items.discard(); // not a List after all (rare): read this document again, whole
                        into.addObject(reread(f, docs), where);
                    }
                }
            } catch (JacksonException e) {
                into.issue(location(name, e.getLocation()), kindOf(e), describe(e, true));
            }
            in.drain();
        }
    }

    /** Item {@code index} of the first {@code items} array of document {@code doc}, read whole. */
    private JsonNode rereadItem(Path f, int doc, int index) throws IOException {
        try (JsonParser p = json.createParser(new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
            for (int i = 1; p.nextToken() != null; i++) {
                if (i < doc) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = p.currentName();
                    if (p.nextToken() == JsonToken.START_ARRAY && field.equals("items")) {
                        for (int k = 0; p.nextToken() != JsonToken.END_ARRAY; k++) {
                            if (k == index) {
                                return json.readTree(p);
                            }
                            p.skipChildren();
                        }
                        break;
                    }
                    p.skipChildren();
                }
                break;
            }
        }
        throw new IOException("item " + index + " of document " + doc + " vanished while reading");
    }

    private JsonNode reread(Path f, int doc) throws IOException {
        try (JsonParser p = json.createParser(new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
            for (int i = 1; p.nextToken() != null; i++) {
                if (i == doc) {
                    return json.readTree(p);
                }
                p.skipChildren();
            }
        }
        throw new IOException("document " + doc + " vanished while reading");
    }

    private static String offset(String name, YamlDocuments.Slice d, TokenStreamLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return name + ":" + d.firstLine();
        }
        return name + ":" + (d.firstLine() + loc.getLineNr() - 1);
    }

    private void addDocument(JsonNode doc, String where, SnapshotBuilder into) {
        JsonNode items = doc.get("items");
        String kind = doc.path("kind").asString("");
        if (doc.isObject() && kind.endsWith("List") && items != null) {
            if (!items.isArray()) {
                into.issue(where, "invalid-object", kind + " has 'items' that is not a list");
                return;
            }
            int i = 0;
            for (JsonNode item : items) {
                into.addObject(item, where, i++);
            }
            return;
        }
        into.addObject(doc, where);
    }

    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }

    private static String location(String name, TokenStreamLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return name;
        }
        return name + ":" + loc.getLineNr();
    }

    private static String kindOf(JacksonException e) {
        String m = String.valueOf(e.getOriginalMessage()).toLowerCase(Locale.ROOT);
        return m.contains("limit") || m.contains("exceed") || m.contains("too many") || m.contains("depth")
                ? "limit-exceeded" : "parse-error";
    }

    private static String classify(RuntimeException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("limit") || m.contains("exceed") || m.contains("aliases") ? "limit-exceeded" : "parse-error";
    }

    private static String describe(JacksonException e, boolean json) {
        String what = json ? "malformed JSON" : "malformed YAML";
        String msg = oneLine(e.getOriginalMessage());
        if ("limit-exceeded".equals(kindOf(e))) {
            return "parser limit exceeded: " + msg;
        }
        return what + ": " + msg;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "(no detail)";
        }
        String line = s.strip().split("\\R", 2)[0];
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static final class LimitException extends Exception {
        private static final long serialVersionUID = 1L;

        LimitException(String m) {
            super(m);
        }
    }
}
