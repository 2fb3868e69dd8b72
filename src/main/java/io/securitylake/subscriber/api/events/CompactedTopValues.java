package io.securitylake.subscriber.api.events;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The top values of whole hours from the compacted hours (store.ValueCompaction), when their bounds prove the
 * answer; empty when they do not, and the caller reads the full hourly counts instead. What is summed: the kept
 * values of each compacted hour whose compaction is current (its event total unchanged), and the full counts of
 * the other hours of the range. A value's true count lies between its sum and its sum plus the largest count left
 * out of each compacted hour that did not keep it (its slack); a value no hour kept has at most the sum of those
 * largest counts (the bound). The answer is proven, and then exact in ranking and counts, when every value returned
 * has no slack, no other value's sum plus slack reaches the last one returned (ties rank by value, as always), and
 * the bound is below the last count (or zero when fewer values than asked exist).
 */
final class CompactedTopValues {

    private static final String QUERY = """
            WITH h AS (SELECT hour, events FROM event_hour_totals WHERE hour >= ? AND hour < ?),
                 c AS (SELECT c.hour, c.left_max FROM event_hour_compactions c
                         JOIN h ON h.hour = c.hour AND h.events = c.hour_events WHERE c.field = ?),
                 v AS (SELECT k.value, k.events, c.left_max AS bound_kept
                         FROM event_hour_top_values k JOIN c ON c.hour = k.hour WHERE k.field = ?
                       UNION ALL -- the hours not compacted, each looked up by the index (OFFSET 0: not joined
                                 -- by a scan of every hour's counts)
                       SELECT x.value, x.events, 0 FROM h CROSS JOIN LATERAL
                              (SELECT value, events FROM event_hour_values WHERE field = ? AND hour = h.hour OFFSET 0) x
                        WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.hour = h.hour)),
                 u AS (SELECT coalesce(sum(left_max), 0) AS bound FROM c),
                 s AS (SELECT value, sum(events) AS n, (SELECT bound FROM u) - sum(bound_kept) AS slack
                         FROM v GROUP BY value),
                 r AS (SELECT value, n, slack, row_number() OVER w AS rank, nth_value(n, ?) OVER w AS last_n,
                              nth_value(value, ?) OVER w AS last_value
                         FROM s WINDOW w AS (ORDER BY n DESC, value ROWS BETWEEN UNBOUNDED PRECEDING
                                                                           AND UNBOUNDED FOLLOWING))
            SELECT r.value, r.n, r.slack, r.rank, u.bound
              FROM u LEFT JOIN r ON r.rank <= ? OR r.n + r.slack > r.last_n
                                 OR (r.n + r.slack = r.last_n AND r.value < r.last_value)
             ORDER BY r.rank LIMIT ?""";

    private CompactedTopValues() {
    }

    private record Row(String value, long count, long slack, long rank, long bound) {
    }

    /** The {@code limit} most frequent values of {@code field} over whole hours {@code [from, to)}, if proven. */
    static Optional<List<TopValues.Value>> proven(JdbcTemplate db, String field, Instant from, Instant to, int limit) {
        List<Row> rows = db.query(QUERY, (rs, i) -> new Row(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5)), Timestamp.from(from), Timestamp.from(to), field, field, field,
                limit, limit, limit, limit + 1);
        long bound = rows.get(0).bound();
        List<TopValues.Value> values = new ArrayList<>();
        for (Row r : rows) {
            if (r.value() == null) {
                continue; // no value in the range at all
            }
            if (r.rank() > limit || r.slack() != 0) {
                return Optional.empty(); // another value might rank above, or this count is not certain
            }
            values.add(new TopValues.Value(r.value(), r.count()));
        }
        boolean proven = values.size() == limit ? bound < values.get(limit - 1).count() : bound == 0;
        return proven ? Optional.of(values) : Optional.empty();
    }
}
