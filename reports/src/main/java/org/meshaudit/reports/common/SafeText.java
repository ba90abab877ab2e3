package org.meshaudit.reports.common;

import java.util.Locale;

/**
 * Neutralises attacker-controlled text (object names, annotations, certificate subjects, SANs) before it reaches a
 * PDF or a spreadsheet (security-reliability.md 4.3).
 *
 * <ul>
 *   <li>control characters (C0 except none, DEL, C1), bidi embeddings/overrides/isolates, zero-width characters,
 *       line/paragraph separators, BOM and unpaired surrogates become a visible {@code <U+XXXX>};</li>
 *   <li>very long values are cut with a marker that says how much was left out and where the full value is;</li>
 *   <li>spreadsheet text that a spreadsheet could read as a formula ({@code = + - @}, tab, CR) gets a leading
 *       apostrophe (OWASP CSV-injection advice), and is always written as a string cell.</li>
 * </ul>
 */
public final class SafeText {

    /** Where the full value of a shortened text can be found. */
    public static final String FULL_VALUE_HINT = "full value in audit.json";

    private SafeText() {
    }

    /** True for code points that must not be shown raw: they hide, reorder or break text. */
    public static boolean isUnsafe(int cp) {
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            return true;
        }
        return switch (cp) {
            case 0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D,
                 0x202E, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB -> true;
            default -> (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xFFFE && cp <= 0xFFFF) || cp == 0x10FFFE
                    || cp == 0x10FFFF || (cp >= 0xE0000 && cp <= 0xE007F);
        };
    }

    /** Text with unsafe code points shown as {@code <U+XXXX>}; {@code null} becomes {@code ""}. */
    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) { // printable ASCII, most of every report: never unsafe
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            if (isUnsafe(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
        while (i < n) {
            int cp = s.codePointAt(i);
            if (isUnsafe(cp)) {
                b.append(escape(cp));
            } else {
                b.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    public static String escape(int cp) {
        return "<U+" + String.format(Locale.ROOT, "%04X", cp) + ">";
    }

    /** {@link #clean} then cut to at most about {@code max} characters, with a marker saying what was left out. */
    public static String clip(String s, int max) {
        String c = clean(s);
        if (c.length() <= max) {
            return c;
        }
        int cut = max;
        if (Character.isHighSurrogate(c.charAt(cut - 1))) {
            cut--;
        }
        // do not split an <U+XXXX> marker
        int lt = c.lastIndexOf('<', cut - 1);
        if (lt >= 0 && cut - lt < 9 && c.startsWith("<U+", lt) && c.indexOf('>', lt) >= cut) {
            cut = lt;
        }
        return c.substring(0, cut) + " [… " + (c.length() - cut) + " more characters; " + FULL_VALUE_HINT + "]";
    }

    /** Spreadsheet string: cleaned, clipped to the cell limit and neutralised against formula injection. */
    public static String cell(String s, int max) {
        String c = clip(s, max);
        return needsFormulaGuard(c) ? "'" + c : c;
    }

    /** True when a spreadsheet (or a CSV export of it) could read the text as a formula or DDE call. */
    public static boolean needsFormulaGuard(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\uFF1D'
                || c == '\uFF0B' || c == '\uFF0D' || c == '\uFF20';
    }
}
