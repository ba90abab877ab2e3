package org.meshaudit.collect.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.meshaudit.AtomicFiles;
import org.meshaudit.api.UsageException;
import org.meshaudit.collect.DuplicateKeys;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KindCoverage;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snapshot file: the redacted collected state of a live cluster, its per-resource coverage, its issues and its
 * source, as one JSON document ({@code apiVersion: meshaudit.org/v1}, {@code kind: ClusterSnapshot}). Objects are
 * written as they are read (streaming) into a temporary file that is renamed when complete. Reading it replays the
 * same events to a {@link CollectionListener}, so {@code scan --snapshot} equals the live scan.
 */
public final class SnapshotFile {
    public static final String API_VERSION = "meshaudit.org/v1";
    public static final String KIND = "ClusterSnapshot";
    private static final ObjectMapper JSON = JsonMapper.builder().disable(SerializationFeature.INDENT_OUTPUT)
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private SnapshotFile() {
    }

    /** A listener that writes a snapshot file; {@link #finish()} completes it and renames it into place. */
    public static final class Writer implements CollectionListener, AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final OutputStream out;
        private final JsonGenerator gen;
        private final List<KindCoverage> coverage = new ArrayList<>();
        private final List<CollectionIssue> issues = new ArrayList<>();
        private boolean objectsOpen;
        private boolean done;
        private long count;

        public Writer(Path target) throws IOException {
            this.target = target.toAbsolutePath();
            Path dir = this.target.getParent();
            Files.createDirectories(dir);
            this.tmp = Files.createTempFile(dir, ".snapshot-", ".json.tmp");
            this.out = Files.newOutputStream(tmp);
            this.gen = JSON.createGenerator(out);
            gen.writeStartObject();
            gen.writeStringProperty("apiVersion", API_VERSION);
            gen.writeStringProperty("kind", KIND);
        }

        @Override
        public void source(String description) {
            gen.writeStringProperty("source", description);
        }

        @Override
        public void object(JsonNode redacted, String source) {
            if (!objectsOpen) {
                gen.writeArrayPropertyStart("objects");
                objectsOpen = true;
            }
            gen.writeRaw('\n');
            gen.writeStartObject();
            gen.writeStringProperty("source", source);
            gen.writeName("object");
            JSON.writeTree(gen, redacted);
            gen.writeEndObject();
            count++;
        }

        @Override
        public void coverage(KindCoverage c) {
            coverage.add(c);
        }

        @Override
        public void issue(CollectionIssue i) {
            issues.add(i);
        }

        public long objects() {
            return count;
        }

        /** Coverage recorded so far (complete after {@link #finish()}). */
        public List<KindCoverage> coverageRecorded() {
            return List.copyOf(coverage);
        }

        @Override
        public void finish() {
            if (!objectsOpen) {
                gen.writeArrayPropertyStart("objects");
            }
            gen.writeEndArray();
            coverage.sort(null);
            issues.sort(null);
            gen.writeName("coverage");
            JSON.writeValue(gen, coverage);
            gen.writeName("issues");
            JSON.writeValue(gen, issues);
            gen.writeEndObject();
            gen.writeRaw('\n');
            gen.close();
            try {
                out.close();
                AtomicFiles.moveOver(tmp, target);
                done = true;
            } catch (IOException e) {
                throw new UsageException("cannot write snapshot " + target + ": " + e.getMessage());
            }
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                try {
                    gen.close();
                } catch (RuntimeException e) {
                    // already failed; the temporary file is removed below
                }
                out.close();
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Replays a snapshot file to a listener (then {@link CollectionListener#finish()}). */
    public static void read(Path file, CollectionListener listener) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("snapshot not found: " + file, "check the path given to --snapshot");
        }
        // the snapshot's objects are checked for duplicate keys as the live collector checks them: a file that has
        // one was not written by it, and which value was read would decide the verdict
        DuplicateKeys dups = new DuplicateKeys();
        ObjectMapper reader = dups.install(JsonMapper.builder())
                .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        try (InputStream in = Files.newInputStream(file); JsonParser p = reader.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notSnapshot(file, "not a JSON object");
            }
            String apiVersion = null;
            String kind = null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "apiVersion": apiVersion = p.getString(); break;
                    case "kind": kind = p.getString(); break;
                    case "source":
                        check(file, apiVersion, kind);
                        listener.source(p.getString());
                        break;
                    case "objects":
                        check(file, apiVersion, kind);
                        if (t != JsonToken.START_ARRAY) {
                            throw notSnapshot(file, "objects is not a list");
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode entry = reader.readTree(p);
                            List<DuplicateKeys.Duplicate> repeated = dups.since(0);
                            if (!repeated.isEmpty()) {
                                DuplicateKeys.Duplicate d = repeated.get(0);
                                throw notSnapshot(file, "duplicate key \"" + d.key() + "\" at line " + d.line()
                                        + " (" + d.pointer() + ")");
                            }
                            JsonNode obj = entry.get("object");
                            listener.object(obj, entry.path("source").asString(""));
                        }
                        break;
                    case "coverage":
                        for (KindCoverage c : reader.readerForListOf(KindCoverage.class).<List<KindCoverage>>readValue(p)) {
                            listener.coverage(c);
                        }
                        break;
                    case "issues":
                        for (CollectionIssue i : reader.readerForListOf(CollectionIssue.class).<List<CollectionIssue>>readValue(p)) {
                            listener.issue(i);
                        }
                        break;
                    default:
                        p.skipChildren();
                }
            }
            check(file, apiVersion, kind);
        } catch (IOException e) {
            throw new UsageException("cannot read snapshot " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw notSnapshot(file, String.valueOf(e.getOriginalMessage()).split("\\R", 2)[0]);
        }
        listener.finish();
    }

    private static void check(Path file, String apiVersion, String kind) {
        if (!API_VERSION.equals(apiVersion) || !KIND.equals(kind)) {
            throw notSnapshot(file, "apiVersion/kind must come first and be " + API_VERSION + "/" + KIND);
        }
    }

    private static UsageException notSnapshot(Path file, String why) {
        return new UsageException(file + " is not a meshaudit snapshot: " + why,
                "create one with 'meshaudit snapshot -o FILE'");
    }
}
