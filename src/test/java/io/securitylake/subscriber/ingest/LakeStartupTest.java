package io.securitylake.subscriber.ingest;

import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantStores;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Start-up never waits for a database: the consumer route starts only once the control database is migrated,
 * and the ingest health says where it stands until then.
 */
class LakeStartupTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger RUN = new AtomicInteger();
    // a database of each test's own, so that nothing migrated it before
    private final String database = "startup_" + ProcessHandle.current().pid() + "_" + RUN.incrementAndGet();
    private CamelContext camel;
    private TenantStores stores;
    private LakeStartup startup;

    @BeforeEach
    void aConsumerRouteThatDoesNotStartByItself() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:poll").routeId(LakeStartup.ROUTE).autoStartup(false).log("polled");
            }
        });
        camel.start();
        LakeTestStack.lake().createDatabase(database);
        TenantSettings tenants = TenantSettings.of("tenants.acme.retention-days", "36500");
        DataSourceProperties control = new DataSourceProperties();
        control.setUrl(LakeTestStack.lake().jdbcUrl(database));
        control.setUsername("postgres");
        stores = new TenantStores(tenants, 2, control,
                new TenantDirectory(tenants, new JdbcTemplate()));
    }

    @AfterEach
    void stop() {
        if (startup != null) {
            startup.destroy();
        }
        stores.destroy();
        camel.stop();
    }

    @Test
    void theRouteStartsOnceTheControlDatabaseIsMigrated() {
        DataSource control = LakeTestStack.lake().postgres().getDatabase("postgres", database);
        startup = new LakeStartup(control, stores, camel);
        assertThat(startup.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(startup.health().getDetails()).containsEntry("state", "waiting for the application to start");

        startup.begin();

        await(WAIT, "ingestion starts", startup::consuming);
        assertThat(startup.health().getStatus()).isEqualTo(Status.UP);
        assertThat(startup.health().getDetails()).containsEntry("state", "consuming");
        assertThat(camel.getRouteController().getRouteStatus(LakeStartup.ROUTE).isStarted()).isTrue();
        JdbcTemplate db = new JdbcTemplate(control);
        assertThat(db.queryForObject("SELECT count(*) FROM lake_objects", Long.class)).as("control migrated").isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM tenant_acme.events", Long.class)).as("tenant migrated").isZero();
    }

    @Test
    void whileTheControlDatabaseIsUnreachableTheRouteStaysStoppedAndHealthSaysWhy() {
        startup = new LakeStartup(unreachable(), stores, camel);
        startup.begin();

        await(WAIT, "a failed attempt", () -> "migrating the control database".equals(
                startup.health().getDetails().get("state")));
        assertThat(startup.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(startup.consuming()).isFalse();
        assertThat(camel.getRouteController().getRouteStatus(LakeStartup.ROUTE).isStarted()).isFalse();

        startup.destroy();
        await(WAIT, "the start-up task stops retrying", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("lake-startup") && t.isAlive()));
    }

    private static DataSource unreachable() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:1/none");
        ds.setConnectTimeout(1);
        return ds;
    }
}
