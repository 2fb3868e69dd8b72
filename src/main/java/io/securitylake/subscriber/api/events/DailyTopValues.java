package io.securitylake.subscriber.api.events;

import io.securitylake.subscriber.store.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The top values of whole hours from the value counts: each whole day of the range whose daily sums are current
 * (store.DailyValueCounts; the day's event total unchanged since it was summed) from its daily sums, every other hour
 * from its hourly counts. Exact: both levels count every event stored, and the days' check and the sums share one
 * snapshot (a repeatable-read transaction), so a day whose events change meanwhile is not read from stale sums.
 */
final class DailyTopValues {

    private static final Duration DAY = Duration.ofDays(1);
    /** The range's whole days whose sums still hold. */
    private static final String CURRENT_DAYS = """
            SELECT s.day FROM event_day_sums s
             WHERE s.day >= ? AND s.day <= ?
               AND s.day_events = (SELECT coalesce(sum(t.events), 0) FROM event_hour_totals t
                                    WHERE t.hour >= s.day AND t.hour < s.day + interval '24 hours')
             ORDER BY s.day""";

    private DailyTopValues() {
    }

    /** The {@code limit} most frequent values of {@code field} over whole hours {@code [from, to)}. */
    static List<TopValues.Value> top(JdbcTemplate db, String field, Instant from, Instant to, int limit) {
        int timeout = Math.max(0, db.getQueryTimeout()); // 0: none, as the template has when unset
        return db.execute((ConnectionCallback<List<TopValues.Value>>) c ->
                Snapshot.repeatableRead(c, x -> top(x, timeout, field, from, to, limit)));
    }

    private static List<TopValues.Value> top(Connection c, int timeout, String field, Instant from, Instant to,
            int limit) throws SQLException {
        List<Instant> days = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(CURRENT_DAYS)) {
            s.setQueryTimeout(timeout);
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to.minus(DAY)));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    days.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
        }
        // the days' sums, and the hours between them: [from, first day), between days, [last day's end, to)
        StringBuilder sql = new StringBuilder("SELECT value, sum(events) AS n FROM (");
        List<Object> args = new ArrayList<>();
        if (!days.isEmpty()) {
            sql.append("SELECT value, events FROM event_day_values WHERE field = ? AND day = ANY(CAST(? AS timestamptz[]))");
            args.add(field);
            args.add(c.createArrayOf("text", days.stream().map(Instant::toString).toArray()));
        }
        Instant gapStart = from;
        List<Instant> ends = new ArrayList<>(days);
        ends.add(to);
        for (Instant end : ends) {
            if (gapStart.isBefore(end)) {
                sql.append(args.isEmpty() ? "" : " UNION ALL ")
                        .append("SELECT value, events FROM event_hour_values WHERE field = ? AND hour >= ? AND hour < ?");
                args.add(field);
                args.add(Timestamp.from(gapStart));
                args.add(Timestamp.from(end));
            }
            gapStart = end.plus(DAY);
        }
        if (args.isEmpty()) {
            return List.of(); // an empty range
        }
        sql.append(") v GROUP BY value ORDER BY n DESC, value LIMIT ?");
        args.add(limit);
        List<TopValues.Value> values = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            s.setQueryTimeout(timeout);
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(new TopValues.Value(rs.getString(1), rs.getLong(2)));
                }
            }
        }
        return values;
    }
}
