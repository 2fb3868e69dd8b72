package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.notification.LakeObject;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads again the objects of an account that were recorded {@code unassigned} (no tenant owned the account
 * when they were announced), once a tenant has claimed it. Each object goes through {@code direct:ingest-object}
 * as if it had just been announced: the ledger and the unique event ids keep it effectively once.
 */
@Component("replayUnassigned")
public class ReplayUnassigned {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayUnassigned.class);

    private final LedgerTable ledger;
    private final ProducerTemplate producer;

    public ReplayUnassigned(LedgerTable ledger, ProducerTemplate producer) {
        this.ledger = ledger;
        this.producer = producer;
    }

    /** What a replay did: objects sent, and how many of them ended other than stored (see the ledger). */
    public record Result(String account, int objects, int failed) {
    }

    /** Replays, one after the other, every unassigned object of the account; safe to run again. */
    public  Result replay(String account) {
        List<LakeObject> objects = ledger.unassigned(account);
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
}
