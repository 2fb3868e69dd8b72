package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.tenant.TenantStores;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts ingestion once its dependencies answer, so that the service starts (and stays up, not ready) while
 * PostgreSQL, SQS or S3 are unreachable. In the background it migrates the control schema and every tenant
 * store, then starts the routes that need them ({@code partition-maintenance}, and where present
 * {@code predictions}, {@code publish}, {@code intel-poll} and {@code intel-lookback}) and last
 * {@code lake-notifications}; each failed attempt is logged and retried with a growing pause (up to 30 s). Health
 * indicator {@code ingest} (in the readiness group) is OUT_OF_SERVICE until then.
 */
@Component("ingest")
class LakeStartup implements HealthIndicator, DisposableBean {

    static final String ROUTE = "lake-notifications";
    /** Started with ingestion: it needs the migrated tenant stores too. */
    static final String MAINTENANCE_ROUTE = "partition-maintenance";
    /** Started with ingestion when present: it reads the migrated tenant stores. */
    static final String PREDICTIONS_ROUTE = "predictions";
    /** Started with ingestion when present: it reads the migrated tenant stores. */
    static final String PUBLISH_ROUTE = "publish";
    /**
     * Started with ingestion when present, before it: the feeds stored in the migrated control database, and the
     * back-in-time passes over the migrated tenant stores.
     */
    static final List<String> INTEL_ROUTES = List.of("intel-poll", "intel-lookback");
    private static final Logger LOG = LoggerFactory.getLogger(LakeStartup.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final DataSource control;
    private final TenantStores stores;
    private final CamelContext camel;
    private volatile Thread worker;
    private volatile String state = "waiting for the application to start";
    private volatile boolean consuming;

    LakeStartup(DataSource control, TenantStores stores, CamelContext camel) {
        this.control = control;
        this.stores = stores;
        this.camel = camel;
    }

    @EventListener(ApplicationReadyEvent.class)
    void begin() {
        Thread t = new Thread(this::run, "lake-startup");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    private void run() {
        Duration pause = Duration.ofSeconds(1);
        for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
            try {
                state = "migrating the control database";
                Flyway.configure().dataSource(control).locations("classpath:db/control").load().migrate();
                state = "migrating the tenant stores";
                stores.migrate();
                state = "starting route " + ROUTE;
                camel.getRouteController().startRoute(MAINTENANCE_ROUTE);
                if (camel.getRoute(PREDICTIONS_ROUTE) != null) {
                    camel.getRouteController().startRoute(PREDICTIONS_ROUTE);
                }
                if (camel.getRoute(PUBLISH_ROUTE) != null) {
                    camel.getRouteController().startRoute(PUBLISH_ROUTE);
                }
                for (String intel : INTEL_ROUTES) {
                    if (camel.getRoute(intel) != null) {
                        camel.getRouteController().startRoute(intel);
                    }
                }
                camel.getRouteController().startRoute(ROUTE);
                consuming = true;
                state = "consuming";
                LOG.info("ingestion started after {} attempt(s)", attempt);
                return;
            } catch (Exception e) {
                LOG.warn("ingestion not started yet ({}, attempt {}): {}; next try in {} s", state, attempt,
                        e.getMessage(), pause.toSeconds());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** True once the route consumes the queue. */
    boolean consuming() {
        return consuming;
    }

    @Override
    public Health health() {
        return (consuming ? Health.up() : Health.outOfService()).withDetail("state", state).build();
    }

    @Override
    public void destroy() {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }
}
