package io.securitylake.subscriber.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.securitylake.subscriber.DaemonThreads;
import io.securitylake.subscriber.LakeSettings;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The queue as SQS sees it, for every replica together: messages in flight (received, not yet deleted) and
 * messages waiting. Read every {@code lake.ops.queue-poll-interval}; the same numbers KEDA scales on.
 * This replica's own in-flight messages are Camel's {@code camel_exchanges_inflight{routeId="lake-notifications"}}.
 */
@Component
class QueueGauges implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(QueueGauges.class);

    private final AtomicLong inFlight = new AtomicLong(-1);
    private final AtomicLong waiting = new AtomicLong(-1);
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lake-queue-gauges"));
    private final SqsClient sqs;
    private final String queueUrl;

    QueueGauges(SqsClient sqsClient, LakeSettings lakeSettings, OpsSettings ops, MeterRegistry registry) {
        this.sqs = sqsClient;
        this.queueUrl = lakeSettings.queueUrl();
        Gauge.builder("lake.sqs.messages.in.flight", inFlight, AtomicLong::get)
                .description("messages received from the queue and not yet deleted (all replicas; -1 unknown)")
                .register(registry);
        Gauge.builder("lake.sqs.messages.waiting", waiting, AtomicLong::get)
                .description("messages waiting in the queue (-1 unknown)")
                .register(registry);
        if (queueUrl != null) {
            long every = ops.queuePollInterval().toMillis();
            timer.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        try {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            inFlight.set(Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
            waiting.set(Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)));
        } catch (RuntimeException e) {
            inFlight.set(-1);
            waiting.set(-1);
            LOG.debug("queue attributes unavailable: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
