package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.notification.LakeObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only code that reads or writes {@code lake_objects}, the ledger's table in the control database: one row
 * per announced object. {@link ObjectLedger} decides; this class keeps the rows.
 */
@Component
public class LedgerTable {

    private final JdbcTemplate control;

    LedgerTable(JdbcTemplate control) {
        this.control = control;
    }

    /** Where a page of a tenant's rows continues: after this row, in newest-first order. */
    public record After(Instant firstSeenAt, String bucket, String key) {
    }

    /** Who holds an object that could not be claimed: finished (done or skipped), or leased by another reader. */
    record Holder(boolean finished, String leaseOwner) {
    }

    /**
     * Marks the object processing, leased to {@code owner} for {@code lease}, and returns true; unless it is done
     * or skipped already, or another reader's lease on it still runs.
     */
    boolean claim(LakeObject object, LakeKey key, String tenant, String owner, Duration lease) {
        List<String> claimed = control.queryForList("""
                INSERT INTO lake_objects (bucket, object_key, size, etag, tenant, account, source, status, attempts,
                                          notified_at, started_at, lease_owner, lease_until)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'processing', 1, ?, now(), ?, now() + make_interval(secs => ?))
                ON CONFLICT (bucket, object_key) DO UPDATE
                   SET status = 'processing', attempts = lake_objects.attempts + 1, started_at = now(),
                       tenant = EXCLUDED.tenant, size = EXCLUDED.size, etag = EXCLUDED.etag, error = NULL,
                       lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until
                 WHERE lake_objects.status NOT IN ('done', 'skipped')
                   AND (lake_objects.lease_until IS NULL OR lake_objects.lease_until <= now()
                        OR lake_objects.lease_owner = EXCLUDED.lease_owner)
                RETURNING status""", String.class,
                object.bucket(), object.key(), object.size(), object.etag(), tenant, key.accountId(), key.source(),
                timestamp(object.notifiedAt()), owner, seconds(lease));
        return !claimed.isEmpty();
    }

    /** Why an object could not be claimed. */
    Holder holder(LakeObject object) {
        return control.queryForObject(
                "SELECT status IN ('done', 'skipped'), lease_owner FROM lake_objects WHERE bucket = ? AND object_key = ?",
                (rs, i) -> new Holder(rs.getBoolean(1), rs.getString(2)), object.bucket(), object.key());
    }

    /** Extends the owner's lease on an object it still reads; false when the lease is no longer the owner's. */
    boolean renewLease(String bucket, String key, String owner, Duration lease) {
        return control.update("""
                UPDATE lake_objects SET lease_until = now() + make_interval(secs => ?)
                 WHERE bucket = ? AND object_key = ? AND lease_owner = ? AND status = 'processing'""",
                seconds(lease), bucket, key, owner) == 1;
    }

    /** Ends the owner's lease on an object. */
    void releaseLease(String bucket, String key, String owner) {
        control.update("UPDATE lake_objects SET lease_until = NULL WHERE bucket = ? AND object_key = ? "
                + "AND lease_owner = ? AND lease_until IS NOT NULL", bucket, key, owner);
    }

    /** Records an object that is not read (skipped, unassigned), unless it is done or skipped already. */
    void record(LakeObject object, LakeKey key, String tenant, String status, String reason) {
        control.update("""
                INSERT INTO lake_objects (bucket, object_key, size, etag, tenant, account, source, status, error,
                                          notified_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (bucket, object_key) DO UPDATE
                   SET status = EXCLUDED.status, error = EXCLUDED.error, finished_at = now()
                 WHERE lake_objects.status NOT IN ('done', 'skipped')""",
                object.bucket(), object.key(), object.size(), object.etag(), tenant, key.accountId(), key.source(),
                status, reason, timestamp(object.notifiedAt()));
    }

    /** How a read object ended, with what was read and stored. */
    void end(LakeObject object, String status, IngestProgress progress, String error) {
        end(object, status, progress, error, null, null);
    }

    /** How a read object ended; a refused one ({@code failed}) with why and the column at fault. */
    void end(LakeObject object, String status, IngestProgress progress, String error, String refusedReason,
             String refusedColumn) {
        boolean refused = refusedReason != null;
        control.update("""
                UPDATE lake_objects SET status = ?, rows_stored = ?, rows_unassigned = ?, rows_duplicate = ?,
                       rows_expired = ?, rows_refused = ?, bytes_read = ?, error = ?, refused_reason = ?,
                       refused_column = ?, finished_at = now(), duration_ms = ?, lease_until = NULL
                 WHERE bucket = ? AND object_key = ?""",
                status, progress.rowsStored(), progress.rowsUnassigned(), progress.rowsDuplicate(),
                progress.rowsExpired(), refused ? progress.rowsRefused() : 0, progress.bytesRead(), error,
                refusedReason, refusedColumn, progress.elapsedMillis(), object.bucket(), object.key());
    }

    /** The account's objects recorded {@code unassigned}, oldest first. */
    List<LakeObject> unassigned(String account) {
        return control.query("""
                SELECT bucket, object_key, size, etag, notified_at FROM lake_objects
                 WHERE account = ? AND status = 'unassigned' ORDER BY first_seen_at""",
                (rs, i) -> new LakeObject(rs.getString(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4),
                        instant(rs.getTimestamp(5))), account);
    }

    /** How many of the account's objects wait as {@code unassigned}. */
    public long countUnassigned(String account) {
        Long count = control.queryForObject(
                "SELECT count(*) FROM lake_objects WHERE account = ? AND status = 'unassigned'", Long.class, account);
        return count == null ? 0 : count;
    }

    /** Up to {@code limit} of the tenant's rows, newest first, optionally of one status and after a row. */
    public List<LedgerRow> page(String tenant, String status, After after, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT bucket, object_key, size, etag, account, source, status, rows_stored, rows_unassigned,
                       rows_duplicate, rows_expired, rows_refused, bytes_read, error, refused_reason, refused_column,
                       attempts, notified_at, first_seen_at, started_at, finished_at, duration_ms
                  FROM lake_objects WHERE tenant = ?""");
        List<Object> args = new ArrayList<>(List.of(tenant));
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (after != null) {
            sql.append(" AND (first_seen_at, bucket, object_key) < (?, ?, ?)");
            args.addAll(List.of(Timestamp.from(after.firstSeenAt()), after.bucket(), after.key()));
        }
        sql.append(" ORDER BY first_seen_at DESC, bucket DESC, object_key DESC LIMIT ?");
        args.add(limit);
        return control.query(sql.toString(), (rs, i) -> row(rs), args.toArray());
    }

    private static LedgerRow row(ResultSet rs) throws SQLException {
        return new LedgerRow(rs.getString("bucket"), rs.getString("object_key"), (Long) rs.getObject("size"),
                rs.getString("etag"), rs.getString("account"), rs.getString("source"), rs.getString("status"),
                rs.getLong("rows_stored"), rs.getLong("rows_unassigned"), rs.getLong("rows_duplicate"),
                rs.getLong("rows_expired"), rs.getLong("rows_refused"), (Long) rs.getObject("bytes_read"),
                rs.getString("error"), rs.getString("refused_reason"), rs.getString("refused_column"), rs.getInt("attempts"), time(rs, "notified_at"), time(rs, "first_seen_at"),
                time(rs, "started_at"), time(rs, "finished_at"), (Long) rs.getObject("duration_ms"));
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
