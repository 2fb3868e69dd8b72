package io.securitylake.subscriber.ops;

import io.securitylake.subscriber.DaemonThreads;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of PostgreSQL: the control database and every tenant store, checked in parallel, each bounded by
 * {@code lake.ops.health-timeout} (a pool waits up to its connection timeout for a dead server; the probe
 * must not). DOWN when any store cannot be reached; UP again as soon as it can, without a restart.
 */
@Component("postgresHealthIndicator")
class PostgresHealthIndicator implements HealthIndicator, DisposableBean {

    private final DataSource control;
    private final TenantStores stores;
    private final OpsSettings ops;
    private final ExecutorService checks = Executors.newCachedThreadPool(DaemonThreads.named("lake-health-postgres"));

    PostgresHealthIndicator(DataSource control, TenantStores stores, OpsSettings ops) {
        this.control = control;
        this.stores = stores;
        this.ops = ops;
    }

    @Override
    public Health health() {
        Map<String, CompletableFuture<String>> running = new LinkedHashMap<>();
        running.put("control", check(control));
        stores.all().forEach((tenant, ds) -> running.put("tenant " + tenant, check(ds)));
        long deadline = System.nanoTime() + ops.healthTimeout().toNanos();
        Health.Builder health = Health.up();
        running.forEach((name, check) -> {
            String state;
            try {
                state = check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                state = "DOWN: no answer within " + ops.healthTimeout().toMillis() + " ms";
            } catch (Exception e) {
                state = "DOWN: " + e;
            }
            if (!"UP".equals(state)) {
                health.down();
            }
            health.withDetail(name, state);
        });
        return health.build();
    }

    private CompletableFuture<String> check(DataSource ds) {
        int seconds = (int) Math.max(1, ops.healthTimeout().toSeconds());
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = ds.getConnection()) {
                return c.isValid(seconds) ? "UP" : "DOWN: connection not valid";
            } catch (Exception e) {
                return "DOWN: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }, checks);
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }
}
