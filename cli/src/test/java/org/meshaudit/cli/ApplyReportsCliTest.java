package org.meshaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.reports.policyreport.PolicyReports;
import org.meshaudit.reports.policyreport.ReportPublisher;
import org.meshaudit.testkit.MockCluster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code scan --apply-reports} (CronJob mode) against fabric8's CRUD mock: create, replace, prune, and a 403. */
@EnableKubernetesMockClient(crud = true, https = true)
class ApplyReportsCliTest {
    static KubernetesMockServer server;
    static KubernetesClient client;
    static final String AS_OF = "2026-11-29T00:00:00Z";

    @BeforeAll
    static void load() throws Exception {
        MockCluster.load(client, MockCluster.read(CliRunner.demo()), o -> true);
    }

    @AfterEach
    void clear() {
        server.clearExpectations();
        namespaced().inAnyNamespace().delete();
        cluster().delete();
    }

    static ReportPublisher publisher() {
        return new ReportPublisher(client, PolicyReports.Api.WGPOLICY);
    }

    static io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> namespaced() {
        return client.genericKubernetesResources(publisher().context(true));
    }

    static io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> cluster() {
        ResourceDefinitionContext c = publisher().context(false);
        return client.genericKubernetesResources(c);
    }

    static List<JsonNode> docs(Path yaml) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAMLMapper.builder().build().readerFor(JsonNode.class).readValues(yaml.toFile())) {
            while (it.hasNextValue()) {
                out.add(it.nextValue());
            }
        }
        return out;
    }

    static CliRunner.Run scan(Path kc, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("scan", "--kubeconfig", kc.toString(), "--api-qps", "1000",
                "--as-of", AS_OF, "-o", out.toString(), "--fail-on", "none", "--format", "policyreport,prometheus"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void applyCreatesReplacesAndPrunesReports(@TempDir Path tmp) throws Exception {
        Path kc = MockCluster.kubeconfig(client, tmp);
        // a stale chunk from an earlier run, and someone else's report that must be left alone
        namespaced().inNamespace("checkout").resource(report("meshaudit-9", "checkout", "meshaudit")).create();
        namespaced().inNamespace("checkout").resource(report("kyverno-xyz", "checkout", "kyverno")).create();

        CliRunner.Run first = scan(kc, tmp.resolve("a"), "--apply-reports");
        assertEquals(0, first.code(), first.out() + first.err());
        List<JsonNode> docs = docs(tmp.resolve("a/audit.policyreport.yaml"));
        long ns = docs.stream().filter(d -> d.get("kind").asString().equals("PolicyReport")).count();
        assertTrue(ns > 0);
        assertTrue(first.out().contains("Reports applied (wgpolicyk8s.io/v1alpha2): " + docs.size() + " created, 0 replaced, 1 outdated deleted"), first.out());
        assertEquals(ns, namespaced().inAnyNamespace().withLabel(PolicyReports.MANAGED_BY, "meshaudit").list().getItems().size());
        assertEquals(1, cluster().list().getItems().size());
        assertEquals(null, namespaced().inNamespace("checkout").withName("meshaudit-9").get(), "stale chunk pruned");
        assertTrue(namespaced().inNamespace("checkout").withName("kyverno-xyz").get() != null, "other tools' reports kept");
        GenericKubernetesResource one = namespaced().inNamespace(docs.get(1).at("/metadata/namespace").asString())
                .withName("meshaudit").get();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) one.getAdditionalProperties().get("results");
        assertTrue(results.get(0).containsKey("properties"), "evidence properties in the cluster object");
        String prom = Files.readString(tmp.resolve("a/audit.prom"));
        assertTrue(prom.contains("meshaudit_run_duration_seconds "), "scan passes the run duration to the metrics");

        CliRunner.Run second = scan(kc, tmp.resolve("b"), "--apply-reports");
        assertEquals(0, second.code(), second.out() + second.err());
        assertTrue(second.out().contains("0 created, " + docs.size() + " replaced, 0 outdated deleted"), second.out());
    }

    @Test
    void forbiddenCreateIsExit2AndLeavesNothingHalfWritten(@TempDir Path tmp) throws Exception {
        Path kc = MockCluster.kubeconfig(client, tmp);
        CliRunner.Run dry = scan(kc, tmp.resolve("plan"));
        assertEquals(0, dry.code(), dry.err());
        List<JsonNode> docs = docs(tmp.resolve("plan/audit.policyreport.yaml"));
        String last = docs.get(docs.size() - 1).at("/metadata/namespace").asString();
        assertTrue(docs.size() >= 3, "the cluster report and some namespaces are written before the denied one");
        server.expect().post().withPath("/apis/wgpolicyk8s.io/v1alpha2/namespaces/" + last + "/policyreports")
                .andReturn(403, MockCluster.status(403, "Forbidden", "policyreports.wgpolicyk8s.io is forbidden")).always();

        CliRunner.Run r = scan(kc, tmp.resolve("out"), "--apply-reports");
        assertEquals(ExitCodes.USAGE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("cannot create wgpolicyk8s.io/v1alpha2 PolicyReport " + last + "/meshaudit (HTTP 403)"), r.err());
        assertTrue(r.err().contains("nothing was changed in the cluster"), r.err());
        assertTrue(r.err().contains("deploy/overlays/policy-reports"), r.err());
        assertEquals(0, namespaced().inAnyNamespace().list().getItems().size(), "created reports rolled back");
        assertEquals(0, cluster().list().getItems().size(), "cluster report rolled back");
        assertTrue(Files.exists(tmp.resolve("out/audit.json")), "local evidence is still written");
    }

    @Test
    void failOnIncompleteFalseGatesByFindingsOnly(@TempDir Path tmp) throws Exception {
        server.expect().get().withPath("/apis/security.istio.io/v1/authorizationpolicies?limit=500")
                .andReturn(403, MockCluster.status(403, "Forbidden", "authorizationpolicies is forbidden")).always();
        Path kc = MockCluster.kubeconfig(client, tmp);
        CliRunner.Run strict = scan(kc, tmp.resolve("a"));
        assertEquals(ExitCodes.INCOMPLETE, strict.code(), strict.out());
        CliRunner.Run lenient = scan(kc, tmp.resolve("b"), "--fail-on-incomplete=false");
        assertEquals(ExitCodes.OK, lenient.code(), lenient.out());
        assertTrue(lenient.out().contains("incomplete, not gated"), lenient.out());
        CliRunner.Run gated = CliRunner.run("scan", "--kubeconfig", kc.toString(), "--api-qps", "1000", "--as-of", AS_OF,
                "-o", tmp.resolve("c").toString(), "--fail-on-incomplete=false");
        assertEquals(ExitCodes.FINDINGS, gated.code(), gated.out());
    }

    static GenericKubernetesResource report(String name, String ns, String managedBy) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("wgpolicyk8s.io/v1alpha2");
        r.setKind("PolicyReport");
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns)
                .withLabels(Map.of(PolicyReports.MANAGED_BY, managedBy)).build());
        r.setAdditionalProperty("results", List.of());
        return r;
    }
}
