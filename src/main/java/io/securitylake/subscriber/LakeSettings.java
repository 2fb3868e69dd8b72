package io.securitylake.subscriber;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own {@code lake.*} settings, which belong to no one feature: its queue and its routes. Each feature's
 * settings are a record of their own in the feature's package ({@code <Feature>Settings}, e.g.
 * {@code ingest.IngestSettings} for {@code lake.ingest}), the only home of their defaults: routes read them as
 * {@code {{lake.x}}} placeholders without a default of their own (see {@link TypedPlaceholders}), Java takes the
 * records. Each setting is also settable by environment variable (Spring relaxed binding), e.g. {@code LAKE_QUEUE_URL},
 * {@code LAKE_INGEST_CHUNK_SIZE}. docs/configuration.md lists them all (a test holds it to the records).
 *
 * @param queueUrl     the subscriber's SQS queue
 * @param routesDir    folder of the {@code *.camel.yaml} routes; absent: {@code ./routes} if present, else the jar's copy
 * @param routesReload reload a route file when it changes, without a restart
 */
@ConfigurationProperties("lake")
public record LakeSettings(String queueUrl, Path routesDir, @DefaultValue("false") boolean routesReload) {

    /** The defaults but for the settings given, each name (after {@code lake.}) then its value: for tests. */
    public static LakeSettings of(Object... nameValues) {
        return SettingsFactory.bind(LakeSettings.class, nameValues);
    }
}
