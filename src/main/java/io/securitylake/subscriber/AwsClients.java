package io.securitylake.subscriber;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS and S3 clients the routes use ({@code #sqsClient}, {@code #s3Client}). Credentials come from the
 * SDK's default provider chain (environment, profile, container or instance role).
 * <p>
 * Transient S3 failures (5xx, throttling, connection errors, a server that stops answering for
 * {@code lake.aws.s3-read-timeout}, default 30 s) are retried by the SDK with exponential backoff and jitter, up to
 * {@code lake.aws.max-attempts} attempts per request; after that the object is left for SQS to redeliver.
 * Neither client connects when it is built, so an unreachable endpoint never stops the service from starting.
 */
@Configuration(proxyBeanMethods = false)
class AwsClients {

    /** Longer than SQS long polling (20 s). */
    private static final Duration SQS_READ_TIMEOUT = Duration.ofSeconds(60);

    @Bean(destroyMethod = "close")
    SqsClient sqsClient(AwsSettings aws) {
        var builder = SqsClient.builder().region(Region.of(aws.region()))
                .httpClient(httpClient(SQS_READ_TIMEOUT))
                .overrideConfiguration(retries(aws.maxAttempts()));
        if (aws.sqsEndpointOrDefault() != null) {
            builder.endpointOverride(aws.sqsEndpointOrDefault());
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    S3Client s3Client(AwsSettings aws) {
        var builder = S3Client.builder().region(Region.of(aws.region()))
                .httpClient(httpClient(aws.s3ReadTimeout()))
                .overrideConfiguration(retries(aws.maxAttempts()));
        if (aws.s3EndpointOrDefault() != null) {
            builder.endpointOverride(aws.s3EndpointOrDefault()).forcePathStyle(true);
        }
        return builder.build();
    }

    /** The read timeout bounds a request that gets no answer, and a stalled download. */
    private static software.amazon.awssdk.http.SdkHttpClient httpClient(Duration readTimeout) {
        return ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(readTimeout)
                .build();
    }

    private static ClientOverrideConfiguration retries(int maxAttempts) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                .build();
    }
}
