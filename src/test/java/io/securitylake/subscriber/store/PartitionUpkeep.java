package io.securitylake.subscriber.store;

import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The service's partition upkeep on one tenant as if today were a chosen day: for benchmarks that drop a day. */
public final class PartitionUpkeep {

    private PartitionUpkeep() {
    }

    /** Runs {@link PartitionMaintenance} on the tenant with a retention that drops every day before {@code oldestKept}. */
    public static void dropDaysBefore(TenantStores stores, String tenant, LocalDate oldestKept) throws SQLException {
        TenantSettings tenants = TenantSettings.of("tenants." + tenant + ".accounts", "000000000000",
                "tenants." + tenant + ".retention-days", "1");
        Clock today = Clock.fixed(oldestKept.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        new PartitionMaintenance(stores, tenants, StoreSettings.of(), today).maintain(tenant);
    }
}
