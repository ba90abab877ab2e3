package org.meshaudit.facts;

import java.util.ArrayList;
import java.util.List;
import org.meshaudit.normalize.mesh.MeshPosture;

/**
 * Everything normalize derived from a snapshot: the facts the rules see, the posture for the report, and notices
 * (remarks for the auditor that do not make the run incomplete, e.g. a policy selecting nothing).
 */
public record FactSet(List<Subject> subjects, MeshPosture posture, List<org.meshaudit.model.CollectionIssue> notices) {

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
