package io.securitylake.subscriber.api;

import io.securitylake.subscriber.notification.LakeObject;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantIds;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Replays the {@code unassigned} objects of an account once a tenant owns it: each goes to
 * {@code direct:ingest-object} again, whose ledger step claims it (its status is not done). One object at a
 * time on a thread of its own, so a large replay never competes with the queue's consumers for long; the
 * caller gets 202 with the number queued and follows progress in the ledger.
 */
@Component("replayService")
public class ReplayService implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayService.class);

    private final JdbcTemplate control;
    private final TenantDirectory directory;
    private final ProducerTemplate producer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lake-replay");
        t.setDaemon(true);
        return t;
    });

    ReplayService(JdbcTemplate control, TenantDirectory directory, ProducerTemplate producer) {
        this.control = control;
        this.directory = directory;
        this.producer = producer;
    }

    public Replay replay(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange, Set.of("account"));
        String account = request.params().one("account")
                .orElseThrow(() -> Params.bad("account", "is required"));
        if (!TenantIds.isValidAccount(account)) {
            throw Params.bad("account", "must be a 12-digit AWS account id, not " + Params.quote(account));
        }
        String tenant = directory.tenantOf(account).orElseThrow(() -> ApiProblem.conflict(
                "no tenant owns account " + account + "; claim it first"));
        List<LakeObject> objects = control.query("""
                SELECT bucket, object_key, size, etag, notified_at FROM lake_objects
                 WHERE account = ? AND status = 'unassigned' ORDER BY first_seen_at""",
                (rs, i) -> new LakeObject(rs.getString(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4),
                        timestamp(rs.getTimestamp(5))), account);
        for (LakeObject object : objects) {
            worker.submit(() -> send(object));
        }
        LOG.info("replay of account {} for tenant {}: {} objects queued", account, tenant, objects.size());
        return new Replay(account, tenant, objects.size());
    }

    private void send(LakeObject object) {
        try {
            producer.sendBody("direct:ingest-object", object);
        } catch (RuntimeException e) {
            // the ledger records the outcome; a failed replay stays visible there and can be replayed again
            LOG.warn("replay of {} failed: {}", object.key(), e.getMessage());
        }
    }

    private static java.time.Instant timestamp(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
