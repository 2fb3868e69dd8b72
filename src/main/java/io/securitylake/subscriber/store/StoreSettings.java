package io.securitylake.subscriber.store;

import io.securitylake.subscriber.SettingsFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Upkeep of the tenants' events tables.
 *
 * @param maintenanceInterval how often the daily partitions are made ahead and expired ones dropped
 * @param partitionsAhead     days after today whose partitions are made ahead
 * @param valuesKept          values per field that a closed hour's value counts are compacted to (the most frequent);
 *                            stats/top answers from them for up to this many values when their bounds prove it
 */
@ConfigurationProperties("lake.store")
public record StoreSettings(@DefaultValue("1h") Duration maintenanceInterval, @DefaultValue("3") int partitionsAhead,
                            @DefaultValue("100") int valuesKept) {

    /** The defaults but for the settings given, each name (after {@code lake.store.}) then its value: for tests. */
    public static StoreSettings of(Object... nameValues) {
        return SettingsFactory.bind(StoreSettings.class, nameValues);
    }
}
