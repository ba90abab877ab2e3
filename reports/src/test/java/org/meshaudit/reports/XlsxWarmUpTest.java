package org.meshaudit.reports;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meshaudit.reports.xlsx.XlsxRenderer;

/** The background warm-up of POI changes nothing in a workbook, also while it runs beside a render. */
class XlsxWarmUpTest {

    @Test
    void renderBesideTheWarmUpMatchesGolden() throws IOException, InterruptedException {
        XlsxRenderer r = new XlsxRenderer();
        r.warmUp();
        r.warmUp(); // started once per JVM
        List<Thread> warming = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("meshaudit-xlsx-warm-up")).toList();
        assertTrue(warming.size() <= 1, "one warm-up: " + warming);
        assertTrue(warming.stream().allMatch(Thread::isDaemon), "never keeps the JVM alive");
        Golden.check("demo/xlsx", Golden.xlsxCsv(RendererGoldenTest.render(r, Scenarios.demo())));
        for (Thread t : warming) {
            t.join(120_000);
        }
        Golden.check("demo/xlsx", Golden.xlsxCsv(RendererGoldenTest.render(r, Scenarios.demo())));
    }
}
