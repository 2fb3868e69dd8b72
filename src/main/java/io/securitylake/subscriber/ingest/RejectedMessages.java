package io.securitylake.subscriber.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps message bodies that announce nothing readable (not JSON, unknown shape) in the control database,
 * so an operator can inspect them; the message is then deleted from the queue instead of looping forever.
 */
@Component("rejectedMessages")
public class RejectedMessages {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedMessages.class);

    private final JdbcTemplate control;

    public RejectedMessages(JdbcTemplate control) {
        this.control = control;
    }

    public void record(String body, @Header("CamelAwsSqsMessageId") String messageId, Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = error == null ? "unreadable message" : error.getMessage();
        String kept = body == null ? "" : body.replace('\u0000', '\uFFFD');
        control.update("INSERT INTO lake_rejected_messages (message_id, error, body) VALUES (?, ?, ?)",
                messageId, reason, kept);
        // the reason quotes the start of the body, so the log names only its kind: no payload in logs
        LOG.warn("message rejected id={} bytes={} error={}", messageId, kept.length(),
                error == null ? "unreadable message" : error.getClass().getSimpleName());
    }
}
