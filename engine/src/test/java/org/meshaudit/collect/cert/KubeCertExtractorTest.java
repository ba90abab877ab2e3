package org.meshaudit.collect.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KubeCertExtractorTest {

    @Test
    void stripsWhitespaceAsTheRegexDid() {
        String[] samples = {"", "TUlJQg==", " TUl\nJQg==\r\n", "\tA\u000BB\fC\rD E\n", "\u00A0A\u2028B", "   "};
        for (String s : samples) {
            assertEquals(s.replaceAll("\\s", ""), KubeCertExtractor.withoutWhitespace(s), s);
        }
        String clean = "TUlJQmtUQ0NBVGVnQXdJQkFnSUJBVEFLQmdncWhrak9QUVFEQWpB";
        assertSame(clean, KubeCertExtractor.withoutWhitespace(clean));
        Random r = new Random(7);
        char[] alphabet = "AZaz09+/= \t\n\u000B\f\r\u00A0\u0085".toCharArray();
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = r.nextInt(40); j > 0; j--) {
                b.append(alphabet[r.nextInt(alphabet.length)]);
            }
            String s = b.toString();
            assertEquals(s.replaceAll("\\s", ""), KubeCertExtractor.withoutWhitespace(s), s);
        }
    }
}
