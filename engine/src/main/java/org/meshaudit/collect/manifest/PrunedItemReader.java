package org.meshaudit.collect.manifest;

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
 * them is read whole. Duplicate properties keep the last value in the first one's place, as a whole-tree read does.
 *
 * <p>Skipped values are scanned, not buffered, so the parser's string-length limit (a memory budget) is not applied
 * to them; nesting depth and document size still are.
 */
final class PrunedItemReader {
    private final ObjectMapper json;
    private final JsonNodeFactory nodes;

    PrunedItemReader(ObjectMapper json) {
        this.json = json;
        this.nodes = json.getNodeFactory();
    }

    /**
     * Reads the value at the parser's current token.
     *
     * @return its tree, or null when an object redeclared its apiVersion or kind with another value: what was left
     *         out may have depended on the first one (rare and malformed; the caller reads the item again, whole)
     */
    JsonNode read(JsonParser p) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return p.readValueAsTree();
        }
        ObjectNode item = json.createObjectNode();
        String apiVersion = null;
        String kind = null;
        boolean stale = false;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (stale) {
                p.skipChildren();
                continue;
            }
            JsonNode value = read(p, ProjectionReads.ofProperty(name, apiVersion, kind));
            item.set(name, value);
            if (name.equals("apiVersion")) {
                String text = ProjectionReads.text(value);
                stale = apiVersion != null && !apiVersion.equals(text);
                apiVersion = text;
            } else if (name.equals("kind")) {
                String text = ProjectionReads.text(value);
                stale = kind != null && !kind.equals(text);
                kind = text;
            }
        }
        return stale ? null : item;
    }

    private JsonNode read(JsonParser p, Part part) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT && part.isObject()) {
            ObjectNode o = json.createObjectNode();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                Part child = part.property(name);
                if (child == null) {
                    p.skipChildren(); // a no-op on scalars: the parser moves past them with the next token
                } else {
                    o.set(name, read(p, child));
                }
            }
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
                    o.set(name, whole(p)); // a repeated name keeps its first place and takes the last value
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
