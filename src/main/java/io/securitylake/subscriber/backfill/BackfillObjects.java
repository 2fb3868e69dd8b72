package io.securitylake.subscriber.backfill;

import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only code that writes {@code lake_backfill_objects}: the objects each backfill listed and what became of
 * each. A replica claims objects with {@code FOR UPDATE SKIP LOCKED} and a lease, so two replicas never read the
 * same one at once, and the objects of a replica that died are claimed again once their lease has run out.
 */
@Component
class BackfillObjects {

    /** An object as the listing found it. */
    record Listed(String key, long size) {
    }

    /** A backfill's objects counted by outcome. */
    record Counts(long listed, long done, long already, long failed, long open, long events) {
    }

    private final JdbcTemplate control;

    BackfillObjects(JdbcTemplate control) {
        this.control = control;
    }

    /** Adds listed objects; an object listed before (a listing started again) is kept as it is. */
    void add(String uid, List<Listed> objects) {
        if (objects.isEmpty()) {
            return;
        }
        control.batchUpdate("""
                INSERT INTO lake_backfill_objects (backfill_uid, object_key, size) VALUES (?, ?, ?)
                ON CONFLICT (backfill_uid, object_key) DO NOTHING""", objects, 500, (s, o) -> {
            s.setString(1, uid);
            s.setString(2, o.key());
            s.setLong(3, o.size());
        });
    }

    /**
     * Claims up to {@code limit} objects of listing or running backfills, oldest backfill first: pending ones whose
     * pause is over, and claimed ones whose claim has run out.
     */
    List<BackfillItem> claim(String owner, Duration lease, int limit) {
        return control.query("""
                WITH next AS (
                    SELECT o.backfill_uid, o.object_key FROM lake_backfill_objects o
                      JOIN lake_backfills b ON b.uid = o.backfill_uid
                     WHERE b.status IN ('listing', 'running')
                       AND ((o.state = 'pending' AND o.not_before <= now())
                            OR (o.state = 'claimed' AND o.claimed_until <= now()))
                     ORDER BY b.created_at, o.not_before, o.object_key
                     LIMIT ? FOR UPDATE OF o SKIP LOCKED)
                UPDATE lake_backfill_objects o
                   SET state = 'claimed', claimed_by = ?, claimed_until = now() + make_interval(secs => ?)
                  FROM next, lake_backfills b
                 WHERE o.backfill_uid = next.backfill_uid AND o.object_key = next.object_key AND b.uid = o.backfill_uid
                RETURNING o.backfill_uid, b.bucket, o.object_key, o.size, o.attempts""",
                (rs, i) -> new BackfillItem(rs.getString(1), rs.getString(2), rs.getString(3),
                        (Long) rs.getObject(4), rs.getInt(5)),
                limit, owner, lease.toMillis() / 1000.0);
    }

    /** How a claimed object ended: {@code stored}, {@code already}, {@code skipped}, {@code failed} or {@code cancelled}. */
    void ended(BackfillItem item, String state, long events, String error) {
        control.update("""
                UPDATE lake_backfill_objects
                   SET state = ?, events_stored = ?, error = ?, finished_at = now(), claimed_until = NULL,
                       attempts = attempts + ?
                 WHERE backfill_uid = ? AND object_key = ? AND state IN ('pending', 'claimed')""",
                state, events, error, state.equals("stored") || state.equals("failed") ? 1 : 0,
                item.backfillUid(), item.key());
    }

    /** A transient failure: the object waits {@code delay}, then any replica may claim it again. */
    void retryLater(BackfillItem item, String error, Duration delay, boolean counted) {
        control.update("""
                UPDATE lake_backfill_objects
                   SET state = 'pending', error = ?, claimed_until = NULL, not_before = now() + make_interval(secs => ?),
                       attempts = attempts + ?
                 WHERE backfill_uid = ? AND object_key = ? AND state = 'claimed'""",
                error, delay.toMillis() / 1000.0, counted ? 1 : 0, item.backfillUid(), item.key());
    }

    /** The objects of a cancelled backfill that nobody reads now will not be read. */
    int cancelPending(String uid) {
        return control.update("UPDATE lake_backfill_objects SET state = 'cancelled', finished_at = now() "
                + "WHERE backfill_uid = ? AND state = 'pending'", uid);
    }

    Counts counts(String uid) {
        return control.queryForObject("""
                SELECT count(*),
                       count(*) FILTER (WHERE state IN ('stored', 'already', 'skipped')),
                       count(*) FILTER (WHERE state = 'already'),
                       count(*) FILTER (WHERE state = 'failed'),
                       count(*) FILTER (WHERE state IN ('pending', 'claimed')),
                       coalesce(sum(events_stored), 0)
                  FROM lake_backfill_objects WHERE backfill_uid = ?""",
                (rs, i) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)), uid);
    }
}
