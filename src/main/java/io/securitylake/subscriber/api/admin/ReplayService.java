package io.securitylake.subscriber.api.admin;

import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.DaemonThreads;
import io.securitylake.subscriber.ingest.LedgerTable;
import io.securitylake.subscriber.ingest.ReplayUnassigned;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantIds;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The admin replay of an account's {@code unassigned} objects once a tenant owns it: validates the request,
 * then runs {@link ReplayUnassigned} on a thread of its own, so a large replay never holds the HTTP request
 * nor competes with the queue's consumers for long; the caller gets 202 with the number of objects queued and
 * follows progress in the ledger.
 */
@Component("replayService")
public class ReplayService implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayService.class);

    private final LedgerTable ledger;
    private final TenantDirectory directory;
    private final ReplayUnassigned replayUnassigned;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("lake-replay"));

    ReplayService(LedgerTable ledger, TenantDirectory directory, ReplayUnassigned replayUnassigned) {
        this.ledger = ledger;
        this.directory = directory;
        this.replayUnassigned = replayUnassigned;
    }

    public Replay replay(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String account = request.params().one("account")
                .orElseThrow(() -> Params.bad("account", "is required"));
        if (!TenantIds.isValidAccount(account)) {
            throw Params.bad("account", "must be a 12-digit AWS account id, not " + Params.quote(account));
        }
        String tenant = directory.tenantOf(account).orElseThrow(() -> ApiProblem.conflict(
                "no tenant owns account " + account + "; claim it first"));
        long objects = ledger.countUnassigned(account);
        worker.submit(() -> {
            try {
                replayUnassigned.replay(account);
            } catch (RuntimeException e) {
                // the ledger keeps them unassigned: the replay can simply be asked again
                LOG.warn("replay of account {} failed: {}", account, e.getMessage());
            }
        });
        LOG.info("replay of account {} for tenant {}: {} objects queued", account, tenant, objects);
        return new Replay(account, tenant, objects);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
