package org.meshaudit.api;

/**
 * Optional observer of what a {@link Renderer} wrote, counted by the renderer while it writes (never by reading the
 * output back): data rows of a workbook, pages of a PDF. The benchmark harness uses it to report rates; the CLI
 * passes {@link #NONE}. Counts are facts about the rendering, not evidence. A renderer that counts nothing never
 * calls it; a stats object must not throw.
 */
public interface RenderStats {
    /** Data rows written (header rows not counted), summed over every sheet or table. */
    String ROWS = "rows";
    /** Pages of the document written. */
    String PAGES = "pages";

    RenderStats NONE = (what, n) -> { };

    /**
     * Adds {@code n} to the count named {@code what}: one of the constants above, or {@code rows.SHEET} for one
     * sheet of a workbook.
     */
    void count(String what, long n);
}
