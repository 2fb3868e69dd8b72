package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.securitylake.subscriber.notification.UnreadableNotificationException;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/** An unreadable body is kept whole for the operator, and logged by message id and length only. */
class RejectedMessagesTest {

    private static final JdbcTemplate CONTROL = new JdbcTemplate(LakeTestStack.controlDatabase("rejected_test"));
    private final RejectedMessages rejected = new RejectedMessages(CONTROL);
    private final Logger logger = (Logger) LoggerFactory.getLogger(RejectedMessages.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    @Test
    void theBodyIsKeptWithItsReasonAndTheLogNamesOnlyIdLengthAndKind() {
        String id = UUID.randomUUID().toString();
        String body = "{\"secret\": \"do-not-log\", \"nul\": \"a\u0000b\"}";
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT,
                new UnreadableNotificationException("unknown shape; it starts with '{\"secret\": \"do-not-log\"'"));

        rejected.record(body, id, exchange);

        Map<String, Object> row = CONTROL.queryForMap("SELECT * FROM lake_rejected_messages WHERE message_id = ?", id);
        assertThat(row.get("body")).as("kept whole, NUL replaced for a text column")
                .isEqualTo(body.replace('\u0000', '\uFFFD'));
        assertThat((String) row.get("error")).startsWith("unknown shape");
        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).isEqualTo(
                "message rejected id=" + id + " bytes=" + body.length() + " error=UnreadableNotificationException");
    }

    @Test
    void aBodyWithoutAReasonOrContentIsKeptToo() {
        String id = UUID.randomUUID().toString();
        rejected.record(null, id, new DefaultExchange(new DefaultCamelContext()));

        assertThat(CONTROL.queryForMap("SELECT body, error FROM lake_rejected_messages WHERE message_id = ?", id))
                .containsEntry("body", "").containsEntry("error", "unreadable message");
        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                .isEqualTo("message rejected id=" + id + " bytes=0 error=unreadable message");
    }
}
