package org.meshaudit.normalize.mesh;

import java.util.Set;
import org.meshaudit.model.PodTemplate;

/** Predicts Linkerd proxy injection (LKD-DP-2). */
final class LinkerdInjection {
    static final String INJECT = "linkerd.io/inject";
    private static final Set<String> VALID = Set.of("enabled", "ingress", "disabled");

    private LinkerdInjection() {
    }

    static Prediction predict(PodTemplate t, NamespaceView ns) {
        String nsValue = ns.annotation(INJECT);
        String podValue = t.annotations().get(INJECT);
        if (nsValue == null && podValue == null) {
            return Prediction.no("LKD-DP-2: no linkerd.io/inject annotation on namespace or pod");
        }
        if ("disabled".equals(ns.label("config.linkerd.io/admission-webhooks"))) {
            return Prediction.no("LKD-DP-2: namespace label config.linkerd.io/admission-webhooks=disabled: proxy"
                    + " injector not called");
        }
        if (ns.name().equals("kube-system") || ns.name().equals("cert-manager")) {
            return Prediction.no("LKD-DP-2: proxy injector is not called in namespace " + ns.name());
        }
        if (t.labels().containsKey("linkerd.io/control-plane-component")
                || t.labels().containsKey("linkerd.io/cni-resource")) {
            return Prediction.no("LKD-DP-2: Linkerd control-plane/CNI objects are not injected");
        }
        if (nsValue != null && !VALID.contains(nsValue)) {
            return Prediction.no("LKD-DP-2: namespace annotation linkerd.io/inject=\"" + nsValue + "\" is invalid");
        }
        if (podValue != null && !VALID.contains(podValue)) {
            return Prediction.no("LKD-DP-2: pod annotation linkerd.io/inject=\"" + podValue + "\" is invalid");
        }
        if (t.hostNetwork()) {
            return Prediction.no("LKD-DP-2: hostNetwork: true is never injected");
        }
        if (podValue != null) {
            String r = "LKD-DP-2: pod annotation linkerd.io/inject=" + podValue;
            return podValue.equals("disabled") ? Prediction.no(r) : Prediction.yes(r, null);
        }
        String r = "LKD-DP-2: namespace " + ns.name() + " annotation linkerd.io/inject=" + nsValue;
        return nsValue.equals("disabled") ? Prediction.no(r) : Prediction.yes(r, null);
    }
}
