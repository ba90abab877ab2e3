package org.meshaudit.collect.cluster;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks the API server (SelfSubjectAccessReview, allowed to every authenticated identity) whether each planned read
 * is permitted, before anything is listed.
 */
public final class Preflight {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * The answer for one planned read. UNKNOWN: the access review could not be asked or answered (the read is still
     * tried); FAILED: discovery failed, so the resource cannot be located and will not be read.
     */
    public enum Verdict { ALLOWED, DENIED, UNKNOWN, FAILED, ABSENT, SKIPPED }

    /**
     * One planned read.
     *
     * @param resource {@code group/resource} ({@code core/pods})
     * @param kind     the kind
     * @param verb     list or get
     * @param scope    {@code all namespaces}, {@code namespace x}, or {@code x/name} for named reads
     * @param verdict  the answer
     * @param reason   the API server's reason, discovery result, or why it was not asked
     */
    public record Check(String resource, String kind, String verb, String scope, Verdict verdict, String reason) {
        /** True when this read will not happen (denied, or not locatable), i.e. something will not be audited. */
        public boolean blocks() {
            return verdict == Verdict.DENIED || verdict == Verdict.FAILED;
        }
    }

    private Preflight() {
    }

    static Check ask(KubeApi api, String group, String resource, String kind, String verb, String namespace,
                     String name) {
        ObjectNode attrs = JSON.createObjectNode();
        attrs.put("verb", verb);
        attrs.put("group", group);
        attrs.put("resource", resource);
        if (namespace != null && !namespace.isEmpty()) {
            attrs.put("namespace", namespace);
        }
        if (name != null) {
            attrs.put("name", name);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("apiVersion", "authorization.k8s.io/v1");
        body.put("kind", "SelfSubjectAccessReview");
        body.putObject("spec").set("resourceAttributes", attrs);
        String scope = name != null ? namespace + "/" + name
                : namespace == null || namespace.isEmpty() ? "all namespaces" : "namespace " + namespace;
        String gr = (group.isEmpty() ? "core" : group) + "/" + resource;
        KubeApi.Response r = api.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", JSON.writeValueAsString(body));
        if (!r.ok()) {
            return new Check(gr, kind, verb, scope, Verdict.UNKNOWN, "access review failed: " + r.describe());
        }
        JsonNode status;
        try {
            JsonNode root = JSON.readTree(r.body());
            status = root == null ? JSON.missingNode() : root.path("status");
        } catch (JacksonException e) {
            // unknown, not denied: the list itself will tell whether the read is allowed
            return new Check(gr, kind, verb, scope, Verdict.UNKNOWN, "the access review answer (HTTP " + r.code()
                    + ") is not valid JSON");
        }
        if (!status.has("allowed")) {
            return new Check(gr, kind, verb, scope, Verdict.UNKNOWN, "the API server gave no access review status");
        }
        if (!status.path("allowed").isBoolean()) {
            return new Check(gr, kind, verb, scope, Verdict.UNKNOWN, "the access review status says neither allowed "
                    + "nor denied");
        }
        String reason = status.path("reason").isString() ? status.path("reason").asString() : "";
        if (status.path("allowed").asBoolean()) {
            return new Check(gr, kind, verb, scope, Verdict.ALLOWED, reason);
        }
        return new Check(gr, kind, verb, scope, Verdict.DENIED, reason.isEmpty() ? "not allowed" : reason);
    }

    /** Lines for people: what will not be audited. Empty when every planned read is allowed, absent or unknown. */
    public static List<String> notAudited(List<Check> checks) {
        List<String> out = new ArrayList<>();
        for (Check c : checks) {
            if (c.blocks()) {
                out.add(c.kind() + " (" + c.resource() + ", " + c.verb() + ", " + c.scope() + "): " + c.reason());
            }
        }
        return out;
    }
}
