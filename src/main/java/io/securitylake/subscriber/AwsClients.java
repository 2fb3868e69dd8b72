package io.securitylake.subscriber;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS and S3 clients the routes use ({@code #sqsClient}, {@code #s3Client}). Credentials come from the
 * SDK's default provider chain (environment, profile, container or instance role).
 */
@Configuration(proxyBeanMethods = false)
class AwsClients {

    @Bean(destroyMethod = "close")
    SqsClient sqsClient(LakeProperties lake) {
        var builder = SqsClient.builder().region(Region.of(lake.aws().region()));
        if (lake.aws().sqsEndpointOrDefault() != null) {
            builder.endpointOverride(lake.aws().sqsEndpointOrDefault());
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    S3Client s3Client(LakeProperties lake) {
        var builder = S3Client.builder().region(Region.of(lake.aws().region()));
        if (lake.aws().s3EndpointOrDefault() != null) {
            builder.endpointOverride(lake.aws().s3EndpointOrDefault()).forcePathStyle(true);
        }
        return builder.build();
    }
}
