package org.meshaudit.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.AuthorizationCoverage;
import org.meshaudit.facts.AuthorizationPolicyFact;
import org.meshaudit.facts.DestinationRuleTls;
import org.meshaudit.facts.IngressTls;
import org.meshaudit.facts.NamespaceFact;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.model.KindCoverage;

/**
 * Turns per-resource coverage into fact errors, so that nothing derived from unread data can PASS.
 *
 * <p>Each fact type depends on the kinds its normalizer reads (the table below mirrors the {@code ofKind} calls of
 * the normalize stage). A dependency is either unconditional or tied to a trait: Istio kinds matter only to subjects
 * with the {@code istio} trait, Linkerd kinds only to {@code linkerd} ones. When a kind a subject depends on is
 * {@link KindCoverage.State#FORBIDDEN FORBIDDEN} or {@link KindCoverage.State#FAILED FAILED}, the subject gets an
 * error naming the kind and why; the evaluator turns it into ERROR for every rule on that subject. An
 * {@link KindCoverage.State#ABSENT ABSENT} kind is simply empty (the cluster cannot hold such objects), and a
 * {@code SKIPPED} one is a deliberate scope choice recorded in the report; neither creates errors.
 */
public final class CoverageGate {

    /** A kind a fact depends on; {@code trait} null = always. */
    record Dep(String group, String kind, String trait) {
    }

    private static final String ISTIO_SEC = "security.istio.io";
    private static final String ISTIO_NET = "networking.istio.io";
    private static final String LINKERD = "policy.linkerd.io";
    private static final String GW = "gateway.networking.k8s.io";

    private static final List<Dep> POSTURE = List.of(
            new Dep("", "Namespace", null), new Dep("", "Service", null), new Dep("", "ConfigMap", null),
            new Dep(ISTIO_SEC, "PeerAuthentication", "istio"), new Dep(ISTIO_NET, "Sidecar", "istio"),
            new Dep(LINKERD, "Server", "linkerd"));

    private static final Map<Class<? extends Subject>, List<Dep>> DEPENDS = Map.of(
            NamespaceFact.class, List.of(new Dep("", "Namespace", null), new Dep("", "ConfigMap", null),
                    new Dep("networking.k8s.io", "NetworkPolicy", null),
                    new Dep(ISTIO_SEC, "PeerAuthentication", "istio"), new Dep(LINKERD, "Server", "linkerd")),
            WorkloadPosture.class, POSTURE,
            PortPosture.class, POSTURE,
            DestinationRuleTls.class, List.of(new Dep("", "Service", null),
                    new Dep(ISTIO_NET, "DestinationRule", null), new Dep(ISTIO_SEC, "PeerAuthentication", null)),
            AuthorizationPolicyFact.class, List.of(new Dep(ISTIO_SEC, "AuthorizationPolicy", "istio"),
                    new Dep(LINKERD, "AuthorizationPolicy", "linkerd"), new Dep(LINKERD, "Server", "linkerd"),
                    new Dep(LINKERD, "ServerAuthorization", "linkerd")),
            AuthorizationCoverage.class, List.of(new Dep("", "Namespace", null), new Dep("", "ConfigMap", null),
                    new Dep(ISTIO_SEC, "AuthorizationPolicy", "istio"),
                    new Dep(LINKERD, "AuthorizationPolicy", "linkerd"), new Dep(LINKERD, "Server", "linkerd"),
                    new Dep(LINKERD, "ServerAuthorization", "linkerd")),
            IngressTls.class, List.of(new Dep("networking.k8s.io", "Ingress", null), new Dep("", "Service", null),
                    new Dep(ISTIO_NET, "Gateway", null), new Dep(GW, "Gateway", null), new Dep(GW, "HTTPRoute", null)));

    /**
     * Rule-level applicability: fact types that exist only when a CRD exists. When every one of these kinds is
     * ABSENT, rules judging only such facts are NOT_APPLICABLE with the CRD named as the reason.
     */
    private static final Map<Class<? extends Subject>, Dep> PRIMARY = Map.of(
            DestinationRuleTls.class, new Dep(ISTIO_NET, "DestinationRule", null),
            AuthorizationPolicyFact.class, new Dep(ISTIO_SEC, "AuthorizationPolicy", null));

    private CoverageGate() {
    }

    /** Errors per subject caused by unread kinds (empty when the snapshot records no coverage). */
    public static Map<SubjectRef, String> errors(Snapshot snapshot, List<? extends Subject> subjects) {
        Map<SubjectRef, String> out = new TreeMap<>();
        if (snapshot.coverage().isEmpty()) {
            return out;
        }
        for (Subject s : subjects) {
            List<Dep> deps = depsOf(s.getClass());
            if (deps == null || s.getError() != null) {
                continue;
            }
            List<String> unread = new ArrayList<>();
            for (Dep d : deps) {
                if (d.trait() != null && !s.hasTrait(d.trait())) {
                    continue;
                }
                KindCoverage c = snapshot.coverageOf(d.group(), d.kind());
                if (c != null && c.state().unknown()) {
                    unread.add(c.groupKind() + " " + c.state().label() + (c.detail().isEmpty() ? "" : " (" + c.detail() + ")"));
                }
            }
            if (!unread.isEmpty()) {
                out.put(s.getRef(), "input not read: " + String.join("; ", unread));
            }
        }
        return out;
    }

    /** For a fact type whose objects come from one CRD: that CRD when the snapshot records it ABSENT, else null. */
    public static KindCoverage absentPrimary(Snapshot snapshot, Class<? extends Subject> factType) {
        Dep d = PRIMARY.get(factType);
        if (d == null) {
            return null;
        }
        KindCoverage c = snapshot.coverageOf(d.group(), d.kind());
        return c != null && c.state() == KindCoverage.State.ABSENT ? c : null;
    }

    private static List<Dep> depsOf(Class<?> type) {
        for (var e : DEPENDS.entrySet()) {
            if (e.getKey().isAssignableFrom(type)) {
                return e.getValue();
            }
        }
        return null;
    }
}
