package org.meshaudit.normalize.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.PortPosture.Level;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.SubjectRef;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Nodes;
import org.meshaudit.model.Workload;
import org.meshaudit.normalize.LabelIndex;
import org.meshaudit.normalize.LabelSelector;
import tools.jackson.databind.JsonNode;

/** Computes the effective mTLS posture of every workload and port as Istio and Linkerd do (mesh-semantics.md). */
public final class MeshPostureResolver {
    private final Snapshot snapshot;
    private final MeshOptions options;
    private final MeshEnvironment env;
    private final IstioPeerAuthentication peerAuthn;
    private final LinkerdPolicy linkerd;
    private final Set<String> systemNamespaces;
    /** The Services of each namespace by their selectors (built when a workload of the namespace first asks). */
    private final Map<String, LabelIndex.Selectors<KubeObject>> servicesByNamespace = new java.util.HashMap<>();

    private MeshPostureResolver(Snapshot snapshot, MeshOptions options) {
        this.snapshot = snapshot;
        this.options = options;
        this.env = new MeshEnvironment(snapshot, options);
        this.peerAuthn = new IstioPeerAuthentication(snapshot);
        this.linkerd = new LinkerdPolicy(snapshot, env);
        this.systemNamespaces = env.systemNamespaces();
    }

    /**
     * Resolves the posture of every workload, port and namespace of the snapshot.
     *
     * @param snapshot what was collected
     * @param options  user overrides ({@link MeshOptions#defaults()} for none)
     * @return workloads sorted by namespace, kind, name; namespaces sorted; issues sorted
     */
    public static MeshPosture resolve(Snapshot snapshot, MeshOptions options) {
        return new MeshPostureResolver(snapshot, options == null ? MeshOptions.defaults() : options).run();
    }

    private MeshPosture run() {
        List<WorkloadPosture> workloads = new ArrayList<>();
        Map<String, String> istioRoots = new TreeMap<>();
        List<IstioClientTls.Target> targets = new ArrayList<>();
        Map<String, List<Membership>> byNamespace = new TreeMap<>();
        for (Workload w : WorkloadSelector.select(snapshot.workloads())) {
            Membership m = DataplaneResolver.resolve(w, env);
            byNamespace.computeIfAbsent(w.meta().namespace(), k -> new ArrayList<>()).add(m);
            WorkloadPosture wp = workload(w, m);
            workloads.add(wp);
            targets.add(new IstioClientTls.Target(w, wp));
            if (m.error() == null && m.istio()) {
                String root = env.istioMesh(m.revision()).rootNamespace();
                if (root != null) {
                    istioRoots.put(wp.getRef().key(), root);
                }
            }
        }
        List<ServiceClientTls> clients = List.of();
        MeshEnvironment.IstioMesh mesh = env.istioMesh("");
        if (env.istioPresent && mesh.rootNamespace() != null) {
            // IST-CL-2..5: the client side, then its consequences noted on the endpoint ports
            IstioClientTls client = new IstioClientTls(snapshot, mesh.rootNamespace(), mesh.enableAutoMtls(), peerAuthn);
            client.run(targets);
            clients = client.services;
            if (!client.portNotes.isEmpty()) {
                workloads.replaceAll(wp -> withClientNotes(wp, client.portNotes));
            }
        }
        for (String ns : env.namespaceObjects.keySet()) {
            byNamespace.computeIfAbsent(ns, k -> new ArrayList<>());
        }
        List<NamespaceMesh> namespaces = new ArrayList<>();
        for (var e : byNamespace.entrySet()) {
            namespaces.add(namespace(e.getKey(), e.getValue()));
        }
        Set<CollectionIssue> issues = new TreeSet<>();
        issues.addAll(env.issues);
        issues.addAll(peerAuthn.issues());
        issues.addAll(linkerd.issues());
        Map<String, String> info = new TreeMap<>(env.meshInfo);
        if (!env.assumed.isEmpty()) {
            info.put("meshDefaultsAssumed", String.join(", ", env.assumed));
        }
        return new MeshPosture(List.copyOf(workloads), List.copyOf(namespaces), systemNamespaces, Map.copyOf(info),
                List.copyOf(issues), env.trustDomains(), clients, istioRoots);
    }

    private static WorkloadPosture withClientNotes(WorkloadPosture w, Map<SubjectRef, List<String>> notes) {
        boolean any = false;
        List<PortPosture> ports = new ArrayList<>();
        for (PortPosture p : w.getPorts()) {
            List<String> more = notes.get(p.getRef());
            ports.add(more == null ? p : p.withNotes(more));
            any |= more != null;
        }
        return any ? w.withPorts(ports) : w;
    }

    // ------------------------------------------------------------------ workloads

    private WorkloadPosture workload(Workload w, Membership m) {
        KubeObject meta = w.meta();
        String ns = meta.namespace();
        NamespaceView nsView = env.namespace(ns);
        SubjectRef ref = new SubjectRef(meta.apiVersion(), meta.kind(), ns, meta.name(), meta.uid(), null);
        boolean observed = DataplaneResolver.OBSERVED.equals(m.source());
        List<String> notes = new ArrayList<>(m.notes());
        Set<String> traits = baseTraits(w, m);
        if (Membership.ISTIO_SIDECAR.equals(m.dataplane())
                && "disabled".equals(w.template().labels().get("security.istio.io/tlsMode"))) {
            notes.add("IST-DP-2: label security.istio.io/tlsMode=disabled: clients send plaintext to this pod although"
                    + " it has a sidecar");
            traits.add("tlsmode-disabled");
        }

        if (Membership.ISTIO_AMBIENT.equals(m.dataplane())) {
            notes.add("IST-DP-6: traffic from other ambient pods always arrives as HBONE mTLS through ztunnel;"
                    + " PeerAuthentication only decides whether traffic without mesh mTLS is accepted");
        } else if (Membership.LINKERD.equals(m.dataplane())) {
            notes.add("LKD-MTLS-1: traffic from other meshed pods is always mTLS (no client-side opt-out, DestinationRules"
                    + " do not apply); the inbound policy decides whether clients without mesh TLS are accepted,"
                    + " and skipped ports and UDP get no mTLS at all");
        }
        PortInventory inventory = new PortInventory(w.template(), m.dataplane());
        Map<String, String> labels = w.template().labels();
        inventory.addServiceTargets(services(ns).candidates(labels), ns, labels);
        Map<String, String> annotations = w.template().annotations();
        Map<String, String> linkerdAnn = LinkerdPolicy.effectiveAnnotations(annotations, nsView, observed);

        IstioContext istio = m.istio() ? istioContext(w, m, notes) : null;
        if (istio != null && istio.composition != null && istio.composition.workload() != null) {
            for (int p : istio.composition.workload().portModes().keySet()) {
                inventory.add(p, "TCP", null, false);
            }
        }
        LinkerdPolicy.Default linkerdDefault = null;
        if (Membership.LINKERD.equals(m.dataplane())) {
            for (JsonNode p : linkerd.serverPorts(ns, w.template().labels())) {
                Integer n = p.isNumber() ? Integer.valueOf(p.asInt()) : inventory.resolve(p.asString());
                if (n != null && n >= 1 && n <= 65535) {
                    inventory.add(n, "TCP", null, false);
                }
            }
            linkerdDefault = linkerd.defaultFor(ref.key(), annotations, nsView, observed);
            notes.addAll(linkerdDefault.notes());
        }
        notes.addAll(inventory.notes);

        CaptureExclusions capture = new CaptureExclusions(m.meshed() ? m.dataplane() : Membership.NONE,
                Membership.LINKERD.equals(m.dataplane()) ? linkerdAnn : annotations, env.linkerdIgnoreInboundPorts);
        notes.addAll(capture.notes);

        List<PortPosture> ports = new ArrayList<>();
        for (PortInventory.Port p : inventory.ports()) {
            ports.add(port(ref, w, m, traits, p.number(), p.protocol(), p.names(), p.serviceTarget(), istio,
                    linkerdDefault, linkerdAnn, capture));
        }
        ports.add(port(ref, w, m, traits, null, "TCP", Set.of(), false, istio, linkerdDefault, linkerdAnn, capture));

        return new WorkloadPosture(ref, m.dataplane(),
                m.source(), m.reason(), w.template().serviceAccountName(), w.template().labels(), ports,
                capture.inbound, capture.outbound, dedupe(notes), m.error(), traits);
    }

    private LabelIndex.Selectors<KubeObject> services(String namespace) {
        return servicesByNamespace.computeIfAbsent(namespace,
                ns -> LabelIndex.Selectors.ofSpecs(snapshot.ofKind("", "Service", ns), "selector"));
    }

    private Set<String> baseTraits(Workload w, Membership m) {
        Set<String> t = new TreeSet<>();
        String ns = w.meta().namespace();
        if (systemNamespaces.contains(ns)) {
            t.add("system");
        }
        if (options.inScopeNamespaces().contains(ns)) {
            t.add("in-scope");
        }
        if (w.template().hostNetwork()) {
            t.add("host-network");
        }
        t.add(m.source());
        if (m.error() == null) {
            t.add(m.meshed() ? "meshed" : "unmeshed");
            if (m.istio()) {
                t.add("istio");
            }
            if (Membership.ISTIO_AMBIENT.equals(m.dataplane())) {
                t.add("ambient");
            }
            if (Membership.LINKERD.equals(m.dataplane())) {
                t.add("linkerd");
            }
        }
        return t;
    }

    /** What the Istio ports of one workload share. */
    private record IstioContext(String root, IstioPeerAuthentication.Composition composition,
                                AmbientEnforcement ambient, String error) {
    }

    private IstioContext istioContext(Workload w, Membership m, List<String> notes) {
        MeshEnvironment.IstioMesh mesh = env.istioMesh(m.revision());
        if (mesh.rootNamespace() == null) {
            return new IstioContext(null, null, null, mesh.error());
        }
        if (mesh.source().startsWith("defaults")) {
            env.assumed.add("istio mesh config");
            notes.add("Istio mesh config not in input: assumed root namespace " + mesh.rootNamespace() + " (IST-MC-2)");
        }
        var c = peerAuthn.compose(w.meta().namespace(), w.template().labels(), mesh.rootNamespace());
        for (var ignored : c.ignoredRootSelectors()) {
            notes.add(ignored.key() + " selects this pod but selector policies in the root namespace "
                    + mesh.rootNamespace() + " are ignored (IST-PA-1)");
        }
        for (var p : new IstioPeerAuthentication.Policy[] {c.mesh(), c.namespace()}) {
            if (p != null && p.portLevelIgnored()) {
                notes.add(p.key() + " has portLevelMtls without a selector: its port entries are ignored (IST-PA-7)");
            }
        }
        String ns = w.meta().namespace();
        AmbientEnforcement ambient = Membership.ISTIO_AMBIENT.equals(m.dataplane()) ? new AmbientEnforcement(
                peerAuthn.policiesIn(mesh.rootNamespace()), peerAuthn.policiesIn(ns), ns.equals(mesh.rootNamespace()),
                w.template().labels()) : null;
        return new IstioContext(mesh.rootNamespace(), c, ambient, c.error());
    }

    private PortPosture port(SubjectRef wref, Workload w, Membership m, Set<String> workloadTraits, Integer number,
                             String protocol, Set<String> names, boolean serviceTarget, IstioContext istio,
                             LinkerdPolicy.Default linkerdDefault, Map<String, String> linkerdAnn,
                             CaptureExclusions capture) {
        SubjectRef ref = wref.withPort(number == null ? "*" : Integer.toString(number));
        Set<String> traits = new TreeSet<>(workloadTraits);
        traits.remove("meshed");
        traits.remove("unmeshed");
        if (number == null) {
            traits.add("catch-all");
        }
        if ("UDP".equals(protocol)) {
            traits.add("udp");
        }
        if (serviceTarget) {
            traits.add("service-target");
        }
        boolean streamable = "TCP".equals(protocol);
        List<String> notes = new ArrayList<>();
        if (m.error() != null) {
            return new PortPosture(ref, Membership.UNKNOWN, protocol, false, null, "unknown", false, Level.NONE,
                    List.of(), List.of(), null, serviceTarget, notes, m.error(), traits);
        }
        if (!m.meshed()) {
            traits.add("unmeshed");
            return new PortPosture(ref, m.dataplane(), protocol, false, null, "n/a", false, Level.NONE, List.of(),
                    List.of(), null, serviceTarget, notes, null, traits);
        }
        CaptureExclusions.Capture cap = capture.forPort(number, protocol);
        if (cap.excluded()) {
            traits.add("excluded");
        }
        if (!streamable) {
            notes.add("GEN-4: mTLS never applies to " + protocol);
        }
        String serverMode;
        boolean mtls;
        Level level;
        List<String> decidedBy;
        List<String> shadowed = List.of();
        String namespaceMode;
        String error = null;
        if (istio != null) {
            if (istio.error() != null) {
                return new PortPosture(ref, m.dataplane(), protocol, cap.captured(), cap.note(), "unknown", false,
                        Level.NONE, List.of(), istio.composition() == null ? List.of() : istio.composition().shadowed(),
                        null, serviceTarget, notes, istio.error(), traits);
            }
            var c = istio.composition();
            IstioPeerAuthentication.Decision d = number == null ? c.workloadLevel() : c.forPort(number);
            IstioPeerAuthentication.Decision nsd = c.namespaceLevel();
            serverMode = d.mode();
            namespaceMode = nsd.mode();
            level = d.level();
            decidedBy = d.decidedBy();
            shadowed = c.shadowed();
            boolean ambient = Membership.ISTIO_AMBIENT.equals(m.dataplane());
            if (ambient) {
                if (serverMode.equals("DISABLE")) {
                    serverMode = IstioPeerAuthentication.PERMISSIVE;
                    notes.add("DISABLE is PERMISSIVE in ambient (IST-AMB-1)");
                }
                if (namespaceMode.equals("DISABLE")) {
                    namespaceMode = IstioPeerAuthentication.PERMISSIVE;
                }
                error = ambientUnverified(c, istio.ambient(), number, serverMode);
            } else if (serverMode.equals("DISABLE") && number != null) {
                SidecarTls st = sidecarIngressTls(w, number);
                if (st != null) {
                    traits.add("sidecar-ingress-tls");
                    notes.add("IST-PA-10: " + st.sidecar() + " sets ingress tls (mode " + st.mode() + ") on this DISABLE"
                            + " port: TLS with user certificates, not mesh mTLS; plaintext and Istio mTLS are refused"
                            + (st.mode().equals("MUTUAL") ? " and clients must present a certificate the user CA accepts"
                                    : "") + ". Only when istiod runs with ENABLE_TLS_ON_SIDECAR_INGRESS=true (default"
                            + " false); otherwise the block is ignored and the port accepts plaintext");
                }
            }
            mtls = serverMode.equals("STRICT") && streamable;
        } else {
            // Linkerd
            List<KubeObject> servers = number == null ? List.of()
                    : linkerd.serversFor(w.meta().namespace(), w.template().labels(), number, names);
            namespaceMode = linkerdDefault.policy();
            if (!servers.isEmpty()) {
                KubeObject server = servers.get(0);
                List<String> sh = new ArrayList<>();
                for (int i = 1; i < servers.size(); i++) {
                    sh.add(servers.get(i).key());
                }
                shadowed = sh;
                LinkerdPolicy.ServerVerdict v = linkerd.verdict(server);
                serverMode = v.mode();
                mtls = v.mtlsRequired() && streamable;
                level = Level.SERVER;
                decidedBy = v.decidedBy();
                notes.addAll(v.notes());
                error = v.error();
            } else if (linkerdDefault.error() != null) {
                return new PortPosture(ref, m.dataplane(), protocol, cap.captured(), cap.note(), "unknown", false,
                        Level.NONE, List.of(), List.of(), null, serviceTarget, notes, linkerdDefault.error(), traits);
            } else {
                serverMode = linkerdDefault.policy();
                level = linkerdDefault.level();
                decidedBy = List.of(linkerdDefault.source());
                String require = linkerdAnn.get(LinkerdPolicy.REQUIRE_IDENTITY);
                if (number != null && require != null && PortList.parse(require, true).contains(number)) {
                    String auth = LinkerdPolicy.authenticated(serverMode);
                    if (!auth.equals(serverMode)) {
                        notes.add(LinkerdPolicy.REQUIRE_IDENTITY + " lists this port: " + serverMode + " becomes "
                                + auth + " (LKD-POL-2)");
                    }
                    serverMode = auth;
                    level = Level.POD;
                    decidedBy = List.of(wref.key());
                }
                mtls = LinkerdPolicy.requiresMtls(serverMode) && streamable;
            }
        }
        if (error == null) {
            traits.add("meshed");
        }
        return new PortPosture(ref, m.dataplane(), protocol, cap.captured(), cap.note(), serverMode, mtls, level,
                decidedBy, shadowed, namespaceMode, serviceTarget, notes, error, traits);
    }

    /**
     * IST-AMB-2/3: compares what ztunnel is handed (the converted DENY policies) with IST-PA-3; an error when they
     * disagree on whether plaintext is refused, or when the answer depends on the order of equally old policies.
     */
    private static String ambientUnverified(IstioPeerAuthentication.Composition c, AmbientEnforcement ambient,
                                            Integer port, String serverMode) {
        Set<Boolean> denies = ambient.denies(port);
        boolean strict = serverMode.equals("STRICT");
        if (denies.isEmpty()) {
            return "enforcement unverified: too many equally old PeerAuthentications to derive what ztunnel is handed"
                    + " (IST-AMB-3.2)";
        }
        if (denies.size() > 1) {
            return "enforcement unverified: what ztunnel enforces on this port depends on the order of equally old"
                    + " PeerAuthentications, which the ambient code does not break by name (IST-AMB-3.2)";
        }
        boolean denied = denies.iterator().next();
        if (denied == strict) {
            return null;
        }
        var wl = c.workload();
        String why;
        if (!denied && c.mesh() != null && "STRICT".equals(c.mesh().mode())
                && (c.namespace() == null || c.namespace().mode() == null) && wl != null
                && ("PERMISSIVE".equals(wl.mode()) || "DISABLE".equals(wl.mode())) && port != null
                && "STRICT".equals(wl.portModes().get(port))) {
            why = "IST-AMB-3.3): mesh STRICT, no namespace mode, workload policy " + wl.key() + " " + wl.mode()
                    + " with port " + port + " STRICT";
        } else if (ambient.emptySelectorParent()) {
            why = "IST-AMB-3.1): a namespace or root-namespace policy written with selector: {matchLabels: {}} is"
                    + " namespace-wide for IST-PA-3 but not for the ambient conversion";
        } else if (ambient.ties()) {
            why = "IST-AMB-3.2): equally old policies at one level";
        } else {
            why = "IST-AMB-2): the converted ztunnel policies and IST-PA-3 disagree";
        }
        return denied
                ? "enforcement unverified: ztunnel may refuse plaintext that IST-PA-3 (" + serverMode + ") accepts (" + why
                : "enforcement unverified: ztunnel may accept plaintext (" + why;
    }

    /** A Sidecar's {@code ingress[].tls} for one port. */
    private record SidecarTls(String sidecar, String mode) {
    }

    /**
     * IST-PA-10: the Sidecar of the pod's namespace that applies to the pod (one whose workloadSelector matches wins
     * over a namespace-wide one) when it sets {@code ingress[].tls} on this port.
     */
    private SidecarTls sidecarIngressTls(Workload w, int port) {
        KubeObject selected = null;
        KubeObject namespaceWide = null;
        for (KubeObject sc : snapshot.ofKind("networking.istio.io", "Sidecar", w.meta().namespace())) {
            Map<String, String> sel = Nodes.stringMap(sc.spec(), "workloadSelector", "labels");
            if (sel.isEmpty()) {
                namespaceWide = namespaceWide == null ? sc : namespaceWide;
            } else if (selected == null && LabelSelector.subset(sel, w.template().labels())) {
                selected = sc;
            }
        }
        KubeObject sc = selected != null ? selected : namespaceWide;
        if (sc == null) {
            return null;
        }
        for (JsonNode in : Nodes.list(sc.spec(), "ingress")) {
            JsonNode n = Nodes.at(in, "port", "number");
            if (n != null && n.asInt() == port && Nodes.at(in, "tls") != null) {
                String mode = Nodes.text(in, "tls", "mode");
                return new SidecarTls(sc.key(), mode == null ? "unset" : mode);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ namespaces

    private NamespaceMesh namespace(String name, List<Membership> members) {
        NamespaceView view = env.namespace(name);
        boolean istio = "enabled".equals(view.label(IstioInjection.NS_INJECTION))
                || view.label(IstioInjection.REV) != null
                || "ambient".equals(view.label(IstioInjection.DATAPLANE_MODE));
        String lkInject = view.annotation(LinkerdInjection.INJECT);
        boolean lk = "enabled".equals(lkInject) || "ingress".equals(lkInject);
        for (Membership m : members) {
            istio |= m.error() == null && m.istio();
            lk |= m.error() == null && Membership.LINKERD.equals(m.dataplane());
        }
        List<String> errors = new ArrayList<>();
        String istioMode = null;
        Level istioLevel = null;
        List<String> istioBy = List.of();
        String istioClient = null;
        if (istio) {
            MeshEnvironment.IstioMesh mesh = env.istioMesh(revision(view, members));
            if (mesh.rootNamespace() == null) {
                errors.add(mesh.error());
            } else {
                var c = peerAuthn.compose(name, Map.of(), mesh.rootNamespace());
                if (c.error() != null) {
                    errors.add(c.error());
                } else {
                    var d = c.namespaceLevel();
                    istioMode = d.mode();
                    istioLevel = d.level();
                    istioBy = d.decidedBy();
                    istioClient = IstioPeerAuthentication.namespaceMutualTlsMode(c);
                }
            }
        }
        String lkPolicy = null;
        String lkSource = null;
        if (lk) {
            String a = view.annotation(LinkerdPolicy.POLICY_ANNOTATION);
            if (a != null && MeshEnvironment.LINKERD_POLICIES.contains(a)) {
                lkPolicy = a;
                lkSource = "Namespace/" + name + " annotation";
            } else {
                LinkerdPolicy.Default d = linkerd.clusterDefault(new ArrayList<>());
                if (d.error() != null) {
                    errors.add(d.error());
                } else {
                    lkPolicy = d.policy();
                    lkSource = d.source();
                }
            }
        }
        return new NamespaceMesh(name, istio, lk, istioMode, istioLevel, istioBy, istioClient, lkPolicy, lkSource,
                linkerd.mtlsServers(name), errors.isEmpty() ? null : String.join("; ", errors));
    }

    /**
     * IST-MC-3: the control-plane revision whose mesh config (root namespace) a namespace's policies are read with:
     * the revision all its Istio workloads are attached to, else the namespace's {@code istio.io/rev} label (when
     * {@code istio-injection} does not take precedence), else the default.
     */
    private static String revision(NamespaceView view, List<Membership> members) {
        Set<String> revisions = new TreeSet<>();
        for (Membership m : members) {
            if (m.error() == null && m.istio()) {
                revisions.add(m.revision() == null || m.revision().equals("default") ? "" : m.revision());
            }
        }
        if (revisions.size() == 1) {
            return revisions.iterator().next();
        }
        String label = view.label(IstioInjection.REV);
        return label != null && view.label(IstioInjection.NS_INJECTION) == null ? label : "";
    }

    private static List<String> dedupe(List<String> in) {
        List<String> out = new ArrayList<>();
        for (String s : in) {
            if (s != null && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
