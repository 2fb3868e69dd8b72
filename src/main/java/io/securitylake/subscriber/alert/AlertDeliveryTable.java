package io.securitylake.subscriber.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only code that reads or writes {@code alert_deliveries} (control database): one row per incident change and
 * destination. A row is {@code pending} until an attempt delivers it or the last attempt fails; an attempt holds a
 * lease on the row, so two replicas (or a sweep and a retry) never send it at the same time.
 */
@Component
public class AlertDeliveryTable {

    private static final int MAX_ERROR = 1000;

    private final JdbcTemplate control;

    AlertDeliveryTable(JdbcTemplate control) {
        this.control = control;
    }

    /** A delivery to make: recorded pending and due now; false when this change was recorded for it already. */
    boolean insert(String uid, String tenant, String incidentUid, long version, String change, String destination,
                   String type, String body) {
        return control.update("""
                INSERT INTO alert_deliveries (uid, tenant, incident_uid, version, change, destination,
                                              destination_type, status, body, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, now())
                ON CONFLICT DO NOTHING""",
                uid, tenant, incidentUid, version, change, destination, type, body) == 1;
    }

    /**
     * Takes a pending delivery whose next attempt is due and that nobody else is sending, for {@code lease}; counts
     * the attempt. Empty when it is delivered, failed, not due yet or being sent by another.
     */
    Optional<Attempt> claim(String uid, String owner, Duration lease) {
        List<Attempt> claimed = control.query("""
                UPDATE alert_deliveries
                   SET attempts = attempts + 1, last_attempt_at = now(), lease_owner = ?,
                       lease_until = now() + make_interval(secs => ?)
                 WHERE uid = ? AND status = 'pending' AND next_attempt_at <= now()
                   AND (lease_until IS NULL OR lease_until <= now())
                RETURNING uid, tenant, destination, destination_type, change, body, attempts""",
                (rs, i) -> new Attempt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7)),
                owner, lease.toMillis() / 1000.0, uid);
        return claimed.stream().findFirst();
    }

    /** The attempt delivered it. */
    void delivered(String uid, String owner) {
        control.update("""
                UPDATE alert_deliveries SET status = 'delivered', delivered_at = now(), last_error = NULL,
                       next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL
                 WHERE uid = ? AND lease_owner = ?""", uid, owner);
    }

    /** The attempt failed; the next is due after {@code delay}. */
    void retryLater(String uid, String owner, String error, Duration delay) {
        control.update("""
                UPDATE alert_deliveries SET last_error = ?, next_attempt_at = now() + make_interval(secs => ?),
                       lease_owner = NULL, lease_until = NULL
                 WHERE uid = ? AND lease_owner = ?""", cut(error), delay.toMillis() / 1000.0, uid, owner);
    }

    /** The last attempt failed: the row waits for an operator's resend. */
    void failed(String uid, String owner, String error) {
        control.update("""
                UPDATE alert_deliveries SET status = 'failed', failed_at = now(), last_error = ?,
                       next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL
                 WHERE uid = ? AND lease_owner = ?""", cut(error), uid, owner);
    }

    /** Pending deliveries that are due and not being sent (left by a restart, or by a replica that died). */
    List<String> due(int limit) {
        return control.queryForList("""
                SELECT uid FROM alert_deliveries
                 WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until <= now())
                 ORDER BY next_attempt_at LIMIT ?""", String.class, limit);
    }

    /**
     * A failed delivery made pending again, due now, with a fresh count of attempts; false when it is not failed
     * (delivered, pending, or unknown: see {@link #find}).
     */
    public boolean resend(String uid) {
        return control.update("""
                UPDATE alert_deliveries SET status = 'pending', attempts = 0, resends = resends + 1,
                       next_attempt_at = now(), failed_at = NULL
                 WHERE uid = ? AND status = 'failed'""", uid) == 1;
    }

    public Optional<AlertDelivery> find(String uid) {
        return control.query("SELECT " + COLUMNS + " FROM alert_deliveries WHERE uid = ?", AlertDeliveryTable::row, uid)
                .stream().findFirst();
    }

    /** Where a page of failed deliveries continues: after this one, newest failure first. */
    public record After(Instant failedAt, String uid) {
    }

    /** Up to {@code limit} failed deliveries, newest failure first, of one tenant or all (null), after a row. */
    public List<AlertDelivery> failedPage(String tenant, After after, int limit) {
        return control.query("SELECT " + COLUMNS + " FROM alert_deliveries " + """
                WHERE status = 'failed' AND (CAST(? AS text) IS NULL OR tenant = ?)
                  AND (CAST(? AS timestamptz) IS NULL OR (failed_at, uid) < (?, ?))
                ORDER BY failed_at DESC, uid DESC LIMIT ?""", AlertDeliveryTable::row,
                tenant, tenant, after == null ? null : Timestamp.from(after.failedAt()),
                after == null ? null : Timestamp.from(after.failedAt()), after == null ? null : after.uid(), limit);
    }

    private static final String COLUMNS = "uid, tenant, incident_uid, version, change, destination, destination_type, "
            + "status, attempts, resends, last_error, created_at, last_attempt_at, delivered_at, failed_at";

    private static AlertDelivery row(ResultSet rs, int i) throws SQLException {
        return new AlertDelivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getInt(10), rs.getString(11),
                instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)),
                instant(rs.getTimestamp(15)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String cut(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }

    /** What one attempt sends, and the how-manieth attempt it is. */
    record Attempt(String uid, String tenant, String destination, String type, String change, String body,
                   int attempts) {
    }
}
