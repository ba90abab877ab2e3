package org.meshaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meshaudit.api.UsageException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical JSON form of an {@link AuditReport}: fields in declaration order, map keys sorted, nulls omitted,
 * two-space indentation, UTF-8, trailing newline. Same report = same bytes.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = writer(true);

    /** The canonical writer; with {@code resultWriter} false, results go to Jackson's bean serializer (for tests). */
    static ObjectMapper writer(boolean resultWriter) {
        tools.jackson.databind.module.SimpleModule module =
                new tools.jackson.databind.module.SimpleModule("meshaudit-canonical-write")
                        .addSerializer(Canon.Ordered.class, new OrderedWriter());
        if (resultWriter) {
            module.addSerializer(Result.class, new ResultWriter());
            module.setSerializerModifier(new tools.jackson.databind.ser.ValueSerializerModifier() {
                @Override
                @SuppressWarnings("unchecked")
                public List<tools.jackson.databind.ser.BeanPropertyWriter> changeProperties(
                        tools.jackson.databind.SerializationConfig config,
                        tools.jackson.databind.BeanDescription.Supplier description,
                        List<tools.jackson.databind.ser.BeanPropertyWriter> properties) {
                    if (description.getBeanClass() == AuditReport.class) {
                        for (tools.jackson.databind.ser.BeanPropertyWriter w : properties) {
                            if (w.getName().equals("results")) {
                                w.assignSerializer((tools.jackson.databind.ValueSerializer<Object>)
                                        (tools.jackson.databind.ValueSerializer<?>) new ResultsWriter());
                            }
                        }
                    }
                    return properties;
                }
            });
        }
        return JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .defaultPrettyPrinter(new Printer())
                .addModule(module)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    /**
     * Jackson's default layout (two spaces per level, {@code " : "}, arrays on one line), with the line breaks,
     * indentation and separators written as pre-encoded bytes: the default printer passes them as strings and
     * characters that the generator encodes one by one, about a quarter of writing a large report. The line break is
     * {@code \n} on every system, where the default takes the system's.
     */
    static final class Printer extends tools.jackson.core.util.DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;
        private static final tools.jackson.core.io.SerializedString[] LINES = new tools.jackson.core.io.SerializedString[64];

        static {
            for (int i = 0; i < LINES.length; i++) {
                LINES[i] = new tools.jackson.core.io.SerializedString("\n" + "  ".repeat(i));
            }
        }

        private static final Indenter LINE = new Indenter() {
            @Override
            public void writeIndentation(tools.jackson.core.JsonGenerator g, int level) {
                g.writeRaw(level < LINES.length ? LINES[level]
                        : new tools.jackson.core.io.SerializedString("\n" + "  ".repeat(level)));
            }

            @Override
            public boolean isInline() {
                return false;
            }
        };

        private final tools.jackson.core.io.SerializedString nameValue;
        private final tools.jackson.core.io.SerializedString objectEntry;
        private final tools.jackson.core.io.SerializedString arrayElement;

        Printer() {
            this(new tools.jackson.core.util.DefaultPrettyPrinter().withObjectIndenter(LINE));
        }

        private Printer(tools.jackson.core.util.DefaultPrettyPrinter base) {
            super(base);
            nameValue = new tools.jackson.core.io.SerializedString(_objectNameValueSeparator);
            objectEntry = new tools.jackson.core.io.SerializedString(_objectEntrySeparator);
            arrayElement = new tools.jackson.core.io.SerializedString(_arrayElementSeparator);
        }

        /** A printer that starts {@code nesting} objects deep: it lays out a part of a document written apart. */
        static Printer nested(int nesting) {
            Printer p = new Printer();
            p._nesting = nesting;
            return p;
        }

        /** How many objects deep the generator is writing. */
        int nesting() {
            return _nesting;
        }

        @Override
        public Printer createInstance() {
            return new Printer(this); // copies the nesting
        }

        @Override
        public void writeObjectNameValueSeparator(tools.jackson.core.JsonGenerator g) {
            g.writeRaw(nameValue);
        }

        @Override
        public void writeObjectEntrySeparator(tools.jackson.core.JsonGenerator g) {
            g.writeRaw(objectEntry);
            _objectIndenter.writeIndentation(g, _nesting);
        }

        @Override
        public void writeArrayValueSeparator(tools.jackson.core.JsonGenerator g) {
            g.writeRaw(arrayElement);
            _arrayIndenter.writeIndentation(g, _nesting);
        }
    }

    /**
     * An evidence map ({@link Canon.Ordered}, keys already sorted) written from its arrays: Jackson's map serializer
     * would look up a serializer for every value by its class. Strings and nested evidence maps are written here, any
     * other value by Jackson as before; null values are written as null, as the map serializer writes them. Keys
     * and strings are canonical instances: they are encoded once per report ({@link Encoded}).
     */
    static final class OrderedWriter extends tools.jackson.databind.ser.std.StdSerializer<Canon.Ordered> {
        OrderedWriter() {
            super(Canon.Ordered.class);
        }

        @Override
        public void serialize(Canon.Ordered m, tools.jackson.core.JsonGenerator g,
                              tools.jackson.databind.SerializationContext ctxt) {
            Encoded shared = Encoded.of(ctxt, g);
            int n = m.size();
            g.writeStartObject(m, n);
            for (int i = 0; i < n; i++) {
                tools.jackson.core.SerializableString key = shared == null ? null : shared.string(m.key(i));
                if (key != null) {
                    g.writeName(key);
                } else {
                    g.writeName(m.key(i));
                }
                Object v = m.value(i);
                tools.jackson.core.SerializableString text;
                if (v == null) {
                    g.writeNull();
                } else if (v instanceof String s) {
                    if (shared != null && (text = shared.string(s)) != null) {
                        g.writeString(text);
                    } else {
                        g.writeString(s);
                    }
                } else if (v instanceof Canon.Ordered o) {
                    serialize(o, g, ctxt);
                } else {
                    ctxt.writeValue(g, v);
                }
            }
            g.writeEndObject();
        }
    }

    /**
     * A result written field by field, as Jackson's bean serializer writes it (the order of {@link Result}'s
     * {@code @JsonPropertyOrder}, nulls left out, the subject's record components in order): a large report is a
     * million results, and the bean serializer's per-property accessors and serializer look-ups were a third of its
     * writing. Property names are pre-encoded; so are the values that many results share (a rule's texts and its
     * controls list, messages, the subject's kind and namespace: canonical instances, see {@link Canon}), once per
     * report. The evidence and a waiver still go to their own serializers. ReportJsonWriteTest compares the bytes.
     */
    static final class ResultWriter extends tools.jackson.databind.ser.std.StdSerializer<Result> {
        private static final SerializedString ID = new SerializedString("id");
        private static final SerializedString RULE_ID = new SerializedString("ruleId");
        private static final SerializedString RULE_VERSION = new SerializedString("ruleVersion");
        private static final SerializedString PACK = new SerializedString("pack");
        private static final SerializedString TITLE = new SerializedString("title");
        private static final SerializedString STATUS = new SerializedString("status");
        private static final SerializedString SEVERITY = new SerializedString("severity");
        private static final SerializedString SUBJECT = new SerializedString("subject");
        private static final SerializedString API_VERSION = new SerializedString("apiVersion");
        private static final SerializedString KIND = new SerializedString("kind");
        private static final SerializedString NAMESPACE = new SerializedString("namespace");
        private static final SerializedString NAME = new SerializedString("name");
        private static final SerializedString UID = new SerializedString("uid");
        private static final SerializedString PORT = new SerializedString("port");
        private static final SerializedString MESSAGE = new SerializedString("message");
        private static final SerializedString EVIDENCE = new SerializedString("evidence");
        private static final SerializedString CONTROLS = new SerializedString("controls");
        private static final SerializedString REMEDIATION = new SerializedString("remediation");
        private static final SerializedString WAIVER = new SerializedString("waiver");
        private static final SerializedString CLUSTER = new SerializedString("cluster");
        private static final SerializedString SCOPE_NAMESPACES = new SerializedString("scopeNamespaces");

        ResultWriter() {
            super(Result.class);
        }

        @Override
        public void serialize(Result r, tools.jackson.core.JsonGenerator g,
                              tools.jackson.databind.SerializationContext ctxt) {
            Encoded shared = Encoded.of(ctxt, g);
            g.writeStartObject(r);
            string(g, ID, r.id(), null);
            string(g, RULE_ID, r.ruleId(), shared);
            string(g, RULE_VERSION, r.ruleVersion(), shared);
            string(g, PACK, r.pack(), shared);
            string(g, TITLE, r.title(), shared);
            string(g, STATUS, r.status() == null ? null : r.status().name(), shared);
            string(g, SEVERITY, r.severity() == null ? null : r.severity().label(), shared);
            org.meshaudit.facts.SubjectRef s = r.subject();
            if (s != null) {
                g.writeName(SUBJECT);
                g.writeStartObject(s);
                string(g, API_VERSION, s.apiVersion(), shared);
                string(g, KIND, s.kind(), shared);
                string(g, NAMESPACE, s.namespace(), shared);
                string(g, NAME, s.name(), null);
                string(g, UID, s.uid(), null);
                string(g, PORT, s.port(), shared);
                g.writeEndObject();
            }
            string(g, MESSAGE, r.message(), shared);
            value(g, ctxt, EVIDENCE, r.evidence());
            strings(g, CONTROLS, r.controls(), shared);
            string(g, REMEDIATION, r.remediation(), shared);
            value(g, ctxt, WAIVER, r.waiver());
            string(g, CLUSTER, r.cluster(), shared);
            strings(g, SCOPE_NAMESPACES, r.scopeNamespaces(), null);
            g.writeEndObject();
        }

        private static void string(tools.jackson.core.JsonGenerator g, SerializedString name, String value,
                                   Encoded shared) {
            if (value != null) {
                g.writeName(name);
                tools.jackson.core.SerializableString encoded = shared == null ? null : shared.string(value);
                if (encoded != null) {
                    g.writeString(encoded);
                } else {
                    g.writeString(value);
                }
            }
        }

        private static void strings(tools.jackson.core.JsonGenerator g, SerializedString name, List<String> values,
                                    Encoded shared) {
            if (values != null) {
                g.writeName(name);
                tools.jackson.core.SerializableString encoded = shared == null ? null : shared.array(values);
                if (encoded != null) {
                    g.writeRawValue(encoded);
                    return;
                }
                g.writeStartArray(values, values.size());
                for (int i = 0; i < values.size(); i++) {
                    g.writeString(values.get(i)); // a null element is written as null, as the list serializer does
                }
                g.writeEndArray();
            }
        }

        private static void value(tools.jackson.core.JsonGenerator g, tools.jackson.databind.SerializationContext ctxt,
                                  SerializedString name, Object value) {
            if (value != null) {
                g.writeName(name);
                ctxt.writeValue(g, value);
            }
        }
    }

    /**
     * The report's results, written by this thread and helper threads at once when there are many: a large report is
     * a million results, more than a gigabyte of text, written on one of two cores while the other was idle. The list
     * is cut into parts of {@value #PART} results; part {@code i} is written by thread {@code i % threads} (this one is
     * thread 0) into a reused buffer with a printer that starts at this array's depth, and this thread copies the
     * parts to the output in order, so the bytes are those of the one-thread writer (ReportJsonWriteTest compares
     * them). Each helper writes at most {@value #AHEAD} parts ahead. Small lists, and writers that do not write JSON
     * text to a stream (a tree), take Jackson's list serializer path.
     */
    static final class ResultsWriter extends tools.jackson.databind.ser.std.StdSerializer<List<Result>> {
        static final int PART = 1024;
        private static final int AHEAD = 2;
        /** Fewer parts than this are written by one thread. */
        private static final int PARALLEL_PARTS = 4;

        @SuppressWarnings({"unchecked", "rawtypes"})
        ResultsWriter() {
            super((Class<List<Result>>) (Class) List.class);
        }

        @Override
        public void serialize(List<Result> results, tools.jackson.core.JsonGenerator g,
                              tools.jackson.databind.SerializationContext ctxt) {
            int parts = Part.count(results);
            int threads = Math.min(Math.min(Runtime.getRuntime().availableProcessors(), 4), parts);
            if (parts < PARALLEL_PARTS || threads < 2 || !(g.getPrettyPrinter() instanceof Printer printer)
                    || !(g.streamWriteOutputTarget() instanceof OutputStream out)) {
                g.writeStartArray(results, results.size());
                for (Result r : results) {
                    ctxt.writeValue(g, r);
                }
                g.writeEndArray();
                return;
            }
            tools.jackson.databind.ObjectWriter writer = MAPPER.writer().with(Printer.nested(printer.nesting()));
            List<Helper> helpers = new ArrayList<>();
            try {
                for (int t = 1; t < threads; t++) {
                    helpers.add(new Helper(new Part(results, writer), t, threads));
                }
                Part own = new Part(results, writer);
                Text ownText = new Text();
                g.writeStartArray(results, results.size());
                g.flush(); // the array's start is in the stream: the parts follow it
                for (int i = 0; i < parts; i++) {
                    Helper h = i % threads == 0 ? null : helpers.get(i % threads - 1);
                    Text text = h == null ? own.write(i, ownText) : h.take();
                    text.copyBody(out, i == 0);
                    if (h != null) {
                        h.release(text);
                    }
                }
                g.writeEndArray(); // " ]", as after the last of the list serializer's elements
            } catch (IOException e) {
                throw tools.jackson.core.exc.JacksonIOException.construct(e, g);
            } finally {
                helpers.forEach(Helper::stop);
            }
        }

        /** A part's JSON text, an array of its own ({@code [ {...}, {...} ]}), in a buffer that is written again. */
        private static final class Text extends java.io.ByteArrayOutputStream {
            private static final byte[] FIRST = {' '};
            private static final byte[] NEXT = {',', ' '};

            Text() {
                super(1 << 16);
            }

            /** Copies the elements (without the part's own "[ " and " ]") after the separator the list would write. */
            void copyBody(OutputStream out, boolean first) throws IOException {
                out.write(first ? FIRST : NEXT);
                out.write(buf, 2, count - 4);
            }
        }

        /** Writes parts of one list with one thread's table of shared encoded values. */
        private static final class Part {
            private final List<Result> results;
            private final tools.jackson.databind.ObjectWriter writer;

            Part(List<Result> results, tools.jackson.databind.ObjectWriter writer) {
                this.results = results;
                this.writer = writer.withAttribute(Encoded.class, new Encoded(100_000));
            }

            /** How many parts {@code results} is cut into. */
            static int count(List<Result> results) {
                return (results.size() + PART - 1) / PART;
            }

            Text write(int i, Text into) {
                into.reset();
                writer.writeValue(into, results.subList(i * PART, Math.min(results.size(), (i + 1) * PART)));
                return into;
            }
        }

        /** A daemon thread writing every {@code step}-th part from {@code first}, handing them over in order. */
        private static final class Helper {
            private static final Text STOPPED = new Text();
            private final java.util.concurrent.BlockingQueue<Text> free =
                    new java.util.concurrent.ArrayBlockingQueue<>(AHEAD + 1);
            private final java.util.concurrent.BlockingQueue<Text> done =
                    new java.util.concurrent.ArrayBlockingQueue<>(AHEAD + 1);
            private final Thread thread;
            private volatile Throwable failure;

            Helper(Part part, int first, int step) {
                for (int b = 0; b < AHEAD; b++) {
                    free.add(new Text());
                }
                thread = new Thread(() -> {
                    try {
                        for (int i = first, parts = Part.count(part.results); i < parts; i += step) {
                            done.put(part.write(i, free.take()));
                        }
                    } catch (InterruptedException e) {
                        // stopped: nobody takes the rest
                    } catch (RuntimeException | Error e) {
                        failure = e;
                        done.add(STOPPED); // room for it: at most AHEAD parts are out; the taker rethrows
                    }
                }, "meshaudit-json");
                thread.setDaemon(true);
                thread.start();
            }

            /** The next part of this helper, to {@link #release} once copied; its failure, rethrown as thrown. */
            Text take() {
                Text text;
                try {
                    text = done.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while writing the results", e);
                }
                if (text == STOPPED) {
                    if (failure instanceof Error e) {
                        throw e;
                    }
                    throw (RuntimeException) failure;
                }
                return text;
            }

            void release(Text text) {
                free.add(text);
            }

            void stop() {
                thread.interrupt();
            }
        }
    }

    /**
     * Values that many results of one report share, each encoded once while that report is written (an attribute of
     * the write): strings as pre-quoted UTF-8, lists of strings as the text of the array (arrays are written on one
     * line, whatever their depth). Looked up by identity: the shared values are canonical instances. Bounded, so that
     * a report of unique texts does not keep a second copy of them.
     */
    static final class Encoded {
        private final int max;
        private final Map<Object, tools.jackson.core.SerializableString> done = new java.util.IdentityHashMap<>();

        /** @param max how many values are kept encoded */
        Encoded(int max) {
            this.max = max;
        }

        /** The table of this write, or null when {@code g} does not write JSON text (a token buffer: a tree). */
        static Encoded of(tools.jackson.databind.SerializationContext ctxt, tools.jackson.core.JsonGenerator g) {
            if (!(g instanceof tools.jackson.core.json.JsonGeneratorBase)) {
                return null;
            }
            if (ctxt.getAttribute(Encoded.class) instanceof Encoded e) {
                return e;
            }
            Encoded e = new Encoded(100_000);
            ctxt.setAttribute(Encoded.class, e);
            return e;
        }

        /** The pre-quoted form of {@code s}, or null once the table is full and {@code s} is not in it. */
        tools.jackson.core.SerializableString string(String s) {
            tools.jackson.core.SerializableString e = done.get(s);
            if (e == null && done.size() < max) {
                e = new SerializedString(s);
                done.put(s, e);
            }
            return e;
        }

        /** The JSON text of the array {@code l} as the canonical writer writes it, or null (table full). */
        tools.jackson.core.SerializableString array(List<String> l) {
            tools.jackson.core.SerializableString e = done.get(l);
            if (e == null && done.size() < max) {
                byte[] text = MAPPER.writeValueAsBytes(l); // what the list serializer writes, at any depth
                e = new SerializedString(new String(text, java.nio.charset.StandardCharsets.UTF_8));
                done.put(l, e);
            }
            return e;
        }
    }

    /**
     * The mapper that reads reports back: strings go through the {@link Canon} of the read (a reader attribute), so
     * that the hundreds of thousands of results of a large report share their repeated texts as they did when made.
     */
    private static final ObjectMapper READER = MAPPER.rebuild()
            .addModule(new tools.jackson.databind.module.SimpleModule("meshaudit-canonical-read")
                    .addDeserializer(String.class, new CanonicalStrings())
                    .setDeserializerModifier(new CanonicalStringLists()))
            .build();

    private ReportJson() {
    }

    /** Strings as Jackson reads them, then made canonical by the read's {@link Canon} (when there is one). */
    private static final class CanonicalStrings extends tools.jackson.databind.deser.jdk.StringDeserializer {
        @Override
        public String deserialize(tools.jackson.core.JsonParser p, tools.jackson.databind.DeserializationContext ctxt) {
            String s = super.deserialize(p, ctxt);
            return ctxt.getAttribute(Canon.class) instanceof Canon c ? c.string(s) : s;
        }
    }

    /**
     * Lists of strings (a result's controls, a port's deciding objects and notes) made canonical by the read's
     * {@link Canon}: a large report has a few million of them, nearly all repeats, which the engine shared.
     */
    private static final class CanonicalStringLists extends tools.jackson.databind.deser.ValueDeserializerModifier {
        @Override
        public tools.jackson.databind.ValueDeserializer<?> modifyCollectionDeserializer(
                tools.jackson.databind.DeserializationConfig config, tools.jackson.databind.type.CollectionType type,
                tools.jackson.databind.BeanDescription.Supplier description,
                tools.jackson.databind.ValueDeserializer<?> deserializer) {
            // a List<String> component arrives here as the ArrayList Jackson makes for it (the report's types declare
            // no concrete list type)
            return List.class.isAssignableFrom(type.getRawClass()) && type.getContentType().getRawClass() == String.class
                    ? new CanonicalList(deserializer) : deserializer;
        }
    }

    private static final class CanonicalList extends tools.jackson.databind.deser.std.DelegatingDeserializer {
        CanonicalList(tools.jackson.databind.ValueDeserializer<?> read) {
            super(read);
        }

        @Override
        protected tools.jackson.databind.ValueDeserializer<?> newDelegatingInstance(
                tools.jackson.databind.ValueDeserializer<?> read) {
            return new CanonicalList(read);
        }

        @Override
        public Object deserialize(tools.jackson.core.JsonParser p, tools.jackson.databind.DeserializationContext ctxt) {
            Object v = super.deserialize(p, ctxt);
            return v instanceof List<?> l && ctxt.getAttribute(Canon.class) instanceof Canon c ? c.list(l) : v;
        }
    }

    /**
     * Evidence maps as Jackson reads them, then made canonical by the read's {@link Canon} (when there is one): a
     * large report's results repeat a few thousand distinct evidence maps.
     */
    static final class CanonicalEvidence extends tools.jackson.databind.ValueDeserializer<Map<String, Object>> {
        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> deserialize(tools.jackson.core.JsonParser p,
                                               tools.jackson.databind.DeserializationContext ctxt) {
            Map<String, Object> m = ctxt.readValue(p, Map.class);
            return m != null && ctxt.getAttribute(Canon.class) instanceof Canon c ? c.map(m) : m;
        }
    }

    public static byte[] toBytes(AuditReport report) {
        byte[] body = MAPPER.writeValueAsBytes(report);
        byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
        out[body.length] = '\n';
        return out;
    }

    /** A value (a report or one of its parts) as the JSON tree its canonical JSON has. */
    public static tools.jackson.databind.JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Streams the canonical form (same bytes as {@link #toBytes}) without holding the whole document. */
    public static void write(AuditReport report, OutputStream out) throws IOException {
        try {
            MAPPER.writeValue(org.meshaudit.api.Renderer.keepOpen(out), report);
        } catch (tools.jackson.core.JacksonException e) { // Jackson 3 wraps the stream's IOException unchecked
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        out.write('\n');
    }

    /** Reads a report written by {@link #write}; a file that is not an AuditReport is a usage error. */
    public static AuditReport read(Path file) {
        try {
            AuditReport r;
            try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                // streamed, not read into one array first: a large cluster's report is hundreds of megabytes
                r = READER.readerFor(AuditReport.class).withAttribute(Canon.class, new Canon()).readValue(in);
            }
            if (r == null || !AuditReport.API_VERSION.equals(r.apiVersion()) || !AuditReport.KIND.equals(r.kind())) {
                throw new UsageException(file + " is not a meshaudit AuditReport (" + AuditReport.API_VERSION + ")");
            }
            return r;
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new UsageException(file + " is not a valid AuditReport: " + String.valueOf(e.getOriginalMessage()).split("\\R", 2)[0]);
        }
    }
}
