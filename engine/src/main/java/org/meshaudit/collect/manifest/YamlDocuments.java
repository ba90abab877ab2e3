package org.meshaudit.collect.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a YAML stream into its documents at {@code ---} markers in column 0 (which YAML forbids inside content), so
 * each document is size-checked and parsed on its own: a broken or oversized document does not hide the others.
 */
final class YamlDocuments {

    /**
     * @param start     byte offset of the document (its {@code ---} line included)
     * @param end       byte offset after the document
     * @param firstLine 1-based line number of its first line
     */
    record Slice(int start, int end, int firstLine) {
        int length() {
            return end - start;
        }

        /** True if the document may define an anchor ({@code &name}); only then can it contain aliases. */
        boolean hasAnchors(byte[] bytes) {
            for (int i = start; i < end; i++) {
                if (bytes[i] == '&') {
                    return true;
                }
            }
            return false;
        }
    }

    private YamlDocuments() {
    }

    static List<Slice> split(byte[] b) {
        List<Slice> out = new ArrayList<>();
        int start = 0;
        int startLine = 1;
        int line = 1;
        for (int i = 0; i < b.length; i++) {
            boolean lineStart = i == 0 || b[i - 1] == '\n';
            if (lineStart && i + 2 < b.length && b[i] == '-' && b[i + 1] == '-' && b[i + 2] == '-'
                    && (i + 3 == b.length || b[i + 3] == ' ' || b[i + 3] == '\t' || b[i + 3] == '\r' || b[i + 3] == '\n')) {
                if (i > start) {
                    out.add(new Slice(start, i, startLine));
                }
                start = i;
                startLine = line;
            }
            if (b[i] == '\n') {
                line++;
            }
        }
        if (b.length > start) {
            out.add(new Slice(start, b.length, startLine));
        }
        return out;
    }
}
