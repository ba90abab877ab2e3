package org.meshaudit.reports.xlsx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xssf.streaming.SheetDataWriter;
import org.junit.jupiter.api.Test;
import org.meshaudit.reports.Scenarios;

/** The fast sheet writer escapes exactly as POI's own. */
class FastSheetDataWriterTest {

    static String written(SheetDataWriter w, List<String> texts) throws IOException {
        try {
            for (String t : texts) {
                ((Poi) w).escape(t);
            }
            w.close();
            try (var in = w.getWorksheetXMLInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            w.close();
        }
    }

    static final class Poi extends SheetDataWriter {
        Poi() throws IOException {
            super();
        }

        void escape(String s) throws IOException {
            outputEscapedString(s);
            _out.write('|');
        }
    }

    @Test
    void sameBytesAsPoi() throws IOException {
        List<String> texts = new ArrayList<>(Scenarios.hostileNames());
        texts.addAll(List.of("", "plain", "a<b>&\"c'\t\r\n\u00A0d", "\u0000\u0001\u001F\u007F\u0080", "\uFFFE\uFFFF\uFFFD",
                "lone \uD800 high, lone \uDC00 low, pair \uD83D\uDD10", "x".repeat(40_000) + "<" + "y".repeat(20_000)));
        String poi = written(new Poi(), texts);
        FastSheetDataWriter fast = new FastSheetDataWriter();
        StringBuilder b = new StringBuilder();
        try {
            for (String t : texts) {
                fast.outputEscapedString(t);
                fast.outputEscapedString("|");
            }
            fast.close();
            try (var in = fast.getWorksheetXMLInputStream()) {
                b.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            fast.close();
        }
        assertEquals(poi, b.toString());
    }
}
