package org.meshaudit.reports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meshaudit.reports.pdf.PdfLimits;
import org.meshaudit.reports.pdf.PdfRenderer;

/** Above its limits the PDF summarises and points to the workbook, and still names what matters most. */
class PdfLimitsTest {

    static String text(PdfLimits limits) throws IOException {
        Map<String, String> pages = Golden.pdfText(RendererGoldenTest.render(new PdfRenderer(limits), Scenarios.fleet()));
        StringBuilder b = new StringBuilder();
        pages.forEach((k, v) -> b.append(v));
        return b.toString().replaceAll("\\s+", " ");
    }

    @Test
    void manyNamespacesListTheTotalAndTheOnesWithGapsFirst() throws IOException {
        String t = text(new PdfLimits(300, 2_000, 1_000, 2_000, 100, 20, 2_000, 2));
        assertTrue(t.contains("6 namespaces are more than this PDF lists (2)"), "cap note");
        assertTrue(t.contains("All 6 namespaces"), "total row");
        assertTrue(t.contains("prod-eu: checkout") || t.contains("prod-us: checkout"), "a namespace with a gap is listed");
        assertFalse(java.util.regex.Pattern.compile("prod-eu: analytics ?\\d").matcher(t).find(),
                "a namespace without gaps is not (its workloads stay in the port table)");
    }

    @Test
    void manyWaiversBecomeARegisterTableAndWaivedResultsAreCapped() throws IOException {
        String t = text(new PdfLimits(300, 2_000, 1_000, 2_000, 1, 20, 1, 500));
        assertTrue(t.contains("waivers, one row each; the results each names are in the Waivers sheet"), "table note");
        assertTrue(t.contains("W-2025-003") && t.contains("waivers.yaml:13"), "every waiver with its source");
        assertTrue(t.contains("the first 1 of 3 are listed, all are in the Waivers sheet of audit.xlsx"), "cap note");
    }
}
