package io.securitylake.subscriber.tenant;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;

/**
 * One connection pool per tenant, pinned to that tenant's schema: {@code tenant_<id>} in the control
 * database, or in the tenant's own database. Every statement the service runs for a tenant goes through
 * its pool, so unqualified table names can only reach that tenant's tables. Migrated by {@link #migrate()},
 * which the start-up task calls once the databases answer (construction never connects). Made by {@code ingest}'s
 * beans, whose setting {@code lake.ingest.tenant-pool-size} sizes the pools.
 */
public class TenantStores implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(TenantStores.class);

    private final Map<String, HikariDataSource> stores = new TreeMap<>();

    public TenantStores(TenantSettings tenantSettings, int poolSize, DataSourceProperties control, TenantDirectory directory) {
        for (String tenant : directory.tenants()) {
            TenantSettings.Database own = tenantSettings.tenants().get(tenant).datasource();
            boolean ownDatabase = own != null && own.url() != null;
            HikariDataSource ds = new HikariDataSource();
            ds.setPoolName("tenant-" + tenant);
            ds.setJdbcUrl(ownDatabase ? own.url() : control.determineUrl());
            ds.setUsername(ownDatabase ? own.username() : control.determineUsername());
            ds.setPassword(ownDatabase ? own.password() : control.determinePassword());
            ds.setSchema(TenantIds.schemaOf(tenant));
            ds.setMaximumPoolSize(poolSize);
            ds.setMinimumIdle(0);
            ds.setInitializationFailTimeout(-1);
            ds.addDataSourceProperty("reWriteBatchedInserts", "true");
            stores.put(tenant, ds);
            LOG.info("tenant {} stores in {} ({})", tenant, TenantIds.schemaOf(tenant),
                    ownDatabase ? "database of its own" : "schema in the control database");
        }
    }

    /** Migrates every tenant store; throws while a database is unreachable (safe to call again). */
    public void migrate() {
        stores.forEach(TenantStores::migrate);
    }

    private static void migrate(String tenant, DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .schemas(TenantIds.schemaOf(tenant))
                .locations("classpath:db/tenant")
                .load()
                .migrate();
    }

    /** The tenant's store; an unknown tenant is a programming error, never a fallback to another store. */
    public DataSource dataSource(String tenant) {
        DataSource ds = stores.get(tenant);
        if (ds == null) {
            throw new IllegalArgumentException("no store for tenant " + tenant);
        }
        return ds;
    }

    public Map<String, ? extends DataSource> all() {
        return stores;
    }

    @Override
    public void destroy() {
        stores.values().forEach(HikariDataSource::close);
    }
}
