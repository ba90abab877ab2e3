package org.meshaudit.collect.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshaudit.collect.DuplicateKeys;
import org.meshaudit.collect.Snapshot;
import org.meshaudit.collect.SnapshotBuilder;
import org.meshaudit.model.KubeObject;
import org.meshaudit.testkit.TestCerts;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pruned item trees give the collect stage exactly what whole trees give it (objects, workloads, issues,
 * certificates, cert-manager statuses), and leave out what it never reads.
 */
class PrunedItemReaderTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final KeyPair CA_KEY = TestCerts.ec("P-256");
    private static final X509CertificateHolder CA = TestCerts.cert().subject("CN=Prune Root").key(CA_KEY).ca(1).issue();
    private static final X509CertificateHolder LEAF = TestCerts.cert().subject("CN=api").key(TestCerts.ec("P-256"))
            .issuedBy(CA, CA_KEY).dns("api.shop.svc").issue();
    private static final String CA_PEM = TestCerts.pem(CA);
    private static final String LEAF_PEM = TestCerts.pem(LEAF);
    /** Stands for private key material: it must never reach a tree. */
    private static final String KEY = b64("-----BEGIN PRIVATE KEY-----\nTUFURVJJQUw=\n-----END PRIVATE KEY-----\n");

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String quoted(String s) {
        return JSON.writeValueAsString(s);
    }

    private static final String MANAGED = "\"managedFields\":[{\"manager\":\"kubectl\",\"fieldsV1\":{\"f:spec\":{}}}]";
    private static final String CONTAINER = "{\"name\":\"api\",\"image\":\"shop/api:1\",\"ports\":[{\"name\":\"http\","
            + "\"containerPort\":8080},{\"containerPort\":9090,\"protocol\":\"UDP\"}],\"env\":[{\"name\":\"TOKEN\","
            + "\"value\":\"s3cret\"}],\"resources\":{\"limits\":{\"memory\":\"1Gi\"}},\"readinessProbe\":{\"httpGet\":"
            + "{\"path\":\"/ready\",\"port\":\"http\"}},\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/d\"}]}";
    private static final String POD_SPEC = "{\"serviceAccountName\":\"api\",\"nodeName\":\"n1\",\"initContainers\":["
            + "{\"name\":\"istio-proxy\",\"restartPolicy\":\"Always\",\"image\":\"proxyv2\",\"args\":[\"proxy\"],"
            + "\"ports\":[{\"containerPort\":15090,\"name\":\"http-envoy-prom\"}]}],\"containers\":[" + CONTAINER + "],"
            + "\"volumes\":[{\"name\":\"data\",\"emptyDir\":{}}],\"tolerations\":[{\"key\":\"k\",\"operator\":\"Exists\"}],"
            + "\"hostNetwork\":true,\"restartPolicy\":\"Always\",\"securityContext\":{\"runAsNonRoot\":true}}";
    private static final String STATUS = "{\"phase\":\"Running\",\"podIP\":\"10.0.0.1\",\"conditions\":[{\"type\":"
            + "\"Ready\",\"status\":\"True\"}],\"containerStatuses\":[{\"name\":\"api\",\"ready\":true}]}";
    private static final String TEMPLATE = "{\"metadata\":{\"labels\":{\"app\":\"api\"},\"annotations\":"
            + "{\"sidecar.istio.io/inject\":\"true\"}},\"spec\":" + POD_SPEC + "}";

    private static final String POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"api-1\","
            + "\"namespace\":\"shop\",\"uid\":\"u1\",\"labels\":{\"app\":\"api\"},\"annotations\":{\"a\":\"b\"},"
            + "\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"api-x\",\"uid\":\"r1\"}]," + MANAGED + "},"
            + "\"spec\":" + POD_SPEC + ",\"status\":" + STATUS + "}";
    /** Never admitted but for its status: admission must survive the status being reduced to its presence. */
    private static final String POD_NO_UID = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"api-2\","
            + "\"namespace\":\"shop\"},\"spec\":" + POD_SPEC + ",\"status\":" + STATUS + "}";
    private static final String POD_KIND_LAST = "{\"status\":" + STATUS + ",\"metadata\":{\"name\":\"api-3\","
            + "\"namespace\":\"shop\"},\"spec\":" + POD_SPEC + ",\"apiVersion\":\"v1\",\"kind\":\"Pod\"}";
    private static final String POD_STRING_STATUS = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"
            + "\"api-4\",\"namespace\":\"shop\"},\"spec\":{\"containers\":[\"not-an-object\"]},\"status\":\"Running\"}";
    private static final String POD_BAD_CONTAINERS = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"
            + "\"api-5\",\"namespace\":\"shop\"},\"spec\":{\"containers\":{\"name\":\"api\"},\"volumes\":[]}}";
    private static final String DEPLOYMENT = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":"
            + "{\"name\":\"api\",\"namespace\":\"shop\"},\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":"
            + "{\"app\":\"api\"}},\"template\":" + TEMPLATE + "},\"status\":{\"replicas\":3}}";
    private static final String BAD_PORT = "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":"
            + "{\"name\":\"db\",\"namespace\":\"shop\"},\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"db\","
            + "\"ports\":[{\"containerPort\":70000}],\"env\":[]}]}}}}";
    private static final String CRONJOB = "{\"apiVersion\":\"batch/v1\",\"kind\":\"CronJob\",\"metadata\":"
            + "{\"name\":\"nightly\",\"namespace\":\"shop\"},\"spec\":{\"schedule\":\"@daily\",\"template\":\"ignored\","
            + "\"jobTemplate\":{\"metadata\":{\"labels\":{\"x\":\"y\"}},\"spec\":{\"backoffLimit\":1,\"template\":"
            + TEMPLATE + "}}}}";
    private static final String SECRET = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"api-tls\","
            + "\"namespace\":\"shop\"},\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":" + quoted(b64(LEAF_PEM + CA_PEM))
            + ",\"tls.key\":" + quoted(KEY) + ",\"ca.crt\":" + quoted(b64(CA_PEM)) + ",\"cert\":" + quoted(b64(LEAF_PEM))
            + ",\"key\":" + quoted(KEY) + "},\"stringData\":{\"cacert\":" + quoted(CA_PEM) + ",\"password\":\"hunter2\"}}";
    private static final String SECRET_KIND_LAST = "{\"metadata\":{\"name\":\"late\",\"namespace\":\"shop\"},\"data\":"
            + "{\"tls.crt\":" + quoted(b64(LEAF_PEM)) + ",\"tls.key\":" + quoted(KEY) + "},\"kind\":\"Secret\","
            + "\"apiVersion\":\"v1\"}";
    private static final String CONFIGMAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
            + "\"istio-ca-root-cert\",\"namespace\":\"shop\"},\"data\":{\"root-cert.pem\":" + quoted(CA_PEM) + "}}";
    private static final String MESH_CONFIG = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
            + "\"istio\",\"namespace\":\"istio-system\"},\"data\":{\"mesh\":\"trustDomain: cluster.local\"},"
            + "\"status\":{\"x\":1}}";
    private static final String CERT_REQUEST = "{\"apiVersion\":\"cert-manager.io/v1\",\"kind\":\"CertificateRequest\","
            + "\"metadata\":{\"name\":\"api-1\",\"namespace\":\"shop\"},\"spec\":{\"request\":\"Zm9v\"},\"status\":"
            + "{\"certificate\":" + quoted(b64(LEAF_PEM)) + ",\"ca\":" + quoted(b64(CA_PEM)) + ",\"conditions\":"
            + "[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
    private static final String CERTIFICATE = "{\"apiVersion\":\"cert-manager.io/v1\",\"kind\":\"Certificate\","
            + "\"metadata\":{\"name\":\"api\",\"namespace\":\"shop\"},\"spec\":{\"secretName\":\"api-tls\"},\"status\":"
            + "{\"notAfter\":\"2027-01-01T00:00:00Z\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
    private static final String WIDGET = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":"
            + "\"w\",\"namespace\":\"shop\"},\"spec\":{\"containers\":[{\"name\":\"x\",\"env\":[{\"value\":\"v\"}]}],"
            + "\"volumes\":[1]},\"data\":{\"tls.key\":\"kept: not a Secret\"},\"status\":{\"ready\":true}}";
    /** A kind whose payload is its top level (no spec): everything but status is kept. */
    private static final String TOP_LEVEL = "{\"apiVersion\":\"policy.linkerd.io/v1alpha1\",\"kind\":\"Bundleish\","
            + "\"metadata\":{\"name\":\"t\",\"namespace\":\"shop\"},\"rules\":[{\"a\":1}],\"status\":{\"s\":2}}";
    private static final String WEBHOOK = "{\"apiVersion\":\"admissionregistration.k8s.io/v1\",\"kind\":"
            + "\"MutatingWebhookConfiguration\",\"metadata\":{\"name\":\"istio-sidecar-injector\"},\"webhooks\":[{\"name\":"
            + "\"i\",\"clientConfig\":{\"caBundle\":" + quoted(b64(CA_PEM)) + "}}]}";
    private static final String NO_KIND = "{\"metadata\":{\"name\":\"x\"},\"spec\":" + POD_SPEC + ",\"status\":" + STATUS + "}";

    private static final List<String> ITEMS = List.of(POD, POD_NO_UID, POD_KIND_LAST, POD_STRING_STATUS,
            POD_BAD_CONTAINERS, DEPLOYMENT, BAD_PORT, CRONJOB, SECRET, SECRET_KIND_LAST, CONFIGMAP, MESH_CONFIG,
            CERT_REQUEST, CERTIFICATE, WIDGET, TOP_LEVEL, WEBHOOK, NO_KIND);

    private static JsonNode pruned(String item) {
        DuplicateKeys dups = new DuplicateKeys();
        JsonNode tree = pruned(item, dups);
        assertEquals(List.of(), dups.since(0));
        return tree;
    }

    private static JsonNode pruned(String item, DuplicateKeys dups) {
        try (JsonParser p = JSON.createParser(item)) {
            p.nextToken();
            return new PrunedItemReader(JSON, dups).read(p);
        }
    }

    /** The duplicate keys of an item read pruned, as {@code key pointer}. */
    private static List<String> prunedDuplicates(String item) {
        DuplicateKeys dups = new DuplicateKeys();
        pruned(item, dups);
        return dups.since(0).stream().map(d -> d.key() + " " + d.pointer()).toList();
    }

    /** The same, read whole by Jackson's tree reader. */
    private static List<String> wholeDuplicates(String item) {
        DuplicateKeys dups = new DuplicateKeys();
        dups.install(JsonMapper.builder()).build().readTree(item);
        return dups.since(0).stream().map(d -> d.key() + " " + d.pointer()).toList();
    }

    private static JsonNode whole(String item) {
        return JSON.readTree(item);
    }

    private static Set<String> names(JsonNode n) {
        return new TreeSet<>(n.propertyNames());
    }

    @Test
    void podKeepsWhatItsProjectionReadsAndStatusOnlyAsPresence() {
        JsonNode pod = pruned(POD);
        assertEquals(JSON.createObjectNode(), pod.get("status"));
        assertFalse(pod.get("metadata").has("managedFields"));
        assertEquals(whole(POD).get("metadata").get("ownerReferences"), pod.get("metadata").get("ownerReferences"));
        JsonNode spec = pod.get("spec");
        assertEquals(List.of("serviceAccountName", "initContainers", "containers", "hostNetwork"),
                List.copyOf(spec.propertyNames()));
        assertEquals(Set.of("name", "ports"), names(spec.get("containers").get(0)));
        assertEquals(Set.of("name", "ports", "restartPolicy"), names(spec.get("initContainers").get(0)));
        assertEquals(whole(POD).at("/spec/containers/0/ports"), pod.at("/spec/containers/0/ports"));
        assertFalse(pod.toString().contains("s3cret"), "container env is never built");
    }

    @Test
    void controllersKeepOnlyTheirPodTemplate() {
        JsonNode deployment = pruned(DEPLOYMENT).get("spec");
        assertEquals(Set.of("template"), names(deployment));
        assertEquals(whole(DEPLOYMENT).at("/spec/template/metadata"), deployment.at("/template/metadata"));
        JsonNode cron = pruned(CRONJOB).get("spec");
        assertEquals(Set.of("jobTemplate"), names(cron));
        assertEquals(Set.of("spec"), names(cron.get("jobTemplate")));
        assertEquals(Set.of("template"), names(cron.at("/jobTemplate/spec")));
        assertEquals(Set.of("name", "ports"), names(cron.at("/jobTemplate/spec/template/spec/containers/0")));
    }

    @Test
    void kindAfterStatusAndSpecKeepsThemWhole() {
        assertEquals(whole(POD_KIND_LAST), pruned(POD_KIND_LAST));
        assertEquals(whole(SECRET_KIND_LAST), pruned(SECRET_KIND_LAST), "data before kind: read whole");
    }

    @Test
    void privateKeysOfSecretsNeverReachTheTree() {
        JsonNode secret = pruned(SECRET);
        assertEquals(Set.of("tls.crt", "ca.crt", "cert"), names(secret.get("data")));
        assertEquals(Set.of("cacert"), names(secret.get("stringData")));
        assertFalse(secret.toString().contains(KEY));
        assertFalse(secret.toString().contains("hunter2"));
        assertEquals("kubernetes.io/tls", secret.get("type").asString());
    }

    @Test
    void certManagerStatusIsKeptWhole() {
        assertEquals(whole(CERT_REQUEST), pruned(CERT_REQUEST));
        assertEquals(whole(CERTIFICATE), pruned(CERTIFICATE));
    }

    @Test
    void otherKindsKeepSpecAndDataAndOnlyLoseStatusContent() {
        ObjectNode expected = (ObjectNode) whole(WIDGET);
        expected.set("status", JSON.createObjectNode());
        assertEquals(expected, pruned(WIDGET));
        assertEquals(whole(CONFIGMAP), pruned(CONFIGMAP));
        assertEquals(whole(WEBHOOK), pruned(WEBHOOK));
    }

    @Test
    void numbersAreTheNodesAWholeReadMakes() {
        List<String> numbers = List.of("8080", "-1", "2147483647", "-2147483648", "2147483648", "-2147483649",
                "123456789012345678901234567890", "1.5", "1e400", "-0.0", "0");
        StringBuilder ports = new StringBuilder();
        for (String n : numbers) {
            ports.append(ports.length() == 0 ? "" : ",").append("{\"containerPort\":").append(n).append('}');
        }
        String pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"n\",\"namespace\":\"shop\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"api\",\"ports\":[" + ports + "]}]}}";
        JsonNode whole = whole(pod).at("/spec/containers/0/ports");
        JsonNode pruned = pruned(pod).at("/spec/containers/0/ports");
        assertEquals(numbers.size(), pruned.size());
        for (int i = 0; i < numbers.size(); i++) {
            JsonNode w = whole.get(i).get("containerPort");
            JsonNode p = pruned.get(i).get("containerPort");
            assertEquals(w, p, numbers.get(i));
            assertEquals(w.getClass(), p.getClass(), numbers.get(i));
        }
    }

    @Test
    void objectsWithoutKindAreReadWholeButForManagedFields() {
        assertEquals(whole(NO_KIND), pruned(NO_KIND));
    }

    @Test
    void valuesOfAnotherShapeThanExpectedAreReadAsWritten() {
        assertEquals(whole(POD_STRING_STATUS), pruned(POD_STRING_STATUS));
        assertEquals(whole(POD_BAD_CONTAINERS).at("/spec/containers"), pruned(POD_BAD_CONTAINERS).at("/spec/containers"));
    }

    @Test
    void duplicatePropertiesAreRecordedWhereverTheTreeIsBuilt() {
        // at the top, inside a pruned part (a container), inside a subtree read whole (labels), in a kept status
        String item = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"labels\":{\"app\":\"x\","
                + "\"tier\":\"web\",\"app\":{\"n\":[1,{\"app\":2,\"app\":3}]}}},\"spec\":{\"containers\":[{\"name\":\"a\","
                + "\"ports\":[],\"name\":\"b\"}]},\"metadata\":{\"name\":\"b\"}}";
        List<String> expected = List.of("app /metadata/labels/app/n/1/app", "app /metadata/labels/app",
                "name /spec/containers/0/name", "metadata /metadata");
        assertEquals(expected, prunedDuplicates(item));
        // the same keys as a whole-tree read (which meets an object's repeated key as the object starts)
        assertEquals(new TreeSet<>(expected), new TreeSet<>(wholeDuplicates(item)));
        String cert = CERTIFICATE.replace("\"status\":{", "\"status\":{\"notAfter\":\"2020-01-01T00:00:00Z\",");
        assertEquals(List.of("notAfter /status/notAfter"), prunedDuplicates(cert));
    }

    @Test
    void duplicatePropertiesInPartsLeftOutAreRecordedToo() {
        // no rule reads these parts, but the item is as malformed as a whole-tree read (YAML, stdin) finds it
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            many.append("\"k").append(i).append("\":[{\"a\":1,\"b\":2}],");
        }
        many.append("\"k7\":{}}");
        String pod = POD.replace("\"fieldsV1\":{\"f:spec\":{}}", "\"fieldsV1\":{\"f:spec\":{},\"f:spec\":{}}")
                .replace("\"value\":\"s3cret\"}", "\"value\":\"s3cret\",\"name\":\"X\"}")
                .replace("\"phase\":\"Running\",", "\"phase\":\"Running\",\"more\":" + many + ",");
        List<String> expected = List.of("f:spec /metadata/managedFields/0/fieldsV1/f:spec",
                "name /spec/containers/0/env/0/name", "k7 /status/more/k7");
        assertEquals(expected, prunedDuplicates(pod));
        assertEquals(new TreeSet<>(expected), new TreeSet<>(wholeDuplicates(pod)));
        String secret = SECRET.replace("\"key\":", "\"tls.key\":\"x\",\"key\":");
        assertEquals(List.of("tls.key /data/tls.key"), prunedDuplicates(secret));
        // names left out of an object read in part: a Pod's status is read as its presence
        assertEquals(List.of("phase /status/phase"),
                prunedDuplicates(POD.replace("\"podIP\"", "\"phase\":\"Failed\",\"podIP\"")));
        assertEquals(List.of(), prunedDuplicates(POD.replace("\"phase\":\"Running\",", "\"phase\":\"Running\",\"more\":"
                + many.toString().replace(",\"k7\":{}", "") + ",")), "many names, none repeated");
    }

    @Test
    void aRedeclaredApiVersionOrKindIsADuplicateWhateverItsValue() {
        // what the first kind leaves out does not matter: the item is rejected
        assertEquals(List.of("kind /kind"),
                prunedDuplicates("{\"kind\":\"Secret\",\"data\":{\"tls.key\":\"x\"},\"kind\":\"ConfigMap\"}"));
        assertEquals(List.of("apiVersion /apiVersion"),
                prunedDuplicates("{\"apiVersion\":\"v1\",\"status\":{\"a\":1},\"apiVersion\":\"cert-manager.io/v1\"}"));
        assertEquals(List.of("kind /kind"),
                prunedDuplicates("{\"kind\":\"Secret\",\"data\":{\"tls.key\":\"x\"},\"kind\":\"Secret\"}"));
        DuplicateKeys dups = new DuplicateKeys();
        pruned("{\"kind\":\"PeerAuthentication\",\n\"kind\":\"Sidecar\"}", dups);
        DuplicateKeys.Duplicate d = dups.since(0).get(0);
        assertEquals("PeerAuthentication", d.previous(), "the value replaced: the item may be of either kind");
        assertEquals(2, d.line());
    }

    /** Same objects, workloads, issues, certificates and statuses from pruned as from whole item trees. */
    @Test
    void snapshotIsTheSameAsFromWholeTrees() throws IOException {
        List<String> items = new ArrayList<>(ITEMS);
        Path f = dir.resolve("list.json");
        Files.writeString(f, "{\"apiVersion\":\"v1\",\"items\":[\n" + String.join(",\n", items)
                + "],\"kind\":\"List\",\"metadata\":{}}\n");
        SnapshotBuilder b = new SnapshotBuilder();
        new ManifestCollector(List.of(f.toString()), null, ParserLimits.defaults()).collect(b);
        Snapshot streamed = b.build();

        SnapshotBuilder w = new SnapshotBuilder();
        for (int i = 0; i < items.size(); i++) {
            w.addObject(whole(items.get(i)), f + ":1", i); // item i of the List, as a whole-tree read adds it
        }
        Snapshot expected = w.build();

        assertEquals(expected.objects(), streamed.objects());
        assertEquals(expected.workloads(), streamed.workloads());
        assertEquals(expected.issues(), streamed.issues());
        assertEquals(expected.kinds(), streamed.kinds());
        assertEquals(certificates(expected), certificates(streamed));
        for (KubeObject o : expected.objects()) {
            assertEquals(expected.status(o), streamed.status(o), o.key());
        }
        // the fixtures exercise what they mean to: certificates from every source, issues, statuses
        assertEquals(Set.of("api-tls[tls.crt]", "api-tls[ca.crt]", "api-tls[cert]", "api-tls[cacert]",
                "late[tls.crt]", "istio-ca-root-cert[root-cert.pem]", "api-1[status.certificate]", "api-1[status.ca]",
                "istio-sidecar-injector[webhooks[0].clientConfig.caBundle]"), sources(streamed));
        assertEquals(3, streamed.issues().size(), streamed.issues().toString());
        assertTrue(streamed.status(streamed.named("cert-manager.io", "Certificate", "shop", "api")).has("notAfter"));
        assertTrue(streamed.workloads().stream().filter(x -> x.meta().name().equals("api-2")).findFirst().get().admitted());
    }

    private static List<String> certificates(Snapshot s) {
        return s.certificates().stream().map(c -> c.sha256() + " " + c.source()).toList();
    }

    private static Set<String> sources(Snapshot s) {
        Set<String> out = new TreeSet<>();
        s.certificates().forEach(c -> out.add(c.source().name() + "[" + c.source().key() + "]"));
        return out;
    }
}
