package io.securitylake.subscriber.backfill;

import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * This replica as the holder of backfill claims, and whether it may take any yet: only once ingestion has started
 * (the control schema migrated, the tenant stores ready), which the {@code ingest} health indicator tells.
 */
@Component
class BackfillOwner {

    private final String name = System.getenv().getOrDefault("HOSTNAME", "localhost") + "/"
            + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final HealthIndicator ingest;
    private volatile boolean ready;

    BackfillOwner(@Qualifier("ingest") HealthIndicator ingest) {
        this.ingest = ingest;
    }

    String name() {
        return name;
    }

    boolean ready() {
        if (!ready) {
            ready = Status.UP.equals(ingest.health().getStatus());
        }
        return ready;
    }
}
