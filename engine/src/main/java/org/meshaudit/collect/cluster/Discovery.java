package org.meshaudit.collect.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which API groups, versions and resources the cluster serves ({@code /apis}, then {@code /apis/group/version} for
 * the groups we read). Built-in groups are not discovered: a 404 on their list says the same.
 */
final class Discovery {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A resource found at a served version, with the kind the server gives it. */
    record Found(String version, String kind) {
    }

    /** Outcome for one planned entry: found, absent (with why), or unknown (discovery failed; with why). */
    record Outcome(Found found, String absent, String failed) {
    }

    private final KubeApi api;
    private KubeApi.Response groupsResponse;
    private String groupsProblem;
    private final Map<String, List<String>> served = new LinkedHashMap<>();
    private final Map<String, String> preferred = new LinkedHashMap<>();
    private final Map<String, KubeApi.Response> versionLists = new LinkedHashMap<>();

    Discovery(KubeApi api) {
        this.api = api;
    }

    /** Reads {@code /apis} once; returns why it cannot be used, or null. */
    private String groupsFailure() {
        if (groupsResponse == null) {
            groupsResponse = api.get("/apis");
            if (groupsResponse.ok()) {
                groupsProblem = readGroups(groupsResponse.body());
            } else {
                groupsProblem = groupsResponse.describe();
            }
        }
        return groupsProblem;
    }

    /** Fills {@link #served} from an APIGroupList; returns why the body is not one, or null. */
    private String readGroups(byte[] body) {
        JsonNode root = parse(body);
        if (root == null || !root.isObject()) {
            return "HTTP " + groupsResponse.code() + " with " + (root == null ? "a body that is not valid JSON"
                    : "a body that is not a JSON object");
        }
        JsonNode groups = root.path("groups");
        if (!groups.isMissingNode() && !groups.isArray()) {
            return "HTTP " + groupsResponse.code() + " with groups that are not a list";
        }
        for (JsonNode g : groups) {
            if (!g.path("name").isString()) {
                // a group we cannot name might be the one we need: saying "not served" would be a guess
                served.clear();
                preferred.clear();
                return "HTTP " + groupsResponse.code() + " with a group that has no name";
            }
            String name = g.path("name").asString();
            List<String> versions = new ArrayList<>();
            for (JsonNode v : g.path("versions")) {
                versions.add(v.path("version").asString(""));
            }
            served.put(name, versions);
            String pref = g.path("preferredVersion").path("version").asString("");
            if (!pref.isEmpty()) {
                preferred.put(name, pref);
            }
        }
        return null;
    }

    /** The JSON tree of a body, or null when it is not valid JSON (a truncated body included). */
    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    Outcome resolve(ResourcePlan.Entry e) {
        String problem = groupsFailure();
        if (problem != null) {
            return new Outcome(null, null, "API discovery (/apis) failed: " + problem);
        }
        if (served.isEmpty()) {
            return probe(e); // no APIGroupList (some proxies and test servers): ask each planned version directly
        }
        List<String> versions = served.get(e.group());
        if (versions == null) {
            return new Outcome(null, "API group " + e.group() + " is not served (CRD not installed)", null);
        }
        List<String> order = new ArrayList<>(e.versions());
        String pref = preferred.get(e.group());
        if (pref != null && !order.contains(pref)) {
            order.add(pref);
        }
        for (String v : versions) {
            if (!order.contains(v)) {
                order.add(v); // unknown versions are read generically
            }
        }
        order.retainAll(versions);
        return lookup(e, order);
    }

    private Outcome probe(ResourcePlan.Entry e) {
        return lookup(e, e.versions());
    }

    /** Asks each group version in order for the resource; a 404 version is simply not served. */
    private Outcome lookup(ResourcePlan.Entry e, List<String> versions) {
        String failure = null;
        for (String v : versions) {
            KubeApi.Response r = versionLists.computeIfAbsent(v + "|" + e.group(),
                    k -> api.get("/apis/" + e.group() + "/" + v));
            if (r.code() == 404) {
                continue;
            }
            if (!r.ok()) {
                failure = "discovery of " + e.group() + "/" + v + " failed: " + r.describe();
                continue;
            }
            JsonNode doc = parse(r.body());
            JsonNode resources = doc == null ? null : doc.path("resources");
            if (doc == null || !doc.isObject() || !(resources.isArray() || resources.isMissingNode())) {
                // the version is served but what it serves is unknown: not "CRD not installed"
                failure = "discovery of " + e.group() + "/" + v + " failed: HTTP " + r.code() + " with a body that is "
                        + (doc == null ? "not valid JSON" : "not an APIResourceList");
                continue;
            }
            for (JsonNode res : resources) {
                if (e.resource().equals(res.path("name").asString(""))) {
                    JsonNode kind = res.path("kind");
                    if (kind.isMissingNode() || kind.isString() && kind.asString().isEmpty()) {
                        return new Outcome(new Found(v, e.kind()), null, null);
                    }
                    if (!kind.isString()) {
                        failure = "discovery of " + e.group() + "/" + v + " failed: " + e.resource()
                                + " has a kind that is not a string";
                        break;
                    }
                    return new Outcome(new Found(v, kind.asString()), null, null);
                }
            }
        }
        if (failure != null) {
            return new Outcome(null, null, failure);
        }
        return new Outcome(null, "resource " + e.groupResource() + " is not served (CRD not installed)", null);
    }
}
