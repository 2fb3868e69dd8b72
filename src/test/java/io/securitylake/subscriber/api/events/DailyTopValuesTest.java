package io.securitylake.subscriber.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.store.DailyValueCounts;
import io.securitylake.subscriber.store.EventPartitions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * stats/top over whole hours reads each whole day whose sums are current from its daily sums and every other hour
 * from the hourly counts, and answers what the events hold, ranking and counts, also after an event stored late into
 * a summed day. Each test owns its days (a schema of its own, and days of its own).
 */
class DailyTopValuesTest {

    private static final String FIELD = "src_endpoint.ip";
    private static final AtomicInteger UID = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static PGSimpleDataSource store;
    private static JdbcTemplate db;

    @BeforeAll
    static void schema() {
        store = LakeTestStack.tenantStore("tenant_dailytop");
        db = new JdbcTemplate(store);
    }

    @Test
    void aSummedDayIsReadFromItsSumsAndThePartialDaysFromTheirHours() throws SQLException {
        Instant start = Instant.parse("2013-04-01T00:00:00Z");
        for (int d = 0; d < 3; d++) {
            for (int h : new int[] {2, 13, 23}) {
                Instant hour = start.plus(d, ChronoUnit.DAYS).plus(h, ChronoUnit.HOURS);
                store(hour, "10.4.0.1", 3);
                store(hour, "10.4.0." + (2 + d), 2 + h % 3);
            }
        }
        sum(LocalDate.parse("2013-04-04"));
        Instant from = start.plus(13, ChronoUnit.HOURS); // part of day 0, day 1 whole, part of day 2
        Instant to = start.plus(2, ChronoUnit.DAYS).plus(14, ChronoUnit.HOURS);
        assertThat(text(from, to, 10)).isEqualTo(exact(from, to, 10)).startsWith("10.4.0.1=21,10.4.0.3=11,");

        // the hourly counts of the whole day gone: the answer stands, so it came from the day's sums
        db.update("DELETE FROM event_hour_values WHERE hour >= ? AND hour < ?",
                Timestamp.from(start.plus(1, ChronoUnit.DAYS)), Timestamp.from(start.plus(2, ChronoUnit.DAYS)));
        assertThat(text(from, to, 10)).isEqualTo(exact(from, to, 10));
    }

    @Test
    void anEventStoredLaterIntoASummedDayIsCountedFromTheHoursUntilTheDayIsSummedAgain() throws SQLException {
        Instant day = Instant.parse("2013-04-10T00:00:00Z");
        store(day.plus(5, ChronoUnit.HOURS), "10.3.0.1", 4);
        store(day.plus(6, ChronoUnit.HOURS), "10.3.0.2", 3);
        sum(LocalDate.parse("2013-04-11"));
        Instant to = day.plus(1, ChronoUnit.DAYS);
        assertThat(text(day, to, 2)).isEqualTo("10.3.0.1=4,10.3.0.2=3");

        store(day.plus(20, ChronoUnit.HOURS), "10.3.0.2", 2); // late: the day's sums are stale

        assertThat(text(day, to, 2)).isEqualTo("10.3.0.2=5,10.3.0.1=4").isEqualTo(exact(day, to, 2));
        assertThat(sum(LocalDate.parse("2013-04-11"))).as("summed again").isEqualTo(1);
        assertThat(db.queryForObject("SELECT events FROM event_day_values WHERE field = ? AND day = ? AND value = ?",
                Long.class, FIELD, Timestamp.from(day), "10.3.0.2")).isEqualTo(5);
        assertThat(text(day, to, 2)).isEqualTo(exact(day, to, 2));
        assertThat(sum(LocalDate.parse("2013-04-11"))).as("nothing left to sum").isZero();
    }

    @Test
    void aDayNotClosedIsNotSummed() throws SQLException {
        Instant day = Instant.parse("2013-04-20T00:00:00Z");
        store(day.plus(1, ChronoUnit.HOURS), "10.2.0.1", 1);
        sum(LocalDate.parse("2013-04-20"));
        assertThat(db.queryForObject("SELECT count(*) FROM event_day_sums WHERE day = ?", Long.class,
                Timestamp.from(day))).isZero();
        assertThat(text(day, day.plus(1, ChronoUnit.DAYS), 1)).isEqualTo("10.2.0.1=1");
    }

    @Test
    void everyRangeOfSummedStaleAndUnsummedDaysAnswersWhatTheEventsHold() throws SQLException {
        Instant start = Instant.parse("2013-05-01T00:00:00Z");
        Random random = new Random(28);
        for (int d = 0; d < 5; d++) {
            for (int h = 0; h < 24; h += 5) {
                for (int v = 0; v < 12; v++) {
                    int n = (int) (8 / Math.pow(v + 1, 1.1) * random.nextDouble());
                    if (n > 0) {
                        store(start.plus(d, ChronoUnit.DAYS).plus(h, ChronoUnit.HOURS), "10.1.0." + v, n);
                    }
                }
            }
        }
        sum(LocalDate.parse("2013-05-05")); // days 0-3 summed, day 4 not
        store(start.plus(2, ChronoUnit.DAYS).plus(7, ChronoUnit.HOURS), "10.1.0.11", 9); // day 2 stale
        int compared = 0;
        for (int from = 0; from < 5 * 24; from += 13) {
            for (int to = from + 1; to <= 5 * 24; to += 11) {
                for (int limit : new int[] {1, 3, 20}) {
                    Instant a = start.plus(from, ChronoUnit.HOURS);
                    Instant b = start.plus(to, ChronoUnit.HOURS);
                    assertThat(text(a, b, limit)).as("hours %d-%d, top %d", from, to, limit).isEqualTo(exact(a, b, limit));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(60);
    }

    private static int sum(LocalDate today) throws SQLException {
        try (Connection c = store.getConnection()) {
            return DailyValueCounts.sum(c, today);
        }
    }

    private static String text(Instant from, Instant to, int limit) {
        return String.join(",", DailyTopValues.top(db, FIELD, from, to, limit).stream()
                .map(v -> v.value() + "=" + v.count()).toList());
    }

    /** The top values as the events hold them, ranked as stats/top ranks: count, then value. */
    private static String exact(Instant from, Instant to, int limit) {
        return String.join(",", db.query("SELECT v, count(*) AS n FROM (SELECT event #>> '{src_endpoint,ip}' AS v "
                + "FROM events WHERE event_time >= ? AND event_time < ?) e WHERE v IS NOT NULL GROUP BY v "
                + "ORDER BY n DESC, v LIMIT ?", (rs, i) -> rs.getString(1) + "=" + rs.getLong(2), Timestamp.from(from),
                Timestamp.from(to), limit));
    }

    private static void store(Instant hour, String ip, int n) throws SQLException {
        try (Connection c = store.getConnection()) {
            EventPartitions.ensure(c, List.of(LocalDate.ofInstant(hour, ZoneOffset.UTC)));
        }
        int first = UID.getAndAdd(n);
        db.update("""
                INSERT INTO events (event_uid, event_time, bucket, object_key, event)
                SELECT 'daily-top-' || CAST(? AS text) || '-' || g, CAST(? AS timestamptz) + (g % 3000) * interval '1 second', 'b', 'k',
                       jsonb_build_object('src_endpoint', jsonb_build_object('ip', CAST(? AS text)))
                  FROM generate_series(?, ?) g""", RUN, Timestamp.from(hour), ip, first, first + n - 1);
    }
}
