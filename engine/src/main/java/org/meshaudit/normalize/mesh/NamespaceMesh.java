package org.meshaudit.normalize.mesh;

import java.util.List;
import org.meshaudit.facts.PortPosture;

/**
 * Namespace-level mesh state, used by MTLS-001.
 *
 * @param namespace          namespace name
 * @param istio              the namespace has Istio workloads (observed or predicted) or Istio injection/ambient intent
 * @param linkerd            the namespace has Linkerd workloads or Linkerd injection intent
 * @param istioMode          IST-PA-3 evaluated with mesh and namespace policies only (no workload policy): STRICT,
 *                           PERMISSIVE or DISABLE; null if not {@code istio}
 * @param istioDecidedAt     DEFAULT, MESH or NAMESPACE
 * @param istioDecidedBy     the policy that decided, as {@code PeerAuthentication/ns/name}
 * @param istioClientMode    IST-PA-8: the namespace mode client auto mTLS uses (IST-CL-3): STRICT, PERMISSIVE, DISABLE,
 *                           or UNKNOWN when neither the namespace nor the root namespace has a namespace-wide policy;
 *                           null if not {@code istio}
 * @param linkerdPolicy      default inbound policy for the namespace (annotation, else cluster default); null if not
 *                           {@code linkerd}
 * @param linkerdPolicySource e.g. {@code Namespace/shop annotation} or {@code ConfigMap/linkerd/linkerd-config}
 * @param linkerdMtlsServers Servers in the namespace whose authorizations require mesh TLS identities
 * @param error              why the namespace-level state could not be computed (e.g. mesh config missing), or null
 */
public record NamespaceMesh(String namespace, boolean istio, boolean linkerd, String istioMode,
                            PortPosture.Level istioDecidedAt, List<String> istioDecidedBy, String istioClientMode,
                            String linkerdPolicy,
                            String linkerdPolicySource, List<String> linkerdMtlsServers, String error) {
}
