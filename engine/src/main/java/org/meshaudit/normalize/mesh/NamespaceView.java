package org.meshaudit.normalize.mesh;

import java.util.Map;

/**
 * Namespace metadata as injection predictions see it. {@code known} is false when the Namespace object is not in
 * the input; predictions then try every relevant label/annotation combination ({@link DataplaneResolver}).
 */
record NamespaceView(String name, Map<String, String> labels, Map<String, String> annotations, boolean known) {

    String label(String key) {
        return labels.get(key);
    }

    String annotation(String key) {
        return annotations.get(key);
    }
}
