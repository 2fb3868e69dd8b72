package io.securitylake.subscriber.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hourly rollups count exactly the rows stored: whatever way a chunk is written (COPY, COPY refused, the insert
 * that skips stored events, a rolled-back transaction), the counts per hour and column equal the rows in events,
 * and so do the closed hours' compacted value counts, compacted again after each write, and the closed days' summed
 * value counts, summed again after each write.
 */
class EventRollupsTest {

    private static final String SCHEMA = "tenant_rolluptest";
    private static final Instant HOUR = Instant.parse("2026-11-02T10:00:00Z");
    private static final AtomicInteger UID = new AtomicInteger();
    /** Values kept per compacted hour: fewer than the rows' values, so some are left out, of unequal counts. */
    private static final int KEPT = 1;
    private static Connection db;

    private final EventJson json = new EventJson();

    @BeforeAll
    static void tenantSchema() throws SQLException {
        db = LakeTestStack.tenantSchema(SCHEMA, null);
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @Test
    void aCopyCountsItsRowsAndACopyRefusedWholeCountsNothing() throws SQLException {
        List<EventRow> rows = rows(300);
        EventCopy.copy(db, batch(rows));
        assertRollupsEqualEvents();

        assertThatThrownBy(() -> EventCopy.copy(db, batch(rows))).isInstanceOf(EventsAlreadyStoredException.class);
        assertRollupsEqualEvents();
    }

    @Test
    void theInsertThatSkipsStoredEventsCountsOnlyTheRowsItInserted() throws Exception {
        List<EventRow> stored = rows(200);
        EventCopy.copy(db, batch(stored));
        List<EventRow> redelivered = new ArrayList<>(stored.subList(0, 150));
        redelivered.addAll(rows(50));

        long inserted = EventCopy.copySkippingStoredOn(db, batch(redelivered));

        assertThat(inserted).isEqualTo(50);
        assertRollupsEqualEvents();
    }

    @Test
    void aRolledBackWriteCountsNothing() throws SQLException {
        db.setAutoCommit(false);
        try {
            EventCopy.copy(db, batch(rows(120)));
            db.rollback();
        } finally {
            db.setAutoCommit(true);
        }
        assertRollupsEqualEvents();
    }

    @Test
    void aTenantFilledByThePreviousSchemaKeepsEveryRowOnceAndItsCounts() throws SQLException {
        String schema = "tenant_rollupmigration";
        try (Connection old = LakeTestStack.tenantSchema(schema, "3")) {
            List<EventRow> rows = rows(250);
            rows.addAll(rowsOn(Instant.parse("2025-01-31T23:59:59Z"), 3)); // other days: other partitions
            insertPlain(old, rows);
            Map<String, Long> before = rowsByUid(old);

            LakeTestStack.tenantSchema(schema, null).close(); // migrated to the latest version

            assertThat(rowsByUid(old)).as("every row, once, unchanged").isEqualTo(before).hasSize(253);
            assertThat(rollups(old)).isEqualTo(counts(old));
            assertThat(totals(old)).isEqualTo(hourlyCounts(old));
            assertThat(valueCounts(old)).isEqualTo(hourlyValues(old));
            assertCompactionsEqualEvents(old);
            assertDailySumsEqualEvents(old);
            assertThat(rollups(old).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(253);
            try (Statement s = old.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass")) {
                rs.next();
                assertThat(rs.getInt(1)).as("a partition per day of the rows").isEqualTo(3);
            }
        }
    }

    private static void insertPlain(Connection c, List<EventRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (event_uid, event_time, class_uid, "
                + "category_uid, severity_id, account, region, source, bucket, object_key, event) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'bucket', 'key', CAST(? AS jsonb))")) {
            for (EventRow r : rows) {
                Object[] values = {r.uid(), new Timestamp(r.timeMs()), r.classUid(), r.categoryUid(), r.severityId(),
                        r.account(), r.region(), r.source(), new String(r.json(), StandardCharsets.UTF_8)};
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Each row's uid with a hash of all its columns. */
    private static Map<String, Long> rowsByUid(Connection c) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT event_uid, hashtextextended("
                + "concat_ws('|', event_time, class_uid, category_uid, severity_id, account, region, source, bucket, "
                + "object_key, ingested_at, event::text), 0) FROM events")) {
            while (rs.next()) {
                assertThat(out.put(rs.getString(1), rs.getLong(2))).as("uid %s twice", rs.getString(1)).isNull();
            }
        }
        return out;
    }

    private List<EventRow> rowsOn(Instant time, int n) {
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new EventRow("rollup-late-" + UID.incrementAndGet(), time.toEpochMilli() + i * 1000L, 4001, 4, 2,
                    "111111111111", "us-east-1", "SRC9", json.toJson(Map.of("late", i))));
        }
        return rows;
    }

    /** Rows over two hours, three classes, and some without severity, account or region. */
    private List<EventRow> rows(int n) {
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = UID.incrementAndGet();
            long time = HOUR.toEpochMilli() + (i % 2) * 3_600_000L + i * 1_000L;
            int classUid = new int[] {3002, 4001, 6003}[i % 3];
            rows.add(new EventRow("rollup-" + id, time, classUid, classUid / 1000, i % 5 == 0 ? null : i % 6,
                    i % 7 == 0 ? null : "111111111111", i % 4 == 0 ? null : "us-east-1", "SRC" + (i % 2),
                    json.toJson(Map.of("n", id, "src_endpoint", Map.of("ip", "10.0.0." + (i % 4)),
                            "actor", Map.of("user", Map.of("name", i % 3 == 0 ? "alice" : "bob")),
                            "api", Map.of("operation", "Op" + (i * i % 5))))));
        }
        return rows;
    }

    private static TenantBatch batch(List<EventRow> rows) {
        return new TenantBatch("rolluptest", "bucket", "key", rows);
    }

    private static void assertRollupsEqualEvents() throws SQLException {
        assertThat(rollups(db)).isEqualTo(counts(db));
        assertThat(totals(db)).as("the hourly totals").isEqualTo(hourlyCounts(db));
        assertThat(valueCounts(db)).as("the hourly value counts").isEqualTo(hourlyValues(db));
        assertCompactionsEqualEvents(db);
        assertDailySumsEqualEvents(db);
    }

    @Test
    void anEventStoredLateIntoASummedDayMakesItsSumsStaleUntilSummedAgain() throws SQLException {
        Instant day = Instant.parse("2026-10-05T00:00:00Z");
        EventCopy.copy(db, batch(rowsOn(day.plusSeconds(3600), 4)));
        assertRollupsEqualEvents();
        assertThat(DailyValueCounts.sum(db, LocalDate.of(2100, 1, 1))).as("nothing left to sum").isZero();

        EventCopy.copy(db, batch(rowsOn(day.plusSeconds(7200), 2))); // late into the closed, summed day

        assertThat(query(db, "SELECT day, day_events FROM event_day_sums").get(day.toString()))
                .as("stale: the day's total it was summed from").isEqualTo(4);
        assertThat(DailyValueCounts.sum(db, LocalDate.of(2100, 1, 1))).as("the late day summed again").isEqualTo(1);
        assertRollupsEqualEvents();
    }

    /** Summed now (days of an earlier test made stale by this one's writes too): the daily value counts of the events. */
    private static void assertDailySumsEqualEvents(Connection c) throws SQLException {
        DailyValueCounts.sum(c, LocalDate.of(2100, 1, 1));
        assertThat(query(c, "SELECT day, field, value, events FROM event_day_values")).as("the daily value counts")
                .isEqualTo(query(c, "SELECT date_trunc('day', e.event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "
                        + "f.field, f.value, count(*) FROM events e CROSS JOIN LATERAL event_top_values(e.event) AS f "
                        + "WHERE f.value IS NOT NULL GROUP BY 1, 2, 3"));
        assertThat(query(c, "SELECT day, day_events FROM event_day_sums")).as("the daily totals summed from")
                .isEqualTo(query(c, "SELECT date_trunc('day', event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "
                        + "count(*) FROM events GROUP BY 1"));
    }

    /** Compacted now (hours of an earlier test made stale by this one's writes too): the top values of the events. */
    private static void assertCompactionsEqualEvents(Connection c) throws SQLException {
        ValueCompaction.compact(c, Instant.parse("2100-01-01T00:00:00Z"), KEPT);
        Map<String, Long> top = new TreeMap<>();
        Map<String, Long> left = new TreeMap<>();
        Map<String, List<Map.Entry<String, Long>>> byHourAndField = new TreeMap<>();
        hourlyValues(c).forEach((key, n) -> byHourAndField.computeIfAbsent(key.substring(0, key.lastIndexOf('|')),
                k -> new ArrayList<>()).add(Map.entry(key.substring(key.lastIndexOf('|') + 1), n)));
        Map<String, Long> hourTotals = hourlyCounts(c);
        for (String hour : hourTotals.keySet()) {
            for (String field : List.of("src_endpoint.ip", "actor.user.name", "api.operation", "finding_info.title")) {
                List<Map.Entry<String, Long>> values =
                        new ArrayList<>(byHourAndField.getOrDefault(hour + "|" + field, List.of()));
                values.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
                values.stream().limit(KEPT).forEach(v -> top.put(hour + "|" + field + "|" + v.getKey(), v.getValue()));
                List<Map.Entry<String, Long>> out = values.subList(Math.min(KEPT, values.size()), values.size());
                left.put(hour + "|" + field + "|" + hourTotals.get(hour) + "|" + out.size() + "|"
                                + out.stream().mapToLong(Map.Entry::getValue).sum() + "|"
                                + out.stream().mapToLong(Map.Entry::getValue).max().orElse(0),
                        1L);
            }
        }
        assertThat(query(c, "SELECT hour, field, value, events FROM event_hour_top_values"))
                .as("the values kept").isEqualTo(top);
        assertThat(query(c, "SELECT hour, field, hour_events, left_values, left_events, left_max, 1 "
                + "FROM event_hour_compactions")).as("what was left out, of the hour's total").isEqualTo(left);
    }

    private static Map<String, Long> valueCounts(Connection c) throws SQLException {
        return query(c, "SELECT hour, field, value, events FROM event_hour_values");
    }

    private static Map<String, Long> hourlyValues(Connection c) throws SQLException {
        return query(c, "SELECT date_trunc('hour', e.event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', f.field, f.value, "
                + "count(*) FROM events e CROSS JOIN LATERAL event_top_values(e.event) AS f "
                + "WHERE f.value IS NOT NULL GROUP BY 1, 2, 3");
    }

    private static Map<String, Long> totals(Connection c) throws SQLException {
        return query(c, "SELECT hour, events FROM event_hour_totals");
    }

    private static Map<String, Long> hourlyCounts(Connection c) throws SQLException {
        return query(c, "SELECT date_trunc('hour', event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*) "
                + "FROM events GROUP BY 1");
    }

    private static Map<String, Long> rollups(Connection c) throws SQLException {
        return query(c, "SELECT hour, class_uid, category_uid, severity_id, source, account, region, events "
                + "FROM event_rollups");
    }

    private static Map<String, Long> counts(Connection c) throws SQLException {
        return query(c, "SELECT date_trunc('hour', event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "
                + "COALESCE(class_uid, -1), COALESCE(category_uid, -1), COALESCE(severity_id, -1), "
                + "COALESCE(source, ''), COALESCE(account, ''), COALESCE(region, ''), count(*) FROM events "
                + "GROUP BY 1, 2, 3, 4, 5, 6, 7");
    }

    private static Map<String, Long> query(Connection c, String sql) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                int columns = rs.getMetaData().getColumnCount(); // the key columns, then the count
                StringBuilder key = new StringBuilder(rs.getTimestamp(1).toInstant().toString());
                for (int i = 2; i < columns; i++) {
                    key.append('|').append(rs.getString(i));
                }
                out.put(key.toString(), rs.getLong(columns));
            }
        }
        return out;
    }
}
