package org.meshaudit.normalize.mesh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.OwnerRef;
import org.meshaudit.model.Workload;

/**
 * Decides which objects are workloads: every Pod; a controller only when none of its pods is in the input; a
 * ReplicaSet or Job owned by a controller that is in the input never stands for itself.
 */
final class WorkloadSelector {
    private static final Pattern HASH = Pattern.compile("[a-z0-9]+");
    private static final Comparator<Workload> ORDER = Comparator.comparing((Workload w) -> w.meta().namespace())
            .thenComparing(w -> w.meta().kind()).thenComparing(w -> w.meta().name());

    private WorkloadSelector() {
    }

    static List<Workload> select(List<Workload> all) {
        // indexes instead of scans: cover() used to walk every workload per owner (pods x workloads at scale)
        java.util.Map<Id, List<Workload>> present = new java.util.HashMap<>();
        java.util.Map<Id, List<Workload>> controllersByNs = new java.util.HashMap<>();
        for (Workload w : all) {
            KubeObject m = w.meta();
            present.computeIfAbsent(new Id(m.namespace(), m.kind(), m.name()), k -> new ArrayList<>()).add(w);
            if (!w.isPod()) {
                controllersByNs.computeIfAbsent(new Id(m.namespace(), m.kind(), ""), k -> new ArrayList<>()).add(w);
            }
        }
        Set<Id> covered = new HashSet<>();
        for (Workload w : all) {
            if (w.isPod()) {
                for (OwnerRef o : w.owners()) {
                    cover(present, controllersByNs, covered, w.meta().namespace(), o);
                }
            }
        }
        List<Workload> out = new ArrayList<>();
        for (Workload w : all) {
            KubeObject m = w.meta();
            if (w.isPod()) {
                out.add(w);
                continue;
            }
            if (covered.contains(new Id(m.namespace(), m.kind(), m.name()))) {
                continue;
            }
            boolean ownedByPresent = false;
            for (OwnerRef o : w.owners()) {
                if (present.containsKey(new Id(m.namespace(), o.kind(), o.name()))) {
                    ownedByPresent = true;
                }
            }
            if (!ownedByPresent) {
                out.add(w);
            }
        }
        out.sort(ORDER);
        return out;
    }

    /** Marks the owner and its own owners as having pods in the input. */
    private static void cover(java.util.Map<Id, List<Workload>> present,
                              java.util.Map<Id, List<Workload>> controllersByNs, Set<Id> covered, String ns,
                              OwnerRef o) {
        Id key = new Id(ns, o.kind(), o.name());
        if (!covered.add(key)) {
            return;
        }
        List<Workload> same = present.get(key);
        if (same != null) {
            for (Workload w : same) {
                for (OwnerRef up : w.owners()) {
                    cover(present, controllersByNs, covered, ns, up);
                }
            }
            return;
        }
        // intermediate object absent: <controller>-<hash> (ReplicaSet of a Deployment, Job of a CronJob)
        String parentKind = switch (o.kind()) {
            case "ReplicaSet" -> "Deployment";
            case "Job" -> "CronJob";
            default -> null;
        };
        if (parentKind == null) {
            return;
        }
        for (Workload w : controllersByNs.getOrDefault(new Id(ns, parentKind, ""), List.of())) {
            KubeObject m = w.meta();
            if (o.name().startsWith(m.name() + "-")
                    && HASH.matcher(o.name().substring(m.name().length() + 1)).matches()) {
                covered.add(new Id(ns, parentKind, m.name()));
            }
        }
    }

    /** An object by namespace, kind and name (a controller list by namespace and kind has an empty name). */
    private record Id(String namespace, String kind, String name) {
    }
}
