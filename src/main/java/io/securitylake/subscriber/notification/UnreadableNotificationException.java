package io.securitylake.subscriber.notification;

/** A message body that is not JSON, or JSON of no known notification shape. Not retryable. */
public class UnreadableNotificationException extends RuntimeException {

    public UnreadableNotificationException(String message) {
        super(message);
    }

    public UnreadableNotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
