package org.meshaudit.normalize.mesh;

import java.util.Map;
import org.meshaudit.model.PodTemplate;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/** Predicts Istio sidecar injection (IST-DP-3 webhook selection, IST-DP-4 decision) and ambient enrollment (IST-DP-5). */
final class IstioInjection {
    static final String INJECT = "sidecar.istio.io/inject";
    static final String REV = "istio.io/rev";
    static final String NS_INJECTION = "istio-injection";
    static final String DATAPLANE_MODE = "istio.io/dataplane-mode";

    private IstioInjection() {
    }

    /** IST-DP-3 then IST-DP-4 for a pod (template) in a namespace. */
    static Prediction sidecar(PodTemplate t, NamespaceView ns, MeshEnvironment env) {
        Map<String, String> labels = t.labels();
        String podInject = labels.get(INJECT);
        String podRev = labels.get(REV);
        String nsInjection = ns.label(NS_INJECTION);
        String nsRev = ns.label(REV);
        String revision;
        String called;
        if (nsInjection != null) {
            if (!nsInjection.equals("enabled")) {
                return Prediction.no("IST-DP-3: namespace label istio-injection=\"" + nsInjection
                        + "\" matches no injection webhook (blocks even pod-level opt-in)");
            }
            if ("false".equals(podInject)) {
                return Prediction.no("IST-DP-3: pod label sidecar.istio.io/inject=\"false\" excludes the pod from"
                        + " the injection webhook");
            }
            revision = "";
            called = "namespace label istio-injection=enabled";
        } else if (nsRev != null) {
            if ("false".equals(podInject)) {
                return Prediction.no("IST-DP-3: pod label sidecar.istio.io/inject=\"false\" excludes the pod from"
                        + " the injection webhook");
            }
            revision = nsRev;
            called = "namespace label istio.io/rev=" + nsRev;
        } else if ("true".equals(podInject) && podRev == null) {
            revision = "";
            called = "pod label sidecar.istio.io/inject=\"true\"";
        } else if (podRev != null && !"false".equals(podInject)) {
            revision = podRev;
            called = "pod label istio.io/rev=" + podRev;
        } else if (podInject == null && podRev == null) {
            MeshEnvironment.Injector inj = env.injector("");
            if (inj == null) {
                if (!env.istioPresent) {
                    return Prediction.no("IST-DP-3: no Istio injection label on namespace or pod and no Istio"
                            + " control plane in input");
                }
                return Prediction.unknown("IST-DP-3: no injection label on namespace " + ns.name() + " or pod, and"
                        + " ConfigMap istio-sidecar-injector (sidecarInjectorWebhook.enableNamespacesByDefault) is"
                        + " not in input (GEN-3)");
            }
            if (!Boolean.TRUE.equals(inj.enableNamespacesByDefault())) {
                return Prediction.no("IST-DP-3: no injection label on namespace " + ns.name() + " or pod"
                        + " (sidecar.istio.io/inject, istio.io/rev): injection webhook not called");
            }
            if (MeshEnvironment.KUBE_SYSTEM.contains(ns.name())) {
                return Prediction.no("IST-DP-3: namespace " + ns.name() + " is excluded from"
                        + " enableNamespacesByDefault");
            }
            revision = "";
            called = "sidecarInjectorWebhook.enableNamespacesByDefault=true";
        } else {
            return Prediction.no("IST-DP-3: no injection webhook matches (namespace unlabelled, pod label"
                    + " sidecar.istio.io/inject=\"" + podInject + "\")");
        }
        return decide(t, ns, env, revision, called);
    }

    /** IST-DP-4: the injector's decision once its webhook was called. */
    private static Prediction decide(PodTemplate t, NamespaceView ns, MeshEnvironment env, String revision,
                                     String called) {
        if (t.hostNetwork()) {
            return Prediction.no("IST-DP-4: hostNetwork: true is never injected (webhook called via " + called + ")");
        }
        if (MeshEnvironment.KUBE_SYSTEM.contains(ns.name())) {
            return Prediction.no("IST-DP-4: namespace " + ns.name() + " is ignored by the injector");
        }
        String value;
        String where;
        if (t.labels().containsKey(INJECT)) {
            value = t.labels().get(INJECT);
            where = "pod label";
        } else {
            value = t.annotations().get(INJECT);
            where = "pod annotation";
        }
        MeshEnvironment.Injector inj = env.injector(revision);
        String assumedNote = inj != null && inj.assumed()
                ? "istio-sidecar-injector not in input: assumed injector defaults (policy enabled, no selectors)"
                : null;
        if ("true".equals(value) || "false".equals(value)) {
            boolean explicit = value.equals("true");
            if (inj != null && !inj.assumed() && !inj.policy().equals("enabled") && !inj.policy().equals("disabled")) {
                return Prediction.no("IST-DP-4: injector policy \"" + inj.policy() + "\" (" + inj.source()
                        + ") is not enabled/disabled: auto-injection off");
            }
            String r = "IST-DP-4: " + where + " " + INJECT + "=\"" + value + "\" (webhook called via " + called + ")";
            return explicit ? Prediction.yes(r, revision) : Prediction.no(r);
        }
        String unsetNote = value == null ? "" : " (" + where + " " + INJECT + "=\"" + value + "\" is neither"
                + " \"true\" nor \"false\": treated as unset)";
        if (inj == null) {
            return Prediction.unknown("IST-DP-4: injection depends on the injector policy but ConfigMap"
                    + " istio-sidecar-injector is not in input (GEN-3)" + unsetNote);
        }
        for (JsonNode sel : inj.neverInjectSelector()) {
            if (!LabelSelector.isEmpty(sel) && LabelSelector.matches(sel, t.labels())) {
                return Prediction.no("IST-DP-4: pod labels match neverInjectSelector of " + inj.source() + unsetNote)
                        .withNote(assumedNote);
            }
        }
        for (JsonNode sel : inj.alwaysInjectSelector()) {
            if (!LabelSelector.isEmpty(sel) && LabelSelector.matches(sel, t.labels())) {
                return Prediction.yes("IST-DP-4: pod labels match alwaysInjectSelector of " + inj.source()
                        + unsetNote, revision).withNote(assumedNote);
            }
        }
        String policy = inj.policy();
        String r = "IST-DP-4: injector policy \"" + policy + "\" (" + inj.source() + ") after webhook called via "
                + called + unsetNote;
        return (policy.equals("enabled") ? Prediction.yes(r, revision) : Prediction.no(r)).withNote(assumedNote);
    }

    /** IST-DP-5: default enablement selectors of istio-cni. */
    static Prediction ambient(PodTemplate t, NamespaceView ns) {
        String pod = t.labels().get(DATAPLANE_MODE);
        String nsMode = ns.label(DATAPLANE_MODE);
        if (pod == null && nsMode == null) {
            return Prediction.no(null);
        }
        if (t.hostNetwork()) {
            return Prediction.no("IST-DP-5: hostNetwork pods are never enrolled in ambient");
        }
        if (t.annotations().containsKey("sidecar.istio.io/status")) {
            return Prediction.no("IST-DP-5: pods with a sidecar are never enrolled in ambient");
        }
        if ("ambient".equals(pod)) {
            return Prediction.yes("IST-DP-5: pod label istio.io/dataplane-mode=ambient", "");
        }
        if ("ambient".equals(nsMode) && !"none".equals(pod)) {
            return Prediction.yes("IST-DP-5: namespace label istio.io/dataplane-mode=ambient", "");
        }
        if ("ambient".equals(nsMode)) {
            return Prediction.no("IST-DP-5: pod label istio.io/dataplane-mode=none opts out of ambient namespace "
                    + ns.name());
        }
        return Prediction.no(null);
    }
}
