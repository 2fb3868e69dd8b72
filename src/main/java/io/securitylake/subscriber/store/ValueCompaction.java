package io.securitylake.subscriber.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Compacts a tenant's closed hours of value counts (table {@code event_hour_values}) to their {@code kept} most
 * frequent values per field (ties by value) in {@code event_hour_top_values}, and records per field and hour what
 * was left out in {@code event_hour_compactions}: how many values, their events and the largest count left out,
 * which bounds the count of any value not kept. The full counts stay; stats/top answers from the compacted rows
 * only when these bounds prove its ranking. Run by partition upkeep (route {@code partition-maintenance}).
 *
 * <p>Effectively once without locks: a compaction reads the hour's counts and its event total in one snapshot
 * (repeatable read) and records that total; it holds only while the hour's total is unchanged, so an event stored
 * into the hour later makes it stale (read from the full counts) until the next run compacts it again. A crash
 * rolls the transaction back; two replicas compacting at once are told apart by a transaction lock, the second
 * skips.
 */
public final class ValueCompaction {

    /** Hours whose compaction is missing or stale, closed before the given instant. */
    private static final String PENDING = """
            SELECT t.hour FROM event_hour_totals t CROSS JOIN (SELECT DISTINCT field FROM event_top_values('{}')) f
              LEFT JOIN event_hour_compactions c ON c.field = f.field AND c.hour = t.hour
             WHERE t.hour < ? AND (c.hour IS NULL OR c.hour_events <> t.events)
             GROUP BY t.hour ORDER BY t.hour""";
    private static final String RANKED = """
            WITH h AS (SELECT hour, events FROM event_hour_totals WHERE hour = ANY(CAST(? AS timestamptz[]))),
                 r AS (SELECT v.field, v.hour, v.value, v.events,
                              row_number() OVER (PARTITION BY v.field, v.hour ORDER BY v.events DESC, v.value) AS rank
                         FROM event_hour_values v WHERE v.hour = ANY(CAST(? AS timestamptz[])))
            """;
    private static final String KEEP = RANKED + """
            INSERT INTO event_hour_top_values (field, hour, value, events)
            SELECT field, hour, value, events FROM r WHERE rank <= ?""";
    private static final String RECORD = RANKED + """
            INSERT INTO event_hour_compactions (field, hour, hour_events, left_values, left_events, left_max)
            SELECT f.field, h.hour, h.events, count(r.value), coalesce(sum(r.events), 0), coalesce(max(r.events), 0)
              FROM h CROSS JOIN (SELECT DISTINCT field FROM event_top_values('{}')) f
              LEFT JOIN r ON r.field = f.field AND r.hour = h.hour AND r.rank > ?
             GROUP BY f.field, h.hour, h.events""";
    /** Hours per transaction: bounds what one transaction holds on a tenant's first compaction. */
    private static final int HOURS_PER_TRANSACTION = 24;

    private ValueCompaction() {
    }

    /** Compacts the hours that closed before {@code closedBefore}; returns how many hours it compacted. */
    public static int compact(Connection c, Instant closedBefore, int kept) throws SQLException {
        int done = 0;
        List<String> pending = pending(c, closedBefore);
        for (int i = 0; i < pending.size(); i += HOURS_PER_TRANSACTION) {
            String[] hours = pending.subList(i, Math.min(pending.size(), i + HOURS_PER_TRANSACTION)).toArray(String[]::new);
            if (!Snapshot.repeatableRead(c, x -> compactHours(x, hours, kept))) {
                return done; // another replica compacts this tenant now
            }
            done += hours.length;
        }
        return done;
    }

    private static List<String> pending(Connection c, Instant closedBefore) throws SQLException {
        List<String> hours = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(PENDING)) {
            s.setTimestamp(1, Timestamp.from(closedBefore));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    hours.add(rs.getObject(1, java.time.OffsetDateTime.class).toInstant().toString());
                }
            }
        }
        return hours;
    }

    private static boolean compactHours(Connection c, String[] hours, int kept) throws SQLException {
        if (!UpkeepLock.tryTake(c, "value-compaction")) {
            return false;
        }
        java.sql.Array hourArray = c.createArrayOf("text", hours);
        for (String table : List.of("event_hour_top_values", "event_hour_compactions")) {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM " + table + " WHERE hour = ANY(CAST(? AS timestamptz[]))")) {
                s.setArray(1, hourArray);
                s.executeUpdate();
            }
        }
        for (String sql : List.of(KEEP, RECORD)) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setArray(1, hourArray);
                s.setArray(2, hourArray);
                s.setInt(3, kept);
                s.executeUpdate();
            }
        }
        return true;
    }
}
