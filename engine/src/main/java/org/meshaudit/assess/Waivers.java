package org.meshaudit.assess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.meshaudit.api.EngineException;
import org.meshaudit.api.Status;
import org.meshaudit.api.UsageException;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Workload;
import org.meshaudit.report.Result;
import org.meshaudit.report.Summary;
import org.meshaudit.report.WaiverEntry;
import org.meshaudit.report.WaiverRef;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Accepted risk: the waivers file ({@code --waivers FILE}, or {@code waivers:} in {@code meshaudit.yaml} as a path
 * or an inline list), and its application to the results after evaluation.
 *
 * <pre>
 * waivers:
 *   - id: W-2026-014
 *     rules: [MTLS-003]
 *     subject: {kind: DestinationRule, namespace: checkout, name: "ledger-*", labels: {app: ledger}, port: 8080}
 *     justification: legacy ledger client, migration tracked in PAY-812
 *     owner: payments-platform
 *     ticket: PAY-812
 *     approvedBy: ciso
 *     created: 2026-01-15
 *     expires: 2027-03-31
 * </pre>
 *
 * A FAIL whose rule and subject match an in-force waiver becomes WAIVED, keeps its severity, message and evidence, and
 * carries the waiver. ERROR is never waived. A date-only {@code expires} is the last day the waiver applies (it
 * expires at the end of that day, UTC); {@code created} after the as-of clock means not yet in force. Every subject
 * field is an optional filter: {@code kind} (case-insensitive), {@code namespace} and {@code name} (globs with
 * {@code *} and {@code ?}; the namespace of a Namespace is its own name), {@code labels} (all must be present on the
 * object; a workload's pod template labels count too) and {@code port}.
 */
public final class Waivers {
    /** Upper bound on a waivers file; it is configuration, not bulk data. */
    static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final int MAX_DEPTH = 20;
    private static final Set<String> ENTRY_KEYS = Set.of("id", "rules", "subject", "justification", "owner", "ticket",
            "approvedBy", "created", "expires");
    private static final Set<String> SUBJECT_KEYS = Set.of("kind", "namespace", "name", "labels", "port");

    /**
     * One subject selector; null fields match anything.
     *
     * @param name glob
     * @param namespace glob
     */
    public record Selector(String kind, String namespace, String name, Map<String, String> labels, String port) {
        String describe() {
            List<String> parts = new ArrayList<>();
            if (kind != null) {
                parts.add("kind=" + kind);
            }
            if (namespace != null) {
                parts.add("namespace=" + namespace);
            }
            if (name != null) {
                parts.add("name=" + name);
            }
            if (!labels.isEmpty()) {
                StringBuilder b = new StringBuilder("labels=");
                labels.forEach((k, v) -> b.append(b.length() > 7 ? "," : "").append(k).append('=').append(v));
                parts.add(b.toString());
            }
            if (port != null) {
                parts.add("port=" + port);
            }
            return parts.isEmpty() ? "any subject" : String.join(" ", parts);
        }
    }

    /** One waiver as written, with its dates resolved. */
    public record Waiver(String id, List<String> rules, Selector subject, String justification, String owner,
                        String ticket, String approvedBy, String created, String expires, Instant createdAt,
                        Instant expiresAt, String source) {

        WaiverRef ref() {
            return new WaiverRef(id, owner, expires, justification, ticket, approvedBy);
        }
    }

    /**
     * @param results results with waived FAILs turned WAIVED
     * @param entries every waiver and what it did, or null when no waivers were configured
     */
    public record Outcome(List<Result> results, List<WaiverEntry> entries) {

        /** Waivers per status, every status listed; null without waivers. */
        public Map<String, Integer> counts() {
            return Waivers.counts(entries);
        }

        /** The summary with the waiver counts added. */
        public Summary summary(Summary s) {
            return entries == null ? s : new Summary(s.results(), s.byStatus(), s.failuresBySeverity(), s.workloads(),
                    s.meshedWorkloads(), s.workloadPorts(), s.mtlsEnforcedPorts(), s.mtlsEnforcedShare(),
                    s.errorPorts(), s.collectionIssues(), counts());
        }
    }

    private final List<Waiver> waivers;
    private final String digest;

    private Waivers(List<Waiver> waivers, String digest) {
        this.waivers = List.copyOf(waivers);
        this.digest = digest;
    }

    /** No waivers configured. */
    public static Waivers none() {
        return new Waivers(List.of(), null);
    }

    public List<Waiver> list() {
        return waivers;
    }

    /** True when waivers were configured (possibly an empty list). */
    public boolean configured() {
        return digest != null;
    }

    /** sha256 of the bytes the waivers were read from, or null. */
    public String digest() {
        return digest;
    }

    /** The waivers of a run: {@code file} if given, else {@code waivers:} of the config, else none. */
    public static Waivers load(Path file, Path config) {
        if (file != null) {
            return read(file);
        }
        if (config != null) {
            return fromConfig(config);
        }
        return none();
    }

    /** Reads a waivers file: a mapping with a {@code waivers:} list (or the bare list). */
    public static Waivers read(Path file) {
        byte[] bytes = bytes(file, "waivers file");
        Node root = parse(bytes, file.toString());
        if (root == null || root.value == null) {
            return new Waivers(List.of(), sha(bytes));
        }
        Node list = root;
        if (root.value instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!Set.of("waivers", "apiVersion", "kind").contains(k)) {
                    throw error(file.toString(), ((Node) m.get(k)).keyLine, "unknown key '" + k + "'",
                            "a waivers file has one key, 'waivers', holding a list");
                }
            }
            list = (Node) m.get("waivers");
            if (list == null || list.value == null) {
                return new Waivers(List.of(), sha(bytes));
            }
        }
        return new Waivers(entries(list, file.toString()), sha(bytes));
    }

    /**
     * The {@code waivers:} key of {@code meshaudit.yaml}: a path (relative to the config file) or an inline list.
     * Absent: no waivers.
     */
    public static Waivers fromConfig(Path config) {
        byte[] bytes = bytes(config, "config");
        Node root = parse(bytes, config.toString());
        if (root == null || !(root.value instanceof Map<?, ?> m) || !m.containsKey("waivers")) {
            return none();
        }
        Node w = (Node) m.get("waivers");
        if (w.value == null) {
            return none();
        }
        if (w.value instanceof String path) {
            Path base = config.toAbsolutePath().getParent();
            return read(base == null ? Path.of(path) : base.resolve(path));
        }
        return new Waivers(entries(w, config.toString()), sha(bytes));
    }

    /** Applies the waivers at the as-of clock. */
    public Outcome apply(List<Result> results, Map<String, Map<String, String>> labels, Instant asOf) {
        if (!configured()) {
            return new Outcome(results, null);
        }
        List<Result> out = new ArrayList<>(results);
        List<WaiverEntry> entries = new ArrayList<>();
        for (Waiver w : waivers) {
            String state = asOf.isBefore(w.expiresAt()) ? "in-force" : "expired";
            if (w.createdAt() != null && asOf.isBefore(w.createdAt())) {
                state = "not-yet-valid";
            }
            List<String> ids = new ArrayList<>();
            int errors = 0;
            for (int i = 0; i < out.size(); i++) {
                Result r = out.get(i);
                if (!matches(w, r, labels)) {
                    continue;
                }
                if (r.status() == Status.ERROR) {
                    errors++;
                } else if (r.status() == Status.FAIL || r.status() == Status.WAIVED) {
                    ids.add(r.id());
                    if (state.equals("in-force") && r.status() == Status.FAIL) {
                        out.set(i, waive(r, w));
                    }
                }
            }
            String status = state.equals("in-force") ? (ids.isEmpty() ? "stale" : "active") : state;
            String note = null;
            if (errors > 0) {
                note = "matches " + errors + " ERROR result(s); ERROR is never waived";
            }
            if (status.equals("stale")) {
                note = (note == null ? "" : note + "; ") + "matches no FAIL result: remove it or fix its selector";
            } else if (status.equals("expired")) {
                note = (note == null ? "" : note + "; ") + "expired before the as-of time; "
                        + (ids.isEmpty() ? "it would match no FAIL result" : "its results stay FAIL");
            }
            ids.sort(null);
            entries.add(new WaiverEntry(w.id(), status, w.rules(), w.subject().describe(), w.owner(), w.approvedBy(),
                    w.ticket(), w.justification(), w.created(), w.expires(), List.copyOf(ids), note, w.source(), null));
        }
        return new Outcome(List.copyOf(out), List.copyOf(entries));
    }

    /** Waivers per status, every status listed; null for null. */
    public static Map<String, Integer> counts(List<WaiverEntry> entries) {
        if (entries == null) {
            return null;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : List.of("active", "expired", "stale", "not-yet-valid")) {
            counts.put(s, 0);
        }
        for (WaiverEntry e : entries) {
            counts.merge(e.status(), 1, Integer::sum);
        }
        return counts;
    }

    private static Result waive(Result r, Waiver w) {
        return new Result(r.id(), r.ruleId(), r.ruleVersion(), r.pack(), r.title(), Status.WAIVED, r.severity(),
                r.subject(), r.message(), r.evidence(), r.controls(), r.remediation(), w.ref(), r.cluster(),
                r.scopeNamespaces());
    }

    static boolean matches(Waiver w, Result r, Map<String, Map<String, String>> labels) {
        boolean rule = false;
        for (String id : w.rules()) {
            rule |= id.equals("*") || id.equalsIgnoreCase(r.ruleId());
        }
        if (!rule) {
            return false;
        }
        Selector s = w.subject();
        SubjectRef ref = r.subject();
        if (s.kind() != null && !s.kind().equalsIgnoreCase(ref.kind())) {
            return false;
        }
        if (s.namespace() != null && !glob(s.namespace(), ref.scopeNamespace())) {
            return false;
        }
        if (s.name() != null && !glob(s.name(), ref.name())) {
            return false;
        }
        if (s.port() != null && !s.port().equals(ref.port())) {
            return false;
        }
        if (!s.labels().isEmpty()) {
            Map<String, String> have = labels.getOrDefault(ref.objectKey(), Map.of());
            for (var e : s.labels().entrySet()) {
                if (!e.getValue().equals(have.get(e.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean glob(String pattern, String text) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (lit.length() > 0) {
                    re.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) {
            re.append(Pattern.quote(lit.toString()));
        }
        return Pattern.matches(re.toString(), text);
    }

    /**
     * Labels per object key ({@code Kind/namespace/name}): the object's own labels; for a workload, its pod template
     * labels too (the object's own win on conflict).
     */
    public static Map<String, Map<String, String>> labelIndex(Snapshot snapshot) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (KubeObject o : snapshot.objects()) {
            out.put(o.key(), o.labels());
        }
        for (Workload w : snapshot.workloads()) {
            Map<String, String> merged = new TreeMap<>();
            if (w.template() != null && w.template().labels() != null) {
                merged.putAll(w.template().labels());
            }
            merged.putAll(w.meta().labels());
            out.put(w.meta().key(), Collections.unmodifiableMap(merged));
        }
        return out;
    }

    // ---- reading, with the line of every value ----

    /**
     * A YAML value with the line it starts on (and, for a mapping entry, the line of its key): Map&lt;String,
     * Node&gt;, List&lt;Node&gt;, String or null.
     */
    private record Node(Object value, int line, int keyLine) {
    }

    private static byte[] bytes(Path file, String what) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UsageException(what + " " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + what + " " + file + ": " + e.getMessage(),
                    "check the path given with --waivers or in meshaudit.yaml");
        }
    }

    private static Node parse(byte[] bytes, String file) {
        YAMLMapper mapper = YAMLMapper.builder().build();
        try (JsonParser p = mapper.createParser(bytes)) {
            if (p.nextToken() == null) {
                return null;
            }
            Node root = node(p, file, 0, 0);
            if (p.nextToken() != null) {
                throw error(file, p.currentTokenLocation().getLineNr(), "more than one YAML document", null);
            }
            return root;
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw error(file, line, "malformed YAML: " + String.valueOf(e.getOriginalMessage()).split("\\R", 2)[0],
                    "fix the YAML syntax");
        }
    }

    private static Node node(JsonParser p, String file, int depth, int keyLine) {
        int line = p.currentTokenLocation().getLineNr();
        if (depth > MAX_DEPTH) {
            throw error(file, line, "nested deeper than " + MAX_DEPTH, null);
        }
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> map = new LinkedHashMap<>();
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String name = p.currentName();
                int at = p.currentTokenLocation().getLineNr();
                p.nextToken();
                if (map.put(name, node(p, file, depth + 1, at)) != null) {
                    throw error(file, at, "duplicate key '" + name + "'", null);
                }
            }
            return new Node(map, line, keyLine);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(node(p, file, depth + 1, p.currentTokenLocation().getLineNr()));
            }
            return new Node(list, line, keyLine);
        }
        if (t == JsonToken.VALUE_NULL) {
            return new Node(null, line, keyLine);
        }
        return new Node(p.getText(), line, keyLine);
    }

    private static List<Waiver> entries(Node list, String file) {
        if (!(list.value instanceof List<?> items)) {
            throw error(file, list.line, "'waivers' must be a list of waivers", null);
        }
        List<Waiver> out = new ArrayList<>();
        Map<String, Integer> seen = new TreeMap<>();
        for (Object o : items) {
            Node n = (Node) o;
            Waiver w = entry(n, file);
            Integer first = seen.putIfAbsent(w.id(), n.line);
            if (first != null) {
                throw error(file, n.line, "duplicate waiver id '" + w.id() + "' (first at line " + first + ")", null);
            }
            out.add(w);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Waiver entry(Node n, String file) {
        if (!(n.value instanceof Map<?, ?> raw)) {
            throw error(file, n.line, "a waiver must be a mapping with id, rules, subject, justification, owner, "
                    + "expires", null);
        }
        Map<String, Node> m = (Map<String, Node>) raw;
        String id = text(m, "id", n, file, null, true);
        String what = "waiver '" + id + "': ";
        for (var e : m.entrySet()) {
            if (!ENTRY_KEYS.contains(e.getKey())) {
                throw error(file, e.getValue().keyLine, what + "unknown field '" + e.getKey() + "'",
                        "fields: id, rules, subject, justification, owner, ticket, approvedBy, created, expires");
            }
        }
        List<String> rules = new ArrayList<>();
        Node rn = m.get("rules");
        if (rn == null || rn.value == null) {
            throw error(file, n.line, what + "'rules' is required (a list of rule ids)", null);
        }
        if (rn.value instanceof String s) {
            rules.add(s.strip());
        } else if (rn.value instanceof List<?> l) {
            for (Object o : l) {
                Node r = (Node) o;
                if (!(r.value instanceof String s) || s.isBlank()) {
                    throw error(file, r.line, what + "'rules' must list rule ids", null);
                }
                rules.add(s.strip());
            }
        } else {
            throw error(file, rn.line, what + "'rules' must be a list of rule ids", null);
        }
        if (rules.isEmpty()) {
            throw error(file, rn.line, what + "'rules' is empty", null);
        }
        Selector subject = selector(m.get("subject"), file, what);
        String justification = text(m, "justification", n, file, what, true);
        String owner = text(m, "owner", n, file, what, true);
        String ticket = text(m, "ticket", n, file, what, false);
        String approvedBy = text(m, "approvedBy", n, file, what, false);
        String created = text(m, "created", n, file, what, false);
        String expires = text(m, "expires", n, file, what, true);
        Instant createdAt = created == null ? null : instant(created, false, file, m.get("created").line, what);
        Instant expiresAt = instant(expires, true, file, m.get("expires").line, what);
        if (createdAt != null && !createdAt.isBefore(expiresAt)) {
            throw error(file, m.get("expires").line, what + "'expires' is not after 'created'", null);
        }
        return new Waiver(id, List.copyOf(rules), subject, justification, owner, ticket, approvedBy, created, expires,
                createdAt, expiresAt, fileName(file) + ":" + n.line);
    }

    @SuppressWarnings("unchecked")
    private static Selector selector(Node n, String file, String what) {
        if (n == null || n.value == null) {
            return new Selector(null, null, null, Map.of(), null);
        }
        if (!(n.value instanceof Map<?, ?> raw)) {
            throw error(file, n.line, what + "'subject' must be a mapping of kind, namespace, name, labels, port", null);
        }
        Map<String, Node> m = (Map<String, Node>) raw;
        for (var e : m.entrySet()) {
            if (!SUBJECT_KEYS.contains(e.getKey())) {
                throw error(file, e.getValue().keyLine, what + "unknown subject field '" + e.getKey() + "'",
                        "subject fields: kind, namespace, name, labels, port");
            }
        }
        Map<String, String> labels = new TreeMap<>();
        Node ln = m.get("labels");
        if (ln != null && ln.value != null) {
            if (!(ln.value instanceof Map<?, ?> lm)) {
                throw error(file, ln.line, what + "'subject.labels' must map label keys to values", null);
            }
            for (var e : ((Map<String, Node>) lm).entrySet()) {
                if (!(e.getValue().value instanceof String v)) {
                    throw error(file, e.getValue().line, what + "label '" + e.getKey() + "' needs a string value", null);
                }
                labels.put(e.getKey(), v);
            }
        }
        String port = text(m, "port", n, file, what, false);
        if (port != null && !port.equals("*") && !port.matches("[0-9]{1,5}")) {
            throw error(file, m.get("port").line, what + "'subject.port' must be a port number", null);
        }
        return new Selector(text(m, "kind", n, file, what, false), text(m, "namespace", n, file, what, false),
                text(m, "name", n, file, what, false), Collections.unmodifiableMap(labels), port);
    }

    private static String text(Map<String, Node> m, String key, Node parent, String file, String what,
                               boolean required) {
        Node v = m.get(key);
        String prefix = what == null ? "waiver: " : what;
        if (v == null || v.value == null) {
            if (required) {
                throw error(file, parent.line, prefix + "'" + key + "' is required", null);
            }
            return null;
        }
        if (!(v.value instanceof String s)) {
            throw error(file, v.line, prefix + "'" + key + "' must be a single value", null);
        }
        if (required && s.isBlank()) {
            throw error(file, v.line, prefix + "'" + key + "' is empty", null);
        }
        return s.strip();
    }

    /** A date (YYYY-MM-DD) or an RFC 3339 instant; an expiry date means the end of that day (UTC). */
    private static Instant instant(String text, boolean endOfDay, String file, int line, String what) {
        try {
            LocalDate d = LocalDate.parse(text);
            return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw error(file, line, what + "'" + text + "' is not a date", "use YYYY-MM-DD or RFC 3339");
            }
        }
    }

    private static String fileName(String file) {
        Path p = Path.of(file).getFileName();
        return p == null ? file : p.toString();
    }

    private static UsageException error(String file, int line, String message, String hint) {
        return new UsageException("waivers " + file + (line > 0 ? ":" + line : "") + ": " + message,
                hint == null ? "see the waivers section of the README" : hint);
    }

    private static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new EngineException("SHA-256 unavailable", e);
        }
    }
}
