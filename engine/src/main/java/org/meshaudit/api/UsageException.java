package org.meshaudit.api;

/** A usage or configuration error: bad flag, unreadable input path, invalid pack or config (exit code 2). */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String suggestion;

    public UsageException(String message, String suggestion) {
        super(message);
        this.suggestion = suggestion;
    }

    public UsageException(String message) {
        this(message, null);
    }

    public UsageException(String message, String suggestion, Throwable cause) {
        super(message, cause);
        this.suggestion = suggestion;
    }

    /** A one-line hint for the user, or null. */
    public String suggestion() {
        return suggestion;
    }
}
