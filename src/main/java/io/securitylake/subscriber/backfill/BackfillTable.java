package io.securitylake.subscriber.backfill;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only code that writes {@code lake_backfills}: a backfill's request and status, and the lease of the
 * replica that lists its partitions. Times are the database's, so replicas need no common clock.
 */
@Component
class BackfillTable {

    /** A backfill whose partitions are to be listed, claimed by one replica. */
    record Listing(String uid, BackfillRequest request) {
    }

    /** A backfill's row, before its objects are counted. */
    record Row(String uid, String status, BackfillRequest request, Instant created, Instant listed, Instant finished,
               String error) {
    }

    private static final String COLUMNS = "uid, status, bucket, tenant, accounts, source, region, from_day, to_day, "
            + "created_at, listed_at, finished_at, error";

    private final JdbcTemplate control;

    BackfillTable(JdbcTemplate control) {
        this.control = control;
    }

    void insert(String uid, BackfillRequest r) {
        control.update(c -> {
            var s = c.prepareStatement("""
                    INSERT INTO lake_backfills (uid, status, bucket, tenant, accounts, source, region, from_day, to_day)
                    VALUES (?, 'listing', ?, ?, ?, ?, ?, ?, ?)""");
            s.setString(1, uid);
            s.setString(2, r.bucket());
            s.setString(3, r.tenant());
            s.setArray(4, c.createArrayOf("text", r.accounts().toArray()));
            s.setString(5, r.source());
            s.setString(6, r.region());
            s.setDate(7, Date.valueOf(r.from()));
            s.setDate(8, Date.valueOf(r.to()));
            return s;
        });
    }

    Optional<Row> find(String uid) {
        return control.query("SELECT " + COLUMNS + " FROM lake_backfills WHERE uid = ?", BackfillTable::row, uid)
                .stream().findFirst();
    }

    /** The most recent backfills, newest first. */
    List<Row> recent(int limit) {
        return control.query("SELECT " + COLUMNS + " FROM lake_backfills ORDER BY created_at DESC, uid LIMIT ?",
                BackfillTable::row, limit);
    }

    /** Cancels a backfill that is listing or running; false when it had ended already. */
    boolean cancel(String uid) {
        return control.update("""
                UPDATE lake_backfills SET status = 'cancelled', finished_at = now(), lister_until = NULL
                 WHERE uid = ? AND status IN ('listing', 'running')""", uid) == 1;
    }

    /** True while the backfill is listing or running (not cancelled, not ended). */
    boolean active(String uid) {
        return Boolean.TRUE.equals(control.queryForObject(
                "SELECT bool_or(status IN ('listing', 'running')) FROM lake_backfills WHERE uid = ?", Boolean.class, uid));
    }

    /** The oldest backfill whose listing nobody holds (never started, or its lister died), now leased to owner. */
    Optional<Listing> claimListing(String owner, Duration lease) {
        return control.query("""
                UPDATE lake_backfills SET lister = ?, lister_until = now() + make_interval(secs => ?)
                 WHERE uid = (SELECT uid FROM lake_backfills
                               WHERE status = 'listing' AND (lister_until IS NULL OR lister_until <= now())
                               ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING""" + " " + COLUMNS, BackfillTable::row, owner, seconds(lease))
                .stream().findFirst().map(r -> new Listing(r.uid(), r.request()));
    }

    /** Extends the lister's lease; false when the backfill was cancelled or another replica took the listing. */
    boolean renewListing(String uid, String owner, Duration lease) {
        return control.update("""
                UPDATE lake_backfills SET lister_until = now() + make_interval(secs => ?)
                 WHERE uid = ? AND lister = ? AND status = 'listing'""", seconds(lease), uid, owner) == 1;
    }

    /** Every object is listed: the backfill runs (or is done at once when it listed none). */
    void listed(String uid, String owner, boolean empty) {
        control.update("""
                UPDATE lake_backfills SET status = ?, listed_at = now(), lister_until = NULL,
                       finished_at = CASE WHEN ? THEN now() END
                 WHERE uid = ? AND lister = ? AND status = 'listing'""", empty ? "done" : "running", empty, uid, owner);
    }

    /** The listing cannot be done (no such bucket, access denied): the backfill fails with the reason. */
    void failed(String uid, String error) {
        control.update("""
                UPDATE lake_backfills SET status = 'failed', error = ?, finished_at = now(), lister_until = NULL
                 WHERE uid = ? AND status = 'listing'""", error, uid);
    }

    /** Marks done every running backfill with no object left to read; returns how many. */
    int completeFinished() {
        return control.update("""
                UPDATE lake_backfills b SET status = 'done', finished_at = now()
                 WHERE b.status = 'running'
                   AND NOT EXISTS (SELECT 1 FROM lake_backfill_objects o
                                    WHERE o.backfill_uid = b.uid AND o.state IN ('pending', 'claimed'))""");
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        Array accounts = rs.getArray("accounts");
        BackfillRequest request = new BackfillRequest(rs.getString("bucket"), rs.getString("tenant"),
                Arrays.asList((String[]) accounts.getArray()), rs.getString("source"), rs.getString("region"),
                rs.getDate("from_day").toLocalDate(), rs.getDate("to_day").toLocalDate());
        return new Row(rs.getString("uid"), rs.getString("status"), request, instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("listed_at")), instant(rs.getTimestamp("finished_at")), rs.getString("error"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
