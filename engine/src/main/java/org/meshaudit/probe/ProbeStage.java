package org.meshaudit.probe;

import java.util.ArrayList;
import java.util.List;
import org.meshaudit.api.UsageException;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.facts.FactSet;
import org.meshaudit.facts.ProbedEndpoint;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.WorkloadPosture;
import org.meshaudit.model.CollectionIssue;
import tools.jackson.databind.node.ObjectNode;

/**
 * The probe step of the pipeline, between normalize and evaluate: ProbeTranscript documents of the input become
 * {@link ProbedEndpoint} facts, and when a probe is requested the live targets are probed and added the same way.
 */
public final class ProbeStage {
    private ProbeStage() {
    }

    /** Checks the explicit targets before anything is sent; a refused one is a usage error (exit 2). */
    public static List<ProbeTarget> explicitTargets(ProbeOptions o) {
        TargetGuard guard = new TargetGuard(o.allowLoopback());
        List<ProbeTarget> out = new ArrayList<>();
        for (String t : o.targets()) {
            try {
                TargetGuard.Checked c = guard.check(t);
                out.add(new ProbeTarget(c.host(), c.port(), c.address(), null, "", o.expectMtls() ? Boolean.TRUE : null,
                        o.expectMtls() ? "--expect-mtls: judged as if the posture said STRICT" : null));
            } catch (TargetGuard.Refused e) {
                throw new UsageException("probe target refused: " + e.getMessage(),
                        "only Service cluster IPs and in-cluster DNS names (*.svc) are probed; --allow-loopback exists"
                                + " for testing");
            }
        }
        return out;
    }

    /** The facts with probe results added (from the input's transcripts and, if {@code options} is set, live). */
    public static FactSet apply(ProbeOptions options, Snapshot snapshot, FactSet facts) {
        List<WorkloadPosture> workloads = facts.posture().workloads();
        List<Subject> subjects = new ArrayList<>(facts.subjects());
        List<CollectionIssue> notices = new ArrayList<>(facts.notices());
        subjects.addAll(ProbeTranscripts.fromSnapshot(snapshot, workloads));
        if (options != null) {
            List<ProbeTarget> targets = new ArrayList<>(explicitTargets(options));
            if (options.services() != ProbeOptions.Services.NONE) {
                TargetGuard guard = new TargetGuard(options.allowLoopback());
                for (ServiceTargets.Candidate c : ServiceTargets.of(snapshot, workloads)) {
                    String where = c.service().key() + ":" + c.port();
                    if (options.services() == ProbeOptions.Services.MTLS_REQUIRED && !Boolean.TRUE.equals(c.expectMtls())) {
                        continue;
                    }
                    if (c.skip() != null) {
                        notices.add(new CollectionIssue(where, "probe-skipped", c.skip()));
                        continue;
                    }
                    try {
                        TargetGuard.Checked ok = guard.check(c.clusterIp(), c.port());
                        targets.add(new ProbeTarget(c.clusterIp(), c.port(), ok.address(),
                                c.service().namespace() + "/" + c.service().name(), c.service().uid(), c.expectMtls(),
                                c.expectation()));
                    } catch (TargetGuard.Refused e) {
                        notices.add(new CollectionIssue(where, "probe-skipped", "cluster IP refused: " + e.getMessage()));
                    }
                }
            }
            List<ObjectNode> docs = new Prober(options).run(targets);
            if (options.sink() != null) {
                options.sink().accept(docs);
            }
            for (ObjectNode d : docs) {
                subjects.add(ProbeTranscripts.toFact(d.path("spec"), "", snapshot, workloads));
            }
        }
        return new FactSet(List.copyOf(subjects), facts.posture(), notices, facts.coverageErrors());
    }
}
