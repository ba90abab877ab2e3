package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Renders deploy/ with kubectl kustomize and checks the properties the CronJob section asks for. */
class DeployManifestsTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    static List<JsonNode> render(String dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", CliRunner.repoRoot().resolve(dir).toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "kubectl not installed");
            return List.of();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<JsonNode> docs = new ArrayList<>();
        YAML.readerFor(JsonNode.class).<JsonNode>readValues(out).forEachRemaining(docs::add);
        return docs;
    }

    static JsonNode one(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asString("").equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    @Test
    void baseIsReadOnlyWithoutSecretsAndTheCronJobIsHardened() throws Exception {
        List<JsonNode> docs = render("deploy/base");
        JsonNode role = one(docs, "ClusterRole");
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode verb : rule.path("verbs")) {
                assertTrue(List.of("get", "list").contains(verb.asString()), "read-only: " + rule);
            }
            for (JsonNode res : rule.path("resources")) {
                assertFalse(res.asString().equals("secrets") || res.asString().equals("*"), "no Secrets: " + rule);
            }
            if (rule.path("resources").toString().contains("configmaps")) {
                assertFalse(rule.path("resourceNames").isEmpty(), "ConfigMaps by name only");
            }
        }
        JsonNode cj = one(docs, "CronJob").path("spec");
        assertEquals("Forbid", cj.path("concurrencyPolicy").asString());
        JsonNode job = cj.path("jobTemplate").path("spec");
        assertTrue(job.path("activeDeadlineSeconds").asInt() > 0);
        assertTrue(job.path("backoffLimit").asInt() <= 2);
        JsonNode pod = job.path("template").path("spec");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true));
        JsonNode c = pod.path("containers").get(0);
        assertTrue(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertFalse(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
        assertFalse(c.path("resources").path("requests").isEmpty());
        assertFalse(c.path("resources").path("limits").isEmpty());
        assertTrue(c.path("args").toString().contains("--keep-runs"));
        assertFalse(c.path("args").toString().contains("--read-tls-secrets"));
        assertTrue(pod.path("volumes").toString().contains("meshaudit-reports"));
        one(docs, "PersistentVolumeClaim");
        one(docs, "NetworkPolicy");
    }

    @Test
    void tlsSecretOverlayAddsOnlySecretReadsAndTheFlag() throws Exception {
        List<JsonNode> docs = render("deploy/overlays/tls-secrets");
        long roles = docs.stream().filter(d -> d.path("kind").asString("").equals("ClusterRole")).count();
        assertEquals(2, roles);
        JsonNode secretRole = docs.stream().filter(d -> d.path("metadata").path("name").asString("")
                .equals("meshaudit-tls-secret-reader") && d.path("kind").asString("").equals("ClusterRole"))
                .findFirst().orElseThrow();
        for (JsonNode rule : secretRole.path("rules")) {
            assertEquals("[\"secrets\"]", rule.path("resources").toString());
            assertFalse(rule.path("verbs").toString().contains("watch"));
        }
        assertTrue(one(docs, "CronJob").toString().contains("--read-tls-secrets"));
    }

    @Test
    void policyReportOverlayGrantsOnlyReportWritesAndAddsTheFlag() throws Exception {
        List<JsonNode> docs = render("deploy/overlays/policy-reports");
        JsonNode writer = docs.stream().filter(d -> d.path("metadata").path("name").asString("")
                .equals("meshaudit-report-writer") && d.path("kind").asString("").equals("ClusterRole"))
                .findFirst().orElseThrow();
        for (JsonNode rule : writer.path("rules")) {
            String groups = rule.path("apiGroups").toString();
            assertTrue(groups.equals("[\"wgpolicyk8s.io\"]") || groups.equals("[\"openreports.io\"]"), groups);
            assertFalse(rule.path("verbs").toString().contains("watch"));
            assertFalse(rule.path("resources").toString().contains("secrets"));
        }
        String cron = one(docs, "CronJob").toString();
        assertTrue(cron.contains("--apply-reports"));
        assertFalse(cron.contains("--read-tls-secrets"));
    }

    @Test
    void probeOverlayRunsOutsideTheMeshAndReachesOnlyPrivateRanges() throws Exception {
        List<JsonNode> docs = render("deploy/overlays/probe");
        JsonNode pod = one(docs, "CronJob").path("spec").path("jobTemplate").path("spec").path("template");
        assertEquals("false", pod.path("metadata").path("labels").path("sidecar.istio.io/inject").asString());
        assertEquals("none", pod.path("metadata").path("labels").path("istio.io/dataplane-mode").asString());
        assertEquals("disabled", pod.path("metadata").path("annotations").path("linkerd.io/inject").asString());
        assertTrue(pod.path("spec").path("containers").get(0).path("args").toString().contains("--probe"));
        JsonNode np = docs.stream().filter(d -> d.path("metadata").path("name").asString("").equals("meshaudit-probe"))
                .findFirst().orElseThrow();
        for (JsonNode to : np.path("spec").path("egress").get(0).path("to")) {
            String cidr = to.path("ipBlock").path("cidr").asString();
            assertTrue(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10").contains(cidr), cidr);
        }
    }
}
