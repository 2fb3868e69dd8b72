package io.securitylake.subscriber;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where SQS and S3 are; endpoints only for emulators (S3 is then addressed path-style).
 *
 * @param s3ReadTimeout an S3 request or download that gets no byte for this long fails (and is retried)
 * @param maxAttempts   attempts per SQS or S3 request, with exponential backoff and jitter between them
 */
@ConfigurationProperties("lake.aws")
public record AwsSettings(@DefaultValue("us-east-1") String region, URI endpoint, URI sqsEndpoint, URI s3Endpoint,
                          @DefaultValue("30s") Duration s3ReadTimeout, @DefaultValue("4") int maxAttempts,
                          URI securitylakeEndpoint) {

    public URI sqsEndpointOrDefault() {
        return sqsEndpoint != null ? sqsEndpoint : endpoint;
    }

    public URI s3EndpointOrDefault() {
        return s3Endpoint != null ? s3Endpoint : endpoint;
    }

    /** The defaults but for the settings given, each name (after {@code lake.aws.}) then its value: for tests. */
    public static AwsSettings of(Object... nameValues) {
        return SettingsFactory.bind(AwsSettings.class, nameValues);
    }
}
