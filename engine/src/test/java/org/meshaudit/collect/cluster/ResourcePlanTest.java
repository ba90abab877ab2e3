package org.meshaudit.collect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ResourcePlanTest {

    @Test
    void objectPathsNameTheResourceTheyWereListedFrom() {
        assertEquals("|v1|pods", ResourcePlan.resourceOf(ResourcePlan.path("", "v1", "pods", "shop") + "/web-1"));
        assertEquals("|v1|namespaces", ResourcePlan.resourceOf("/api/v1/namespaces/shop")); // a Namespace itself
        assertEquals("security.istio.io|v1|peerauthentications", ResourcePlan.resourceOf(
                ResourcePlan.path("security.istio.io", "v1", "peerauthentications", "istio-system") + "/default"));
        assertEquals("admissionregistration.k8s.io|v1|mutatingwebhookconfigurations", ResourcePlan.resourceOf(
                ResourcePlan.path("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", null)
                        + "/istio-sidecar-injector"));
        assertNull(ResourcePlan.resourceOf("/apis/security.istio.io/v1/peerauthentications"));
        assertNull(ResourcePlan.resourceOf("manifests/a.yaml"));
        assertNull(ResourcePlan.resourceOf("/api"));
    }
}
