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
 */
@ConfigurationProperties("lake.store")
public record StoreSettings(@DefaultValue("1h") Duration maintenanceInterval, @DefaultValue("3") int partitionsAhead) {

    /** The defaults but for the settings given, each name (after {@code lake.store.}) then its value: for tests. */
    public static StoreSettings of(Object... nameValues) {
        return SettingsFactory.bind(StoreSettings.class, nameValues);
    }
}
