package io.securitylake.subscriber.ops;

import io.securitylake.subscriber.SettingsFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Health checks and the queue gauges.
 *
 * @param healthTimeout     longest a readiness check of one dependency may take before it counts as DOWN
 * @param healthBucket      bucket the S3 check asks HeadBucket of; absent: ListBuckets (any S3 answer is UP)
 * @param queuePollInterval how often the queue's message counts are read for the SQS gauges
 */
@ConfigurationProperties("lake.ops")
public record OpsSettings(@DefaultValue("3s") Duration healthTimeout,
                          String healthBucket,
                          @DefaultValue("15s") Duration queuePollInterval) {

    /** The defaults but for the settings given, each name (after {@code lake.ops.}) then its value: for tests. */
    public static OpsSettings of(Object... nameValues) {
        return SettingsFactory.bind(OpsSettings.class, nameValues);
    }
}
