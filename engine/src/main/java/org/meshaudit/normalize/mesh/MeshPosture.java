package org.meshaudit.normalize.mesh;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.model.CollectionIssue;

/**
 * The effective mesh posture of a snapshot.
 *
 * @param workloads        one entry per workload (Pods, and controllers whose pods are not in the input), sorted by
 *                         namespace, kind, name
 * @param namespaces       one entry per namespace seen (Namespace objects and namespaces of workloads), sorted
 * @param systemNamespaces kube-* namespaces, mesh control-plane namespaces and configured extras
 * @param meshInfo         facts about the meshes for the report metadata, e.g. {@code istio.rootNamespace},
 *                         {@code istio.version}, {@code linkerd.defaultInboundPolicy}, {@code linkerd.version}
 * @param issues           problems with mesh objects (e.g. PeerAuthentication with an unknown mode), to be recorded
 *                         as collection issues
 * @param trustDomains     the SPIFFE trust domains the meshes of the input issue identities in (CERT-005)
 * @param serviceClients   what Istio sidecar clients send to each Service port and how its endpoints receive it
 *                         (IST-CL-2..5), in input order; empty without Istio or when the root namespace is unknown
 * @param istioRoots       IST-MC-3: the root namespace of the control plane each Istio workload is attached to (its
 *                         revision's mesh config), by workload key; absent when unknown
 */
public record MeshPosture(List<WorkloadPosture> workloads, List<NamespaceMesh> namespaces,
                          Set<String> systemNamespaces, Map<String, String> meshInfo, List<CollectionIssue> issues,
                          TrustDomains trustDomains, List<ServiceClientTls> serviceClients,
                          Map<String, String> istioRoots) {

    public MeshPosture {
        serviceClients = List.copyOf(serviceClients);
        istioRoots = Map.copyOf(istioRoots);
    }

    /**
     * The posture as the report needs it: without the per-service client views and the per-workload root namespaces,
     * which only the facts are built from (their findings are already on the ports), and which on a large cluster
     * take tens of megabytes the report would otherwise hold until it is written.
     */
    public MeshPosture forReport() {
        return new MeshPosture(workloads, namespaces, systemNamespaces, meshInfo, issues, trustDomains, List.of(),
                Map.of());
    }
}
