package org.meshaudit.collect.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.meshaudit.collect.Collector;
import org.meshaudit.collect.DuplicateKeys;
import org.meshaudit.collect.SnapshotBuilder;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KindCoverage;
import org.meshaudit.model.KindCoverage.State;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.filter.FilteringParserDelegate;
import tools.jackson.core.filter.TokenFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a live cluster: discovery of the mesh, certificate and Gateway API groups, a SelfSubjectAccessReview per
 * planned read, then one paged list per resource (limit + continue, sequential, no informers or watches). Each page
 * is parsed with token-level redaction and fed object by object; nothing is kept but what the listener keeps.
 *
 * <p>Every planned resource ends with one {@link KindCoverage}: READ, ABSENT (group or CRD not served),
 * FORBIDDEN (403, or denied by the access review), FAILED (after retries, or broken mid-list; objects read before the
 * failure are kept but the kind is marked incomplete) or SKIPPED (Secrets without the opt-in). FORBIDDEN and FAILED
 * also become collection issues naming exactly what was not read.
 *
 * <p>An object with a duplicate key ({@link DuplicateKeys}; the API server does not write them, a proxy or a forged
 * response may) is not read: an issue names it, the other objects are kept, and its kind is FAILED. What the
 * redaction filter drops is never built into a tree and no rule reads it: a key repeated there is not looked for.
 */
public final class ClusterCollector implements Collector {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Set<String> DROP_STATUS = Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet",
            "ReplicaSet", "Job", "CronJob", "Namespace", "Service", "ServiceAccount");

    private final ClusterOptions options;
    private final DuplicateKeys dups = new DuplicateKeys();
    /** Reads the objects of responses, recording their duplicate keys. */
    private final ObjectMapper json = dups.install(JsonMapper.builder())
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private final Progress progress;
    private final List<Preflight.Check> checks = new ArrayList<>();
    private final Set<String> istioRevisions = new TreeSet<>();
    private long objects;
    private int requests;
    private int retries;

    public ClusterCollector(ClusterOptions options) {
        this(options, Progress.NONE);
    }

    public ClusterCollector(ClusterOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    @Override
    public void collect(SnapshotBuilder into) {
        BuilderFeed feed = new BuilderFeed(into);
        run(feed);
    }

    /** The access review answers of the last run (one per planned read). */
    public List<Preflight.Check> checks() {
        return List.copyOf(checks);
    }

    public long objectsRead() {
        return objects;
    }

    public int requests() {
        return requests;
    }

    public int retries() {
        return retries;
    }

    /** Only the preflight: discovery and access reviews, no lists. */
    public List<Preflight.Check> preflight() {
        try (KubeApi api = new KubeApi(options)) {
            plan(api, new Discovery(api));
            requests = api.requests();
            return checks();
        }
    }

    /** A planned read after discovery and access review. */
    private record Planned(ResourcePlan.Entry entry, String version, String kind, State state, String detail) {
    }

    private List<Planned> plan(KubeApi api, Discovery discovery) {
        checks.clear();
        List<Planned> out = new ArrayList<>();
        List<ResourcePlan.Entry> entries = new ArrayList<>(ResourcePlan.entries());
        entries.add(ResourcePlan.CONFIGMAPS);
        entries.add(ResourcePlan.SECRETS);
        for (ResourcePlan.Entry e : entries) {
            String gr = (e.group().isEmpty() ? "core" : e.group()) + "/" + e.resource();
            if (e == ResourcePlan.SECRETS && !options.readTlsSecrets()) {
                checks.add(new Preflight.Check(gr, e.kind(), "list", "-", Preflight.Verdict.SKIPPED,
                        "not requested (--read-tls-secrets not given)"));
                out.add(new Planned(e, "v1", e.kind(), State.SKIPPED, "not requested (--read-tls-secrets not given)"));
                continue;
            }
            String version = e.versions().get(0);
            String kind = e.kind();
            if (!e.builtin()) {
                Discovery.Outcome o = discovery.resolve(e);
                if (o.absent() != null) {
                    checks.add(new Preflight.Check(gr, kind, "list", "-", Preflight.Verdict.ABSENT, o.absent()));
                    out.add(new Planned(e, "", kind, State.ABSENT, o.absent()));
                    continue;
                }
                if (o.failed() != null) {
                    checks.add(new Preflight.Check(gr, kind, "list", "-", Preflight.Verdict.FAILED, o.failed()));
                    out.add(new Planned(e, "", kind, State.FAILED, o.failed()));
                    continue;
                }
                version = o.found().version();
                kind = o.found().kind();
            }
            String denied = null;
            for (Preflight.Check c : access(api, e)) {
                checks.add(c);
                if (c.blocks() && denied == null) {
                    denied = "denied by SelfSubjectAccessReview (" + c.verb() + ", " + c.scope() + ")"
                            + (c.reason().isEmpty() ? "" : ": " + c.reason());
                }
            }
            out.add(new Planned(e, version, kind, denied == null ? State.READ : State.FORBIDDEN, denied));
        }
        return out;
    }

    private List<Preflight.Check> access(KubeApi api, ResourcePlan.Entry e) {
        List<Preflight.Check> out = new ArrayList<>();
        if (e == ResourcePlan.CONFIGMAPS) {
            for (String ns : options.meshNamespaces()) {
                for (String name : ResourcePlan.MESH_CONFIGMAPS) {
                    out.add(Preflight.ask(api, "", e.resource(), e.kind(), "get", ns, name));
                }
            }
            return out;
        }
        for (String ns : listScopes(e)) {
            out.add(Preflight.ask(api, e.group(), e.resource(), e.kind(), "list", ns, null));
        }
        return out;
    }

    /** Namespaces a namespaced resource is listed in; {@code ""} = all namespaces in one list. */
    private List<String> listScopes(ResourcePlan.Entry e) {
        if (!e.namespaced() || options.namespaces().isEmpty()) {
            return List.of("");
        }
        Set<String> ns = new TreeSet<>(options.namespaces());
        if (!e.group().isEmpty() && !e.group().equals("apps") && !e.group().equals("batch")) {
            ns.addAll(options.meshNamespaces()); // mesh-wide policies live in the mesh's root namespace
        }
        return List.copyOf(ns);
    }

    /** Runs the collection, emitting to the listener (then {@link CollectionListener#finish()}). */
    public void run(CollectionListener listener) {
        objects = 0;
        try (KubeApi api = new KubeApi(options)) {
            listener.source(describeSource(api));
            List<Planned> planned = plan(api, new Discovery(api));
            for (String line : Preflight.notAudited(checks)) {
                progress.warn("will not be audited: " + line);
            }
            int i = 0;
            for (Planned p : planned) {
                i++;
                progress.kind(label(p), i, planned.size());
                KindCoverage c;
                if (p.state() != State.READ) {
                    c = new KindCoverage(p.entry().group(), p.version(), p.entry().resource(), p.kind(), p.state(), 0,
                            p.detail());
                } else if (p.entry() == ResourcePlan.CONFIGMAPS) {
                    c = named(api, p, configMapNames(), false, listener);
                } else if (p.entry() == ResourcePlan.SECRETS) {
                    c = secrets(api, p, listener);
                } else if (p.entry().kind().equals("Namespace") && !options.namespaces().isEmpty()) {
                    List<String> names = new ArrayList<>();
                    for (String ns : options.namespaces()) {
                        names.add("/" + ns);
                    }
                    c = named(api, p, names, true, listener);
                } else {
                    c = list(api, p, listScopes(p.entry()), null, listener);
                }
                listener.coverage(c);
                if (c.state().unknown()) {
                    listener.issue(new CollectionIssue(
                            "cluster:" + (c.group().isEmpty() ? "core" : c.group()) + "/" + c.resource(),
                            c.state() == State.FORBIDDEN ? "forbidden" : "unreadable",
                            c.kind() + " not read (" + c.state().label() + "): " + c.detail()));
                }
            }
            requests = api.requests();
            retries = api.retries();
        } finally {
            progress.done();
        }
        listener.finish();
    }

    private String describeSource(KubeApi api) {
        StringBuilder sb = new StringBuilder("cluster: ").append(api.context()).append(" (").append(api.master())
                .append(')');
        if (!options.namespaces().isEmpty()) {
            sb.append(", namespaces ").append(String.join(",", options.namespaces()));
        }
        if (!options.excludeNamespaces().isEmpty()) {
            sb.append(", excluding ").append(String.join(",", options.excludeNamespaces()));
        }
        sb.append(options.readTlsSecrets() ? ", TLS secrets read" : ", no secrets read");
        api.caveats().forEach(c -> sb.append(", ").append(c));
        return sb.toString();
    }

    private static String label(Planned p) {
        return (p.entry().group().isEmpty() ? "" : p.entry().group() + "/") + p.kind();
    }

    private List<String> configMapNames() {
        List<String> names = new ArrayList<>();
        for (String ns : options.meshNamespaces()) {
            for (String n : ResourcePlan.MESH_CONFIGMAPS) {
                names.add(ns + "/" + n);
            }
            for (String rev : istioRevisions) {
                names.add(ns + "/istio-" + rev);
                names.add(ns + "/istio-sidecar-injector-" + rev);
            }
        }
        return names;
    }

    private KindCoverage secrets(KubeApi api, Planned p, CollectionListener listener) {
        KindCoverage listed = list(api, p, listScopes(p.entry()), "type=kubernetes.io/tls", listener);
        if (listed.state() != State.READ) {
            return listed;
        }
        KindCoverage named = named(api, p, options.meshCaSecrets(), false, listener);
        if (named.state() != State.READ) {
            return named;
        }
        return new KindCoverage(listed.group(), listed.version(), listed.resource(), listed.kind(), State.READ,
                listed.objects() + named.objects(), listed.detail() + "; " + named.detail());
    }

    /** GETs objects by {@code namespace/name} (a 404 is simply not there). */
    private KindCoverage named(KubeApi api, Planned p, List<String> names, boolean clusterScoped,
                               CollectionListener listener) {
        ResourcePlan.Entry e = p.entry();
        boolean secret = e == ResourcePlan.SECRETS;
        int found = 0;
        List<String> missing = new ArrayList<>();
        for (String qualified : names) {
            int slash = qualified.indexOf('/');
            String ns = qualified.substring(0, slash);
            String name = qualified.substring(slash + 1);
            String path = clusterScoped ? ResourcePlan.path(e.group(), p.version(), e.resource(), null) + "/" + name
                    : ResourcePlan.path(e.group(), p.version(), e.resource(), ns) + "/" + name;
            KubeApi.Response r = api.get(path);
            if (r.code() == 404) {
                missing.add(qualified);
                continue;
            }
            if (r.code() == 401 || r.code() == 403) {
                return coverage(p, State.FORBIDDEN, found, "GET " + path + ": " + r.describe() + status(r));
            }
            if (!r.ok()) {
                return coverage(p, State.FAILED, found, "GET " + path + ": " + r.describe() + status(r));
            }
            JsonNode node;
            int mark = dups.mark();
            try (JsonParser parser = filtered(r.body(), Redaction.item(secret, DROP_STATUS.contains(p.kind())))) {
                node = json.readTree(parser);
            } catch (JacksonException ex) {
                dups.clear();
                return coverage(p, State.FAILED, found, "GET " + path + ": " + notJson(ex));
            }
            List<DuplicateKeys.Duplicate> repeated = dups.since(mark);
            if (!repeated.isEmpty() && node != null && inScope(node, p)) {
                return coverage(p, State.FAILED, found, "GET " + path + ": " + DuplicateKeys.message(repeated, ""));
            }
            // a 200 that is not the object asked for is not "not there": the lookup is unknown
            String bad = node == null || !node.isObject() ? "the body is " + shown(r.body()) + ", not an object"
                    : defect(node, p);
            if (bad == null) {
                String gotName = node.get("metadata").get("name").asString();
                String gotNs = clusterScoped ? "" : node.get("metadata").get("namespace").asString();
                if (!gotName.equals(name) || !gotNs.equals(clusterScoped ? "" : ns)) {
                    bad = "the answer is another object (" + gotNs + "/" + gotName + ")";
                }
            }
            if (bad != null) {
                return coverage(p, State.FAILED, found, "GET " + path + ": " + bad);
            }
            emit((ObjectNode) node, p, path, listener);
            found++;
        }
        String detail = "by name: " + names.size() + " looked up, " + found + " found";
        return coverage(p, State.READ, found, detail);
    }

    /** Lists a resource with pages; restarts on an expired continue token (410). */
    private KindCoverage list(KubeApi api, Planned p, List<String> scopes, String fieldSelector,
                              CollectionListener listener) {
        ResourcePlan.Entry e = p.entry();
        boolean secret = e == ResourcePlan.SECRETS;
        TokenFilter filter = Redaction.page(secret, DROP_STATUS.contains(p.kind()));
        Set<String> seen = new HashSet<>();
        List<String> defects = new ArrayList<>();
        int restarts = 0;
        int pages = 0;
        for (String ns : scopes) {
            String base = ResourcePlan.path(e.group(), p.version(), e.resource(), ns);
            String token = null;
            while (true) {
                StringBuilder q = new StringBuilder(base).append("?limit=").append(options.pageSize());
                if (token != null) {
                    q.append("&continue=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
                }
                if (fieldSelector != null) {
                    q.append("&fieldSelector=").append(URLEncoder.encode(fieldSelector, StandardCharsets.UTF_8));
                }
                String path = q.toString();
                KubeApi.Response r = api.get(path);
                if (r.code() == 410 && token != null && restarts < 3) {
                    restarts++;
                    token = null; // continue token expired: list again from the start; objects already read are skipped
                    continue;
                }
                String where = pages == 0 ? "" : " (page " + (pages + 1) + ", after " + seen.size() + " objects)";
                if (r.code() == 401 || r.code() == 403) {
                    return coverage(p, State.FORBIDDEN, seen.size(), "list " + base + where + ": " + r.describe()
                            + status(r));
                }
                if (r.code() == 404 && pages == 0 && e.builtin()) {
                    return coverage(p, State.ABSENT, 0, "resource " + e.groupResource() + " is not served");
                }
                if (!r.ok()) {
                    return coverage(p, State.FAILED, seen.size(), "list " + base + where + ": " + r.describe()
                            + status(r) + (seen.isEmpty() ? "" : "; the objects read before are kept, the kind is incomplete"));
                }
                try {
                    token = page(r.body(), filter, p, "list " + base + ", page " + (pages + 1), seen, defects,
                            listener);
                } catch (JacksonException ex) {
                    dups.clear();
                    return coverage(p, State.FAILED, seen.size(), "list " + base + where + ": " + notJson(ex)
                            + (seen.isEmpty() ? "" : "; the objects read before are kept, the kind is incomplete"));
                } catch (NotAList ex) {
                    dups.clear();
                    return coverage(p, State.FAILED, seen.size(), "list " + base + where
                            + ": response is not a valid list (" + ex.getMessage() + ")" + (seen.isEmpty() ? ""
                            : "; the objects read before are kept, the kind is incomplete"));
                }
                pages++;
                if (token == null) {
                    break;
                }
            }
        }
        StringBuilder detail = new StringBuilder(scopes.size() == 1 && scopes.get(0).isEmpty() ? "all namespaces"
                : "namespaces " + String.join(",", scopes));
        if (!e.namespaced()) {
            detail = new StringBuilder("cluster-scoped");
        }
        if (fieldSelector != null) {
            detail.append(", ").append(fieldSelector);
        }
        detail.append(", ").append(pages).append(pages == 1 ? " page" : " pages");
        if (restarts > 0) {
            detail.append(", restarted ").append(restarts).append("x after an expired continue token (410)");
        }
        if (!defects.isEmpty()) {
            // the rest was read, but what these items were is unknown: an absent object could turn a FAIL into a PASS
            return coverage(p, State.FAILED, seen.size(), defects.get(0)
                    + (defects.size() == 1 ? "" : " (and " + (defects.size() - 1) + " more unusable items)")
                    + "; the other objects are kept, the kind is incomplete");
        }
        return coverage(p, State.READ, seen.size(), detail.toString());
    }

    private static KindCoverage coverage(Planned p, State state, int count, String detail) {
        return new KindCoverage(p.entry().group(), p.version(), p.entry().resource(), p.kind(), state,
                state == State.READ ? count : 0, detail);
    }

    private JsonParser filtered(byte[] body, TokenFilter filter) {
        return new FilteringParserDelegate(json.createParser(body), filter, TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH,
                true);
    }

    /**
     * Parses one page, emitting items one by one; returns the continue token or null. A body that is not a list of
     * this resource throws {@link NotAList}; an item that cannot be used is skipped and described in {@code defects}
     * (the items after it are still read).
     */
    private String page(byte[] body, TokenFilter filter, Planned p, String where, Set<String> seen,
                        List<String> defects, CollectionListener listener) {
        String token = null;
        boolean items = false;
        boolean kind = false;
        try (JsonParser parser = filtered(body, filter)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new NotAList("the body is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken t = parser.nextToken();
                if (field.equals("kind")) {
                    // "List" is what kubectl and some proxies send; anything else is a list of another resource
                    String expected = p.kind() + "List";
                    if (t != JsonToken.VALUE_STRING || !(parser.getString().equals(expected)
                            || parser.getString().equals("List"))) {
                        throw new NotAList("its kind is " + shown(JSON.readTree(parser)) + ", not " + expected);
                    }
                    kind = true;
                } else if (field.equals("metadata")) {
                    if (t != JsonToken.START_OBJECT) {
                        throw new NotAList("its metadata is " + shown(JSON.readTree(parser)) + ", not an object");
                    }
                    int mark = dups.mark();
                    JsonNode c = json.readTree(parser).get("continue");
                    if (!dups.since(mark).isEmpty()) {
                        throw new NotAList("its metadata repeats a key: which continue token is the rest of the list?");
                    }
                    if (c != null && !c.isNull() && !c.isString()) {
                        // a token we cannot follow would end the list early and look complete
                        throw new NotAList("metadata.continue is " + shown(c) + ", not a string");
                    }
                    token = c == null || c.isNull() || c.asString().isEmpty() ? null : c.asString();
                } else if (field.equals("items")) {
                    items = true;
                    if (t == JsonToken.START_ARRAY) {
                        items(parser, p, where + ", items[", seen, defects, listener);
                    } else if (t != JsonToken.VALUE_NULL) { // null: an empty list as Go encodes a nil slice
                        throw new NotAList("its items are " + shown(JSON.readTree(parser)) + ", not an array");
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (!items && !kind) {
            // fabric8's mock leaves out the items of an empty list; a body that says neither is no list at all
            throw new NotAList("it has neither kind nor items");
        }
        return token;
    }

    /** The elements of {@code items}, up to the closing bracket. */
    private void items(JsonParser parser, Planned p, String at, Set<String> seen, List<String> defects,
                       CollectionListener listener) {
        int i = 0;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken(), i++) {
            if (t == null) {
                throw new NotAList("the body ends inside its items");
            }
            int mark = dups.mark();
            JsonNode item = json.readTree(parser); // the whole element, whatever it is: the next one starts after it
            List<DuplicateKeys.Duplicate> repeated = dups.since(mark);
            String bad = !item.isObject() ? shown(item) + ", not an object" : defect(item, p);
            if (bad == null && !repeated.isEmpty()) {
                if (!inScope(item, p)) {
                    continue; // not audited: whatever it says does not matter
                }
                bad = DuplicateKeys.message(repeated, "/items/" + i);
                listener.issue(new CollectionIssue("api:" + ResourcePlan.path(p.entry().group(), p.version(),
                        p.entry().resource(), text(item.get("metadata").get("namespace"))) + "/"
                        + item.get("metadata").get("name").asString(), "parse-error", p.kind() + ": " + bad));
            }
            if (bad != null) {
                defects.add(at + i + "]: " + bad);
                continue;
            }
            JsonNode meta = item.get("metadata");
            String namespace = text(meta.get("namespace"));
            String name = meta.get("name").asString();
            if (seen.add(namespace + "/" + name)) {
                String path = ResourcePlan.path(p.entry().group(), p.version(), p.entry().resource(), namespace) + "/"
                        + name;
                emit((ObjectNode) item, p, path, listener);
            }
        }
    }

    /**
     * Why an object the API server returned cannot stand for one of {@code p}'s objects, or null. The projection would
     * coerce a number to a name and put an object without a namespace into {@code default}: for an API response either
     * means the answer is not what was asked for.
     */
    private static String defect(JsonNode o, Planned p) {
        JsonNode kind = o.get("kind");
        if (kind != null && !(kind.isString() && kind.asString().equals(p.kind()))) {
            return "kind is " + shown(kind) + ", not " + p.kind();
        }
        String gv = p.entry().group().isEmpty() ? p.version() : p.entry().group() + "/" + p.version();
        JsonNode av = o.get("apiVersion");
        if (av != null && !(av.isString() && av.asString().equals(gv))) {
            return "apiVersion is " + shown(av) + ", not " + gv;
        }
        JsonNode meta = o.get("metadata");
        if (meta == null || !meta.isObject()) {
            return "metadata is " + (meta == null ? "missing" : shown(meta) + ", not an object");
        }
        JsonNode name = meta.get("name");
        if (name == null || !name.isString() || name.asString().isEmpty()) {
            return "metadata.name is " + (name == null ? "missing" : shown(name) + ", not a name");
        }
        JsonNode ns = meta.get("namespace");
        if (ns != null && !ns.isString()) {
            return "metadata.namespace is " + shown(ns) + ", not a string";
        }
        if (p.entry().namespaced() && (ns == null || ns.asString().isEmpty())) {
            return "metadata.namespace is missing (" + p.kind() + " is namespaced)";
        }
        for (String map : List.of("labels", "annotations")) {
            JsonNode m = meta.get(map);
            if (m == null || m.isNull()) {
                continue;
            }
            if (!m.isObject()) {
                return "metadata." + map + " is " + shown(m) + ", not a mapping";
            }
            for (var en : m.properties()) {
                if (!en.getValue().isString()) {
                    return "metadata." + map + "[" + oneLine(en.getKey()) + "] is " + shown(en.getValue())
                            + ", not a string";
                }
            }
        }
        return null;
    }

    /** A value as an issue shows it: strings quoted and cut to one short line, anything else by its type. */
    private static String shown(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        if (n.isString()) {
            return n.asString().isEmpty() ? "empty" : "\"" + oneLine(n.asString()) + "\"";
        }
        return n.isNull() ? "null" : n.isNumber() ? "a number" : n.isBoolean() ? "a boolean"
                : n.isArray() ? "an array" : n.isObject() ? "an object" : "not a JSON value";
    }

    /** A whole body as an issue shows it (the redacting parser may have left nothing of a body that is no object). */
    private static String shown(byte[] body) {
        try {
            return body.length == 0 ? "empty" : shown(JSON.readTree(body));
        } catch (JacksonException e) {
            return "not valid JSON";
        }
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("[\\p{Cntrl}]", " ");
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }

    private static String text(JsonNode n) {
        return n == null || !n.isString() ? "" : n.asString();
    }

    /** For a body the JSON parser gave up on; the parser's own message may quote the body, so it is not used. */
    private static String notJson(JacksonException ex) {
        return ex instanceof UnexpectedEndOfInputException ? "response is not valid JSON (truncated)"
                : "response is not valid JSON";
    }

    /** Whether the options keep an object of this namespace (a Namespace: of its own name). */
    private boolean inScope(JsonNode item, Planned p) {
        String namespace = item.path("metadata").path("namespace").asString("");
        if (p.entry().kind().equals("Namespace")) {
            namespace = item.path("metadata").path("name").asString("");
        }
        return options.meshNamespaces().contains(namespace) || options.includes(namespace);
    }

    private void emit(ObjectNode item, Planned p, String path, CollectionListener listener) {
        if (!inScope(item, p)) {
            return;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        String gv = p.entry().group().isEmpty() ? p.version() : p.entry().group() + "/" + p.version();
        node.put("apiVersion", item.path("apiVersion").asString(gv).isEmpty() ? gv : item.path("apiVersion").asString(gv));
        node.put("kind", item.path("kind").asString(p.kind()).isEmpty() ? p.kind() : item.path("kind").asString(p.kind()));
        item.properties().forEach(en -> {
            if (!en.getKey().equals("apiVersion") && !en.getKey().equals("kind")) {
                node.set(en.getKey(), en.getValue());
            }
        });
        String rev = node.path("metadata").path("labels").path("istio.io/rev").asString("");
        if (!rev.isEmpty() && !rev.equals("default")) {
            istioRevisions.add(rev);
        }
        listener.object(node, "api:" + path);
        objects++;
        progress.objects(objects);
    }

    /** The API server's Status message, if the body is one (one line, never the object data). */
    private static String status(KubeApi.Response r) {
        if (r.body() == null || r.body().length == 0 || r.body().length > 65536) {
            return "";
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            if ("Status".equals(n.path("kind").asString(""))) {
                String m = n.path("message").asString("");
                return m.isEmpty() ? "" : " (" + m.split("\\R", 2)[0] + ")";
            }
        } catch (JacksonException e) {
            return "";
        }
        return "";
    }

    /** A body that parses but is not a list of the resource asked for; the message says why, for people. */
    private static final class NotAList extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAList(String why) {
            super(why, null, false, false);
        }
    }

    /** For tests and figures: requests and retries of the last run. */
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objects", objects);
        m.put("requests", requests);
        m.put("retries", retries);
        return m;
    }
}
