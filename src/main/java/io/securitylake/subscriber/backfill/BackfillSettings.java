package io.securitylake.subscriber.backfill;

import io.securitylake.subscriber.SettingsFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Backfill: reading what the lake already holds, for a range of event days, through the same ingestion.
 *
 * @param bucket       the Security Lake bucket a backfill request may leave out
 * @param concurrency  objects a replica reads for backfills at once (beside the queue's consumers)
 * @param maxDays      most event days one request may cover
 * @param pollInterval how often a replica looks for backfill work (listing or objects) when it has none
 * @param claimLease   how long an object claimed by a replica stays its own; a replica that died loses it then
 * @param maxAttempts  attempts at an object that keeps failing transiently before it counts as failed
 * @param retryDelay   pause before a transiently failed object is tried again
 */
@ConfigurationProperties("lake.backfill")
public record BackfillSettings(String bucket,
                               @DefaultValue("2") int concurrency,
                               @DefaultValue("31") int maxDays,
                               @DefaultValue("2s") Duration pollInterval,
                               @DefaultValue("10m") Duration claimLease,
                               @DefaultValue("5") int maxAttempts,
                               @DefaultValue("30s") Duration retryDelay) {

    /** The defaults but for the settings given, each name (after {@code lake.backfill.}) then its value: for tests. */
    public static BackfillSettings of(Object... nameValues) {
        return SettingsFactory.bind(BackfillSettings.class, nameValues);
    }
}
