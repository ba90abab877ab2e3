package org.meshaudit.collect.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.api.UsageException;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.collect.SnapshotBuilder;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KindCoverage;
import org.meshaudit.model.KubeObject;
import org.meshaudit.model.Workload;

class ManifestCollectorTest {
    @TempDir
    Path dir;

    private Snapshot read(String... paths) {
        return readWithStdin(null, paths);
    }

    private Snapshot readWithStdin(String stdin, String... paths) {
        SnapshotBuilder b = new SnapshotBuilder();
        new ManifestCollector(List.of(paths),
                stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                ParserLimits.defaults()).collect(b);
        return b.build();
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private static final String NS = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: enabled}\n";
    private static final String DEPLOY = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n"
            + "spec:\n  template:\n    metadata:\n      labels: {app: api}\n      annotations: {sidecar.istio.io/inject: \"false\"}\n"
            + "    spec:\n      containers:\n      - name: api\n        ports: [{containerPort: 8080, name: http}]\n";

    @Test
    void readsMultiDocumentYamlRecursivelyInPathOrder() throws IOException {
        write("b/deploy.yaml", DEPLOY);
        write("a/ns.yml", "---\n" + NS + "---\n");
        write("a/notes.txt", "not a manifest");
        write(".hidden/x.yaml", NS.replace("shop", "hidden"));
        Snapshot s = read(dir.toString());
        assertEquals(List.of(), s.issues());
        assertEquals(1, s.ofKind("Namespace").size());
        assertEquals("shop", s.ofKind("Namespace").get(0).name());
        Workload w = s.workloads().get(0);
        assertEquals("Deployment", w.meta().kind());
        assertEquals("false", w.template().annotations().get("sidecar.istio.io/inject"));
        assertEquals(8080, w.template().containers().get(0).ports().get(0).number());
        assertFalse(w.admitted());
        assertTrue(w.meta().source().endsWith("deploy.yaml:1"), w.meta().source());
    }

    @Test
    void readsKubectlListOutputAndJson() throws IOException {
        write("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- " + NS.replace("\n", "\n  ").strip() + "\n");
        write("pods.json", "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                + "\"metadata\":{\"name\":\"p1\",\"namespace\":\"shop\",\"uid\":\"u-1\"},\"spec\":{\"containers\":[{\"name\":\"app\"},"
                + "{\"name\":\"istio-proxy\"}]},\"status\":{\"phase\":\"Running\"}}]}");
        Snapshot s = read(dir.toString());
        assertEquals(List.of(), s.issues());
        assertEquals(1, s.ofKind("Namespace").size());
        Workload pod = s.workloads().get(0);
        assertTrue(pod.admitted());
        assertTrue(pod.template().hasProxy("istio-proxy"));
        assertTrue(pod.meta().source().contains("#items[0]"));
    }

    @Test
    void namesLocationsAndCertManagerStatusesThatRepeatAreKeptOnce() throws IOException {
        StringBuilder json = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[");
        for (String ns : List.of("a", "b")) {
            json.append(ns.equals("a") ? "" : ",").append("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":")
                    .append("{\"name\":\"web-tls\",\"namespace\":\"").append(ns).append("\"},\"spec\":{}},")
                    .append("{\"apiVersion\":\"cert-manager.io/v1\",\"kind\":\"Certificate\",\"metadata\":")
                    .append("{\"name\":\"web\",\"namespace\":\"").append(ns).append("\"},\"spec\":{\"secretName\":")
                    .append("\"web-tls\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],")
                    .append("\"notAfter\":\"2027-0").append(ns.equals("a") ? 1 : 2).append("-01T00:00:00Z\"}}");
        }
        write("list.json", json.append("]}").toString());
        Snapshot s = read(dir.toString());
        assertEquals(List.of(), s.issues());
        List<KubeObject> services = s.ofKind("Service");
        assertSame(services.get(0).name(), services.get(1).name());
        assertSame(services.get(0).document(), services.get(1).document()); // the items share their List's location
        assertTrue(services.get(0).source().endsWith("list.json:1#items[0]"), services.get(0).source());
        assertTrue(services.get(1).source().endsWith("list.json:1#items[2]"), services.get(1).source());
        List<KubeObject> certs = s.ofKind("Certificate");
        var first = s.status(certs.get(0));
        var second = s.status(certs.get(1));
        assertSame(first.get("conditions"), second.get("conditions"));
        assertEquals("2027-01-01T00:00:00Z", first.get("notAfter").asString());
        assertEquals("2027-02-01T00:00:00Z", second.get("notAfter").asString());
        assertEquals("True", second.at("/conditions/0/status").asString());
    }

    @Test
    void readsStdinWithDash() {
        Snapshot s = readWithStdin(NS, "-");
        assertEquals(1, s.ofKind("Namespace").size());
        assertTrue(s.source().contains("stdin"));
    }

    @Test
    void unknownKindsAreKeptAndCounted() throws IOException {
        write("x.yaml", "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: shop}\nspec: {}\n");
        Snapshot s = read(dir.toString());
        assertEquals(1, s.ofKind("ServiceMonitor").size());
        assertEquals(1, s.kinds().get("monitoring.coreos.com/v1/ServiceMonitor"));
        assertTrue(s.issues().isEmpty());
    }

    @Test
    void malformedYamlIsAnIssueWithFileAndLine() throws IOException {
        Path f = write("bad.yaml", NS + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n");
        Snapshot s = read(f.toString());
        assertEquals(1, s.ofKind("Namespace").size(), "documents before the error are kept");
        CollectionIssue i = s.issues().get(0);
        assertEquals("parse-error", i.kind());
        assertTrue(i.source().matches(".*bad\\.yaml:\\d+"), i.source());
        assertTrue(i.message().startsWith("malformed YAML"), i.message());
        assertFalse(i.message().contains("\n"));
    }

    @Test
    void yamlAliasBombIsRejectedQuickly() throws IOException {
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb, namespace: x}\ndata:\n");
        b.append("  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 12; i++) {
            b.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                b.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        Path f = write("bomb.yaml", b.toString());
        Snapshot s = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> read(f.toString()));
        assertEquals(1, s.issues().size(), s.issues().toString());
        assertEquals("limit-exceeded", s.issues().get(0).kind(), s.issues().get(0).message());
        assertTrue(s.ofKind("ConfigMap").isEmpty());
    }

    @Test
    void aliasesAreExpandedAsKubernetesDoes() throws IOException {
        Path f = write("alias.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: &l {istio-injection: enabled}\n"
                + "  annotations: *l\n");
        Snapshot s = read(f.toString());
        assertEquals(List.of(), s.issues());
        assertEquals("enabled", s.ofKind("Namespace").get(0).annotation("istio-injection"));
    }

    @Test
    void aBrokenDocumentDoesNotHideTheNextOne() throws IOException {
        Path f = write("mixed.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n---\n" + NS);
        Snapshot s = read(f.toString());
        assertEquals(1, s.issues().size());
        assertEquals(1, s.ofKind("Namespace").size());
        assertTrue(s.issues().get(0).source().endsWith("mixed.yaml:3") || s.issues().get(0).source().contains("mixed.yaml:"),
                s.issues().get(0).source());
    }

    @Test
    void hugeDocumentIsRejectedByTheDocumentLimit() throws IOException {
        String big = "x".repeat(50 * 1024 * 1024);
        Path f = write("huge.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge, namespace: x}\ndata:\n  blob: " + big + "\n");
        Snapshot s = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> read(f.toString()));
        assertEquals(1, s.issues().size());
        assertEquals("limit-exceeded", s.issues().get(0).kind(), s.issues().get(0).message());
    }

    /** A ParserLimits like the defaults with a per-document limit of {@code chars}. */
    private Snapshot readWithDocumentLimit(int chars, String path) {
        ParserLimits d = ParserLimits.defaults();
        SnapshotBuilder b = new SnapshotBuilder();
        new ManifestCollector(List.of(path), null, new ParserLimits(d.maxFileBytes(), chars, d.maxYamlAliases(),
                d.maxNestingDepth(), d.maxStringLength(), d.maxDocumentsPerFile())).collect(b);
        return b.build();
    }

    private static String namespaceItem(String name, String padding) {
        return "- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: " + name + "\n    annotations:\n"
                + "      note: \"" + padding + "\"\n";
    }

    @Test
    void aYamlListAboveTheDocumentLimitIsReadItemByItem() throws IOException {
        // kubectl get -o yaml of a large cluster is one List document; kubectl prints kind after the items
        StringBuilder list = new StringBuilder("apiVersion: v1\nitems:\n");
        for (int i = 0; i < 40; i++) {
            list.append(namespaceItem("ns-" + i, "x".repeat(100)));
        }
        list.append("kind: List\nmetadata: {resourceVersion: \"\"}\n");
        Path f = write("big-list.yaml", list.toString());
        Snapshot s = readWithDocumentLimit(2_000, f.toString());
        assertEquals(List.of(), s.issues());
        assertEquals(40, s.ofKind("Namespace").size());
        assertEquals("ns-39", s.ofKind("Namespace").get(39).name());
    }

    @Test
    void anItemAboveTheLimitIsLeftOutAndItsKindIsNotFullyRead() throws IOException {
        Path f = write("big-item.yaml", "apiVersion: v1\nkind: List\nitems:\n" + namespaceItem("small", "x")
                + namespaceItem("large", "x".repeat(3_000)) + namespaceItem("after", "x"));
        Snapshot s = readWithDocumentLimit(2_000, f.toString());
        assertEquals(List.of("after", "small"), s.ofKind("Namespace").stream().map(KubeObject::name).sorted().toList());
        assertEquals(1, s.issues().size(), s.issues().toString());
        CollectionIssue i = s.issues().get(0);
        assertEquals("limit-exceeded", i.kind());
        assertTrue(i.message().startsWith("items[1] of the List at " + f + ":1 is "), i.message());
        assertTrue(s.coverage().stream().anyMatch(c -> c.kind().equals("Namespace")
                && c.state() == org.meshaudit.model.KindCoverage.State.FAILED), s.coverage().toString());
    }

    @Test
    void aLargeDocumentThatIsNotAListIsStillSkippedForItsSize() throws IOException {
        Path f = write("big-map.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: x}\n"
                + "data:\n  blob: " + "x".repeat(3_000) + "\n---\n" + NS);
        Snapshot s = readWithDocumentLimit(2_000, f.toString());
        assertEquals(1, s.issues().size(), s.issues().toString());
        assertEquals("limit-exceeded", s.issues().get(0).kind());
        assertTrue(s.issues().get(0).message().startsWith("YAML document is "), s.issues().get(0).message());
        assertEquals(1, s.ofKind("Namespace").size());
    }

    @Test
    void nonKubernetesDocumentIsAnIssueNotACrash() throws IOException {
        Path f = write("values.yaml", "replicaCount: 3\nimage: {tag: latest}\n---\n- a\n- b\n---\n" + NS);
        Snapshot s = read(f.toString());
        assertEquals(1, s.ofKind("Namespace").size());
        assertEquals(2, s.issues().size());
        assertTrue(s.issues().stream().allMatch(i -> i.kind().equals("invalid-object")));
    }

    @Test
    void invalidPortAndMissingNameAreIssues() throws IOException {
        Path f = write("x.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n  containers:\n"
                + "  - name: a\n    ports: [{containerPort: 70000}]\n---\napiVersion: v1\nkind: Service\nmetadata: {namespace: x}\n");
        Snapshot s = read(f.toString());
        assertEquals(2, s.issues().size(), s.issues().toString());
        assertTrue(s.workloads().isEmpty());
    }

    @Test
    void duplicateObjectsAreReported() throws IOException {
        write("a.yaml", NS);
        write("b.yaml", NS);
        Snapshot s = read(dir.toString());
        assertEquals(1, s.ofKind("Namespace").size());
        assertEquals("duplicate-object", s.issues().get(0).kind());
    }

    @Test
    void missingInputPathIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> read(dir.resolve("nope").toString()));
        assertTrue(e.getMessage().contains("not found"));
    }

    @Test
    void secretDataIsNeverRetained() throws IOException {
        Path f = write("s.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: x}\ntype: kubernetes.io/tls\n"
                + "data:\n  tls.crt: Y2VydA==\n  tls.key: c2VjcmV0LWtleQ==\nstringData: {password: hunter2}\n");
        Snapshot s = read(f.toString());
        KubeObject secret = s.ofKind("Secret").get(0);
        assertTrue(secret.spec().isEmpty(), secret.spec().toString());
        assertFalse(secret.toString().contains("c2VjcmV0LWtleQ"));
        assertFalse(secret.toString().contains("hunter2"));
    }

    @Test
    void theLastAppliedCopyOfASecretIsNeverRetained() throws IOException {
        // kubectl apply keeps the whole object, a Secret's data included, in this annotation (D01)
        String applied = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"data\":{\"tls.key\":\"c2VjcmV0LWtleQ==\"}}";
        Path yaml = write("applied.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\n  namespace: x\n"
                + "  annotations:\n    team: shop\n    kubectl.kubernetes.io/last-applied-configuration: '" + applied
                + "'\ntype: kubernetes.io/tls\n");
        Path list = write("applied.json", "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\","
                + "\"kind\":\"Secret\",\"metadata\":{\"name\":\"tls2\",\"namespace\":\"x\",\"annotations\":{\"team\":"
                + "\"shop\",\"kubectl.kubernetes.io/last-applied-configuration\":\"" + applied.replace("\"", "\\\"")
                + "\"}},\"type\":\"kubernetes.io/tls\"}]}");
        for (Path f : List.of(yaml, list)) {
            Snapshot s = read(f.toString());
            KubeObject secret = s.ofKind("Secret").get(0);
            assertEquals(Map.of("team", "shop"), secret.annotations(), f.toString());
            assertFalse(secret.toString().contains("c2VjcmV0LWtleQ"), f.toString());
        }
    }

    @Test
    void otherConfigMapDataIsDroppedButMeshConfigKept() throws IOException {
        Path f = write("c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-settings, namespace: x}\ndata: {password: p}\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata: {mesh: 'rootNamespace: istio-system'}\n");
        Snapshot s = read(f.toString());
        assertTrue(s.ofKind("ConfigMap").stream().filter(c -> c.name().equals("app-settings")).findFirst().get().spec().isEmpty());
        assertEquals("rootNamespace: istio-system",
                s.ofKind("ConfigMap").stream().filter(c -> c.name().equals("istio")).findFirst().get().spec().get("mesh").asString());
    }

    @Test
    void deepNestingIsLimited() throws IOException {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Path f = write("deep.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"d\"},\"data\":" + deep + "}");
        Snapshot s = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> read(f.toString()));
        assertEquals(1, s.issues().size());
        assertEquals("limit-exceeded", s.issues().get(0).kind(), s.issues().get(0).message());
    }

    @Test
    void deepNestingInsideAListItemIsLimited() throws IOException {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Path f = write("deep-list.json", "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\","
                + "\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"d\",\"labels\":{\"x\":" + deep + "}}}]}");
        Snapshot s = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> read(f.toString()));
        assertEquals(1, s.issues().size());
        assertEquals("limit-exceeded", s.issues().get(0).kind(), s.issues().get(0).message());
    }

    @Test
    void inputDigestIsStable() throws IOException {
        write("a.yaml", NS);
        assertEquals(read(dir.toString()).inputDigest(), read(dir.toString()).inputDigest());
    }

    private static String podJson(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"shop\"},\"spec\":{\"containers\":[{\"name\":\"app\"}]}}";
    }

    @Test
    void aJsonListCutOffMidwayAddsNoneOfItsItems() throws IOException {
        write("a.yaml", NS);
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 600; i++) { // more than the projection thread holds at once: some are added on the way
            items.append(i == 0 ? "" : ",").append(podJson("p" + i));
        }
        write("b.json", "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + items + ",{\"apiVersion\":");
        Snapshot s = read(dir.toString());
        assertEquals(1, s.issues().size(), s.issues().toString());
        assertEquals("parse-error", s.issues().get(0).kind());
        assertEquals(0, s.workloads().size());
        assertEquals(java.util.Map.of("v1/Namespace", 1), s.kinds());
    }

    @Test
    void aDocumentWithItemsThatIsNotAListIsReadWholeAndItsItemsLeaveNoTrace() throws IOException {
        write("a.yaml", NS);
        // a ConfigMap that happens to have a top-level "items" holding a copy of the Namespace above: while its items
        // stream, the copy is a duplicate; once the document turns out not to be a List, neither remains
        String ns = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\"}}";
        StringBuilder items = new StringBuilder(ns);
        for (int i = 0; i < 600; i++) { // enough for some to be added before the document's end
            items.append(",").append(podJson("p" + i));
        }
        write("b.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"shop\"},"
                + "\"items\":[" + items + "]}");
        Snapshot s = read(dir.toString());
        assertEquals(List.of(), s.issues());
        assertEquals(0, s.workloads().size());
        assertEquals(1, s.ofKind("Namespace").size());
        assertEquals(1, s.ofKind("ConfigMap").size());
        assertEquals(java.util.Map.of("v1/ConfigMap", 1, "v1/Namespace", 1), s.kinds());
    }

    // ---- duplicate keys (A07): the object is malformed, not read; the rest of the file is

    private static final String PA_DUP = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
            + "metadata: {name: dup, namespace: shop}\nspec:\n  mtls:\n    mode: PERMISSIVE\n    mode: STRICT\n";
    private static final String PA_OK = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
            + "metadata: {name: ok, namespace: other}\nspec:\n  mtls:\n    mode: STRICT\n";

    /** The one issue of a snapshot: a parse-error naming the duplicate key, at {@code file:line}. */
    private static CollectionIssue duplicateIssue(Snapshot s, String key, String source) {
        assertEquals(1, s.issues().size(), s.issues().toString());
        CollectionIssue i = s.issues().get(0);
        assertEquals("parse-error", i.kind());
        assertTrue(i.message().contains("duplicate key \"" + key + "\""), i.message());
        assertTrue(i.source().endsWith(source), i.source() + " should end with " + source);
        return i;
    }

    /** The kind of the object left out is not fully read: nothing depending on it may PASS. */
    private static void assertKindFailed(Snapshot s, String group, String kind) {
        KindCoverage c = s.coverageOf(group, kind);
        assertTrue(c != null && c.state() == KindCoverage.State.FAILED, String.valueOf(s.coverage()));
    }

    @Test
    void yamlObjectWithADuplicateKeyIsNotReadAndTheOthersAre() throws IOException {
        Path f = write("dup.yaml", NS + "---\n" + PA_DUP + "---\n" + PA_OK + "---\n" + DEPLOY);
        Snapshot s = read(f.toString());
        CollectionIssue i = duplicateIssue(s, "mode", "dup.yaml:13"); // the line of the second "mode"
        assertTrue(i.message().contains("PeerAuthentication shop/dup"), i.message());
        assertTrue(i.message().contains("/spec/mtls/mode"), i.message());
        assertEquals(List.of("ok"), s.ofKind("PeerAuthentication").stream().map(KubeObject::name).toList());
        assertEquals(1, s.ofKind("Namespace").size());
        assertEquals(1, s.workloads().size());
        assertKindFailed(s, "security.istio.io", "PeerAuthentication");
        assertEquals(1, s.coverage().size(), s.coverage().toString());
    }

    @Test
    void yamlDocumentWithAnAnchorAndADuplicateKeyIsNotRead() throws IOException {
        // an anchor sends the document through snakeyaml-engine instead of Jackson's YAML parser
        String pa = PA_DUP.replace("metadata: {name: dup, namespace: shop}", "metadata: {name: dup, namespace: shop, "
                + "labels: &l {app: x}, annotations: *l}");
        Path f = write("anchor.yaml", NS + "---\n" + pa + "---\n" + PA_OK);
        Snapshot s = read(f.toString());
        CollectionIssue i = duplicateIssue(s, "mode", "anchor.yaml:13");
        assertTrue(i.message().contains("/spec/mtls/mode"), i.message());
        assertEquals(List.of("ok"), s.ofKind("PeerAuthentication").stream().map(KubeObject::name).toList());
        assertEquals(1, s.ofKind("Namespace").size());
        assertKindFailed(s, "security.istio.io", "PeerAuthentication");
    }

    @Test
    void aRedeclaredKindMarksEveryKindTheObjectMayBe() throws IOException {
        Path f = write("kind.yaml", "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nkind: Sidecar\n"
                + "metadata: {name: two, namespace: shop}\nspec: {mtls: {mode: DISABLE}}\n");
        Snapshot s = read(f.toString());
        duplicateIssue(s, "kind", "kind.yaml:3");
        assertTrue(s.objects().isEmpty());
        assertKindFailed(s, "security.istio.io", "PeerAuthentication");
        assertKindFailed(s, "security.istio.io", "Sidecar");
    }

    private static final String PA_DUP_JSON = "{\"apiVersion\":\"security.istio.io/v1\",\"kind\":\"PeerAuthentication\",\n"
            + "\"metadata\":{\"name\":\"dup\",\"namespace\":\"shop\"},\n"
            + "\"spec\":{\"mtls\":{\"mode\":\"PERMISSIVE\",\n\"mode\":\"STRICT\"}}}";
    private static final String PA_OK_JSON = "{\"apiVersion\":\"security.istio.io/v1\",\"kind\":\"PeerAuthentication\","
            + "\"metadata\":{\"name\":\"ok\",\"namespace\":\"other\"},\"spec\":{\"mtls\":{\"mode\":\"STRICT\"}}}";

    @Test
    void jsonObjectWithADuplicateKeyIsNotReadAndTheNextDocumentIs() throws IOException {
        Path f = write("dup.json", PA_DUP_JSON + "\n" + PA_OK_JSON + "\n");
        Snapshot s = read(f.toString());
        duplicateIssue(s, "mode", "dup.json:4");
        assertEquals(List.of("ok"), s.ofKind("PeerAuthentication").stream().map(KubeObject::name).toList());
        assertKindFailed(s, "security.istio.io", "PeerAuthentication");
        // stdin is read as a file of the same bytes would be
        Snapshot stdin = readWithStdin(Files.readString(f), "-");
        duplicateIssue(stdin, "mode", "stdin:4");
        assertEquals(List.of("ok"), stdin.ofKind("PeerAuthentication").stream().map(KubeObject::name).toList());
    }

    @Test
    void jsonListItemWithADuplicateKeyIsNotReadAndTheOtherItemsAre() throws IOException {
        String list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n" + PA_OK_JSON + ",\n" + PA_DUP_JSON + ",\n"
                + podJson("p1") + "]}\n";
        Path f = write("list.json", list);
        for (Snapshot s : List.of(read(f.toString()), readWithStdin(list, "-"))) {
            CollectionIssue i = duplicateIssue(s, "mode", ":6");
            assertTrue(i.message().contains("items[1] of the List at "), i.message());
            assertTrue(i.message().contains("at /spec/mtls/mode"), i.message());
            assertEquals(List.of("ok"), s.ofKind("PeerAuthentication").stream().map(KubeObject::name).toList());
            assertEquals(1, s.workloads().size());
            assertKindFailed(s, "security.istio.io", "PeerAuthentication");
        }
    }

    @Test
    void jsonListItemThatRedeclaresItsKindIsNotRead() throws IOException {
        // the pruned reader leaves out what the first kind does not need: a second kind is a duplicate, not a reread
        Path f = write("kind.json", "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\","
                + "\"kind\":\"Secret\",\"metadata\":{\"name\":\"istio\",\"namespace\":\"istio-system\"},\"data\":"
                + "{\"mesh\":\"x\"},\"kind\":\"ConfigMap\"}," + podJson("p1") + "]}");
        Snapshot s = read(f.toString());
        duplicateIssue(s, "kind", "kind.json:1");
        assertTrue(s.objects().isEmpty());
        assertEquals(1, s.workloads().size());
        assertKindFailed(s, "", "Secret");
        assertKindFailed(s, "", "ConfigMap");
    }

    @Test
    void jsonListWhoseOwnKeysRepeatAddsNoneOfItsItems() throws IOException {
        write("a.yaml", NS);
        write("b.json", "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + podJson("p1") + "," + PA_OK_JSON
                + "],\"kind\":\"List\"}");
        Snapshot s = read(dir.toString());
        duplicateIssue(s, "kind", "b.json:1");
        assertEquals(0, s.workloads().size());
        assertTrue(s.ofKind("PeerAuthentication").isEmpty());
        assertEquals(1, s.ofKind("Namespace").size());
        assertKindFailed(s, "", "Pod");
        assertKindFailed(s, "security.istio.io", "PeerAuthentication");
    }

    @Test
    void yamlListItemWithADuplicateKeyIsNotReadAndTheOtherItemsAre() throws IOException {
        String item = PA_DUP.replace("\n", "\n  ").strip();
        String ok = PA_OK.replace("\n", "\n  ").strip();
        Path f = write("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- " + ok + "\n- " + item + "\n- "
                + NS.replace("\n", "\n  ").strip() + "\n");
        Snapshot s = read(f.toString());
        CollectionIssue i = duplicateIssue(s, "mode", "list.yaml:16");
        assertTrue(i.message().contains("items[1] of the List at "), i.message());
        assertEquals(List.of("ok"), s.ofKind("PeerAuthentication").stream().map(KubeObject::name).toList());
        assertEquals(1, s.ofKind("Namespace").size());
        assertKindFailed(s, "security.istio.io", "PeerAuthentication");
    }

    @Test
    void yamlListWithAnAnchorKeepsItsOtherItemsToo() throws IOException {
        String item = PA_DUP.replace("\n", "\n  ").strip();
        Path f = write("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- " + item + "\n- apiVersion: v1\n"
                + "  kind: Namespace\n  metadata: {name: shop, labels: &l {istio-injection: enabled}, annotations: *l}\n");
        Snapshot s = read(f.toString());
        CollectionIssue i = duplicateIssue(s, "mode", "list.yaml:10");
        assertTrue(i.message().contains("items[0] of the List at "), i.message());
        assertTrue(s.ofKind("PeerAuthentication").isEmpty());
        assertEquals("enabled", s.ofKind("Namespace").get(0).annotation("istio-injection"));
    }

    // ---- deep nesting (A05): a limit-exceeded issue, no StackOverflowError, on a small stack

    /** Reads {@code f} on a thread with a 256 KB stack; fails if that throws anything (a StackOverflowError). */
    private Snapshot readOnASmallStack(Path f) throws InterruptedException {
        Snapshot[] out = new Snapshot[1];
        Throwable[] failed = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = read(f.toString());
            } catch (Throwable e) {
                failed[0] = e;
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join(60_000);
        assertFalse(t.isAlive(), "still reading after a minute");
        assertEquals(null, failed[0], "the read threw");
        return out[0];
    }

    @Test
    void deepYamlNestingIsLimitedWithAndWithoutAnchors() throws IOException, InterruptedException {
        int n = 100_000;
        String seqs = "[".repeat(n) + "]".repeat(n);
        String maps = "{a: ".repeat(n) + "1" + "}".repeat(n);
        for (String anchor : List.of("", "&x ")) { // with an anchor the document goes through snakeyaml-engine
            for (String deep : List.of(seqs, maps)) {
                Path f = write("deep.yaml", NS + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, namespace: x}\n"
                        + "data:\n  other: " + anchor + "v\n  blob: " + deep + "\n");
                Snapshot s = readOnASmallStack(f);
                String what = (anchor.isEmpty() ? "Jackson " : "snakeyaml-engine ") + deep.substring(0, 4);
                assertEquals(1, s.issues().size(), what + ": " + s.issues());
                assertEquals("limit-exceeded", s.issues().get(0).kind(), what + ": " + s.issues().get(0).message());
                assertTrue(s.issues().get(0).source().endsWith("deep.yaml:6"), // the document's first line
                        what + ": " + s.issues().get(0).source());
                assertEquals(1, s.ofKind("Namespace").size(), what);
                assertTrue(s.ofKind("ConfigMap").isEmpty(), what);
            }
        }
    }

    @Test
    void aliasesCountAsTheDepthTheyExpandTo() throws IOException {
        // 60 levels, aliased inside 60 more: 120 once expanded, above the limit of 100 though no line nests that deep
        String sixty = "[".repeat(60) + "1" + "]".repeat(60);
        Path f = write("alias-deep.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d, namespace: x}\ndata:\n"
                + "  a: &d " + sixty + "\n  b: " + "[".repeat(60) + "*d" + "]".repeat(60) + "\n");
        Snapshot s = read(f.toString());
        assertEquals(1, s.issues().size(), s.issues().toString());
        assertEquals("limit-exceeded", s.issues().get(0).kind(), s.issues().get(0).message());
        assertTrue(s.issues().get(0).message().contains("aliases expanded"), s.issues().get(0).message());
    }
}
