package org.meshaudit.collect.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Map<String, List<String>> served = new LinkedHashMap<>();
    private final Map<String, String> preferred = new LinkedHashMap<>();
    private final Map<String, KubeApi.Response> versionLists = new LinkedHashMap<>();

    Discovery(KubeApi api) {
        this.api = api;
    }

    private boolean groupsRead() {
        if (groupsResponse == null) {
            groupsResponse = api.get("/apis");
            if (groupsResponse.ok()) {
                JsonNode root = JSON.readTree(groupsResponse.body());
                for (JsonNode g : root.path("groups")) {
                    String name = g.path("name").asString("");
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
            }
        }
        return groupsResponse.ok();
    }

    Outcome resolve(ResourcePlan.Entry e) {
        if (!groupsRead()) {
            return new Outcome(null, null, "API discovery (/apis) failed: " + groupsResponse.describe());
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
            for (JsonNode res : JSON.readTree(r.body()).path("resources")) {
                if (e.resource().equals(res.path("name").asString(""))) {
                    String kind = res.path("kind").asString(e.kind());
                    return new Outcome(new Found(v, kind.isEmpty() ? e.kind() : kind), null, null);
                }
            }
        }
        if (failure != null) {
            return new Outcome(null, null, failure);
        }
        return new Outcome(null, "resource " + e.groupResource() + " is not served (CRD not installed)", null);
    }
}
