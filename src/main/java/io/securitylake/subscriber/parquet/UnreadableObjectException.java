package io.securitylake.subscriber.parquet;

/** An object that cannot be read as OCSF Parquet (corrupt, truncated, empty, a row that fails to convert). Not retryable. */
public class UnreadableObjectException extends RuntimeException {

    public UnreadableObjectException(String message) {
        super(message);
    }

    public UnreadableObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
