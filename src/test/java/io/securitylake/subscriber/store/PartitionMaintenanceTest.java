package io.securitylake.subscriber.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.ingest.IngestSettings;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Daily partitions are made ahead and on demand, and days past the retention are dropped whole. */
class PartitionMaintenanceTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
    private static TenantStores stores;
    private static TenantSettings tenants;

    @BeforeAll
    static void tenantWithThirtyDays() {
        tenants = TenantSettings.of("tenants.keep30.accounts", "444444444444", "tenants.keep30.retention-days", "30");
        DataSourceProperties control = new DataSourceProperties();
        control.setUrl(LakeTestStack.lake().jdbcUrl("postgres"));
        control.setUsername("postgres");
        control.setPassword("");
        JdbcTemplate controlDb = new JdbcTemplate(new DriverManagerDataSource(control.getUrl(), "postgres", ""));
        stores = new TenantStores(tenants, IngestSettings.of().tenantPoolSize(), control, new TenantDirectory(tenants, controlDb));
        stores.migrate();
    }

    @AfterAll
    static void close() {
        stores.destroy();
    }

    @Test
    void daysPastTheRetentionAreDroppedWholeAndTheNextDaysMadeAhead() throws SQLException {
        FieldsSeenMemory fieldsSeen = new FieldsSeenMemory();
        FieldsSeenMemory.Written written = fieldsSeen.of(stores.dataSource("keep30"));
        TenantBatch batch = batch(TODAY.minusDays(45), TODAY.minusDays(31), TODAY.minusDays(30), TODAY.minusDays(2));
        try (Connection c = stores.dataSource("keep30").getConnection()) {
            EventCopy.copy(c, batch, written);
            ValueCompaction.compact(c, TODAY.atStartOfDay(ZoneOffset.UTC).toInstant(), 10); // compacted before the drop
            DailyValueCounts.sum(c, TODAY); // and summed
        }
        JdbcTemplate db = new JdbcTemplate(stores.dataSource("keep30"));
        assertThat(partitions(db)).contains(TODAY.minusDays(45), TODAY.minusDays(31));
        assertThat(written.unknown(batch.fieldPaths().seen())).isEmpty();

        new PartitionMaintenance(stores, tenants, StoreSettings.of(), Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC),
                fieldsSeen).run();
        // the dropped days' fields seen are forgotten too: a late event of such a day adds them again
        assertThat(written.unknown(batch.fieldPaths().seen())).extracting(FieldPaths.Seen::day)
                .containsOnly(TODAY.minusDays(45), TODAY.minusDays(31)).isNotEmpty();

        assertThat(partitions(db)).doesNotContain(TODAY.minusDays(45), TODAY.minusDays(31))
                .contains(TODAY.minusDays(30), TODAY.minusDays(2), TODAY.minusDays(1), TODAY, TODAY.plusDays(3));
        assertThat(db.queryForList("SELECT DISTINCT (event_time AT TIME ZONE 'UTC')::date FROM events", LocalDate.class))
                .containsExactlyInAnyOrder(TODAY.minusDays(30), TODAY.minusDays(2));
        assertThat(db.queryForObject("SELECT count(*) FROM pg_tables WHERE tablename = ?", Long.class,
                "events_" + TODAY.minusDays(45).toString().replace("-", ""))).as("dropped, not left detached").isZero();
        for (String counts : List.of("event_rollups", "event_hour_totals", "event_hour_values",
                "event_hour_top_values", "event_hour_compactions")) {
            assertThat(db.queryForList("SELECT DISTINCT (hour AT TIME ZONE 'UTC')::date FROM " + counts, LocalDate.class))
                    .as("the counts of the days kept only: " + counts)
                    .containsExactlyInAnyOrder(TODAY.minusDays(30), TODAY.minusDays(2));
        }
        for (String sums : List.of("event_day_values", "event_day_sums")) {
            assertThat(db.queryForList("SELECT DISTINCT (day AT TIME ZONE 'UTC')::date FROM " + sums, LocalDate.class))
                    .as("the daily sums of the days kept only: " + sums)
                    .containsExactlyInAnyOrder(TODAY.minusDays(30), TODAY.minusDays(2));
        }
        assertThat(db.queryForList("SELECT DISTINCT day FROM event_fields_seen", LocalDate.class))
                .as("the fields seen of the days kept only")
                .containsExactlyInAnyOrder(TODAY.minusDays(30), TODAY.minusDays(2));
    }

    @Test
    void anEventOfADayWithoutPartitionGetsItsPartitionWhenWritten() throws SQLException {
        LocalDate faraway = LocalDate.of(2031, 3, 3);
        try (Connection c = stores.dataSource("keep30").getConnection()) {
            assertThat(EventCopy.copy(c, batch(faraway))).isEqualTo(1);
        }
        assertThat(partitions(new JdbcTemplate(stores.dataSource("keep30")))).contains(faraway);
    }

    private static TenantBatch batch(LocalDate... days) {
        List<EventRow> rows = new ArrayList<>();
        EventJson json = new EventJson();
        FieldPaths paths = new FieldPaths();
        for (LocalDate day : days) {
            long time = day.atTime(8, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
            Map<String, Object> event = Map.of("day", day.toString(), "src_endpoint", Map.of("ip", "10.0.0.1"));
            rows.add(new EventRow("keep30-" + day, time, 3002, 3, 1, "444444444444", "us-east-1", "SRC", json.toJson(event)));
            paths.add(3002, time, event);
        }
        return new TenantBatch("keep30", "bucket", "key", rows, List.of(), List.of(), StoreTally.NONE, paths);
    }

    private static List<LocalDate> partitions(JdbcTemplate db) {
        return db.queryForList("SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid "
                + "WHERE i.inhparent = 'events'::regclass", String.class).stream()
                .map(name -> LocalDate.parse(name.substring("events_".length()), java.time.format.DateTimeFormatter.BASIC_ISO_DATE))
                .toList();
    }
}
