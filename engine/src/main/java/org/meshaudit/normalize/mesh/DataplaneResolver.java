package org.meshaudit.normalize.mesh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meshaudit.model.Container;
import org.meshaudit.model.PodTemplate;
import org.meshaudit.model.Workload;

/**
 * Decides a workload's dataplane: observed for admitted pods (GEN-2, IST-DP-1, IST-DP-5, LKD-DP-1), predicted for
 * templates and unadmitted pods (IST-DP-3/4/5, LKD-DP-2). When the Namespace object is missing, the prediction is
 * repeated for every relevant combination of namespace labels/annotations and is only kept if all agree.
 */
final class DataplaneResolver {
    static final String OBSERVED = "observed";
    static final String PREDICTED = "predicted";

    private DataplaneResolver() {
    }

    static Membership resolve(Workload w, MeshEnvironment env) {
        PodTemplate t = w.template();
        NamespaceView ns = env.namespace(w.meta().namespace());
        if (w.admitted()) {
            return observed(t, ns, env);
        }
        Membership manual = manual(t);
        if (manual != null) {
            return manual;
        }
        if (ns.known()) {
            return predict(t, ns, env);
        }
        return predictWithoutNamespace(t, ns.name(), env);
    }

    private static Membership observed(PodTemplate t, NamespaceView ns, MeshEnvironment env) {
        List<String> notes = new ArrayList<>();
        boolean istio = t.hasProxy("istio-proxy");
        boolean linkerd = t.hasProxy("linkerd-proxy");
        if (istio && linkerd) {
            notes.add("pod has both istio-proxy and linkerd-proxy containers; Istio is reported");
        }
        if (istio) {
            String rev = t.annotations().getOrDefault(IstioInjection.REV, t.labels().getOrDefault(IstioInjection.REV, ""));
            return new Membership(Membership.ISTIO_SIDECAR, OBSERVED,
                    "IST-DP-1: container istio-proxy present" + (isNative(t, "istio-proxy") ? " (native sidecar)" : ""),
                    null, rev, notes);
        }
        if (linkerd) {
            return new Membership(Membership.LINKERD, OBSERVED, "LKD-DP-1: container linkerd-proxy present"
                    + (isNative(t, "linkerd-proxy") ? " (native sidecar)" : ""), null, null, notes);
        }
        String redirection = t.annotations().get("ambient.istio.io/redirection");
        if ("enabled".equals(redirection)) {
            return new Membership(Membership.ISTIO_AMBIENT, OBSERVED,
                    "IST-DP-5: annotation ambient.istio.io/redirection=enabled", null, "", notes);
        }
        String reason;
        if (redirection != null) {
            reason = "IST-DP-5: annotation ambient.istio.io/redirection=" + redirection
                    + ": not (fully) enrolled in ambient, so not protected by ztunnel";
        } else {
            reason = "GEN-2: admitted pod has no istio-proxy or linkerd-proxy container and no ambient redirection";
        }
        // intent only explains (GEN-2): a pod created before the namespace was labelled keeps running unmeshed
        if (ns.known()) {
            Membership intent = predict(t, ns, env);
            if (intent.error() == null && !Membership.NONE.equals(intent.dataplane())) {
                notes.add("intent now predicts " + intent.dataplane() + " (" + intent.reason() + "); the pod was"
                        + " admitted without it and must be recreated (GEN-2)");
            }
        }
        return new Membership(Membership.NONE, OBSERVED, reason, null, null, notes);
    }

    private static boolean isNative(PodTemplate t, String name) {
        for (Container c : t.containers()) {
            if (c.name().equals(name) && c.init() && c.restartAlways()) {
                return true;
            }
        }
        return false;
    }

    private static Membership manual(PodTemplate t) {
        if (t.hasProxy("istio-proxy")) {
            return new Membership(Membership.ISTIO_SIDECAR, PREDICTED,
                    "IST-DP-1: template already contains container istio-proxy (manual injection)", null,
                    t.annotations().getOrDefault(IstioInjection.REV, ""), List.of());
        }
        if (t.hasProxy("linkerd-proxy")) {
            return new Membership(Membership.LINKERD, PREDICTED,
                    "LKD-DP-1: template already contains container linkerd-proxy (manual injection)", null, null,
                    List.of());
        }
        return null;
    }

    static Membership predict(PodTemplate t, NamespaceView ns, MeshEnvironment env) {
        List<String> notes = new ArrayList<>();
        Prediction sidecar = IstioInjection.sidecar(t, ns, env);
        if (sidecar.note() != null) {
            notes.add(sidecar.note());
        }
        if (sidecar.error() != null) {
            return new Membership(Membership.UNKNOWN, PREDICTED, sidecar.error(), sidecar.error(), null, notes);
        }
        if (sidecar.isYes()) {
            Prediction lk = LinkerdInjection.predict(t, ns);
            if (lk.isYes()) {
                notes.add("Linkerd injection is requested as well (" + lk.reason() + ")");
            }
            return new Membership(Membership.ISTIO_SIDECAR, PREDICTED, sidecar.reason(), null, sidecar.revision(),
                    notes);
        }
        Prediction ambient = IstioInjection.ambient(t, ns);
        if (ambient.isYes()) {
            return new Membership(Membership.ISTIO_AMBIENT, PREDICTED, ambient.reason(), null, "", notes);
        }
        Prediction lk = LinkerdInjection.predict(t, ns);
        if (lk.isYes()) {
            return new Membership(Membership.LINKERD, PREDICTED, lk.reason(), null, null, notes);
        }
        StringBuilder reason = new StringBuilder(sidecar.reason());
        if (ambient.reason() != null) {
            reason.append("; ").append(ambient.reason());
        }
        reason.append("; ").append(lk.reason());
        return new Membership(Membership.NONE, PREDICTED, reason.toString(), null, null, notes);
    }

    /** Namespace labels unknown: keep the answer only if every relevant combination agrees (GEN-3). */
    private static Membership predictWithoutNamespace(PodTemplate t, String name, MeshEnvironment env) {
        Map<String, Membership> byOutcome = new TreeMap<>();
        for (NamespaceView v : variants(name)) {
            Membership m = predict(t, v, env);
            String key = m.error() != null ? "error" : m.dataplane();
            byOutcome.putIfAbsent(key, m);
        }
        if (byOutcome.size() == 1 && !byOutcome.containsKey("error")) {
            Membership m = byOutcome.values().iterator().next();
            List<String> notes = new ArrayList<>(m.notes());
            notes.add("Namespace " + name + " not in input; every possible namespace label/annotation gives the same"
                    + " result");
            return new Membership(m.dataplane(), PREDICTED, m.reason(), null, m.revision(), notes);
        }
        String error = "Namespace " + name + " not in input: its labels/annotations decide injection (GEN-3); "
                + "possible outcomes: " + String.join(", ", byOutcome.keySet());
        return new Membership(Membership.UNKNOWN, PREDICTED, error, error, null, List.of());
    }

    private static List<NamespaceView> variants(String name) {
        List<Map<String, String>> istio = List.of(Map.of(), Map.of(IstioInjection.NS_INJECTION, "enabled"),
                Map.of(IstioInjection.NS_INJECTION, "disabled"), Map.of(IstioInjection.REV, "default"));
        List<Map<String, String>> ambient = List.of(Map.of(), Map.of(IstioInjection.DATAPLANE_MODE, "ambient"));
        List<Map<String, String>> webhooks = List.of(Map.of(), Map.of("config.linkerd.io/admission-webhooks", "disabled"));
        List<Map<String, String>> linkerd = List.of(Map.of(), Map.of(LinkerdInjection.INJECT, "enabled"),
                Map.of(LinkerdInjection.INJECT, "disabled"));
        List<NamespaceView> out = new ArrayList<>();
        for (Map<String, String> i : istio) {
            for (Map<String, String> a : ambient) {
                for (Map<String, String> wh : webhooks) {
                    for (Map<String, String> l : linkerd) {
                        Map<String, String> labels = new LinkedHashMap<>(i);
                        labels.putAll(a);
                        labels.putAll(wh);
                        out.add(new NamespaceView(name, labels, l, true));
                    }
                }
            }
        }
        return out;
    }
}
