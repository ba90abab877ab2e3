package org.meshaudit.reports.xlsx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meshaudit.api.RunFacts;

/** The warm-up's made-up report renders (the warm-up itself swallows errors, which would only make it useless). */
class WarmUpReportTest {

    @Test
    void warmUpReportRenders() throws IOException {
        Map<String, Long> counts = new HashMap<>();
        new XlsxRenderer().render(XlsxRenderer.warmUpReport(), RunFacts.NONE, OutputStream.nullOutputStream(),
                (what, n) -> counts.merge(what, n, Long::sum));
        assertEquals(XlsxRenderer.WARM_UP_ROWS, counts.get("rows.Evidence"));
        assertEquals(XlsxRenderer.WARM_UP_ROWS / 5, counts.get("rows.Posture"));
    }
}
