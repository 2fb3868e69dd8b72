package io.securitylake.subscriber.alert;

import io.securitylake.subscriber.DaemonThreads;
import io.securitylake.subscriber.LakeExchange;
import io.securitylake.subscriber.tenant.TenantSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.stereotype.Component;

/**
 * The steps of route {@code alert-send} around the sending itself: {@link #claim} takes a pending delivery (with a
 * lease, so nobody else sends it meanwhile), {@link #delivered} and {@link #failed} record how the attempt went.
 * A failed attempt is tried again after an exponential back-off ({@code lake.alerting.*}) until the last one,
 * after which the delivery is {@code failed} and waits for an operator's {@link #resend}. Retries are timed in
 * memory and recorded in the table, so the sweep ({@link #due}) takes up what a restart or a crash left pending.
 */
@Component("alertSender")
public class AlertSender implements DisposableBean {

    static final String SEND = "seda:alert-send";
    private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);
    /** The in-memory timer fires a little after the row is due, whatever the clocks of JVM and database say. */
    private static final Duration SLACK = Duration.ofMillis(250);
    private static final int SWEEP_BATCH = 500;

    private final AlertSettings alerting;

    private final TenantSettings tenantSettings;
    private final AlertDeliveryTable table;
    private final AlertMetrics metrics;
    private final ProducerTemplate producer;
    private final String owner = "alert-" + UUID.randomUUID();
    private final Duration lease;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lake-alert-retry"));

    AlertSender(AlertSettings alerting, TenantSettings tenantSettings, AlertDeliveryTable table, AlertMetrics metrics,
                ProducerTemplate producer) {
        this.alerting = alerting;
        this.tenantSettings = tenantSettings;
        this.table = table;
        this.metrics = metrics;
        this.producer = producer;
        AlertSettings settings = alerting;
        this.lease = settings.connectTimeout().plus(settings.requestTimeout()).plusSeconds(60);
    }

    /**
     * Takes the delivery for one attempt: the message becomes its body with headers {@code tenant}, {@code change}
     * and {@code delivery} only (an SQS destination gets them as message attributes), and property
     * {@code LakeAlertAttempt} (a {@link DeliveryAttempt}) says where it goes. Without that property afterwards there
     * is nothing to send.
     */
    public void claim(@Body String uid, Exchange exchange) {
        exchange.removeProperty(LakeExchange.ALERT_ATTEMPT);
        Optional<AlertDeliveryTable.Attempt> claimed = table.claim(uid, owner, lease);
        if (claimed.isEmpty()) {
            return; // delivered, failed, not due, or another process sends it
        }
        AlertDeliveryTable.Attempt attempt = claimed.get();
        TenantSettings.AlertDestination destination = destination(attempt);
        if (destination == null) {
            table.failed(uid, owner, "destination " + attempt.destination() + " of tenant " + attempt.tenant()
                    + " is no longer configured as a " + attempt.type());
            metrics.failed(attempt.tenant(), attempt.type());
            return;
        }
        exchange.setProperty(LakeExchange.ALERT_ATTEMPT, new DeliveryAttempt(attempt, destination));
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader("tenant", attempt.tenant());
        message.setHeader("change", attempt.change());
        message.setHeader("delivery", attempt.uid());
        message.setBody(attempt.body());
    }

    public void delivered(@ExchangeProperty(LakeExchange.ALERT_ATTEMPT) DeliveryAttempt sent) {
        AlertDeliveryTable.Attempt attempt = sent.attempt();
        table.delivered(attempt.uid(), owner);
        metrics.sent(attempt.tenant(), attempt.type());
        LOG.info("alert delivered: tenant={} destination={} delivery={} attempt={}", attempt.tenant(),
                attempt.destination(), attempt.uid(), attempt.attempts());
    }

    /** The attempt threw: another after the back-off, or, after the last (or a refusal), the delivery fails. */
    public void failed(@ExchangeProperty(LakeExchange.ALERT_ATTEMPT) DeliveryAttempt tried,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        AlertDeliveryTable.Attempt attempt = tried.attempt();
        String reason = error == null ? "unknown error"
                : error instanceof WebhookRefused ? error.getMessage() : error.getClass().getSimpleName() + ": " + error.getMessage();
        boolean retryable = !(error instanceof WebhookRefused refused) || refused.retryable();
        AlertSettings settings = alerting;
        if (retryable && attempt.attempts() < settings.maxAttempts()) {
            Duration delay = backoff(settings, attempt.attempts());
            table.retryLater(attempt.uid(), owner, reason, delay);
            metrics.retried(attempt.tenant(), attempt.type());
            LOG.info("alert attempt {} failed, next in {} ms: tenant={} destination={} delivery={}: {}",
                    attempt.attempts(), delay.toMillis(), attempt.tenant(), attempt.destination(), attempt.uid(), reason);
            timer.schedule(() -> offer(attempt.uid()), delay.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
        } else {
            table.failed(attempt.uid(), owner, reason);
            metrics.failed(attempt.tenant(), attempt.type());
            LOG.warn("alert failed after {} attempt(s), kept for resend: tenant={} destination={} delivery={}: {}",
                    attempt.attempts(), attempt.tenant(), attempt.destination(), attempt.uid(), reason);
        }
    }

    /** The pause after the n-th failed attempt: initial delay × multiplier^(n-1), at most the maximum. */
    static Duration backoff(AlertSettings settings, int failedAttempts) {
        double millis = settings.initialDelay().toMillis() * Math.pow(settings.multiplier(), failedAttempts - 1);
        return millis >= settings.maxDelay().toMillis() ? settings.maxDelay() : Duration.ofMillis((long) millis);
    }

    /** Pending deliveries that are due and nobody sends: for route {@code alert-sweep}. */
    public List<String> due() {
        try {
            return table.due(SWEEP_BATCH);
        } catch (BadSqlGrammarException e) {
            LOG.debug("no alert deliveries yet (the control database is being migrated): {}", e.getMessage());
            return List.of();
        }
    }

    /** A failed delivery sent again now, with a fresh count of attempts; false when it is not failed. */
    public boolean resend(String uid) {
        if (!table.resend(uid)) {
            return false;
        }
        offer(uid);
        return true;
    }

    private void offer(String uid) {
        try {
            producer.sendBody(SEND, uid);
        } catch (RuntimeException e) {
            // the row is pending and due: the sweep sends it
            LOG.warn("alert delivery {} left to the sweep: {}", uid, e.getMessage());
        }
    }

    private TenantSettings.AlertDestination destination(AlertDeliveryTable.Attempt attempt) {
        TenantSettings.Tenant tenant = tenantSettings.tenants().get(attempt.tenant());
        if (tenant == null) {
            return null;
        }
        return tenant.alerts().stream()
                .filter(d -> d.name().equals(attempt.destination()) && d.type().equals(attempt.type()))
                .findFirst().orElse(null);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
