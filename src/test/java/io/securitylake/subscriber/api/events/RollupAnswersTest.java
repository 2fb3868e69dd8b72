package io.securitylake.subscriber.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Counts and timelines over whole hours come from the hourly rollups; they must equal what the events say. The
 * same question asked over a range one millisecond wider (which no event falls in) reads the events instead.
 */
class RollupAnswersTest extends ApiTestSupport {

    private static final Instant DAY = Instant.parse("2026-06-20T00:00:00Z");

    private String source;

    @Test
    void rollupAnswersEqualEventAnswersForEveryFilter() {
        source = uniqueSource();
        for (int i = 0; i < 60; i++) {
            store("acme", new TestEvent(source + "-" + i, DAY.plus(i % 30, ChronoUnit.HOURS).plusSeconds(i),
                    new int[] {3002, 4001, 6003}[i % 3], i % 6, i % 2 == 0 ? "111111111111" : "111111111112", source,
                    "10.0.0.1", "u"));
        }
        // an event without class, severity, account or region: unknown values must not match any filter
        partitionsFor("acme", DAY);
        new JdbcTemplate(stores.dataSource("acme")).update("""
                INSERT INTO events (event_uid, event_time, source, bucket, object_key, event)
                VALUES (?, ?, ?, 'b', 'k', '{}'::jsonb)""", source + "-bare", java.sql.Timestamp.from(DAY), source);
        String from = DAY.toString();
        String to = DAY.plus(2, ChronoUnit.DAYS).toString();
        String wider = DAY.minusMillis(1).toString();
        List<Map<String, String>> filters = List.of(Map.of(), Map.of("class_uid", "4001"),
                Map.of("class_uid", "3002", "severity_id_min", "0"), Map.of("severity_id_min", "3"),
                Map.of("category_uid", "6"), Map.of("account", "111111111112"), Map.of("region", "us-east-1"));
        for (Map<String, String> filter : filters) {
            long byRollups = count(filter, from, to);
            long byEvents = count(filter, wider, to);
            assertThat(byRollups).as("count %s", filter).isEqualTo(byEvents);
        }
        assertThat(count(Map.of(), from, to)).isEqualTo(61);
        assertThat(count(Map.of("severity_id_min", "0"), from, to)).as("unknown severity is no severity").isEqualTo(60);
        for (String by : List.of("class_uid", "severity_id", "account", "region", "source")) {
            JsonNode rollups = timeline(by, from, to);
            JsonNode events = timeline(by, wider, to);
            assertThat(rollups.path("buckets")).hasSize(48);
            for (int h = 0; h < 48; h++) {
                assertThat(rollups.path("buckets").get(h).path("counts"))
                        .as("%s, hour %d", by, h).isEqualTo(events.path("buckets").get(h + 1).path("counts"));
            }
        }
    }

    @Test
    void wholeHoursAreAnsweredFromTheRollupsAndOtherRangesFromTheEvents() {
        source = uniqueSource();
        store("acme", new TestEvent(source + "-1", DAY.plusSeconds(90), 3002, 1, "111111111111", source, "10.0.0.1", "u"));
        // the rollups are the answer: a row changed behind the insert's back shows in whole-hour answers only
        new JdbcTemplate(stores.dataSource("acme")).update(
                "UPDATE event_rollups SET events = events + 1000 WHERE source = ?", source);
        String from = DAY.toString();
        String to = DAY.plus(1, ChronoUnit.HOURS).toString();
        assertThat(count(Map.of(), from, to)).isEqualTo(1001);
        assertThat(count(Map.of(), DAY.minusMillis(1).toString(), to)).isEqualTo(1);
        assertThat(timeline("class_uid", from, to).path("buckets").get(0).path("count").asLong()).isEqualTo(1001);
    }

    @Test
    void unfilteredWholeHoursAreAnsweredFromTheHourlyTotalsAndEqualTheEvents() {
        // a day of its own, which no other test writes: nothing but the time range filters here
        Instant day = Instant.parse("2041-01-01T00:00:00Z").plus(new java.util.Random().nextInt(3000), ChronoUnit.DAYS);
        source = uniqueSource();
        for (int i = 0; i < 30; i++) {
            store("acme", new TestEvent(source + "-" + i, day.plus(i % 5, ChronoUnit.HOURS).plusSeconds(i), 3002, 1,
                    "111111111111", source, "10.0.0.1", "u"));
        }
        String from = day.toString();
        String to = day.plus(1, ChronoUnit.DAYS).toString();
        String wider = day.minusMillis(1).toString();
        assertThat(unfilteredCount(from, to)).isEqualTo(30).isEqualTo(unfilteredCount(wider, to));
        JsonNode totals = unfilteredTimeline(from, to);
        JsonNode events = unfilteredTimeline(wider, to);
        for (int h = 0; h < 24; h++) {
            assertThat(totals.path("buckets").get(h).path("count").asLong()).as("hour %d", h)
                    .isEqualTo(events.path("buckets").get(h + 1).path("count").asLong())
                    .isEqualTo(h < 5 ? 6 : 0);
        }
        // the totals are the answer: a row changed behind the insert's back shows in unfiltered whole hours only
        new JdbcTemplate(stores.dataSource("acme")).update(
                "UPDATE event_hour_totals SET events = events + 1000 WHERE hour = ?", java.sql.Timestamp.from(day));
        assertThat(unfilteredCount(from, to)).isEqualTo(1030);
        assertThat(unfilteredTimeline(from, to).path("buckets").get(0).path("count").asLong()).isEqualTo(1006);
        assertThat(count(Map.of(), from, to)).as("with a filter, the rollups").isEqualTo(30);
    }

    private long unfilteredCount(String from, String to) {
        return get("/api/v1/events/count" + query(Map.of("from", from, "to", to)), ACME_KEY).json().path("count").asLong();
    }

    private JsonNode unfilteredTimeline(String from, String to) {
        return get("/api/v1/stats/timeline" + query(Map.of("from", from, "to", to, "interval", "1h")), ACME_KEY).json();
    }

    private long count(Map<String, String> filter, String from, String to) {
        Map<String, String> q = new LinkedHashMap<>(filter);
        q.put("source", source);
        q.put("from", from);
        q.put("to", to);
        return get("/api/v1/events/count" + query(q), ACME_KEY).json().path("count").asLong();
    }

    private JsonNode timeline(String by, String from, String to) {
        return get("/api/v1/stats/timeline" + query(Map.of("source", source, "from", from, "to", to,
                "interval", "1h", "by", by)), ACME_KEY).json();
    }
}
