package org.meshaudit.collect.manifest;

/**
 * Explicit budgets for reading untrusted manifests. Exceeding one yields a {@code limit-exceeded} collection issue
 * for that file (or document), never a hang or a crash.
 *
 * @param maxFileBytes           largest input file (or stdin) read at all
 * @param maxYamlDocumentChars   largest single YAML document, in code points
 * @param maxYamlAliases         YAML aliases allowed per document (alias bombs)
 * @param maxNestingDepth        deepest nesting of mappings/sequences (in a YAML document with anchors, an alias counts as
 *                               the depth it expands to)
 * @param maxStringLength        longest scalar read (a scalar that JSON List items are read without, see
 *                               {@link PrunedItemReader}, is scanned, never buffered, and not held to it)
 * @param maxDocumentsPerFile    documents per file
 */
public record ParserLimits(long maxFileBytes, int maxYamlDocumentChars, int maxYamlAliases, int maxNestingDepth,
                           int maxStringLength, int maxDocumentsPerFile) {

    /** Kubernetes itself caps an object at about 1.5 MiB; these leave room for large List outputs. */
    public static ParserLimits defaults() {
        return new ParserLimits(1L << 30, 32 * 1024 * 1024, 50, 100, 16 * 1024 * 1024, 1_000_000);
    }
}
