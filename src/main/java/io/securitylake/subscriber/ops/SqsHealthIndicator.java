package io.securitylake.subscriber.ops;

import io.securitylake.subscriber.LakeSettings;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Readiness of SQS: GetQueueAttributes on {@code lake.queue-url} within {@code lake.ops.health-timeout}.
 * Any failure is DOWN, including a queue that no longer exists: without its queue the service does nothing.
 */
@Component("sqsHealthIndicator")
class SqsHealthIndicator implements HealthIndicator {

    private final SqsClient sqs;
    private final String queueUrl;
    private final OpsSettings ops;

    SqsHealthIndicator(SqsClient sqsClient, LakeSettings lakeSettings, OpsSettings ops) {
        this.sqs = sqsClient;
        this.queueUrl = lakeSettings.queueUrl();
        this.ops = ops;
    }

    @Override
    public Health health() {
        if (queueUrl == null) {
            return Health.down().withDetail("error", "lake.queue-url is not set").build();
        }
        try {
            var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                    .overrideConfiguration(o -> o.apiCallTimeout(ops.healthTimeout()))).attributes();
            return Health.up()
                    .withDetail("waiting", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .build();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
    }
}
