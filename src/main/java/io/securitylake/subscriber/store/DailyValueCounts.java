package io.securitylake.subscriber.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Sums a tenant's closed days of hourly value counts (table {@code event_hour_values}) into one row per field, day
 * and value ({@code event_day_values}), exactly, and records the day's event total it summed from
 * ({@code event_day_sums}). Run by partition upkeep (route {@code partition-maintenance}) after the hours'
 * compaction; stats/top reads the whole days of a range from here and the other hours from the hourly counts.
 *
 * <p>Effectively once without locks on the writers: a day is summed in one repeatable-read snapshot, the day's value
 * counts and its event total together (the events' statement triggers update both in the inserting transaction).
 * The sums hold only while the day's total is unchanged, so an event stored into the day later (late delivery,
 * replay of an old object, backfill) makes them stale, read from the hourly counts, until the next run sums the day
 * again. Summing a day again replaces its rows; a crash rolls the transaction back; of two replicas summing at once
 * the second skips (a transaction lock).
 */
public final class DailyValueCounts {

    /** Closed days with hourly counts whose sums are missing or stale. */
    private static final String PENDING = """
            SELECT t.day FROM (SELECT date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,
                                      sum(events) AS events
                                 FROM event_hour_totals WHERE hour < ? GROUP BY 1) t
              LEFT JOIN event_day_sums s ON s.day = t.day
             WHERE s.day IS NULL OR s.day_events <> t.events
             ORDER BY t.day""";
    private static final String SUM_VALUES = """
            INSERT INTO event_day_values (field, day, value, events)
            SELECT v.field, CAST(? AS timestamptz), v.value, sum(v.events)
              FROM (SELECT DISTINCT field FROM event_top_values('{}')) f
              JOIN event_hour_values v ON v.field = f.field AND v.hour >= CAST(? AS timestamptz)
                                      AND v.hour < CAST(? AS timestamptz) + interval '24 hours'
             GROUP BY v.field, v.value""";
    private static final String SUM_TOTAL = """
            INSERT INTO event_day_sums (day, day_events)
            SELECT CAST(? AS timestamptz), coalesce(sum(events), 0) FROM event_hour_totals
             WHERE hour >= CAST(? AS timestamptz) AND hour < CAST(? AS timestamptz) + interval '24 hours'""";

    private DailyValueCounts() {
    }

    /** Sums the days before {@code today} (UTC) whose sums are missing or stale; returns how many days it summed. */
    public static int sum(Connection c, LocalDate today) throws SQLException {
        int done = 0;
        for (Timestamp day : pending(c, today)) {
            if (!Snapshot.repeatableRead(c, x -> sumDay(x, day))) {
                return done; // another replica sums this tenant now
            }
            done++;
        }
        return done;
    }

    /** Deletes a day's sums: partition upkeep calls it with the day's events dropped. */
    static void dropDay(Connection c, LocalDate day) throws SQLException {
        deleteDay(c, Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
    }

    private static void deleteDay(Connection c, Timestamp day) throws SQLException {
        for (String table : List.of("event_day_values", "event_day_sums")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE day = ?")) {
                s.setTimestamp(1, day);
                s.executeUpdate();
            }
        }
    }

    private static List<Timestamp> pending(Connection c, LocalDate today) throws SQLException {
        List<Timestamp> days = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(PENDING)) {
            s.setTimestamp(1, Timestamp.from(today.atStartOfDay(ZoneOffset.UTC).toInstant()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    days.add(Timestamp.from(rs.getObject(1, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return days;
    }

    private static boolean sumDay(Connection c, Timestamp day) throws SQLException {
        if (!UpkeepLock.tryTake(c, "daily-value-counts")) {
            return false;
        }
        deleteDay(c, day);
        for (String sql : List.of(SUM_VALUES, SUM_TOTAL)) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setTimestamp(1, day);
                s.setTimestamp(2, day);
                s.setTimestamp(3, day);
                s.executeUpdate();
            }
        }
        return true;
    }
}
