package org.meshaudit.collect.manifest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.meshaudit.collect.DuplicateKeys.Duplicate;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Loads documents that use anchors and aliases the way Kubernetes does: aliases expanded, within the alias budget of
 * the load settings (alias bombs are rejected). Jackson's streaming YAML reader would instead return an alias as its
 * anchor's name, silently changing the object.
 *
 * <p>snakeyaml-engine builds its node graph and then its values recursively and has no nesting limit, so a document
 * nested a hundred thousand levels deep would overflow the stack. Its event stream is read first, without recursion:
 * deeper than the nesting limit (aliases counted as the depth they expand to) the document is rejected before it is
 * loaded. The same pass finds duplicate keys with their place, as the Jackson path reports them.
 */
final class YamlAliases {
    private final LoadSettings strict;
    private final LoadSettings lenient;
    private final ObjectMapper mapper;
    private final int maxDepth;

    /** @param settings with duplicate keys not allowed; a copy that allows them loads documents known to have some */
    YamlAliases(LoadSettings settings, ObjectMapper mapper, int maxDepth) {
        this.strict = settings;
        this.lenient = LoadSettings.builder().setMaxAliasesForCollections(settings.getMaxAliasesForCollections())
                .setCodePointLimit(settings.getCodePointLimit()).setAllowDuplicateKeys(true)
                .setAllowRecursiveKeys(false).build();
        this.mapper = mapper;
        this.maxDepth = maxDepth;
    }

    /**
     * A loaded document.
     *
     * @param tree       its tree (null for an empty document); where a key repeats, the last value
     * @param duplicates its repeated keys, lines relative to the document's first line
     */
    record Loaded(JsonNode tree, List<Duplicate> duplicates) {
    }

    /** @throws TooDeep when the document nests deeper than the limit; snakeyaml-engine's exceptions as they come */
    Loaded load(byte[] bytes, YamlDocuments.Slice d) {
        String text = new String(bytes, d.start(), d.length(), StandardCharsets.UTF_8);
        List<Duplicate> duplicates = scan(text);
        Object value = new Load(duplicates.isEmpty() ? strict : lenient).loadFromString(text);
        return new Loaded(value == null ? null : mapper.valueToTree(value), duplicates);
    }

    /** The document nests deeper than the limit; the message says so in the words the collector classifies. */
    static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooDeep(String message) {
            super(message, null, false, false);
        }
    }

    /** A mapping or sequence being read. */
    private static final class Frame {
        final boolean mapping;
        final String anchor;
        final int depth;
        /** Deepest level reached inside, aliases expanded. */
        int deepest;
        /** Mapping: the next node is a key; the current key (null: not a scalar); the keys so far. */
        boolean atKey = true;
        String key;
        final Set<String> keys;
        /** Mapping: its apiVersion and kind as read (the value a repeated one replaces). */
        final Map<String, String> identity = new HashMap<>(4);
        /** Sequence: index of the current element. */
        int index = -1;

        Frame(boolean mapping, String anchor, int depth) {
            this.mapping = mapping;
            this.anchor = anchor;
            this.depth = depth;
            this.deepest = depth;
            this.keys = mapping ? new HashSet<>() : null;
        }
    }

    /**
     * Reads the event stream: rejects a document nested deeper than the limit and returns its duplicate keys (a key is
     * its text: {@code 1} and {@code "1"} are one key once the document is JSON). Iterative: the stack is a deque.
     */
    private List<Duplicate> scan(String text) {
        List<Duplicate> duplicates = new ArrayList<>();
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        Map<String, Integer> heights = new HashMap<>(); // anchored collections: levels they add where aliased
        Map<String, String> scalars = new HashMap<>(); // anchored scalars: their text, when used as a key
        for (Event e : new Parse(strict).parseString(text)) {
            Frame top = stack.peek();
            if (e instanceof ScalarEvent s) {
                String anchor = s.getAnchor().map(a -> a.getValue()).orElse(null);
                if (anchor != null) {
                    scalars.put(anchor, s.getValue());
                }
                node(top, s.getValue(), s, duplicates, stack);
            } else if (e instanceof AliasEvent a) {
                String anchor = a.getAlias().getValue();
                int expanded = stack.size() + heights.getOrDefault(anchor, 0);
                check(expanded);
                if (top != null) {
                    top.deepest = Math.max(top.deepest, expanded);
                }
                node(top, scalars.get(anchor), a, duplicates, stack);
            } else if (e instanceof CollectionStartEvent c) {
                node(top, null, c, duplicates, stack); // a collection as a key has no text: it is never compared
                Frame f = new Frame(c instanceof MappingStartEvent, c.getAnchor().map(x -> x.getValue()).orElse(null),
                        stack.size() + 1);
                check(f.depth);
                stack.push(f);
            } else if (e.getEventId() == Event.ID.MappingEnd || e.getEventId() == Event.ID.SequenceEnd) {
                Frame f = stack.pop();
                if (f.anchor != null) {
                    heights.put(f.anchor, f.deepest - f.depth + 1);
                }
                Frame parent = stack.peek();
                if (parent != null) {
                    parent.deepest = Math.max(parent.deepest, f.deepest);
                    parent.atKey = parent.mapping ? !parent.atKey : parent.atKey;
                }
            }
        }
        return duplicates;
    }

    private void check(int depth) {
        if (depth > maxDepth) {
            throw new TooDeep("nesting depth exceeds the limit of " + maxDepth + " (aliases expanded)");
        }
    }

    /**
     * A node begins in {@code parent}: a key (compared with the mapping's others), a value or an element. Scalars and
     * aliases are whole here and move a mapping on to its next key or value; a collection does so when it ends.
     */
    private static void node(Frame parent, String text, Event e, List<Duplicate> duplicates, ArrayDeque<Frame> stack) {
        if (parent == null) {
            return;
        }
        boolean whole = !(e instanceof CollectionStartEvent);
        if (!parent.mapping) {
            parent.index++;
            return;
        }
        if (parent.atKey) {
            parent.key = text;
            if (text != null && !parent.keys.add(text)) {
                int line = e.getStartMark().map(Mark::getLine).orElse(-1) + 1;
                duplicates.add(new Duplicate(text, pointer(stack), line, parent.identity.get(text)));
            }
        } else if (parent.key != null && (parent.key.equals("apiVersion") || parent.key.equals("kind"))
                && e instanceof ScalarEvent) {
            parent.identity.put(parent.key, text);
        }
        if (whole) {
            parent.atKey = !parent.atKey;
        }
    }

    /** JSON pointer of the current key of the innermost mapping (escaped as RFC 6901 says). */
    private static String pointer(ArrayDeque<Frame> stack) {
        StringBuilder sb = new StringBuilder();
        var it = stack.descendingIterator();
        while (it.hasNext()) {
            Frame f = it.next();
            sb.append('/');
            if (f.mapping) {
                sb.append(f.key == null ? "?" : f.key.replace("~", "~0").replace("/", "~1"));
            } else {
                sb.append(f.index);
            }
        }
        return sb.toString();
    }
}
