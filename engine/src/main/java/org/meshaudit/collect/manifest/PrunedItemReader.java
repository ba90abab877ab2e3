package org.meshaudit.collect.manifest;

import org.meshaudit.collect.DuplicateKeys;
import org.meshaudit.collect.ProjectionReads;
import org.meshaudit.collect.ProjectionReads.Part;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one item of a JSON {@code List} into a tree without the subtrees the collect stage never reads
 * ({@link ProjectionReads}): managedFields, the content of status, all of a pod spec but what its PodTemplate is made
 * of, Secret entries but certificates. Those are skipped token by token, never turned into strings or nodes (about
 * four fifths of a benchmark Pod's bytes), and a Secret's private key never reaches a tree.
 *
 * <p>What is left out of {@code spec}, {@code status} or {@code data} depends on the kind and apiVersion, so only
 * those read before it are used; kubectl writes them first, but JSON does not promise it, and a subtree met before
 * them is read whole.
 *
 * <p>A repeated property is recorded in the {@link DuplicateKeys} and the caller rejects the item (what the item is
 * built as then no longer matters). Where a tree is built the put that replaces the first value says so, at no extra
 * cost; in what is left out the names are compared as they are skipped ({@link Names}), so an item is malformed here
 * exactly when a whole-tree read (YAML, a document that is not a List) finds it so, for about 5 % of the time of
 * reading a Pod List this way (most of it is skipped).
 *
 * <p>Skipped values are scanned, not buffered, so the parser's string-length limit (a memory budget) is not applied
 * to them; nesting depth and document size still are.
 */
final class PrunedItemReader {
    private final ObjectMapper json;
    private final JsonNodeFactory nodes;
    private final DuplicateKeys dups;
    /** Names of the objects being skipped, per nesting level below the skipped value. */
    private final Names skipped = new Names();
    /** Names left out of the objects read in part, per nesting level of those objects; the current level. */
    private final Names left = new Names();
    private int partial;

    /** @param json the mapper the parser comes from, with {@code dups} installed (items that are not objects) */
    PrunedItemReader(ObjectMapper json, DuplicateKeys dups) {
        this.json = json;
        this.nodes = json.getNodeFactory();
        this.dups = dups;
    }

    /**
     * Reads the value at the parser's current token, recording its duplicate keys (a redeclared apiVersion or kind is
     * one: the item is rejected, so what was left out by the first value does not matter).
     */
    JsonNode read(JsonParser p) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return p.readValueAsTree();
        }
        ObjectNode item = json.createObjectNode();
        partial = 0; // after an item that did not parse
        String apiVersion = null;
        String kind = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            p.nextToken();
            JsonNode value = read(p, ProjectionReads.ofProperty(name, apiVersion, kind));
            put(item, name, value, p);
            if (name.equals("apiVersion")) {
                apiVersion = ProjectionReads.text(value);
            } else if (name.equals("kind")) {
                kind = ProjectionReads.text(value);
            }
        }
        return item;
    }

    /** Puts a property; the put's previous value, nearly always null, is how a repeated name is noticed. */
    private void put(ObjectNode o, String name, JsonNode value, JsonParser p) {
        JsonNode previous = o.replace(name, value);
        if (previous != null) {
            dups.record(name, previous, p);
        }
    }

    private JsonNode read(JsonParser p, Part part) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT && part.isObject()) {
            ObjectNode o = json.createObjectNode();
            int level = ++partial; // the properties left out repeat where no put sees them: their names are kept here
            left.open(level);
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                Part child = part.property(name);
                if (child == null) {
                    if (!left.add(level, name)) {
                        dups.record(name, null, p);
                    }
                    skip(p);
                } else {
                    put(o, name, read(p, child), p);
                }
            }
            partial--;
            return o;
        }
        if (t == JsonToken.START_ARRAY && part.isArray()) {
            ArrayNode a = json.createArrayNode();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                a.add(read(p, part.element()));
            }
            return a;
        }
        return whole(p);
    }

    /**
     * Skips the value at the current token as {@code skipChildren} does (a no-op on scalars: the parser moves past
     * them with the next token), recording the names that repeat in the objects it skips.
     */
    private void skip(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return;
        }
        int level = 0;
        skipped.open(level);
        while (level >= 0) {
            t = p.nextToken();
            if (t == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                if (!skipped.add(level, name)) {
                    dups.record(name, null, p);
                }
            } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                skipped.open(++level); // an array level is opened too and never given a name
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                level--;
            } else if (t == null) {
                return; // end of input: the caller's next token says so
            }
        }
    }

    /**
     * The names of the objects at each nesting level, to find one that repeats; reused from object to object. The
     * parser has read each name anyway (and hands out one instance per name, its hash cached): comparing its hash with
     * those of the others of its object costs a few {@code int} comparisons, objects have a handful of names, and past
     * {@value #LINEAR} a level switches to a set.
     */
    private static final class Names {
        private static final int LINEAR = 16;
        private String[][] names = new String[8][];
        private int[][] hashes = new int[8][];
        private int[] count = new int[8];
        /** Per level, once an object there has more than {@link #LINEAR} names: all of its names. */
        private java.util.Set<String>[] many = newSets(8);

        @SuppressWarnings("unchecked")
        private static java.util.Set<String>[] newSets(int n) {
            return new java.util.Set[n];
        }

        /** An object (or an array, never given names) begins at {@code level}. */
        void open(int level) {
            if (level == names.length) {
                names = java.util.Arrays.copyOf(names, level * 2);
                hashes = java.util.Arrays.copyOf(hashes, level * 2);
                count = java.util.Arrays.copyOf(count, level * 2);
                many = java.util.Arrays.copyOf(many, level * 2);
            }
            if (names[level] == null) {
                names[level] = new String[LINEAR];
                hashes[level] = new int[LINEAR];
            }
            count[level] = 0;
            if (many[level] != null) {
                many[level].clear();
            }
        }

        /** Adds a name of the object at {@code level}; false when the object had it already. */
        boolean add(int level, String name) {
            int n = count[level];
            if (n < LINEAR) {
                String[] known = names[level];
                int[] knownHashes = hashes[level];
                int h = name.hashCode();
                for (int i = 0; i < n; i++) {
                    if (knownHashes[i] == h && known[i].equals(name)) {
                        return false;
                    }
                }
                known[n] = name;
                knownHashes[n] = h;
                count[level] = n + 1;
                return true;
            }
            if (many[level] == null) {
                many[level] = new java.util.HashSet<>();
            }
            if (many[level].isEmpty()) {
                java.util.Collections.addAll(many[level], names[level]);
            }
            return many[level].add(name);
        }
    }

    /**
     * The whole value at the current token, as the tree reader makes it. Built here rather than by the parser's
     * {@code readValueAsTree}, which looks up its deserializer again for every value it is given (a class-annotation
     * introspection each: a fifth of the collect stage's allocation at L, for labels, annotations, ports…). Depth is
     * bounded by the parser's nesting limit.
     */
    private JsonNode whole(JsonParser p) {
        switch (p.currentToken()) {
            case START_OBJECT: {
                ObjectNode o = json.createObjectNode();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    put(o, name, whole(p), p);
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = json.createArrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(whole(p));
                }
                return a;
            }
            default:
                return scalar(p);
        }
    }

    /**
     * The node of the value at the current token. Strings, booleans, nulls and int-sized integers (nearly every leaf)
     * are made here as the tree reader makes them; other numbers and anything else go to the tree reader, in the
     * parser's own read context (the mapper's readTree would set up a new one for each of these small values).
     */
    private JsonNode scalar(JsonParser p) {
        switch (p.currentToken()) {
            case VALUE_STRING:
                return nodes.stringNode(p.getString());
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.INT) { // ports, counts: an int node, as the tree reader
                    return nodes.numberNode(p.getIntValue());
                }
                break;
            default:
                break;
        }
        return p.readValueAsTree();
    }
}
