package org.meshaudit.collect.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.meshaudit.api.UsageException;
import org.meshaudit.collect.Collector;
import org.meshaudit.collect.DuplicateKeys;
import org.meshaudit.collect.DuplicateKeys.Duplicate;
import org.meshaudit.collect.SnapshotBuilder;
import org.meshaudit.model.CollectionIssue;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads manifests from files, directories (recursively, {@code .yaml}, {@code .yml}, {@code .json}) and stdin
 * ({@code -}): multi-document YAML, JSON, and {@code kind: List} documents such as {@code kubectl get -o yaml} output.
 *
 * <p>An object with a duplicate key ({@link DuplicateKeys}) is not read: a {@code parse-error} issue at the line of the
 * repeated key, and its kind is recorded as not fully read ({@link SnapshotBuilder#unreadObject}). The other objects
 * of the file, and the other items of its List, are read.
 */
public final class ManifestCollector implements Collector {
    private final List<String> paths;
    private final InputStream stdin;
    private final ParserLimits limits;
    private final ObjectMapper yaml;
    private final ObjectMapper json;
    private final ObjectMapper yamlList;
    private final YamlAliases aliases;
    private final PrunedItemReader pruned;
    private final DuplicateKeys dups = new DuplicateKeys();

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
        // the settings forbid duplicate keys, which switches the YAML parser's own detection on: a set of names per
        // mapping, and a whole List rejected for one item; the tree reader finds them at no cost (DuplicateKeys)
        this.yaml = dups.install(YAMLMapper.builder(YAMLFactory.builder().loadSettings(settings)
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(constraints).build())).build();
        this.json = dups.install(JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()))
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        // a List above the per-document limit is read item by item (streamList): the limit holds for each item, and
        // the parser's own count of the document's code points is bounded by the file limit instead
        LoadSettings listSettings = LoadSettings.builder()
                .setMaxAliasesForCollections(limits.maxYamlAliases())
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes()))
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .build();
        this.yamlList = dups.install(YAMLMapper.builder(YAMLFactory.builder().loadSettings(listSettings)
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(constraints).build()))
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        this.aliases = new YamlAliases(settings, yaml, limits.maxNestingDepth());
        this.pruned = new PrunedItemReader(json, dups);
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
                streamJson(() -> Files.newInputStream(f), name, into, true); // a kind: List is never held whole
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

    private void parse(byte[] bytes, String name, SnapshotBuilder into) throws IOException {
        into.digest(name, bytes);
        if (looksLikeJson(bytes)) {
            // the reader of JSON files: stdin gives the same objects and issues as a file of the same bytes
            streamJson(() -> new java.io.ByteArrayInputStream(bytes), name, into, false);
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
                if (d.hasAnchors(bytes) || !topLevelList(bytes, d) || !streamList(bytes, d, name, into)) {
                    unreadDocument(bytes, d, new CollectionIssue(where, "limit-exceeded", "YAML document is "
                            + d.length() + " bytes, above the limit of " + limits.maxYamlDocumentChars()
                            + " bytes; skipped"), into);
                }
                continue;
            }
            JsonNode doc;
            List<Duplicate> repeated;
            int mark = dups.mark();
            try {
                if (d.hasAnchors(bytes)) {
                    YamlAliases.Loaded loaded = aliases.load(bytes, d);
                    doc = loaded.tree();
                    repeated = new ArrayList<>(loaded.duplicates());
                    repeated.addAll(dups.since(mark)); // keys that are one only once the document is JSON
                } else {
                    doc = yaml.readTree(bytes, d.start(), d.length());
                    repeated = dups.since(mark);
                }
            } catch (JacksonException e) {
                dups.since(mark);
                unreadDocument(bytes, d, new CollectionIssue(offset(name, d, e.getLocation()), kindOf(e),
                        describe(e, false)), into);
                continue; // documents are independent: the next one is still read
            } catch (RuntimeException e) {
                // snakeyaml-engine reports its limits (aliases, code points) as its own runtime exceptions
                dups.since(mark);
                if (e instanceof MarkedYamlEngineException m && m.getProblemMark().isPresent()) {
                    // "while constructing a mapping" is the context; the problem and its line say what is wrong
                    unreadDocument(bytes, d, new CollectionIssue(name + ":" + (d.firstLine()
                            + m.getProblemMark().get().getLine()), classify(e), "YAML document rejected: "
                            + oneLine(m.getProblem())), into);
                } else {
                    unreadDocument(bytes, d, new CollectionIssue(where, classify(e), "YAML document rejected: "
                            + oneLine(e.getMessage())), into);
                }
                continue;
            }
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
                continue; // empty document, e.g. a trailing '---'
            }
            addDocument(doc, where, repeated, name, d.firstLine() - 1, into);
        }
    }

    /**
     * A document that could not be read at all: its issue, and the types it appears to hold, taken from its lines,
     * counted as not fully read, so that nothing depending on them can PASS (a PeerAuthentication that does not parse
     * would otherwise leave its namespace to inherit the mesh-wide mode). The types are read off the raw lines as
     * writers lay them out: {@code apiVersion}/{@code kind} at column 0, and of List items at indentation 2
     * ({@code - kind:} or {@code   kind:}); a document whose types cannot be made out is an issue alone, as before.
     */
    private static void unreadDocument(byte[] bytes, YamlDocuments.Slice d, CollectionIssue issue,
                                       SnapshotBuilder into) {
        String text = new String(bytes, d.start(), d.length(), java.nio.charset.StandardCharsets.UTF_8);
        Set<List<String>> types = new java.util.LinkedHashSet<>();
        for (String indent : List.of("", "  ")) {
            List<String> versions = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            for (String line : text.split("\n")) {
                String l = indent.isEmpty() ? line : line.startsWith("- ") ? "  " + line.substring(2) : line;
                if (!l.startsWith(indent) || l.length() <= indent.length() || l.charAt(indent.length()) == ' ') {
                    continue;
                }
                String rest = l.substring(indent.length());
                if (rest.startsWith("apiVersion:")) {
                    versions.add(scalar(rest.substring(11)));
                } else if (rest.startsWith("kind:")) {
                    kinds.add(scalar(rest.substring(5)));
                }
            }
            kinds.removeIf(k -> k.endsWith("List"));
            types.addAll(pairs(versions, kinds));
        }
        if (types.isEmpty()) {
            into.issue(issue.source(), issue.kind(), issue.message());
        } else {
            into.unreadObject(issue, types);
        }
    }

    /** A plain or quoted one-line YAML scalar, without a trailing comment. */
    private static String scalar(String raw) {
        String v = raw.strip();
        int hash = v.indexOf(" #");
        v = hash >= 0 ? v.substring(0, hash).strip() : v;
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            v = v.substring(1, v.length() - 1);
        }
        return v.matches("[A-Za-z0-9./-]+") ? v : "";
    }

    /**
     * Whether a document has, at the start of a line, a {@code kind} ending in {@code List} and an {@code items} key:
     * a cheap look at the bytes before a large document is parsed as a List (kubectl writes both at column 0).
     */
    static boolean topLevelList(byte[] bytes, YamlDocuments.Slice d) {
        boolean kind = false;
        boolean items = false;
        int end = d.start() + d.length();
        for (int i = d.start(); i < end && !(kind && items); i++) {
            if (i != d.start() && bytes[i - 1] != '\n') {
                continue;
            }
            if (startsWith(bytes, i, end, "items:")) {
                items = true;
            } else if (startsWith(bytes, i, end, "kind:")) {
                int eol = i;
                while (eol < end && bytes[eol] != '\n') {
                    eol++;
                }
                kind = scalar(new String(bytes, i + 5, eol - i - 5, java.nio.charset.StandardCharsets.UTF_8))
                        .endsWith("List");
            }
        }
        return kind && items;
    }

    private static boolean startsWith(byte[] bytes, int at, int end, String prefix) {
        if (end - at < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (bytes[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A YAML {@code kind: List} above the per-document limit ({@code kubectl get pods -A -o yaml} of a few thousand
     * pods), read one item at a time as a JSON List is: the limit then holds for each item, and the List is never one
     * tree. False when the document is not a List after all (it is then skipped for its size, as before).
     */
    private boolean streamList(byte[] bytes, YamlDocuments.Slice d, String name, SnapshotBuilder into) {
        String where = name + ":" + d.firstLine();
        SnapshotBuilder.Batch batch = null;
        String kind = "";
        int mark = dups.mark();
        try (JsonParser p = yamlList.createParser(bytes, d.start(), d.length())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("items") && v == JsonToken.START_ARRAY && batch == null) {
                    batch = into.batch();
                    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                        long from = p.currentTokenLocation().getCharOffset();
                        int itemMark = dups.mark();
                        JsonNode item = yamlList.readTree(p);
                        List<Duplicate> repeated = dups.since(itemMark);
                        long chars = p.currentLocation().getCharOffset() - from;
                        if (chars > limits.maxYamlDocumentChars()) {
                            CollectionIssue issue = new CollectionIssue(name + ":" + (d.firstLine()
                                    + p.currentTokenLocation().getLineNr() - 1), "limit-exceeded", "items[" + i
                                    + "] of the List at " + where + " is " + chars + " characters, above the limit of "
                                    + limits.maxYamlDocumentChars() + "; skipped");
                            batch.unreadObject(issue, types(item, List.of(), ""));
                        } else if (!repeated.isEmpty()) {
                            String at = "/items/" + i;
                            batch.unreadObject(unreadable(item, repeated, at, name, d.firstLine() - 1, where, i),
                                    types(item, repeated, at));
                        } else {
                            batch.add(item, where, i);
                        }
                    }
                } else if (field.equals("kind") && v == JsonToken.VALUE_STRING) {
                    kind = p.getString();
                } else {
                    p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            if (batch != null) {
                batch.discard(); // a List that does not parse adds none of its items
            }
            dups.since(mark);
            unreadDocument(bytes, d, new CollectionIssue(offset(name, d, e.getLocation()), kindOf(e),
                    describe(e, false)), into);
            return true;
        }
        dups.since(mark);
        if (batch == null || !kind.endsWith("List")) {
            if (batch != null) {
                batch.discard();
            }
            return false;
        }
        batch.commit();
        return true;
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

    /** Opens the input (again: a document is read a second time in rare cases). */
    private interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * Streams JSON: top-level values one at a time; the items of a {@code kind: List} one at a time (each item tree is
     * projected and dropped), without the parts the projection never reads ({@link PrunedItemReader}). Same objects,
     * issues and input digest as parsing the whole file.
     *
     * @param digest whether the bytes read go into the input digest (not when the caller has digested them already)
     */
    private void streamJson(Opener open, String name, SnapshotBuilder into, boolean digest) throws IOException {
        if (digest) {
            into.digestStart(name);
        }
        try (InputStream raw = open.open()) {
            DigestingStream in = digest ? new DigestingStream(raw, into) : null;
            try (JsonParser p = json.createParser(new java.io.BufferedInputStream(digest ? in : raw, 1 << 16))) {
                int docs = 0;
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    String where = name + ":" + Math.max(1, p.currentTokenLocation().getLineNr());
                    if (++docs > limits.maxDocumentsPerFile()) {
                        into.issue(name, "limit-exceeded", "more than " + limits.maxDocumentsPerFile()
                                + " documents; the rest is not read");
                        break;
                    }
                    int mark = dups.mark();
                    if (t != JsonToken.START_OBJECT) {
                        JsonNode doc = json.readTree(p);
                        List<Duplicate> repeated = dups.since(mark);
                        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                            addDocument(doc, where, repeated, name, 0, into);
                        }
                        continue;
                    }
                    streamObject(p, open, docs, where, name, into);
                }
            } catch (JacksonException e) {
                dups.clear();
                into.issue(location(name, e.getLocation()), kindOf(e), describe(e, true));
            }
            if (in != null) {
                in.drain();
            }
        }
    }

    /** One top-level object, its {@code items} streamed (they are read as a List's if its kind says it is one). */
    private void streamObject(JsonParser p, Opener open, int doc, String where, String name, SnapshotBuilder into)
            throws IOException {
        int mark = dups.mark();
        ObjectNode top = json.createObjectNode();
        SnapshotBuilder.Batch items = null;
        Types itemTypes = new Types();
        try {
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("items") && v == JsonToken.START_ARRAY && items == null && !top.has("items")) {
                    items = into.batch();
                    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                        int itemMark = dups.mark();
                        JsonNode item = pruned.read(p);
                        List<Duplicate> repeated = dups.since(itemMark);
                        itemTypes.add(item);
                        if (repeated.isEmpty()) {
                            items.add(item, where, i);
                        } else {
                            String at = "/items/" + i;
                            items.unreadObject(unreadable(item, repeated, at, name, 0, where, i), types(item, repeated, at));
                        }
                    }
                } else if (field.equals("items") && items != null) {
                    p.skipChildren(); // a second items: the document is rejected, whatever this one holds
                    dups.record(field, null, p);
                } else {
                    JsonNode previous = top.replace(field, json.readTree(p));
                    if (previous != null) {
                        dups.record(field, previous, p);
                    }
                }
            }
        } catch (JacksonException e) {
            if (items != null) {
                items.discard(); // a document that does not parse adds none of its items
            }
            throw e;
        }
        List<Duplicate> repeated = dups.since(mark); // the document's own: each item took its own
        if (items == null) {
            addDocument(top, where, repeated, name, 0, into);
        } else if (!repeated.isEmpty()) {
            items.discard(); // the List itself is malformed: none of its items is read
            Set<List<String>> types = new java.util.LinkedHashSet<>(itemTypes.seen);
            types.addAll(ownTypes(top, repeated));
            into.unreadObject(unreadable(top, repeated, "", name, 0, where, -1), types);
        } else if (top.path("kind").asString("").endsWith("List")) {
            items.commit();
        } else {
            items.discard(); // not a List after all (rare): read this document again, whole
            int again = dups.mark();
            JsonNode whole = reread(open, doc);
            addDocument(whole, where, dups.since(again), name, 0, into);
        }
    }

    /** The {@code [apiVersion, kind]} pairs of a List's items, as they come (kubectl's Lists hold one kind). */
    private static final class Types {
        final Set<List<String>> seen = new java.util.LinkedHashSet<>();
        private String apiVersion = "";
        private String kind = "";

        void add(JsonNode item) {
            String v = item.path("apiVersion").asString("");
            String k = item.path("kind").asString("");
            if (!v.equals(apiVersion) || !k.equals(kind)) {
                apiVersion = v;
                kind = k;
                seen.add(List.of(v, k));
            }
        }
    }

    private JsonNode reread(Opener open, int doc) throws IOException {
        try (JsonParser p = json.createParser(new java.io.BufferedInputStream(open.open(), 1 << 16))) {
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

    /**
     * Adds a document read whole: its object, or the items of a List. An object with a duplicate key is left out as
     * unreadable; in a List, only the item that has it (unless the List's own keys repeat).
     *
     * @param repeated the document's duplicate keys
     * @param lineBase added to their lines: the line before the document's first (YAML documents are parsed apart)
     */
    private void addDocument(JsonNode doc, String where, List<Duplicate> repeated, String name, int lineBase,
                             SnapshotBuilder into) {
        JsonNode items = doc.get("items");
        String kind = doc.path("kind").asString("");
        if (doc.isObject() && kind.endsWith("List") && items != null && items.isArray()) {
            java.util.Map<Integer, List<Duplicate>> perItem = new java.util.HashMap<>();
            List<Duplicate> own = new ArrayList<>();
            for (Duplicate d : repeated) {
                int i = DuplicateKeys.itemOf(d);
                if (i >= 0 && i < items.size()) {
                    perItem.computeIfAbsent(i, k -> new ArrayList<>()).add(d);
                } else {
                    own.add(d);
                }
            }
            if (!own.isEmpty()) {
                Types itemTypes = new Types();
                items.forEach(itemTypes::add);
                Set<List<String>> types = new java.util.LinkedHashSet<>(itemTypes.seen);
                types.addAll(ownTypes(doc, own));
                into.unreadObject(unreadable(doc, own, "", name, lineBase, where, -1), types);
                return;
            }
            int i = 0;
            for (JsonNode item : items) {
                List<Duplicate> d = perItem.get(i);
                if (d == null) {
                    into.addObject(item, where, i);
                } else {
                    String at = "/items/" + i;
                    into.unreadObject(unreadable(item, d, at, name, lineBase, where, i), types(item, d, at));
                }
                i++;
            }
            return;
        }
        if (!repeated.isEmpty()) {
            into.unreadObject(unreadable(doc, repeated, "", name, lineBase, where, -1), types(doc, repeated, ""));
            return;
        }
        if (doc.isObject() && kind.endsWith("List") && items != null) {
            into.issue(where, "invalid-object", kind + " has 'items' that is not a list");
            return;
        }
        into.addObject(doc, where);
    }

    /**
     * The issue of an object left out for its duplicate keys: at the line of the first one, naming the object.
     *
     * @param at   pointer of the object in what the parser read ({@code ""}: the document, {@code /items/3})
     * @param item its index in the List, -1 for a document
     */
    private static CollectionIssue unreadable(JsonNode object, List<Duplicate> repeated, String at, String name,
                                              int lineBase, String where, int item) {
        int line = repeated.get(0).line();
        String source = line > 0 ? name + ":" + (lineBase + line) : where;
        StringBuilder what = new StringBuilder();
        if (item >= 0) {
            what.append("items[").append(item).append("] of the List at ").append(where).append(", ");
        }
        String kind = object.path("kind").asString("");
        String ns = object.path("metadata").path("namespace").asString("");
        String objectName = object.path("metadata").path("name").asString("");
        what.append(kind.isEmpty() ? "object" : kind);
        if (!objectName.isEmpty()) {
            what.append(' ').append(ns.isEmpty() ? "" : ns + "/").append(objectName);
        }
        return new CollectionIssue(source, "parse-error", what + ": " + DuplicateKeys.message(repeated, at));
    }

    /**
     * The {@code [apiVersion, kind]} pairs an object with duplicate keys may be of: its own, and the values a repeated
     * apiVersion or kind replaced (which of them applies is exactly what is unknown).
     */
    private static Set<List<String>> types(JsonNode object, List<Duplicate> repeated, String at) {
        Set<String> versions = new java.util.LinkedHashSet<>();
        Set<String> kinds = new java.util.LinkedHashSet<>();
        versions.add(object.path("apiVersion").asString(""));
        kinds.add(object.path("kind").asString(""));
        for (Duplicate d : repeated) {
            if (d.previous() != null && d.pointer().equals(at + "/apiVersion")) {
                versions.add(d.previous());
            } else if (d.previous() != null && d.pointer().equals(at + "/kind")) {
                kinds.add(d.previous());
            }
        }
        return pairs(versions, kinds);
    }

    /** Every {@code [apiVersion, kind]} of the given ones, empty values left out. */
    private static Set<List<String>> pairs(java.util.Collection<String> versions, java.util.Collection<String> kinds) {
        Set<List<String>> out = new java.util.LinkedHashSet<>();
        for (String v : versions) {
            for (String k : kinds) {
                if (!v.isEmpty() && !k.isEmpty()) {
                    out.add(List.of(v, k));
                }
            }
        }
        return out;
    }

    /** As {@link #types} for a List document, without the List kinds themselves (its items are counted apart). */
    private static Set<List<String>> ownTypes(JsonNode list, List<Duplicate> repeated) {
        Set<List<String>> out = types(list, repeated, "");
        out.removeIf(t -> t.get(1).endsWith("List"));
        return out;
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
