package org.meshaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.meshaudit.api.UsageException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical JSON form of an {@link AuditReport}: fields in declaration order, map keys sorted, nulls omitted,
 * two-space indentation, UTF-8, trailing newline. Same report = same bytes.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPrettyPrinter(new Printer())
            .addModule(new tools.jackson.databind.module.SimpleModule("meshaudit-canonical-write")
                    .addSerializer(Canon.Ordered.class, new OrderedWriter()))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

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

        @Override
        public Printer createInstance() {
            return new Printer(this);
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
     * other value by Jackson as before; null values are written as null, as the map serializer writes them.
     */
    static final class OrderedWriter extends tools.jackson.databind.ser.std.StdSerializer<Canon.Ordered> {
        OrderedWriter() {
            super(Canon.Ordered.class);
        }

        @Override
        public void serialize(Canon.Ordered m, tools.jackson.core.JsonGenerator g,
                              tools.jackson.databind.SerializationContext ctxt) {
            int n = m.size();
            g.writeStartObject(m, n);
            for (int i = 0; i < n; i++) {
                g.writeName(m.key(i));
                Object v = m.value(i);
                if (v == null) {
                    g.writeNull();
                } else if (v instanceof String s) {
                    g.writeString(s);
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
        OutputStream shield = new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush(); // the caller owns the stream
            }
        };
        try {
            MAPPER.writeValue(shield, report);
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
