package io.securitylake.subscriber.api.events;

import io.securitylake.subscriber.api.ApiTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Timeline buckets and top values over the caller's events only. */
class StatsQueriesTest extends ApiTestSupport {

    private static final Instant DAY = Instant.parse("2026-05-10T00:00:00Z");

    @Test
    void timelineCountsEveryHourOfTheDaySplitByClass() {
        String source = uniqueSource();
        for (int i = 0; i < 24; i++) {
            store("acme", new TestEvent(source + "-a" + i, DAY.plus(i, ChronoUnit.HOURS).plusSeconds(59), 3002, 1,
                    "111111111111", source, "10.0.0.1", "alice"));
            if (i % 3 == 0) {
                store("acme", new TestEvent(source + "-b" + i, DAY.plus(i, ChronoUnit.HOURS), 4001, 2,
                        "111111111111", source, "10.0.0.2", "bob"));
            }
        }
        store("globex", new TestEvent(source + "-g", DAY, 3002, 1, "222222222222", source, "203.0.113.9", "eve"));
        JsonNode t = get("/api/v1/stats/timeline" + query(Map.of("source", source, "from", DAY.toString(),
                "to", DAY.plus(1, ChronoUnit.DAYS).toString(), "interval", "1h", "by", "class_uid")), ACME_KEY).json();
        assertThat(t.path("buckets")).hasSize(24);
        JsonNode first = t.path("buckets").get(0);
        assertThat(first.path("start").asText()).isEqualTo("2026-05-10T00:00:00Z");
        assertThat(first.path("count").asLong()).isEqualTo(2);
        assertThat(first.path("counts").path("3002").asLong()).isEqualTo(1);
        assertThat(first.path("counts").path("4001").asLong()).isEqualTo(1);
        assertThat(t.path("buckets").get(1).path("count").asLong()).isEqualTo(1);
        long total = 0;
        for (JsonNode b : t.path("buckets")) {
            total += b.path("count").asLong();
        }
        assertThat(total).isEqualTo(32);
        JsonNode days = get("/api/v1/stats/timeline" + query(Map.of("source", source, "from", DAY.toString(),
                "to", DAY.plus(2, ChronoUnit.DAYS).toString(), "interval", "1d")), ACME_KEY).json();
        assertThat(days.path("buckets")).hasSize(2);
        assertThat(days.path("buckets").get(0).path("count").asLong()).isEqualTo(32);
        assertThat(days.path("buckets").get(1).path("count").asLong()).isZero();
    }

    @Test
    void topValuesRankAFieldOfTheCallersEvents() {
        String source = uniqueSource();
        for (int i = 0; i < 10; i++) {
            store("acme", new TestEvent(source + "-" + i, DAY.plusSeconds(i), 3002, 1, "111111111111", source,
                    i < 6 ? "10.0.0.6" : i < 9 ? "10.0.0.3" : "10.0.0.1", "u"));
        }
        store("globex", new TestEvent(source + "-g", DAY, 3002, 1, "222222222222", source, "10.0.0.1", "u"));
        JsonNode top = get("/api/v1/stats/top" + query(Map.of("field", "src_endpoint.ip", "source", source,
                "from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(), "limit", "2")), ACME_KEY).json();
        assertThat(top.path("values")).hasSize(2);
        assertThat(top.path("values").get(0).path("value").asText()).isEqualTo("10.0.0.6");
        assertThat(top.path("values").get(0).path("count").asLong()).isEqualTo(6);
        assertThat(top.path("values").get(1).path("value").asText()).isEqualTo("10.0.0.3");
    }

    @Test
    void topValuesOfWholeHoursAreTheHourlyCountsExactlyAsTheEventsHoldThem() {
        // hours of this test's own in 2011, where no other test stores events, so a time-only range is ours alone
        Instant hour = Instant.parse("2011-01-01T00:00:00Z")
                .plus(java.util.concurrent.ThreadLocalRandom.current().nextInt(8000), ChronoUnit.HOURS);
        String source = uniqueSource();
        String[] ips = {"10.1.0.5", "10.1.0.5", "10.1.0.5", "10.1.0.5", "10.1.0.7", "10.1.0.7", "10.1.0.7", "10.1.0.9"};
        for (int i = 0; i < ips.length; i++) {
            store("acme", new TestEvent(source + "-" + i, hour.plus(i % 3, ChronoUnit.HOURS).plusSeconds(i), 3002, 1,
                    "111111111111", source, ips[i], i < 3 ? "alice" : "bob"));
        }
        for (int i = 0; i < 5; i++) {
            store("globex", new TestEvent(source + "-g" + i, hour.plusSeconds(i), 3002, 1, "222222222222", source,
                    "10.1.0.66", "mallory"));
        }
        // stored again, as a replay would: nothing inserted, nothing counted
        store("acme", new TestEvent(source + "-7", hour.plus(1, ChronoUnit.HOURS).plusSeconds(7), 3002, 1,
                "111111111111", source, "10.1.0.9", "bob"));

        Map<String, String> wholeHours = Map.of("field", "src_endpoint.ip", "from", hour.toString(),
                "to", hour.plus(3, ChronoUnit.HOURS).toString(), "limit", "5");
        JsonNode counted = get("/api/v1/stats/top" + query(wholeHours), ACME_KEY).json();
        assertThat(values(counted)).isEqualTo("10.1.0.5=4,10.1.0.7=3,10.1.0.9=1");
        assertThat(new JdbcTemplate(stores.dataSource("acme")).queryForObject("SELECT sum(events) FROM event_hour_values "
                + "WHERE field = 'src_endpoint.ip' AND hour >= ? AND hour < ?", Long.class, java.sql.Timestamp.from(hour),
                java.sql.Timestamp.from(hour.plus(3, ChronoUnit.HOURS)))).as("the hourly counts answered").isEqualTo(8);
        // the same range filtered (so read from the events) ranks the same
        Map<String, String> scanned = new java.util.HashMap<>(wholeHours);
        scanned.put("source", source);
        assertThat(values(get("/api/v1/stats/top" + query(scanned), ACME_KEY).json())).isEqualTo(values(counted));
        JsonNode users = get("/api/v1/stats/top" + query(Map.of("field", "actor.user.name", "from", hour.toString(),
                "to", hour.plus(3, ChronoUnit.HOURS).toString())), ACME_KEY).json();
        assertThat(values(users)).isEqualTo("bob=5,alice=3");
    }

    private static String values(JsonNode top) {
        java.util.List<String> out = new java.util.ArrayList<>();
        top.path("values").forEach(v -> out.add(v.path("value").asText() + "=" + v.path("count").asLong()));
        return String.join(",", out);
    }

    @Test
    void statsRefuseBadParameters() {
        for (String q : new String[] {"?interval=2h", "?by=event", "?by=class_uid;drop", "?interval=5m&from=2020-01-01&to=2026-01-01",
                "?bogus=1", "?from=x"}) {
            assertProblem(get("/api/v1/stats/timeline" + q, ACME_KEY), 400);
        }
        for (String q : new String[] {"", "?field=event", "?field=src_endpoint.ip&limit=0",
                "?field=src_endpoint.ip&from=2020-01-01&to=2026-01-01", "?field=" + enc("src_endpoint.ip' --")}) {
            assertProblem(get("/api/v1/stats/top" + q, ACME_KEY), 400);
        }
        assertProblem(get("/api/v1/stats/timeline", ADMIN_KEY), 403);
    }
}
