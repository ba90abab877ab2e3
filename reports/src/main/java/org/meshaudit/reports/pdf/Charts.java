package org.meshaudit.reports.pdf;

import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Image;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.util.List;
import java.util.Locale;

/** Small vector charts drawn with OpenPDF graphics; labels are real text (extractable). */
final class Charts {
    static final float W = 250;
    static final float H = 150;

    /** A bar (or bar segment): label, value, colour. */
    record Bar(String label, double value, Color colour) {
    }

    /** One stacked horizontal bar: a row label and its segments. */
    record Stack(String label, List<Bar> segments) {
    }

    private Charts() {
    }

    private static void text(PdfTemplate t, BaseFont f, float size, Color c, String s, float x, float y, int align) {
        t.beginText();
        t.setFontAndSize(f, size);
        t.setColorFill(c);
        t.showTextAligned(align, s, x, y, 0);
        t.endText();
    }

    private static void title(PdfTemplate t, String title) {
        text(t, PdfFonts.BOLD, 8.5f, PdfFonts.NAVY, title, 0, H - 10, Element.ALIGN_LEFT);
    }

    private static void empty(PdfTemplate t, String message) {
        t.setColorStroke(new Color(0xCC, 0xCC, 0xCC));
        t.setLineWidth(0.5f);
        t.rectangle(0.5f, 0.5f, W - 1, H - 22);
        t.stroke();
        text(t, PdfFonts.REGULAR, 8, PdfFonts.MUTED, message, W / 2, (H - 22) / 2, Element.ALIGN_CENTER);
    }

    /** Vertical bars with the value above each bar. */
    static Image bars(PdfWriter writer, String title, List<Bar> bars, String emptyMessage) throws DocumentException {
        PdfTemplate t = writer.getDirectContent().createTemplate(W, H);
        title(t, title);
        double max = 0;
        for (Bar b : bars) {
            max = Math.max(max, b.value());
        }
        if (max == 0 && emptyMessage != null) {
            empty(t, emptyMessage);
            return Image.getInstance(t);
        }
        float left = 8;
        float bottom = 22;
        float top = H - 30;
        float slot = (W - left - 8) / bars.size();
        float bw = Math.min(34, slot * 0.62f);
        t.setColorStroke(new Color(0x99, 0x99, 0x99));
        t.setLineWidth(0.5f);
        t.moveTo(left, bottom);
        t.lineTo(W - 4, bottom);
        t.stroke();
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            float cx = left + slot * i + slot / 2;
            float h = max == 0 ? 0 : (float) (b.value() / max * (top - bottom));
            if (h > 0) {
                t.setColorFill(b.colour());
                t.rectangle(cx - bw / 2, bottom, bw, Math.max(h, 0.8f));
                t.fill();
            }
            text(t, PdfFonts.BOLD, 8, PdfFonts.INK, count(b.value()), cx, bottom + h + 3, Element.ALIGN_CENTER);
            text(t, PdfFonts.REGULAR, 7, PdfFonts.INK, b.label(), cx, bottom - 10, Element.ALIGN_CENTER);
        }
        return Image.getInstance(t);
    }

    /** Horizontal stacked bars, one per row, with a legend of the segment labels below. */
    static Image stacks(PdfWriter writer, String title, List<Stack> rows, List<Bar> legend, boolean percent,
                        String emptyMessage) throws DocumentException {
        PdfTemplate t = writer.getDirectContent().createTemplate(W, H);
        title(t, title);
        if (rows.isEmpty()) {
            empty(t, emptyMessage);
            return Image.getInstance(t);
        }
        float labelW = 62;
        float legendH = 14 * ((legend.size() + 2) / 3);
        float top = H - 18;
        float area = top - legendH - 4;
        float rowH = Math.min(22, area / rows.size());
        float barH = Math.max(4, rowH * 0.62f);
        float x0 = labelW;
        float barW = W - labelW - 4;
        for (int i = 0; i < rows.size(); i++) {
            Stack s = rows.get(i);
            float y = top - rowH * (i + 1) + (rowH - barH) / 2;
            double total = 0;
            for (Bar b : s.segments()) {
                total += b.value();
            }
            float size = 7;
            while (size > 4.5f && PdfFonts.REGULAR.getWidthPoint(s.label(), size) > labelW - 6) {
                size -= 0.5f;
            }
            text(t, PdfFonts.REGULAR, size, PdfFonts.INK, s.label(), labelW - 4, y + barH / 2 - 2.5f, Element.ALIGN_RIGHT);
            float x = x0;
            if (total == 0) {
                t.setColorStroke(new Color(0xCC, 0xCC, 0xCC));
                t.rectangle(x0, y, barW, barH);
                t.stroke();
                continue;
            }
            for (Bar b : s.segments()) {
                if (b.value() <= 0) {
                    continue;
                }
                float w = (float) (b.value() / total * barW);
                t.setColorFill(b.colour());
                t.rectangle(x, y, w, barH);
                t.fill();
                String label = percent ? pct(b.value() / total) : count(b.value());
                if (w > PdfFonts.REGULAR.getWidthPoint(label, 6.5f) + 3 && barH >= 7) {
                    text(t, PdfFonts.REGULAR, 6.5f, contrast(b.colour()), label, x + w / 2, y + barH / 2 - 2.3f,
                            Element.ALIGN_CENTER);
                }
                x += w;
            }
        }
        legend(t, legend, legendH);
        return Image.getInstance(t);
    }

    /** One column of a column chart: an x-axis label and its stacked segments, bottom first. */
    record Column(String label, List<Bar> segments) {
    }

    /**
     * Vertical stacked columns over time (one per run), with the total above each column when there is room and a
     * legend below. {@code share}: values are shares of 1 and the axis runs to 100 %.
     */
    static Image columns(PdfWriter writer, String title, List<Column> cols, List<Bar> legend, boolean share)
            throws DocumentException {
        PdfTemplate t = writer.getDirectContent().createTemplate(W, H);
        title(t, title);
        double max = share ? 1 : 0;
        for (Column c : cols) {
            double total = 0;
            for (Bar b : c.segments()) {
                total += Math.max(0, b.value());
            }
            max = Math.max(max, total);
        }
        if (cols.isEmpty() || max == 0) {
            empty(t, "nothing to show");
            return Image.getInstance(t);
        }
        float legendH = legend.isEmpty() ? 0 : 14 * ((legend.size() + 2) / 3);
        float left = 8;
        float bottom = legendH + 16;
        float top = H - 30;
        float slot = (W - left - 8) / cols.size();
        float bw = Math.min(26, slot * 0.62f);
        int every = Math.max(1, (int) Math.ceil(cols.size() / ((W - left) / 30f))); // x labels that fit
        t.setColorStroke(new Color(0x99, 0x99, 0x99));
        t.setLineWidth(0.5f);
        t.moveTo(left, bottom);
        t.lineTo(W - 4, bottom);
        t.stroke();
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            float cx = left + slot * i + slot / 2;
            float y = bottom;
            double total = 0;
            for (Bar b : c.segments()) {
                if (b.value() <= 0) {
                    continue;
                }
                float h = (float) (b.value() / max * (top - bottom));
                t.setColorFill(b.colour());
                t.rectangle(cx - bw / 2, y, bw, Math.max(h, 0.8f));
                t.fill();
                y += h;
                total += b.value();
            }
            String label = share ? pct(total) : count(total);
            if (PdfFonts.BOLD.getWidthPoint(label, 6.5f) <= slot + 2 || i == cols.size() - 1) {
                text(t, PdfFonts.BOLD, 6.5f, PdfFonts.INK, label, cx, y + 3, Element.ALIGN_CENTER);
            }
            if (i % every == 0 || i == cols.size() - 1) {
                text(t, PdfFonts.REGULAR, 6.5f, PdfFonts.INK, c.label(), cx, bottom - 9, Element.ALIGN_CENTER);
            }
        }
        if (!legend.isEmpty()) {
            legend(t, legend, legendH);
        }
        return Image.getInstance(t);
    }

    private static void legend(PdfTemplate t, List<Bar> legend, float legendH) {
        float colW = W / 3;
        for (int i = 0; i < legend.size(); i++) {
            Bar b = legend.get(i);
            float x = colW * (i % 3) + 2;
            float y = legendH - 12 - 14 * (i / 3) + 2;
            t.setColorFill(b.colour());
            t.rectangle(x, y, 7, 7);
            t.fill();
            text(t, PdfFonts.REGULAR, 6.5f, PdfFonts.INK, b.label(), x + 10, y + 1, Element.ALIGN_LEFT);
        }
    }

    static String count(double v) {
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private static Color contrast(Color c) {
        double l = 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
        return l < 140 ? Color.WHITE : PdfFonts.INK;
    }

}
