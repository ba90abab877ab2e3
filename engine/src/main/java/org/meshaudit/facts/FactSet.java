package org.meshaudit.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meshaudit.normalize.mesh.MeshPosture;

/**
 * Everything normalize derived from a snapshot: the facts the rules see, the posture for the report, notices
 * (remarks for the auditor that do not make the run incomplete, e.g. a policy selecting nothing), and the subjects
 * that depend on kinds the collection could not read.
 *
 * @param coverageErrors subjects that depend on kinds the collection could not read, with the reason
 *                       ({@link org.meshaudit.normalize.CoverageGate}); the evaluator makes them ERROR
 */
public record FactSet(List<Subject> subjects, MeshPosture posture, List<org.meshaudit.model.CollectionIssue> notices,
                      Map<SubjectRef, String> coverageErrors) {

    public FactSet {
        notices = List.copyOf(notices);
        coverageErrors = Map.copyOf(coverageErrors);
    }

    public <T extends Subject> List<T> ofType(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Subject s : subjects) {
            if (type.isInstance(s)) {
                out.add(type.cast(s));
            }
        }
        return out;
    }
}
