package org.meshaudit.reports.pdf;

import com.lowagie.text.Font;
import com.lowagie.text.pdf.BaseFont;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.meshaudit.reports.common.SafeText;

/**
 * The bundled DejaVu Sans Condensed (regular and bold), embedded as subsets with Identity-H encoding so that any
 * Unicode text is extractable. No system font is looked up. Characters the font has no glyph for are shown as
 * {@code <U+XXXX>} instead of vanishing.
 */
final class PdfFonts {
    static final BaseFont REGULAR = load("DejaVuSansCondensed.ttf");
    static final BaseFont BOLD = load("DejaVuSansCondensed-Bold.ttf");

    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x66, 0x66, 0x66);
    static final Color NAVY = new Color(0x1F, 0x3A, 0x5F);

    private static final boolean[] HAS_GLYPH = new boolean[0x10000];

    static {
        for (int c = 0; c < 0x10000; c++) {
            HAS_GLYPH[c] = !Character.isSurrogate((char) c) && REGULAR.charExists(c) && BOLD.charExists(c);
        }
    }

    private PdfFonts() {
    }

    private static BaseFont load(String file) {
        try (InputStream in = PdfFonts.class.getResourceAsStream("fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("font resource missing: " + file);
            }
            return BaseFont.createFont(file, BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, in.readAllBytes(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Font font(float size) {
        return new Font(REGULAR, size, Font.NORMAL, INK);
    }

    static Font font(float size, Color c) {
        return new Font(REGULAR, size, Font.NORMAL, c);
    }

    static Font bold(float size) {
        return new Font(BOLD, size, Font.NORMAL, INK);
    }

    static Font bold(float size, Color c) {
        return new Font(BOLD, size, Font.NORMAL, c);
    }

    /**
     * Text safe to show: unsafe code points escaped ({@link SafeText}), characters without a glyph escaped, and at
     * most {@code max} characters (with a marker pointing to the full value).
     */
    static String text(String s, int max) {
        String c = SafeText.clip(s, max);
        int n = c.length();
        int i = 0;
        while (i < n && c.charAt(i) < 0x10000 && HAS_GLYPH[c.charAt(i)]) {
            i++;
        }
        if (i == n) {
            return c;
        }
        StringBuilder b = new StringBuilder(n + 16).append(c, 0, i);
        while (i < n) {
            int cp = c.codePointAt(i);
            if (cp < 0x10000 && HAS_GLYPH[cp]) {
                b.append((char) cp);
            } else {
                b.append(SafeText.escape(cp));
            }
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    static String text(String s) {
        return text(s, 600);
    }

    /** Several values, each made safe on its own, one per line (the only way a PDF cell gets a line break). */
    static String lines(java.util.List<String> parts, int max) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p == null || p.isEmpty()) {
                continue;
            }
            b.append(b.isEmpty() ? "" : "\n").append(text(p, max));
        }
        return b.toString();
    }
}
