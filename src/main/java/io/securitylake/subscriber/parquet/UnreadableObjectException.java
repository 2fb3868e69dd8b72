package io.securitylake.subscriber.parquet;

/**
 * An object that cannot be read as OCSF Parquet (corrupt, truncated, empty, a row that fails to convert). Not
 * retryable. Carries why in one word ({@link #reason()}: {@code empty}, {@code not-parquet}, {@code truncated},
 * {@code unreadable-footer}, {@code unreadable-data}, {@code bad-value}), and the column at fault where there is one.
 */
public class UnreadableObjectException extends RuntimeException {

    private final String reason;
    private final String column;

    public UnreadableObjectException(String message) {
        this("unreadable-data", null, message, null);
    }

    public UnreadableObjectException(String message, Throwable cause) {
        this("unreadable-data", null, message, cause);
    }

    public UnreadableObjectException(String reason, String column, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.column = column;
    }

    /** Why, in one word: also the label of the metric of refused objects. */
    public String reason() {
        return reason;
    }

    /** The column (dotted path, {@code []} for list items) whose value could not be read; null when none. */
    public String column() {
        return column;
    }
}
