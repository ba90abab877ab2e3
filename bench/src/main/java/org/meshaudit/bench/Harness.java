package org.meshaudit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.meshaudit.api.AuditEngine;
import org.meshaudit.api.AuditRequest;
import org.meshaudit.api.RenderStats;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.RunFacts;
import org.meshaudit.api.StageListener;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Result;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one audit of a generated snapshot with stage timings and peak heap, then, in the same JVM, the floor: bare
 * Jackson parsing of the same JSON and bare BouncyCastle parsing of the same certificates. Prints a table and writes
 * {@code results/SIZE.json}.
 *
 * <p>Usage: {@code Harness SIZE DATA_DIR RESULTS_DIR}
 */
public final class Harness {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Harness() {
    }

    public static void main(String[] args) throws Exception {
        double jvmStart = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        String size = args[0];
        Path data = Path.of(args[1]);
        Path results = Path.of(args[2]);
        Map<String, Object> out = run(size, data, results, jvmStart, true);
        print(out);
        Boolean ok = (Boolean) ((Map<?, ?>) out.get("groundTruth")).get("ok");
        System.exit(ok ? 0 : 1);
    }

    /** Runs ours then the floor; returns the result document (also written to {@code results/SIZE.json}). */
    public static Map<String, Object> run(String size, Path data, Path results, double jvmStart, boolean floor)
            throws Exception {
        Path json = data.resolve("json");
        Map<String, Object> gt = JSON.readValue(data.resolve("ground-truth.json").toFile(), Map.class);
        resetPeaks();

        // ---------------------------------------------------------------- ours
        Map<String, Double> stages = new LinkedHashMap<>();
        Map<String, Long> items = new LinkedHashMap<>();
        stages.put("jvmStart", jvmStart);
        StageListener listener = (stage, nanos, n) -> {
            stages.put(stage, nanos / 1e9);
            System.err.printf(Locale.ROOT, "  %-10s %8.3f s  (%d)  heap peak so far %.0f MB%n", stage, nanos / 1e9, n, peakHeapMb());
            items.put(stage, n);
        };
        // -Dbench.render=json,sarif (bench/run: BENCH_RENDER) times only those renderers; default all
        Set<String> only = System.getProperty("bench.render", "").isBlank() ? Set.of()
                : Set.of(System.getProperty("bench.render").split(","));
        List<Renderer> selected = new ArrayList<>();
        for (Renderer r : ServiceLoader.load(Renderer.class)) {
            if (only.isEmpty() || only.contains(r.format())) {
                selected.add(r);
                r.warmUp(); // as the CLI does: the formats are known before the audit runs
            }
        }
        long t0 = System.nanoTime();
        AuditRequest request = new AuditRequest(List.of(json.toString()), InputStream.nullInputStream(),
                Generator.AS_OF, Set.of(), "baseline", null, List.of(), Set.of(), false, null);
        AuditReport report = new AuditEngine().run(request, listener);
        stages.put("engineTotal", (System.nanoTime() - t0) / 1e9);
        double enginePeakHeapMb = peakHeapMb();
        double peakHeapMb = enginePeakHeapMb;
        Map<String, Long> renderBytes = new LinkedHashMap<>();
        Map<String, String> renderErrors = new LinkedHashMap<>();
        // per renderer: seconds, bytes, what the renderer counted while writing (RenderStats: XLSX rows, PDF pages),
        // the rates derived from them, and the heap peak while it ran (pools reset before each renderer)
        Map<String, Map<String, Object>> renderers = new LinkedHashMap<>();
        Path tmp = Files.createTempDirectory("meshaudit-bench");
        RunFacts run = RunFacts.NONE.writing(selected); // JSON alone is written without the digest the PDF cites
        for (Renderer r : selected) {
            Map<String, Long> counts = new LinkedHashMap<>();
            RenderStats stats = (what, n) -> counts.merge(what, n, Long::sum);
            resetPeaks();
            long gc0 = gcMillis();
            long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long r0 = System.nanoTime();
            Path f = tmp.resolve("audit." + r.extension());
            String error = null;
            try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
                r.render(report, run, os, stats);
            } catch (IOException | RuntimeException | LinkageError | OutOfMemoryError e) {
                error = e.toString();
                renderErrors.put(r.format(), error); // a renderer that fails is recorded, not fatal
            }
            double seconds = (System.nanoTime() - r0) / 1e9;
            double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
            double gc = (gcMillis() - gc0) / 1e3;
            double heap = peakHeapMb();
            peakHeapMb = Math.max(peakHeapMb, heap);
            stages.put("render." + r.format(), seconds);
            renderBytes.put(r.format(), Files.size(f));
            Files.delete(f);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("seconds", round(seconds));
            e.put("cpuSeconds", round(cpu)); // the rendering thread's CPU: what a loaded box does not inflate
            e.put("gcSeconds", round(gc)); // collector time while it ran: a renderer at the heap cap shows here
            e.put("bytes", renderBytes.get(r.format()));
            e.put("peakHeapMb", round(heap));
            Long rows = counts.get(RenderStats.ROWS);
            Long pages = counts.get(RenderStats.PAGES);
            if (rows != null) {
                e.put("rows", rows);
                e.put("rowsPerSecond", Math.round(rows / seconds));
                e.put("rowsPerCpuSecond", Math.round(rows / cpu));
            }
            if (pages != null) {
                e.put("pages", pages);
                e.put("pagesPerSecond", round(pages / seconds));
                e.put("pagesPerCpuSecond", round(pages / cpu));
            }
            counts.forEach((k, v) -> {
                if (k.startsWith(RenderStats.ROWS + ".")) {
                    e.put(k, v);
                }
            });
            if (error != null) {
                e.put("error", error);
            }
            renderers.put(r.format(), e);
            System.err.printf(Locale.ROOT, "  render.%-12s %8.3f s  cpu %.3f s  gc %.3f s  heap peak %.0f MB%s%s%s%n",
                    r.format(), seconds, cpu, gc, heap,
                    rows == null ? "" : String.format(Locale.ROOT, "  %,d rows = %,.0f rows/s", rows, rows / seconds),
                    pages == null ? "" : String.format(Locale.ROOT, "  %,d pages = %,.1f pages/s", pages, pages / seconds),
                    error == null ? "" : "  FAILED: " + error);
        }
        Files.delete(tmp);
        double total = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        stages.put("total", total);
        int resultCount = report.results().size();
        Map<String, Object> truth = groundTruth(gt, report.results());
        report = null; // let the floor run without our heap

        long jsonBytes = 0;
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(json)) {
            for (Path p : s.sorted().toList()) {
                files.add(p);
                jsonBytes += Files.size(p);
            }
        }
        Map<String, Object> floorOut = new LinkedHashMap<>();
        Map<String, Object> ratios = new LinkedHashMap<>();
        Map<String, Object> xlsx = renderers.get("xlsx");
        if (xlsx != null && xlsx.get("rowsPerSecond") instanceof Long rate) {
            ratios.put("xlsxRowsPerSecond", rate);
            ratios.put("xlsxRowsPerSecondVs30k", round(rate / 30_000.0)); // issue 6: >= 1 (performance.md 0: 40k)
            ratios.put("xlsxRowsPerCpuSecond", xlsx.get("rowsPerCpuSecond"));
        }
        Map<String, Object> pdf = renderers.get("pdf");
        if (pdf != null && pdf.get("pagesPerSecond") instanceof Double rate) {
            ratios.put("pdfPagesPerSecond", rate);
            ratios.put("pdfPagesPerSecondVs300", round(rate / 300.0)); // performance.md 0: >= 300 pages/s
            ratios.put("pdfPagesPerCpuSecond", pdf.get("pagesPerCpuSecond"));
        }
        if (floor) {
            System.gc();
            // ------------------------------------------------------------ floor: Jackson over the same JSON
            double tokens = Double.MAX_VALUE;
            double trees = Double.MAX_VALUE;
            long budget = System.nanoTime();
            for (int round = 0; round < 10 && (round < 2 || System.nanoTime() - budget < 2e9); round++) {
                // warm rounds until 2 s are spent (at least 2): keep the best
                long f0 = System.nanoTime();
                for (Path p : files) {
                    tokens(p);
                }
                tokens = Math.min(tokens, (System.nanoTime() - f0) / 1e9);
                f0 = System.nanoTime();
                for (Path p : files) {
                    itemTrees(p);
                }
                trees = Math.min(trees, (System.nanoTime() - f0) / 1e9);
            }
            // ------------------------------------------------------------ floor: BouncyCastle over the same certs
            List<byte[]> ders = certificates(json.resolve("Secret.json"));
            double bc = Double.MAX_VALUE;
            budget = System.nanoTime();
            for (int round = 0; round < 200 && (round < 3 || System.nanoTime() - budget < 1e9); round++) {
                long c0 = System.nanoTime();
                long sink = 0;
                for (byte[] der : ders) {
                    sink += extract(der);
                }
                bc = Math.min(bc, (System.nanoTime() - c0) / 1e9);
                if (sink == 42) {
                    System.out.print("");
                }
            }
            floorOut.put("jsonBytes", jsonBytes);
            floorOut.put("jsonTokensSeconds", round(tokens));
            floorOut.put("jsonItemTreesSeconds", round(trees));
            floorOut.put("jsonItemTreesMBps", round(jsonBytes / 1e6 / trees));
            floorOut.put("certificates", ders.size());
            floorOut.put("bcHolderExtractSeconds", round(bc));
            floorOut.put("bcCertsPerSecond", Math.round(ders.size() / bc));
            double collect = stages.getOrDefault(StageListener.COLLECT, 0.0);
            ratios.put("collectVsJacksonTrees", round(collect / trees));
            ratios.put("ingestEfficiency", round(trees / collect)); // budget: >= 0.6
            double engine = stages.get("engineTotal");
            ratios.put("engineVsFloor", round(engine / (trees + bc)));
            ratios.put("e2eEfficiency", round((trees + bc) / total)); // performance.md E_e2e, >= 0.3 at L
            ratios.put("peakHeapVsJsonBytes", round(peakHeapMb * 1024 * 1024 / jsonBytes));
            // certificate parse + fact extraction, ours against BouncyCastle on the same certificates (issue 3)
            Map<String, Object> certs = CertParseBench.measure(ders, 10);
            certs.remove("checksum");
            floorOut.put("certificateParse", certs);
            ratios.put("certificatesDerVsBareHolder", certs.get("ratioDerVsBareHolder"));
            ratios.put("certificatesDerVsHolderExtract", certs.get("ratioDerVsHolderExtract"));
            ratios.put("certificatesPemVsPemParser", certs.get("ratioPemVsPemParser"));
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("size", size);
        // sorted: Map.of iterates in an order that changes from one JVM to the next
        doc.put("input", new java.util.TreeMap<>(Map.of("format", "json (kind: List per kind)", "bytes", jsonBytes,
                "objects", gt.get("objects"), "certificates", gt.get("certificates"))));
        doc.put("jvm", new java.util.TreeMap<>(Map.of("version", System.getProperty("java.version"),
                "maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024),
                "cpus", Runtime.getRuntime().availableProcessors(),
                "args", ManagementFactory.getRuntimeMXBean().getInputArguments())));
        Map<String, Object> roundedStages = new LinkedHashMap<>();
        stages.forEach((k, v) -> roundedStages.put(k, round(v)));
        doc.put("stages", roundedStages);
        doc.put("stageItems", items);
        doc.put("results", resultCount);
        doc.put("renderBytes", renderBytes);
        doc.put("renderErrors", renderErrors);
        doc.put("renderers", renderers);
        doc.put("peakHeapMb", round(peakHeapMb));
        doc.put("enginePeakHeapMb", round(enginePeakHeapMb));
        doc.put("floor", floorOut);
        doc.put("ratios", ratios);
        doc.put("groundTruth", truth);
        Files.createDirectories(results);
        Path target = results.resolve(size + ".json");
        Path t = results.resolve(size + ".json.tmp");
        JSON.writeValue(t.toFile(), doc);
        Files.move(t, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return doc;
    }

    // ---------------------------------------------------------------- ground truth

    static Map<String, Object> groundTruth(Map<String, Object> gt, List<Result> results) {
        Set<String> planted = new TreeSet<>();
        for (Object o : (List<?>) gt.get("planted")) {
            Map<?, ?> p = (Map<?, ?>) o;
            planted.add(p.get("ruleId") + " " + p.get("subject"));
        }
        Set<String> loadedRules = new TreeSet<>();
        Set<String> fails = new TreeSet<>();
        List<String> errors = new ArrayList<>();
        for (Result r : results) {
            loadedRules.add(r.ruleId());
            if (r.status() == Status.FAIL && r.severity() == org.meshaudit.api.Severity.INFO) {
                continue; // Info is a note, not a failure today (controls-catalog.md 1.2, 7.9): not ground truth
            }
            if (r.status() == Status.FAIL) {
                fails.add(r.ruleId() + " " + r.subject().key());
                // a certificate finding is planted under the Secret it was read from (every source counts)
                if (r.subject().kind().equals("X509Certificate") && r.evidence().get("sources") instanceof List<?> l) {
                    for (Object src : l) {
                        String loc = String.valueOf(src);
                        int cut = loc.indexOf('[');
                        fails.add(r.ruleId() + " " + (cut < 0 ? loc : loc.substring(0, cut)));
                    }
                }
            } else if (r.status() == Status.ERROR) {
                errors.add(r.ruleId() + " " + r.subject().key() + ": " + r.message());
            }
        }
        // certificate ground truth counts only for rules present in the loaded packs
        int certPlanted = 0;
        for (Object o : (List<?>) gt.get("plantedCertificates")) {
            Map<?, ?> p = (Map<?, ?>) o;
            if (loadedRules.contains(String.valueOf(p.get("ruleId")))) {
                planted.add(p.get("ruleId") + " " + p.get("subject"));
            } else {
                certPlanted++;
            }
        }
        Set<String> missed = new TreeSet<>(planted);
        missed.removeAll(fails);
        Set<String> unexpected = new TreeSet<>(fails);
        unexpected.removeAll(planted);
        unexpected.removeIf(k -> k.contains(" X509Certificate/")); // counted through their Secrets above
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("planted", planted.size());
        out.put("found", planted.size() - missed.size());
        out.put("missed", missed.size());
        out.put("unexpected", unexpected.size());
        out.put("errors", errors.size());
        out.put("ok", missed.isEmpty() && unexpected.isEmpty() && errors.isEmpty());
        out.put("certificatePlantedNotChecked", certPlanted);
        out.put("missedSample", missed.stream().limit(20).toList());
        out.put("unexpectedSample", unexpected.stream().limit(20).toList());
        out.put("errorSample", errors.stream().limit(10).toList());
        return out;
    }

    // ---------------------------------------------------------------- floor

    private static final tools.jackson.core.json.JsonFactory FACTORY = new tools.jackson.core.json.JsonFactory();
    private static final JsonMapper PLAIN = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    static long tokens(Path p) throws IOException {
        long n = 0;
        try (JsonParser jp = PLAIN.createParser(p.toFile())) {
            while (jp.nextToken() != null) {
                n++;
            }
        }
        return n;
    }

    /** Streams a List and builds one JsonNode tree per item (what a streaming ingest must do at least). */
    static long itemTrees(Path p) throws IOException {
        long[] n = {0};
        eachItem(p, item -> n[0] += item.size());
        return n[0];
    }

    /** Every certificate (leaf and chain) of the TLS Secrets, as DER; PEM decoding is not timed. */
    static List<byte[]> certificates(Path secrets) throws IOException {
        List<byte[]> out = new ArrayList<>();
        eachItem(secrets, s -> {
            if (!"kubernetes.io/tls".equals(s.path("type").asString(""))) {
                return;
            }
            String pem = new String(Base64.getDecoder().decode(s.path("data").path("tls.crt").asString("")),
                    StandardCharsets.US_ASCII);
            for (String block : pem.split("-----END CERTIFICATE-----")) {
                int at = block.indexOf("-----BEGIN CERTIFICATE-----");
                if (at >= 0) {
                    out.add(Base64.getMimeDecoder().decode(block.substring(at + 27)));
                }
            }
        });
        return out;
    }

    /** Streams a kubectl List file and hands the tree of each of its items to {@code each}, one at a time. */
    private static void eachItem(Path p, Consumer<JsonNode> each) throws IOException {
        try (JsonParser jp = PLAIN.createParser(p.toFile())) {
            jp.nextToken();
            while (jp.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = jp.currentName();
                JsonToken t = jp.nextToken();
                if (name.equals("items") && t == JsonToken.START_ARRAY) {
                    while (jp.nextToken() == JsonToken.START_OBJECT) {
                        each.accept(PLAIN.readTree(jp));
                    }
                } else {
                    jp.skipChildren();
                }
            }
        }
    }

    /** BC holder + notAfter, SANs, key algorithm, subject: the fields the certificate rules need. */
    static long extract(byte[] der) throws IOException {
        X509CertificateHolder h = new X509CertificateHolder(der);
        long v = h.getNotAfter().getTime();
        GeneralNames sans = GeneralNames.fromExtensions(h.getExtensions(), Extension.subjectAlternativeName);
        v += sans == null ? 0 : sans.getNames().length;
        v += h.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().getId().length();
        v += h.getSubject().toString().length();
        return v;
    }

    // ---------------------------------------------------------------- heap

    static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** Collection time of every collector so far. */
    static long gcMillis() {
        long sum = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** Sum of the heap pools' peaks since the last reset (an upper bound of the true peak). */
    static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / (1024.0 * 1024.0);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    // ---------------------------------------------------------------- table

    static void print(Map<String, Object> doc) {
        System.out.println();
        System.out.printf(Locale.ROOT, "meshaudit bench %s  (%s, heap cap %s MB)%n", doc.get("size"),
                ((Map<?, ?>) doc.get("jvm")).get("version"), ((Map<?, ?>) doc.get("jvm")).get("maxHeapMb"));
        System.out.println("stage                       seconds");
        ((Map<?, ?>) doc.get("stages")).forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-24s %8.3f%n", k, v));
        System.out.printf(Locale.ROOT, "  %-24s %8.1f MB (engine %.1f MB)%n", "peak heap", doc.get("peakHeapMb"),
                doc.get("enginePeakHeapMb"));
        System.out.println("renderers                   seconds    cpu s     gc s  peak heap MB   counted");
        ((Map<?, ?>) doc.get("renderers")).forEach((k, v) -> {
            Map<?, ?> e = (Map<?, ?>) v;
            String counted = e.containsKey("rows") ? String.format(Locale.ROOT, "%,d rows, %,d rows/s (%,d per CPU-s)",
                    e.get("rows"), e.get("rowsPerSecond"), e.get("rowsPerCpuSecond"))
                    : e.containsKey("pages") ? String.format(Locale.ROOT, "%,d pages, %.1f pages/s (%.1f per CPU-s)",
                    e.get("pages"), e.get("pagesPerSecond"), e.get("pagesPerCpuSecond")) : "";
            System.out.printf(Locale.ROOT, "  %-24s %8.3f %8.3f %8.3f %12.1f   %s%s%n", k, e.get("seconds"),
                    e.get("cpuSeconds"), e.get("gcSeconds"), e.get("peakHeapMb"), counted,
                    e.containsKey("error") ? "  FAILED " + e.get("error") : "");
        });
        System.out.println("floor");
        ((Map<?, ?>) doc.get("floor")).forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-24s %s%n", k, v));
        System.out.println("ratios");
        ((Map<?, ?>) doc.get("ratios")).forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-24s %s%n", k, v));
        Map<?, ?> gt = (Map<?, ?>) doc.get("groundTruth");
        System.out.printf(Locale.ROOT, "ground truth: planted %s found %s missed %s unexpected %s errors %s -> %s%n",
                gt.get("planted"), gt.get("found"), gt.get("missed"), gt.get("unexpected"), gt.get("errors"),
                Boolean.TRUE.equals(gt.get("ok")) ? "OK" : "MISMATCH");
        for (String k : new String[] {"missedSample", "unexpectedSample", "errorSample"}) {
            for (Object o : (List<?>) gt.get(k)) {
                System.out.println("  " + k.replace("Sample", "") + ": " + o);
            }
        }
    }
}
