package org.meshaudit.reports;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.meshaudit.api.Renderer;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.ReportJson;
import org.meshaudit.reports.pdf.PdfRenderer;
import org.meshaudit.reports.xlsx.XlsxRenderer;

/** Developer helper: {@code RenderFile audit.json OUTDIR [scenario|hostile|lifecycle|fleet]} renders PDF and XLSX. */
public final class RenderFile {
    private RenderFile() {
    }

    public static void main(String[] args) throws Exception {
        AuditReport r = switch (args[0]) {
            case "scenario" -> Scenarios.demo();
            case "hostile" -> Scenarios.hostile();
            case "lifecycle" -> Scenarios.lifecycle();
            case "fleet" -> Scenarios.fleet();
            default -> ReportJson.read(Path.of(args[0]));
        };
        Path dir = Files.createDirectories(Path.of(args[1]));
        for (Renderer x : new Renderer[]{new PdfRenderer(), new XlsxRenderer()}) {
            long t0 = System.nanoTime();
            try (OutputStream out = Files.newOutputStream(dir.resolve("audit." + x.extension()))) {
                x.render(r, out);
            }
            System.out.printf("%s %d ms%n", x.format(), (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
