package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.notification.LakeObject;
import java.sql.Timestamp;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads again the objects of an account that were recorded {@code unassigned} (no tenant owned the account
 * when they were announced), once a tenant has claimed it. Each object goes through {@code direct:ingest-object}
 * as if it had just been announced: the ledger and the unique event ids keep it effectively once.
 */
@Component("replayUnassigned")
public class ReplayUnassigned {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayUnassigned.class);

    private final JdbcTemplate control;
    private final ProducerTemplate producer;

    public ReplayUnassigned(JdbcTemplate control, ProducerTemplate producer) {
        this.control = control;
        this.producer = producer;
    }

    /** What a replay did: objects sent, and how many of them ended other than stored (see the ledger). */
    public record Result(String account, int objects, int failed) {
    }

    /** Replays, one after the other, every unassigned object of the account; safe to run again. */
    public Result replay(String account) {
        List<LakeObject> objects = control.query("""
                SELECT bucket, object_key, size, etag, notified_at FROM lake_objects
                 WHERE account = ? AND status = 'unassigned' ORDER BY first_seen_at""",
                (rs, i) -> new LakeObject(rs.getString(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4),
                        instant(rs.getTimestamp(5))), account);
        int failed = 0;
        for (LakeObject object : objects) {
            try {
                producer.sendBody("direct:ingest-object", object);
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("replay of {} failed: {}", object.key(), e.getMessage());
            }
        }
        LOG.info("replayed {} unassigned object(s) of account {}, {} not stored", objects.size(), account, failed);
        return new Result(account, objects.size(), failed);
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
