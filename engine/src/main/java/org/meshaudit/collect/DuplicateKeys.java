package org.meshaudit.collect;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.deser.jackson.BaseNodeDeserializer;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The duplicate keys met while object trees are built (threat A07). JSON and YAML leave a repeated key to the
 * reader, and readers disagree: Jackson and the API server's lenient decoding keep the last value, strict decoding and
 * kubectl's YAML conversion reject the object. An object that means one thing or another depending on which value
 * wins ({@code mtls.mode: PERMISSIVE} then {@code mode: STRICT}) cannot be audited as either: the collectors reject it
 * as malformed, with a collection issue, and read the objects beside it.
 *
 * <p>Found where a property is put into its object node, at no cost to reading: the put returns the previous value,
 * and only when there was one does Jackson's tree reader call the handler installed by {@link #install} (the
 * manifest reader's own tree builder checks the same return value). The parser's {@code STRICT_DUPLICATE_DETECTION}
 * would instead keep a set of names for every object it reads, on the path that ingests up to a gigabyte of JSON.
 *
 * <p>A recorder belongs to the mappers it is installed on and is used by one thread at a time. Readers take a
 * {@link #mark()} before a tree and the duplicates {@link #since} it after.
 */
public final class DuplicateKeys {

    /**
     * One repeated key.
     *
     * @param key     the key
     * @param pointer JSON pointer of the repeated key from the root of the value the parser reads (a document, or a
     *                page of a live list), the key included: {@code /items/3/spec/mtls/mode}
     * @param line     1-based line of the parser where the repeated value was read (the value, or its end), 0 unknown
     * @param previous the value it replaced when that was a string (an object's apiVersion or kind: the object may be
     *                 of either kind), else null
     */
    public record Duplicate(String key, String pointer, int line, String previous) {
    }

    private final List<Duplicate> found = new ArrayList<>();

    /** Makes the tree reads of mappers built with {@code builder} record their duplicate keys here. */
    public <B extends MapperBuilder<?, B>> B install(B builder) {
        return builder.addModule(new SimpleModule("meshaudit-duplicate-keys")
                .addDeserializer(JsonNode.class, new Recording(this)));
    }

    /**
     * Records that {@code key} was just read a second time in the object the parser is in, its value replacing
     * {@code previous}.
     */
    public void record(String key, JsonNode previous, JsonParser p) {
        TokenStreamLocation at = p.currentTokenLocation();
        found.add(new Duplicate(key, p.streamReadContext().pathAsPointer().toString(),
                at == null ? 0 : Math.max(0, at.getLineNr()), previous != null && previous.isString()
                        ? previous.asString() : null));
    }

    /** Where the next duplicate will be recorded: pass it to {@link #since}. */
    public int mark() {
        return found.size();
    }

    /** The duplicates recorded after {@code mark}, which are forgotten here. */
    public List<Duplicate> since(int mark) {
        if (found.size() <= mark) {
            return List.of();
        }
        List<Duplicate> out = List.copyOf(found.subList(mark, found.size()));
        found.subList(mark, found.size()).clear();
        return out;
    }

    /** Forgets everything recorded (after a read that failed, whose duplicates nobody takes). */
    public void clear() {
        found.clear();
    }

    /**
     * One line for people: the first duplicate key, where it is (relative to {@code prefix}, the pointer of the object
     * concerned), how many more there are, and what was done.
     */
    public static String message(List<Duplicate> dups, String prefix) {
        Duplicate d = dups.get(0);
        String at = d.pointer().startsWith(prefix) ? d.pointer().substring(prefix.length()) : d.pointer();
        StringBuilder sb = new StringBuilder("duplicate key \"").append(d.key()).append("\" at ")
                .append(at.isEmpty() ? "/" : at);
        if (dups.size() > 1) {
            sb.append(" (and ").append(dups.size() - 1).append(" more)");
        }
        return sb.append(": which value applies is ambiguous, the object is not read").toString();
    }

    /**
     * The index of the {@code items} element a duplicate is in ({@code /items/3/...}), or -1 when it is outside the
     * items (or is one of their keys: {@code /items} itself repeated).
     */
    public static int itemOf(Duplicate d) {
        String p = d.pointer();
        if (!p.startsWith("/items/")) {
            return -1;
        }
        int end = p.indexOf('/', 7);
        if (end < 0) {
            return -1; // a pointer to the item itself names no key in it: never recorded
        }
        int index = 0;
        for (int i = 7; i < end; i++) {
            char c = p.charAt(i);
            if (c < '0' || c > '9' || index > (Integer.MAX_VALUE - 9) / 10) {
                return -1;
            }
            index = index * 10 + (c - '0');
        }
        return end > 7 ? index : -1;
    }

    /** Jackson's tree reader, recording a duplicate where it would keep the last value silently. */
    private static final class Recording extends JsonNodeDeserializer {
        private static final long serialVersionUID = 1L;
        private final transient DuplicateKeys into;

        Recording(DuplicateKeys into) {
            this.into = into;
        }

        @Override
        protected void _handleDuplicateProperty(JsonParser p, DeserializationContext ctxt, JsonNodeFactory nodeFactory,
                                                String propertyName, ObjectNode objectNode, JsonNode oldValue,
                                                JsonNode newValue) {
            into.record(propertyName, oldValue, p); // the object keeps the last value; whoever reads it rejects it
        }

        @Override
        protected BaseNodeDeserializer<?> _createWithMerge(boolean mergeArrays, boolean mergeObjects) {
            return this; // trees are read, never merged into existing ones
        }
    }
}
