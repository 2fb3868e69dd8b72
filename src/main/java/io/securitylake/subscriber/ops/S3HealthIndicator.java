package io.securitylake.subscriber.ops;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Readiness of S3, a cheap call within {@code lake.ops.health-timeout}: HeadBucket on
 * {@code lake.ops.health-bucket} when set (then any refusal is DOWN), else ListBuckets, where any answer of
 * S3, even AccessDenied, is UP: a subscriber role may read its lake buckets without listing all buckets,
 * and this check is about reaching S3. Per-object problems show in the ledger, not here.
 */
@Component("s3HealthIndicator")
class S3HealthIndicator implements HealthIndicator {

    private final S3Client s3;
    private final OpsSettings ops;

    S3HealthIndicator(S3Client s3Client, OpsSettings ops) {
        this.s3 = s3Client;
        this.ops = ops;
    }

    @Override
    public Health health() {
        String bucket = ops.healthBucket();
        try {
            if (bucket != null && !bucket.isBlank()) {
                s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(ops.healthTimeout())));
                return Health.up().withDetail("bucket", bucket).build();
            }
            s3.listBuckets(b -> b.maxBuckets(1).overrideConfiguration(o -> o.apiCallTimeout(ops.healthTimeout())));
            return Health.up().build();
        } catch (AwsServiceException answered) {
            if (bucket != null && !bucket.isBlank()) {
                return Health.down(answered).withDetail("bucket", bucket).build();
            }
            return Health.up().withDetail("answer", answered.statusCode() + " "
                    + answered.awsErrorDetails().errorCode()).build();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
    }
}
