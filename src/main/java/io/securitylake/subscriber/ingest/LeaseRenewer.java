package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.DaemonThreads;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Renews the ledger leases of the objects this process reads, three times per lease, so that a slow read (a
 * large object, a database that answers slowly) keeps its lease and only a dead process loses it.
 */
@Component
class LeaseRenewer implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewer.class);

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lake-lease-renewer"));
    private final ObjectLedger ledger;

    LeaseRenewer(ObjectLedger ledger) {
        this.ledger = ledger;
        long every = Math.max(200, ledger.leaseDuration().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            ledger.renewLeases();
        } catch (RuntimeException e) {
            LOG.warn("could not renew ledger leases: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
