package io.securitylake.subscriber.store;

import io.securitylake.subscriber.LakeProperties;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

/** The service's partition upkeep on one tenant as if today were a chosen day: for benchmarks that drop a day. */
public final class PartitionUpkeep {

    private PartitionUpkeep() {
    }

    /** Runs {@link PartitionMaintenance} on the tenant with a retention that drops every day before {@code oldestKept}. */
    public static void dropDaysBefore(TenantStores stores, String tenant, LocalDate oldestKept) throws SQLException {
        LakeProperties lake = Binder.get(new MockEnvironment()
                        .withProperty("lake.tenants." + tenant + ".accounts", "000000000000")
                        .withProperty("lake.tenants." + tenant + ".retention-days", "1"))
                .bindOrCreate("lake", LakeProperties.class);
        Clock today = Clock.fixed(oldestKept.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        new PartitionMaintenance(stores, lake, today).maintain(tenant);
    }
}
