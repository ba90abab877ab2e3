package org.meshaudit.reports.policyreport;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes policy reports into a cluster ({@code scan --apply-reports}) with create-or-replace, all or nothing:
 * <ol>
 *   <li>read every target object first (a denied read stops before anything is written);</li>
 *   <li>create the missing ones and replace the existing ones (with their resourceVersion), keeping an undo log;</li>
 *   <li>on the first failure, undo what this run wrote (delete what it created, put back what it replaced) and throw
 *       {@link PublishException}: the cluster keeps the previous run's reports, never a mix;</li>
 *   <li>after success, delete this tool's reports (label {@code app.kubernetes.io/managed-by=meshaudit}) that the
 *       run no longer produces (fewer chunks, a namespace without results any more).</li>
 * </ol>
 */
public final class ReportPublisher {

    /** What a successful publish did. */
    public record Outcome(int created, int replaced, int deleted, List<String> warnings) {
    }

    /** A publish that failed and was rolled back. */
    public static final class PublishException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int httpCode;
        private final boolean rolledBack;

        PublishException(String message, int httpCode, boolean rolledBack, Throwable cause) {
            super(message, cause);
            this.httpCode = httpCode;
            this.rolledBack = rolledBack;
        }

        /** HTTP status of the failed request (403 forbidden, 404 CRD not installed, ...), or 0. */
        public int httpCode() {
            return httpCode;
        }

        /** True when everything this run had written was undone. */
        public boolean rolledBack() {
            return rolledBack;
        }
    }

    private record Undo(ObjectNode doc, GenericKubernetesResource previous) {
    }

    private final KubernetesClient client;
    private final PolicyReports.Api api;

    public ReportPublisher(KubernetesClient client, PolicyReports.Api api) {
        this.client = client;
        this.api = api;
    }

    public ResourceDefinitionContext context(boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(api.group).withVersion(api.version)
                .withKind(namespaced ? api.kind : api.clusterKind).withPlural(namespaced ? api.plural : api.clusterPlural)
                .withNamespaced(namespaced).build();
    }

    public Outcome publish(List<ObjectNode> docs) {
        List<GenericKubernetesResource> existing = new ArrayList<>();
        for (ObjectNode d : docs) {
            try {
                existing.add(op(d).withName(name(d)).get());
            } catch (KubernetesClientException e) {
                throw failure("read", d, e, true);
            }
        }
        Deque<Undo> undo = new ArrayDeque<>();
        int created = 0;
        int replaced = 0;
        for (int i = 0; i < docs.size(); i++) {
            ObjectNode d = docs.get(i);
            GenericKubernetesResource prev = existing.get(i);
            try {
                GenericKubernetesResource res = toResource(d);
                if (prev == null) {
                    op(d).resource(res).create();
                    created++;
                } else {
                    res.getMetadata().setResourceVersion(prev.getMetadata().getResourceVersion());
                    op(d).resource(res).update();
                    replaced++;
                }
                undo.push(new Undo(d, prev));
            } catch (KubernetesClientException e) {
                boolean clean = rollback(undo);
                throw failure(prev == null ? "create" : "replace", d, e, clean);
            }
        }
        List<String> warnings = new ArrayList<>();
        int deleted = deleteStale(docs, warnings);
        return new Outcome(created, replaced, deleted, warnings);
    }

    private int deleteStale(List<ObjectNode> docs, List<String> warnings) {
        Set<String> keep = new HashSet<>();
        for (ObjectNode d : docs) {
            keep.add(d.get("kind").asString() + "/" + namespace(d) + "/" + name(d));
        }
        int deleted = 0;
        for (boolean namespaced : new boolean[]{false, true}) {
            try {
                var list = namespaced
                        ? client.genericKubernetesResources(context(true)).inAnyNamespace()
                                .withLabel(PolicyReports.MANAGED_BY, PolicyReports.SOURCE).list()
                        : client.genericKubernetesResources(context(false))
                                .withLabel(PolicyReports.MANAGED_BY, PolicyReports.SOURCE).list();
                for (GenericKubernetesResource r : list.getItems()) {
                    String ns = r.getMetadata().getNamespace() == null ? "" : r.getMetadata().getNamespace();
                    String kind = namespaced ? api.kind : api.clusterKind;
                    if (!keep.contains(kind + "/" + ns + "/" + r.getMetadata().getName())) {
                        var ops = client.genericKubernetesResources(context(namespaced));
                        (namespaced ? ops.inNamespace(ns) : ops).withName(r.getMetadata().getName()).delete();
                        deleted++;
                    }
                }
            } catch (KubernetesClientException e) {
                warnings.add("could not remove outdated " + (namespaced ? api.kind : api.clusterKind) + "s: "
                        + e.getCode() + " " + oneLine(e.getMessage()));
            }
        }
        return deleted;
    }

    private boolean rollback(Deque<Undo> undo) {
        boolean clean = true;
        while (!undo.isEmpty()) {
            Undo u = undo.pop();
            try {
                if (u.previous() == null) {
                    op(u.doc()).withName(name(u.doc())).delete();
                } else {
                    GenericKubernetesResource current = op(u.doc()).withName(name(u.doc())).get();
                    GenericKubernetesResource back = u.previous();
                    back.getMetadata().setResourceVersion(current == null ? null : current.getMetadata().getResourceVersion());
                    if (current == null) {
                        back.getMetadata().setResourceVersion(null);
                        op(u.doc()).resource(back).create();
                    } else {
                        op(u.doc()).resource(back).update();
                    }
                }
            } catch (KubernetesClientException e) {
                clean = false;
            }
        }
        return clean;
    }

    private PublishException failure(String verb, ObjectNode d, KubernetesClientException e, boolean clean) {
        String what = d.get("kind").asString() + " " + (namespace(d).isEmpty() ? "" : namespace(d) + "/") + name(d);
        String reason = switch (e.getCode()) {
            case 401, 403 -> "forbidden: the identity may not " + verb + " " + api.group + " reports (apply the policy-reports RBAC overlay)";
            case 404 -> "not found: is the " + api.apiVersion() + " CRD installed?";
            case 413 -> "object too large";
            default -> oneLine(e.getMessage());
        };
        return new PublishException("cannot " + verb + " " + api.apiVersion() + " " + what + " (HTTP " + e.getCode() + "): "
                + reason + (clean ? "; nothing was changed in the cluster" : "; rollback incomplete, check the reports labelled "
                + PolicyReports.MANAGED_BY + "=" + PolicyReports.SOURCE), e.getCode(), clean, e);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> op(ObjectNode d) {
        String ns = namespace(d);
        var ops = client.genericKubernetesResources(context(!ns.isEmpty()));
        return ns.isEmpty() ? ops : ops.inNamespace(ns);
    }

    private GenericKubernetesResource toResource(ObjectNode d) {
        return client.getKubernetesSerialization().unmarshal(d.toString(), GenericKubernetesResource.class);
    }

    private static String name(ObjectNode d) {
        return d.at("/metadata/name").asString();
    }

    private static String namespace(ObjectNode d) {
        return d.at("/metadata/namespace").asString("");
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String l = s.strip().split("\\R", 2)[0];
        return l.length() > 300 ? l.substring(0, 300) + "…" : l;
    }
}
