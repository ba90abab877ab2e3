package org.meshaudit.normalize.mesh;

import java.util.Set;

/**
 * What the user told us about the meshes, beyond what the input holds.
 *
 * @param istioRootNamespace  overrides {@code meshConfig.rootNamespace} (null: read the mesh ConfigMap)
 * @param assumeMeshDefaults  when a mesh configuration object is absent from the input (Istio mesh ConfigMap,
 *                            injector ConfigMap, {@code linkerd-config}), use the mesh's documented defaults instead of
 *                            reporting ERROR (GEN-3). Off by default; recorded in the report when on.
 * @param extraSystemNamespaces namespaces to treat as system namespaces in addition to the built-in ones
 * @param inScopeNamespaces   namespaces in scope of at least one selected framework (trait {@code in-scope})
 */
public record MeshOptions(String istioRootNamespace, boolean assumeMeshDefaults, Set<String> extraSystemNamespaces,
                          Set<String> inScopeNamespaces) {

    public static MeshOptions defaults() {
        return new MeshOptions(null, false, Set.of(), Set.of());
    }
}
