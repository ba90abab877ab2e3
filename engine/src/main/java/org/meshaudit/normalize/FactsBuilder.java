package org.meshaudit.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.FactSet;
import org.meshaudit.facts.NamespaceFact;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.model.KubeObject;
import org.meshaudit.normalize.authz.AuthorizationFacts;
import org.meshaudit.normalize.client.DestinationRuleFacts;
import org.meshaudit.normalize.client.ServiceEntryFacts;
import org.meshaudit.normalize.mesh.MeshOptions;
import org.meshaudit.normalize.mesh.MeshPosture;
import org.meshaudit.normalize.mesh.MeshPostureResolver;
import org.meshaudit.normalize.mesh.NamespaceMesh;
import org.meshaudit.normalize.net.NetworkFacts;

/** The normalize stage: from a snapshot to the immutable facts the rules judge. */
public final class FactsBuilder {
    private FactsBuilder() {
    }

    public static FactSet build(Snapshot snapshot, MeshOptions options) {
        MeshPosture posture = MeshPostureResolver.resolve(snapshot, options);
        Set<String> system = posture.systemNamespaces();
        List<Subject> subjects = new ArrayList<>();
        for (NamespaceMesh nm : posture.namespaces()) {
            subjects.add(namespace(nm, snapshot, system));
        }
        for (WorkloadPosture w : posture.workloads()) {
            subjects.add(w);
            subjects.addAll(w.getPorts());
        }
        String root = posture.meshInfo().get("istio.rootNamespace");
        subjects.addAll(DestinationRuleFacts.build(snapshot, posture.workloads(),
                posture.meshInfo().getOrDefault("istio.enableAutoMtls", "true"), system));
        subjects.addAll(ServiceEntryFacts.build(snapshot, system));
        subjects.addAll(AuthorizationFacts.build(snapshot, posture.workloads(), root, posture.istioRoots(), system));
        subjects.addAll(NetworkFacts.entryPoints(snapshot, system));
        return new FactSet(List.copyOf(subjects), posture, SelectorNotices.find(snapshot, root),
                CoverageGate.errors(snapshot, subjects));
    }

    static NamespaceFact namespace(NamespaceMesh nm, Snapshot snapshot, Set<String> system) {
        KubeObject ns = snapshot.named("", "Namespace", "", nm.namespace());
        SubjectRef ref = new SubjectRef("v1", "Namespace", "", nm.namespace(), ns == null ? "" : ns.uid(), null);
        NetworkFacts.DefaultDeny deny = NetworkFacts.defaultDeny(snapshot, nm.namespace());
        Set<String> traits = new TreeSet<>();
        if (system.contains(nm.namespace())) {
            traits.add("system");
        }
        if (nm.istio()) {
            traits.add("istio");
        }
        if (nm.linkerd()) {
            traits.add("linkerd");
        }
        traits.add(nm.istio() || nm.linkerd() ? "meshed" : "unmeshed");
        return new NamespaceFact(ref, ns == null ? java.util.Map.of() : ns.labels(), nm.istioMode(),
                nm.istioDecidedBy(), nm.linkerdPolicy(), nm.linkerdPolicySource(), nm.linkerdMtlsServers(),
                deny.ingress(), deny.egress(), deny.policies(), nm.error(), traits);
    }

    /** Whether a port is STRICT-compliant (GEN-1); used by summaries. */
    public static boolean enforced(PortPosture p) {
        return p.isStrictCompliant();
    }
}
