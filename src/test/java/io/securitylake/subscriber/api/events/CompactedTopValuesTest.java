package io.securitylake.subscriber.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.store.EventPartitions;
import io.securitylake.subscriber.store.ValueCompaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * stats/top from the compacted hours answers only when the bounds prove the ranking, and then exactly what the
 * events hold; otherwise it declines and the full counts answer. Each test owns its hours (a schema of its own, and
 * a day per test).
 */
class CompactedTopValuesTest {

    private static final String FIELD = "src_endpoint.ip";
    private static final AtomicInteger UID = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static PGSimpleDataSource store;
    private static JdbcTemplate db;

    @BeforeAll
    static void schema() {
        store = LakeTestStack.tenantStore("tenant_compactedtop");
        db = new JdbcTemplate(store);
    }

    @Test
    void skewedHoursProveTheirTopValuesFromTheKeptValuesAlone() throws SQLException {
        Instant start = Instant.parse("2012-03-01T00:00:00Z");
        for (int h = 0; h < 3; h++) {
            Instant hour = start.plus(h, ChronoUnit.HOURS);
            store(hour, "10.9.0.1", 10);
            store(hour, "10.9.0.2", 6);
            store(hour, "10.9.0.3", 4);
            for (int i = 0; i < 5; i++) {
                store(hour, "10.9." + (h + 1) + "." + (100 + i), 1); // the long tail, other addresses each hour
            }
        }
        compact(start.plus(3, ChronoUnit.HOURS), 3);

        Instant end = start.plus(3, ChronoUnit.HOURS);
        assertThat(db.queryForObject("SELECT sum(left_max) FROM event_hour_compactions WHERE field = ? AND hour >= ? "
                + "AND hour < ?", Long.class, FIELD, Timestamp.from(start), Timestamp.from(end))).isEqualTo(3);
        assertThat(text(CompactedTopValues.proven(db, FIELD, start, end, 3))).isEqualTo("10.9.0.1=30,10.9.0.2=18,10.9.0.3=12");
        assertThat(text(CompactedTopValues.proven(db, FIELD, start, end, 3))).isEqualTo(exact(start, end, 3));
        // a fourth value was left out of every hour: its count is not known from the kept values
        assertThat(CompactedTopValues.proven(db, FIELD, start, end, 4)).isEmpty();
    }

    @Test
    void uniformHoursCannotProveATopAndDecline() throws SQLException {
        Instant start = Instant.parse("2012-03-02T00:00:00Z");
        for (int h = 0; h < 4; h++) {
            for (int i = 0; i < 20; i++) {
                store(start.plus(h, ChronoUnit.HOURS), "10.8.0." + i, 1); // every address once an hour
            }
        }
        compact(start.plus(4, ChronoUnit.HOURS), 5);

        Instant end = start.plus(4, ChronoUnit.HOURS);
        assertThat(CompactedTopValues.proven(db, FIELD, start, end, 3)).isEmpty();
        // the kept values of each hour are the same five (ties rank by value), yet the bound (4 x 1 = 4) equals
        // their count: an address left out of every hour might have 4 too and rank before them
        assertThat(exact(start, end, 3)).isEqualTo("10.8.0.0=4,10.8.0.1=4,10.8.0.10=4");
    }

    @Test
    void aValueLeftOutOfOneHourHasNoCertainCountAndDeclines() throws SQLException {
        Instant start = Instant.parse("2012-03-03T00:00:00Z");
        store(start, "10.7.0.1", 9);
        store(start, "10.7.0.2", 8);
        store(start, "10.7.0.3", 7); // left out of the first hour with kept = 2
        Instant second = start.plus(1, ChronoUnit.HOURS);
        store(second, "10.7.0.3", 20);
        store(second, "10.7.0.1", 1);
        store(second, "10.7.0.4", 1);
        compact(start.plus(2, ChronoUnit.HOURS), 2);

        Instant end = start.plus(2, ChronoUnit.HOURS);
        assertThat(exact(start, end, 1)).isEqualTo("10.7.0.3=27");
        assertThat(CompactedTopValues.proven(db, FIELD, start, end, 1)).isEmpty();
    }

    @Test
    void anEventStoredLaterIntoACompactedHourIsCountedFromTheFullCounts() throws SQLException {
        Instant start = Instant.parse("2012-03-04T00:00:00Z");
        store(start, "10.6.0.1", 5);
        store(start, "10.6.0.2", 3);
        Instant open = start.plus(1, ChronoUnit.HOURS); // not closed when compacted: read from the full counts
        store(open, "10.6.0.2", 1);
        compact(open, 10);
        Instant end = start.plus(2, ChronoUnit.HOURS);
        assertThat(text(CompactedTopValues.proven(db, FIELD, start, end, 2))).isEqualTo("10.6.0.1=5,10.6.0.2=4");

        store(start, "10.6.0.2", 4); // late: the first hour's compaction is stale now

        assertThat(text(CompactedTopValues.proven(db, FIELD, start, end, 2))).isEqualTo("10.6.0.2=8,10.6.0.1=5")
                .isEqualTo(exact(start, end, 2));
        compact(open, 10);
        assertThat(db.queryForObject("SELECT events FROM event_hour_top_values WHERE field = ? AND hour = ? AND value = ?",
                Long.class, FIELD, Timestamp.from(start), "10.6.0.2")).as("compacted again").isEqualTo(7);
    }

    @Test
    void wheneverTheBoundsProveAnAnswerItIsTheExactOne() throws SQLException {
        Instant start = Instant.parse("2012-03-05T00:00:00Z");
        Random random = new Random(28);
        for (int h = 0; h < 12; h++) {
            for (int v = 0; v < 40; v++) {
                int n = (int) (60 / Math.pow(v + 1, 1.2) * random.nextDouble()); // a skewed, noisy spread
                if (n > 0) {
                    store(start.plus(h, ChronoUnit.HOURS), "10.5.0." + v, n);
                }
            }
        }
        int proven = 0;
        int declined = 0;
        Instant end = start.plus(12, ChronoUnit.HOURS);
        for (int kept : new int[] {1, 3, 8, 40}) {
            for (String table : List.of("event_hour_compactions", "event_hour_top_values")) { // compacted anew
                db.update("DELETE FROM " + table + " WHERE hour >= ? AND hour < ?", Timestamp.from(start),
                        Timestamp.from(end));
            }
            compact(end, kept);
            for (int from = 0; from < 12; from += 3) {
                for (int to = from + 1; to <= 12; to += 4) {
                    for (int limit : new int[] {1, 2, 5, 10}) {
                        Instant a = start.plus(from, ChronoUnit.HOURS);
                        Instant b = start.plus(to, ChronoUnit.HOURS);
                        Optional<List<TopValues.Value>> answer = CompactedTopValues.proven(db, FIELD, a, b, limit);
                        if (answer.isPresent()) {
                            proven++;
                            assertThat(text(answer)).as("kept %d, hours %d-%d, top %d", kept, from, to, limit)
                                    .isEqualTo(exact(a, b, limit));
                        } else {
                            declined++;
                        }
                    }
                }
            }
        }
        assertThat(proven).as("answers the bounds proved").isGreaterThan(20);
        assertThat(declined).as("answers they could not").isGreaterThan(20);
    }

    private static void compact(Instant closedBefore, int kept) throws SQLException {
        try (Connection c = store.getConnection()) {
            ValueCompaction.compact(c, closedBefore, kept);
        }
    }

    /** The top values as the events hold them, ranked as stats/top ranks: count, then value. */
    private static String exact(Instant from, Instant to, int limit) {
        return String.join(",", db.query("SELECT v, count(*) AS n FROM (SELECT event #>> '{src_endpoint,ip}' AS v "
                + "FROM events WHERE event_time >= ? AND event_time < ?) e WHERE v IS NOT NULL GROUP BY v "
                + "ORDER BY n DESC, v LIMIT ?", (rs, i) -> rs.getString(1) + "=" + rs.getLong(2), Timestamp.from(from), Timestamp.from(to),
                limit));
    }

    private static String text(Optional<List<TopValues.Value>> values) {
        assertThat(values).as("proven").isPresent();
        return String.join(",", values.get().stream().map(v -> v.value() + "=" + v.count()).toList());
    }

    private static void store(Instant hour, String ip, int n) throws SQLException {
        try (Connection c = store.getConnection()) {
            LocalDate day = LocalDate.ofInstant(hour, ZoneOffset.UTC);
            EventPartitions.ensure(c, List.of(day));
        }
        int first = UID.getAndAdd(n);
        db.update("""
                INSERT INTO events (event_uid, event_time, bucket, object_key, event)
                SELECT 'compacted-top-' || CAST(? AS text) || '-' || g, CAST(? AS timestamptz) + (g % 3000) * interval '1 second', 'b', 'k',
                       jsonb_build_object('src_endpoint', jsonb_build_object('ip', CAST(? AS text)))
                  FROM generate_series(?, ?) g""", RUN, Timestamp.from(hour), ip, first, first + n - 1);
    }
}
