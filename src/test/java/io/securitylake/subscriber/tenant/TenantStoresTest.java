package io.securitylake.subscriber.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.securitylake.subscriber.stack.EmbeddedLake;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One pool per tenant on real PostgreSQL: a schema of the control database, or a database of its own; an
 * unqualified table name reaches only the tenant's own table, and no tenant falls back to another's store.
 */
class TenantStoresTest {

    private static final EmbeddedLake LAKE = LakeTestStack.lake();
    private static final AtomicInteger RUN = new AtomicInteger();
    // databases of each test's own, so no test (or earlier run in this JVM) migrates them for another
    private final String controlDb = "stores_control_" + ProcessHandle.current().pid() + "_" + RUN.incrementAndGet();
    private final String ownDb = "stores_own_" + ProcessHandle.current().pid() + "_" + RUN.get();
    private final TenantStores stores;

    TenantStoresTest() {
        LAKE.createDatabase(controlDb);
        LAKE.createDatabase(ownDb);
        TenantSettings lake = TenantSettings.of("tenants.shared_one.accounts", "111111111111",
                "tenants.own_db.accounts", "222222222222", "tenants.own_db.datasource.url", LAKE.jdbcUrl(ownDb),
                "tenants.own_db.datasource.username", "postgres", "tenants.own_db.datasource.password", "");
        DataSourceProperties control = new DataSourceProperties();
        control.setUrl(LAKE.jdbcUrl(controlDb));
        control.setUsername("postgres");
        control.setPassword("");
        stores = new TenantStores(lake, 3, control,
                new TenantDirectory(lake, new JdbcTemplate()));
    }

    @AfterEach
    void close() {
        stores.destroy();
    }

    @Test
    void eachTenantWritesOnlyToItsOwnSchemaInItsOwnDatabase() {
        stores.migrate();
        stores.migrate(); // safe to call again
        insert("shared_one", "in-control-db");
        insert("own_db", "in-own-db");

        JdbcTemplate inControl = new JdbcTemplate(LAKE.postgres().getDatabase("postgres", controlDb));
        JdbcTemplate inOwn = new JdbcTemplate(LAKE.postgres().getDatabase("postgres", ownDb));
        assertThat(inControl.queryForList("SELECT event_uid FROM tenant_shared_one.events", String.class))
                .contains("in-control-db").doesNotContain("in-own-db");
        assertThat(inOwn.queryForList("SELECT event_uid FROM tenant_own_db.events", String.class))
                .contains("in-own-db").doesNotContain("in-control-db");
        assertThat(inControl.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname = 'tenant_own_db'",
                Long.class)).as("no schema of the own-database tenant in the control database").isZero();
    }

    @Test
    void poolsFollowTheSettingsAndNeverConnectBeforeMigration() {
        assertThat(stores.all()).containsOnlyKeys("own_db", "shared_one");
        HikariDataSource shared = (HikariDataSource) stores.dataSource("shared_one");
        HikariDataSource own = (HikariDataSource) stores.dataSource("own_db");
        assertThat(shared.getJdbcUrl()).isEqualTo(LAKE.jdbcUrl(controlDb));
        assertThat(own.getJdbcUrl()).isEqualTo(LAKE.jdbcUrl(ownDb));
        assertThat(shared.getUsername()).isEqualTo("postgres");
        assertThat(own.getSchema()).isEqualTo("tenant_own_db");
        assertThat(shared.getSchema()).isEqualTo("tenant_shared_one");
        assertThat(shared.getMaximumPoolSize()).isEqualTo(3);
        assertThat(shared.getMinimumIdle()).isZero();
        assertThat(shared.getInitializationFailTimeout()).isEqualTo(-1);
        assertThat(shared.getDataSourceProperties()).containsEntry("reWriteBatchedInserts", "true");
        assertThat(shared.getPoolName()).isEqualTo("tenant-shared_one");
    }

    @Test
    void anUnknownTenantHasNoStoreRatherThanAnotherTenantsStore() {
        assertThatThrownBy(() -> stores.dataSource("initech")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initech");
    }

    @Test
    void closingClosesEveryPool() {
        stores.destroy();
        assertThat(stores.all().values()).allSatisfy(ds -> assertThat(((HikariDataSource) ds).isClosed()).isTrue());
    }

    private void insert(String tenant, String uid) {
        new JdbcTemplate(stores.dataSource(tenant)).execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
            io.securitylake.subscriber.store.EventPartitions.ensure(c,
                    java.util.List.of(java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
            return null;
        });
        new JdbcTemplate(stores.dataSource(tenant)).update("""
                INSERT INTO events (event_uid, event_time, bucket, object_key, event)
                VALUES (?, now(), 'b', 'k', '{}'::jsonb) ON CONFLICT DO NOTHING""", uid);
    }
}
