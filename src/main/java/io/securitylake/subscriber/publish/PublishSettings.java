package io.securitylake.subscriber.publish;

import io.securitylake.subscriber.SettingsFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Publishing to Security Lake (each tenant opts in: {@code lake.tenants.<id>.publish}).
 *
 * @param interval how often route {@code publish} looks for closed windows to write
 * @param settle   how long after a window ends it is written: a change committed late within it is still seen (never
 *                 more than the window itself)
 */
@ConfigurationProperties("lake.publish")
public record PublishSettings(@DefaultValue("10s") Duration interval, @DefaultValue("30s") Duration settle) {

    /** The defaults but for the settings given, each name (after {@code lake.publish.}) then its value: for tests. */
    public static PublishSettings of(Object... nameValues) {
        return SettingsFactory.bind(PublishSettings.class, nameValues);
    }
}
