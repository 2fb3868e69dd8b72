package io.securitylake.subscriber.alert;

/**
 * A webhook answered, but not with 2xx. 408, 429 and 5xx are worth another attempt; any other answer (a 3xx,
 * which is not followed, or a 4xx such as 401 for a wrong secret) would only be refused again, so the delivery
 * fails at once and waits for an operator's resend.
 */
class WebhookRefused extends RuntimeException {

    private final int status;

    WebhookRefused(int status, String detail) {
        super("HTTP " + status + (detail.isEmpty() ? "" : ": " + detail), null, false, false);
        this.status = status;
    }

    boolean retryable() {
        return status == 408 || status == 429 || status >= 500;
    }
}
