package org.meshaudit.model;

/**
 * Something that could not be read or understood during collection. Any issue makes the run incomplete.
 *
 * @param source  file, file:line or API location concerned
 * @param kind    short machine-readable category: {@code parse-error}, {@code limit-exceeded}, {@code unreadable},
 *                {@code invalid-object}, {@code invalid-value}, {@code not-found}, {@code forbidden}
 * @param message one line for people
 */
public record CollectionIssue(String source, String kind, String message) implements Comparable<CollectionIssue> {

    @Override
    public int compareTo(CollectionIssue o) {
        int c = source.compareTo(o.source);
        if (c != 0) {
            return c;
        }
        c = kind.compareTo(o.kind);
        return c != 0 ? c : message.compareTo(o.message);
    }
}
