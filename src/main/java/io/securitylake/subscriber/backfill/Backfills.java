package io.securitylake.subscriber.backfill;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Backfills as the admin API sees them: start one (recorded, then listed and read in the background by any
 * replica: routes {@code backfill-listing} and {@code backfill}), follow it, cancel it.
 */
@Component
public class Backfills {

    private static final Logger LOG = LoggerFactory.getLogger(Backfills.class);

    private final BackfillTable table;
    private final BackfillObjects objects;

    Backfills(BackfillTable table, BackfillObjects objects) {
        this.table = table;
        this.objects = objects;
    }

    /** Records a validated request; returns its uid. */
    public String start(BackfillRequest request) {
        String uid = UUID.randomUUID().toString();
        table.insert(uid, request);
        LOG.info("backfill {} requested: bucket={} tenant={} accounts={} source={} region={} days {}..{}", uid,
                request.bucket(), request.tenant(), request.accounts(), request.source(), request.region(),
                request.from(), request.to());
        return uid;
    }

    public Optional<Backfill> find(String uid) {
        return table.find(uid).map(this::counted);
    }

    /** The most recent backfills, newest first. */
    public List<Backfill> recent(int limit) {
        return table.recent(limit).stream().map(this::counted).toList();
    }

    /**
     * Cancels a listing or running backfill: its listing stops, objects not yet claimed are not read, objects being
     * read now finish. Returns the backfill as it stands (an ended one unchanged), or empty when there is none.
     */
    public Optional<Backfill> cancel(String uid) {
        if (table.cancel(uid)) {
            int dropped = objects.cancelPending(uid);
            LOG.info("backfill {} cancelled; {} object(s) not read", uid, dropped);
        }
        return find(uid);
    }

    private Backfill counted(BackfillTable.Row row) {
        BackfillObjects.Counts c = objects.counts(row.uid());
        BackfillRequest r = row.request();
        return new Backfill(row.uid(), row.status(), r.bucket(), r.tenant(), r.accounts(), r.source(), r.region(),
                r.from(), r.to(), row.created(), row.listed(), row.finished(), row.error(), c.listed(), c.done(),
                c.already(), c.failed(), c.open(), c.events());
    }
}
