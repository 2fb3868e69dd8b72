package io.securitylake.subscriber.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** COPY into a tenant's events table of the embedded PostgreSQL, migrated like a tenant's schema. */
class EventCopyTest {

    private static final String SCHEMA = "tenant_copytest";
    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());
    private static Connection db;

    private final EventJson json = new EventJson();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void tenantSchema() throws SQLException {
        db = LakeTestStack.tenantSchema(SCHEMA, null);
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @Test
    void everyColumnArrivesExactlyAsEncoded() throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("message", "back\\slash tab\t newline\n return\r quote\" nul\u0000 bell\u0007 é 😀 中文");
        event.put("path", "C:\\Windows\\System32\\\\n");
        event.put("nested", Map.of("list", List.of(1, "\\N", "\\.", "")));
        String key = "ext/odd source/1.0/region=eu-west-1/accountId=111111111111/eventDay=20261128/tab\there\\ é.parquet";
        String uid = "uid\t\\" + SEED.incrementAndGet() + " ü";
        EventRow row = new EventRow(uid, 1_718_323_200_123L, 2004, 2, null, "111111111111", "eu-west-1",
                "odd\nsource", json.toJson(event));

        assertThat(EventCopy.copy(db, new TenantBatch("copytest", "bucket\\1", key, List.of(row)))).isEqualTo(1);

        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_time = to_timestamp(1718323200.123) AS time_ok, class_uid, "
                     + "category_uid, severity_id, account, region, source, bucket, object_key, event::text "
                     + "FROM events WHERE event_uid = '" + uid.replace("'", "''") + "'")) {
            assertThat(rs.next()).as("the row is stored under its uid").isTrue();
            assertThat(rs.getBoolean("time_ok")).isTrue();
            assertThat(rs.getInt("class_uid")).isEqualTo(2004);
            assertThat(rs.getInt("category_uid")).isEqualTo(2);
            assertThat(rs.getObject("severity_id")).isNull();
            assertThat(rs.getString("account")).isEqualTo("111111111111");
            assertThat(rs.getString("region")).isEqualTo("eu-west-1");
            assertThat(rs.getString("source")).isEqualTo("odd\nsource");
            assertThat(rs.getString("bucket")).isEqualTo("bucket\\1");
            assertThat(rs.getString("object_key")).isEqualTo(key);
            Map<String, Object> stored = mapper.readValue(rs.getString("event"), Map.class);
            Map<String, Object> expected = mapper.readValue(row.json(), Map.class);
            assertThat(stored).isEqualTo(expected);
            assertThat((String) stored.get("message")).contains("nul\uFFFD bell\u0007 é 😀 中文");
        }
    }

    @Test
    void nulInATextColumnIsStoredAsReplacementCharacter() throws Exception {
        String uid = "nul\u0000uid-" + SEED.incrementAndGet();
        EventCopy.copy(db, new TenantBatch("copytest", "b", "k", List.of(row(uid))));
        assertThat(count("event_uid = '" + uid.replace('\u0000', '\uFFFD') + "'")).isEqualTo(1);
    }

    @Test
    void chunkHoldingAStoredEventWritesNothingAndSaysSo() throws Exception {
        String prefix = "dup-" + SEED.incrementAndGet() + "-";
        List<EventRow> first = rows(prefix, 0, 3);
        EventCopy.copy(db, new TenantBatch("copytest", "b", "k", first));
        List<EventRow> overlapping = rows(prefix, 2, 6); // event 2 is stored already

        assertThatThrownBy(() -> EventCopy.copy(db, new TenantBatch("copytest", "b", "k", overlapping)))
                .isInstanceOf(EventsAlreadyStoredException.class)
                .hasMessageContaining("already stored");

        assertThat(count("event_uid LIKE '" + prefix + "%'")).as("nothing of the failed COPY is kept").isEqualTo(3);
        EventCopy.copy(db, new TenantBatch("copytest", "b", "k", rows(prefix, 6, 8)));
        assertThat(count("event_uid LIKE '" + prefix + "%'")).as("the connection still works").isEqualTo(5);
    }

    @Test
    void chunkRepeatingAnEventOfItsOwnIsRefusedTheSameWay() {
        String uid = "twice-" + SEED.incrementAndGet();
        assertThatThrownBy(() -> EventCopy.copy(db, new TenantBatch("copytest", "b", "k", List.of(row(uid), row(uid)))))
                .isInstanceOf(EventsAlreadyStoredException.class);
    }

    @Test
    void copyCutShortLeavesNothingOfItsRowsForTheThreadsNextCopy() throws Exception {
        // the thread's COPY text is reused: rows encoded before a failure (maybe another tenant's) must not be sent later
        String prefix = "cut-" + SEED.incrementAndGet() + "-";
        EventRow unencodable = new EventRow(prefix + "broken", 0L, 1001, 1, 1, null, null, null, null);
        assertThatThrownBy(() -> EventCopy.copy(db, new TenantBatch("copytest", "b", "k",
                List.of(row(prefix + "before"), unencodable)))).isInstanceOf(NullPointerException.class);

        assertThat(EventCopy.copy(db, new TenantBatch("copytest", "b", "k", List.of(row(prefix + "next"))))).isEqualTo(1);
        assertThat(count("event_uid LIKE '" + prefix + "%'")).isEqualTo(1);
        assertThat(count("event_uid = '" + prefix + "next'")).isEqualTo(1);
    }

    @Test
    void largeChunkIsSentInPiecesAndStoredWhole() throws Exception {
        String prefix = "large-" + SEED.incrementAndGet() + "-";
        List<EventRow> rows = new ArrayList<>();
        String text = "x".repeat(3000);
        for (int i = 0; i < 500; i++) { // ~1.5 MB: several sends of the 256 KB buffer
            rows.add(new EventRow(prefix + i, 1_000L * i, 1001, 1, 1, "a", "r", "s",
                    json.toJson(Map.of("i", i, "text", text))));
        }
        assertThat(EventCopy.copy(db, new TenantBatch("copytest", "b", "k", rows))).isEqualTo(500);
        assertThat(count("event_uid LIKE '" + prefix + "%' AND length(event->>'text') = 3000")).isEqualTo(500);
    }

    private List<EventRow> rows(String prefix, int from, int to) {
        List<EventRow> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(row(prefix + i));
        }
        return rows;
    }

    private EventRow row(String uid) {
        return new EventRow(uid, 0L, 1001, 1, 1, null, null, null,
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    private static long count(String where) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
