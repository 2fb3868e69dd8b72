package io.securitylake.subscriber.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of health checks and the queue gauges ({@code lake.ops.*}, env {@code LAKE_OPS_*}).
 *
 * @param healthTimeout     longest a readiness check of one dependency may take before it counts as DOWN
 * @param healthBucket      bucket the S3 check asks HeadBucket of; absent: ListBuckets (any S3 answer is UP)
 * @param queuePollInterval how often the queue's message counts are read for the SQS gauges
 */
@ConfigurationProperties("lake.ops")
record OpsProperties(@DefaultValue("3s") Duration healthTimeout,
                     String healthBucket,
                     @DefaultValue("15s") Duration queuePollInterval) {
}
