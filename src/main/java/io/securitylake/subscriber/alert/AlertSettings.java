package io.securitylake.subscriber.alert;

import io.securitylake.subscriber.SettingsFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How alerts are delivered: attempts with exponential back-off, HTTP timeouts, extra trusted CAs.
 *
 * @param maxAttempts     attempts per delivery before it is recorded {@code failed} (an operator can resend it)
 * @param initialDelay    pause after the first failed attempt; each further pause is {@code multiplier} times longer
 * @param maxDelay        longest pause between two attempts
 * @param connectTimeout  a webhook connection not made within this fails the attempt
 * @param requestTimeout  a webhook that does not answer within this fails the attempt
 * @param trustCertificates PEM file of CA certificates trusted for webhooks besides the JDK's (a private CA)
 * @param senders         deliveries under way at once
 * @param sweepInterval   how often deliveries left pending (a restart, another replica's crash) are taken up
 */
@ConfigurationProperties("lake.alerting")
public record AlertSettings(@DefaultValue("4") int maxAttempts,
                            @DefaultValue("1s") Duration initialDelay,
                            @DefaultValue("2.0") double multiplier,
                            @DefaultValue("5m") Duration maxDelay,
                            @DefaultValue("5s") Duration connectTimeout,
                            @DefaultValue("10s") Duration requestTimeout,
                            Path trustCertificates,
                            @DefaultValue("2") int senders,
                            @DefaultValue("30s") Duration sweepInterval) {

    public AlertSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("lake.alerting.max-attempts must be at least 1");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("lake.alerting.multiplier must be at least 1.0");
        }
    }

    /** The defaults but for the settings given, each name (after {@code lake.alerting.}) then its value: for tests. */
    public static AlertSettings of(Object... nameValues) {
        return SettingsFactory.bind(AlertSettings.class, nameValues);
    }
}
