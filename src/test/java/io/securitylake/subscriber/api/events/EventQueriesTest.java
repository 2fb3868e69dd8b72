package io.securitylake.subscriber.api.events;

import io.securitylake.subscriber.api.ApiTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Listing, counting and fetching one tenant's events: filters, order, keyset paging, the stored shape. */
class EventQueriesTest extends ApiTestSupport {

    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void eventsComeBackExactlyAsStoredIncludingLake() throws Exception {
        String source = uniqueSource();
        TestEvent e = new TestEvent("uid-" + source, BASE, 3002, 4, "111111111111", source, "10.0.0.1", "alice");
        store("acme", e);
        Reply r = get("/api/v1/events/" + enc(e.uid()), ACME_KEY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        String stored = new org.springframework.jdbc.core.JdbcTemplate(stores.dataSource("acme"))
                .queryForObject("SELECT event::text FROM events WHERE event_uid = ?", String.class, e.uid());
        assertThat(r.json()).isEqualTo(JSON.readTree(stored));
        assertThat(r.json().path("message").asText()).isEqualTo("ünïcödé & \"quotes\" <tags>");
        assertThat(r.json().at("/_lake/tenant").asText()).isEqualTo("acme");
    }

    @Test
    void unknownUidIsNotFound() {
        assertProblem(get("/api/v1/events/no-such-uid", ACME_KEY), 404);
    }

    @Test
    void filtersSelectByTimeClassSeverityAccountAndSource() {
        String source = uniqueSource();
        for (int i = 0; i < 20; i++) {
            store("acme", new TestEvent(source + "-" + i, BASE.plus(i, ChronoUnit.MINUTES), i % 2 == 0 ? 3002 : 4001,
                    i % 5, i < 10 ? "111111111111" : "111111111112", source, "10.0.0." + i, "u" + i));
        }
        assertThat(count(Map.of("source", source))).isEqualTo(20);
        assertThat(count(Map.of("source", source, "class_uid", "3002"))).isEqualTo(10);
        assertThat(count(Map.of("source", source, "class_uid", "3002,4001"))).isEqualTo(20);
        assertThat(count(Map.of("source", source, "category_uid", "4"))).isEqualTo(10);
        assertThat(count(Map.of("source", source, "severity_id_min", "3"))).isEqualTo(8);
        assertThat(count(Map.of("source", source, "account", "111111111112"))).isEqualTo(10);
        assertThat(count(Map.of("source", source, "region", "eu-west-1"))).isZero();
        assertThat(count(Map.of("source", source, "from", BASE.plus(5, ChronoUnit.MINUTES).toString(),
                "to", String.valueOf(BASE.plus(10, ChronoUnit.MINUTES).toEpochMilli())))).isEqualTo(5);
        Reply page = get("/api/v1/events" + query(Map.of("source", source, "limit", "3")), ACME_KEY);
        List<String> uids = new ArrayList<>();
        page.json().path("items").forEach(n -> uids.add(n.at("/metadata/uid").asText()));
        assertThat(uids).containsExactly(source + "-19", source + "-18", source + "-17");
        assertThat(page.json().path("next_cursor").isTextual()).isTrue();
    }

    @Test
    void walkingAllPagesReturnsEveryEventOnceNewestFirstWhileInsertsGoOn() throws Exception {
        String source = uniqueSource();
        int n = 250;
        for (int i = 0; i < n; i++) {
            // pairs share a time, so the uid must break ties
            store("acme", new TestEvent(String.format("%s-%04d", source, i), BASE.plus(i / 2, ChronoUnit.SECONDS),
                    3002, 1, "111111111111", source, "10.0.0.1", "u"));
        }
        AtomicBoolean walking = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (walking.get()) {
                int i = inserted.incrementAndGet();
                // newer than every page already read, and older ones in between
                store("acme", new TestEvent(source + "-late-" + i, BASE.plus(i % 2 == 0 ? 10_000 : -10_000 - i,
                        ChronoUnit.SECONDS), 3002, 1, "111111111111", source, "10.0.0.2", "v"));
            }
        });
        writer.start();
        Set<String> seen = new HashSet<>();
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        try {
            do {
                Map<String, String> q = new java.util.HashMap<>(Map.of("source", source, "limit", "17",
                        "to", BASE.plus(1, ChronoUnit.DAYS).toString(), "from", BASE.toString()));
                if (cursor != null) {
                    q.put("cursor", cursor);
                }
                JsonNode page = get("/api/v1/events" + query(q), ACME_KEY).json();
                page.path("items").forEach(all::add);
                cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
                pages++;
            } while (cursor != null && pages < 100);
        } finally {
            walking.set(false);
            writer.join();
        }
        for (JsonNode e : all) {
            assertThat(seen.add(e.at("/metadata/uid").asText())).as("seen once: " + e.at("/metadata/uid")).isTrue();
        }
        for (int i = 0; i < n; i++) {
            assertThat(seen).contains(String.format("%s-%04d", source, i));
        }
        for (int i = 1; i < all.size(); i++) {
            long t0 = all.get(i - 1).path("time").asLong();
            long t1 = all.get(i).path("time").asLong();
            assertThat(t0 > t1 || (t0 == t1 && all.get(i - 1).at("/metadata/uid").asText()
                    .compareTo(all.get(i).at("/metadata/uid").asText()) > 0)).as("strictly newest first").isTrue();
        }
        assertThat(inserted.get()).as("inserts went on while walking").isPositive();
    }

    @Test
    void aCursorIsAcceptedOnlyWithTheFiltersOfItsFirstPage() {
        String source = uniqueSource();
        for (int i = 0; i < 6; i++) {
            store("acme", new TestEvent(source + "-" + i, BASE.plus(i, ChronoUnit.MINUTES), i % 2 == 0 ? 3002 : 4001,
                    1, "111111111111", source, "10.0.0.1", "u"));
        }
        String filters = "source=" + source + "&class_uid=3002&class_uid=4001&from=" + BASE;
        Reply first = get("/api/v1/events?" + filters + "&limit=2", ACME_KEY);
        String cursor = enc(first.json().path("next_cursor").asText());

        Reply same = get("/api/v1/events?" + filters + "&limit=2&cursor=" + cursor, ACME_KEY);
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(same.json().path("items")).hasSize(2);
        Reply reordered = get("/api/v1/events?from=" + BASE.toEpochMilli() + "&class_uid=4001&cursor=" + cursor
                + "&class_uid=3002&class_uid=4001&limit=3&source=" + source, ACME_KEY);
        assertThat(reordered.status()).as("the same filters written otherwise, another limit: " + reordered.body())
                .isEqualTo(200);
        assertThat(reordered.json().path("items")).hasSize(3);

        for (String other : new String[] {"source=" + source + "&class_uid=3002&from=" + BASE,
                "source=" + source + "&class_uid=3002&class_uid=4001",
                "source=" + source + "&class_uid=3002&class_uid=4001&from=" + BASE + "&severity_id_min=1",
                "class_uid=3002&class_uid=4001&from=" + BASE}) {
            Reply r = get("/api/v1/events?" + other + "&limit=2&cursor=" + cursor, ACME_KEY);
            assertProblem(r, 400);
            assertThat(r.json().path("detail").asText()).as(other).contains("other filters");
        }
    }

    private long count(Map<String, String> params) {
        Reply r = get("/api/v1/events/count" + query(params), ACME_KEY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("count").asLong();
    }
}
