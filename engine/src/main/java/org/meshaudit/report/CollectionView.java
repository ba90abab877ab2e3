package org.meshaudit.report;

import java.util.List;
import java.util.Map;
import org.meshaudit.model.CollectionIssue;

/**
 * What was read and what was not.
 *
 * @param kinds  objects read per apiVersion/kind (unknown kinds included)
 * @param issues  everything that could not be read or understood (any issue makes the run incomplete)
 * @param notices remarks that do not make the run incomplete, e.g. a policy whose selector matches nothing
 */
public record CollectionView(Map<String, Integer> kinds, List<CollectionIssue> issues, List<CollectionIssue> notices) {
}
