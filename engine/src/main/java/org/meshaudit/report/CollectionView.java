package org.meshaudit.report;

import java.util.List;
import java.util.Map;
import org.meshaudit.model.CollectionIssue;

/**
 * What was read and what was not.
 *
 * @param kinds  objects read per apiVersion/kind (unknown kinds included)
 * @param issues everything that could not be read or understood
 */
public record CollectionView(Map<String, Integer> kinds, List<CollectionIssue> issues) {
}
