package io.securitylake.subscriber.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.stack.LakeTestStack;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The paths a batch's events hold values at (lists flattened, unmapped keys whole, {@code _lake} and nulls left out)
 * reach the tenant's {@code event_fields_seen} as a set: a chunk written again, by COPY refused or by the insert that
 * skips stored events, leaves the same rows. The read says a field's last day under any of its paths. Own schema.
 */
class FieldsSeenTableTest {

    private static final String SCHEMA = "tenant_fieldsseentest";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static PGSimpleDataSource store;
    private static Connection db;

    private final EventJson json = new EventJson();

    @BeforeAll
    static void tenantSchema() throws SQLException {
        store = LakeTestStack.tenantStore(SCHEMA);
        db = store.getConnection();
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    private static long at(LocalDate day) {
        return day.atTime(9, 30).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static Map<String, Object> process(String path, String unmappedKey) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("class_uid", 1007);
        event.put("process", Map.of("file", Map.of("path", path, "hashes", List.of(
                Map.of("algorithm_id", 3, "value", "abc"), Map.of("algorithm_id", 1, "value", "def")))));
        Map<String, Object> unmapped = new LinkedHashMap<>();
        unmapped.put(unmappedKey, "x");
        unmapped.put("Nothing", null);
        event.put("unmapped", unmapped);
        event.put("device", Map.of("os", Map.of()));
        event.put("_lake", Map.of("tenant", "t"));
        return event;
    }

    @Test
    void anEventsPathsAreItsValuedLeavesWithListsFlattenedAndUnmappedKeysWhole() {
        FieldPaths paths = new FieldPaths();
        paths.add(1007, at(DAY), process("C:\\a.exe", "requestParameters.bucketName"));
        paths.add(1007, at(DAY), process("C:\\b.exe", "requestParameters.bucketName"));
        paths.add(null, at(DAY), Map.of("no_class", "x"));
        paths.add(4001, at(DAY.minusDays(1)), Map.of("src_endpoint", Map.of("ip", "10.0.0.1"), "x".repeat(401), "long"));

        assertThat(paths.seen()).containsExactlyInAnyOrder(
                new FieldPaths.Seen(DAY, 1007, "class_uid"),
                new FieldPaths.Seen(DAY, 1007, "process.file.path"),
                new FieldPaths.Seen(DAY, 1007, "process.file.hashes.algorithm_id"),
                new FieldPaths.Seen(DAY, 1007, "process.file.hashes.value"),
                new FieldPaths.Seen(DAY, 1007, "unmapped.requestParameters.bucketName"),
                new FieldPaths.Seen(DAY.minusDays(1), 4001, "src_endpoint.ip"));

        paths.dropBefore(DAY);
        assertThat(paths.seen()).extracting(FieldPaths.Seen::day).containsOnly(DAY);
    }

    @Test
    void aChunkWrittenAgainLeavesTheSameRows() throws SQLException {
        LocalDate day = DAY.minusDays(10);
        List<EventRow> rows = new ArrayList<>();
        FieldPaths paths = new FieldPaths();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> event = process("C:\\p" + i + ".exe", "again" + (i % 3));
            rows.add(new EventRow("fieldsseen-again-" + i, at(day) + i, 1007, 1, 1, "111111111111", "us-east-1", "SRC",
                    json.toJson(event)));
            paths.add(1007, at(day) + i, event);
        }
        TenantBatch batch = new TenantBatch("t", "b", "k", rows, List.of(), List.of(), StoreTally.NONE, paths);
        EventCopy.copy(db, batch);
        List<Map<String, Object>> first = rowsOf(day);
        assertThat(first).hasSize(7);

        assertThatThrownBy(() -> EventCopy.copy(db, batch)).isInstanceOf(EventsAlreadyStoredException.class);
        assertThat(EventCopy.copySkippingStoredOn(db, batch)).isZero();
        assertThat(rowsOf(day)).isEqualTo(first);
    }

    @Test
    void theInsertThatSkipsStoredEventsAddsThePathsOfTheEventsItFindsStored() throws SQLException {
        // a crash after the events were stored and before their paths: the redelivery adds them
        LocalDate day = DAY.minusDays(11);
        Map<String, Object> event = process("C:\\crash.exe", "afterCrash");
        EventRow row = new EventRow("fieldsseen-crash", at(day), 1007, 1, 1, "111111111111", "us-east-1", "SRC",
                json.toJson(event));
        EventCopy.copy(db, new TenantBatch("t", "b", "k", List.of(row)));
        assertThat(rowsOf(day)).isEmpty();
        FieldPaths paths = new FieldPaths();
        paths.add(1007, at(day), event);

        EventCopy.copySkippingStoredOn(db, new TenantBatch("t", "b", "k", List.of(row), List.of(), List.of(), StoreTally.NONE, paths));

        assertThat(rowsOf(day)).extracting(r -> r.get("path")).contains("unmapped.afterCrash");
    }

    @Test
    void aFieldsLastDayIsTheLatestOfItsPathsAndThoseUnderThemInTheRulesClasses() throws SQLException {
        LocalDate day = DAY.plusDays(20); // after the other tests' days: the read from it sees only this test's
        FieldPaths paths = new FieldPaths();
        paths.add(1007, at(day), Map.of("process", Map.of("file", Map.of("hashes", List.of(Map.of("value", "h"))))));
        paths.add(1007, at(day.plusDays(2)), Map.of("unmapped", Map.of("requestParameters.ids[]", "a,b")));
        paths.add(1001, at(day.plusDays(3)), Map.of("process", Map.of("file", Map.of("hashes", List.of(Map.of("value", "h"))))));
        paths.add(1007, at(day.plusDays(4)), Map.of("process", Map.of("file_x", "not under process.file")));
        FieldsSeenTable.record(db, paths);

        FieldsSeen seen = FieldsSeenTable.since(store, day);
        assertThat(seen.lastSeen(List.of(1007), List.of("process.file.hashes"))).isEqualTo(day);
        assertThat(seen.lastSeen(List.of(1007, 1001), List.of("process.file.hashes"))).isEqualTo(day.plusDays(3));
        assertThat(seen.lastSeen(List.of(1007), List.of("process.file"))).isEqualTo(day);
        assertThat(seen.lastSeen(List.of(1007), List.of("unmapped"))).isEqualTo(day.plusDays(2));
        assertThat(seen.lastSeen(List.of(1007), List.of("unmapped.requestParameters.ids"))).isEqualTo(day.plusDays(2));
        assertThat(seen.lastSeen(List.of(1007), List.of("process.file.path", "unmapped.Image"))).isNull();
        assertThat(seen.lastSeen(List.of(4001), List.of("process.file.hashes"))).isNull();
        assertThat(FieldsSeenTable.since(store, day.plusDays(1)).lastSeen(List.of(1007), List.of("process.file.hashes")))
                .as("a day before the span").isNull();
    }

    private TenantBatch chunk(LocalDate day, String name, String unmappedKey) {
        Map<String, Object> event = process("C:\\" + name + ".exe", unmappedKey);
        FieldPaths paths = new FieldPaths();
        paths.add(1007, at(day), event);
        return new TenantBatch("t", "b", "k", List.of(new EventRow("fieldsseen-" + name, at(day), 1007, 1, 1,
                "111111111111", "us-east-1", "SRC", json.toJson(event))), List.of(), List.of(), StoreTally.NONE, paths);
    }

    @Test
    void aChunkWhosePathsAreKnownWrittenSendsOnlyThePathsNotKnown() throws SQLException {
        LocalDate day = DAY.minusDays(12);
        FieldsSeenMemory.Written written = new FieldsSeenMemory().of(store);
        EventCopy.copy(db, chunk(day, "known-1", "knownKey"), written);
        List<Map<String, Object>> first = rowsOf(day);
        assertThat(first).extracting(r -> r.get("path")).contains("unmapped.knownKey", "process.file.path");
        // rows deleted behind the memory's back stay deleted: a chunk of known paths sends nothing
        new JdbcTemplate(store).update("DELETE FROM event_fields_seen WHERE day = ?", day);
        EventCopy.copy(db, chunk(day, "known-2", "knownKey"), written);
        assertThat(rowsOf(day)).isEmpty();
        // a new path among known ones: only it is sent; the insert that skips stored events remembers after commit
        EventCopy.copySkippingStoredOn(db, chunk(day, "known-3", "newKey"), written);
        assertThat(rowsOf(day)).extracting(r -> r.get("path")).containsExactly("unmapped.newKey");
        EventCopy.copy(db, chunk(day, "known-4", "newKey"), written);
        assertThat(rowsOf(day)).hasSize(1);
        // a day forgotten (partition upkeep deleted it) is sent again, as by a memory that knows nothing
        written.forgetDay(day);
        EventCopy.copy(db, chunk(day, "known-5", "knownKey"), written);
        assertThat(rowsOf(day)).hasSize(first.size() + 1);
    }

    @Test
    void theMemoryIsBoundedAndPerStore() {
        FieldsSeenMemory memory = new FieldsSeenMemory();
        FieldsSeenMemory.Written written = memory.of(store);
        assertThat(memory.of(store)).isSameAs(written);
        assertThat(memory.of(new PGSimpleDataSource())).isNotSameAs(written);
        List<FieldPaths.Seen> many = new ArrayList<>();
        for (int i = 0; i < FieldsSeenMemory.LIMIT; i++) {
            many.add(new FieldPaths.Seen(DAY, 1007, "p" + i));
        }
        written.committed(many);
        assertThat(written.size()).isEqualTo(FieldsSeenMemory.LIMIT);
        written.committed(List.of(new FieldPaths.Seen(DAY, 1007, "one more")));
        assertThat(written.size()).isEqualTo(1);
        assertThat(written.unknown(List.of(new FieldPaths.Seen(DAY, 1007, "one more"), many.get(0))))
                .containsExactly(many.get(0));
    }

    private static List<Map<String, Object>> rowsOf(LocalDate day) {
        return new JdbcTemplate(store).queryForList("SELECT class_uid, path FROM event_fields_seen WHERE day = ? "
                + "ORDER BY class_uid, path", day);
    }
}
