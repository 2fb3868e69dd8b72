package io.securitylake.subscriber.ingest;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.parquet.ParquetTestFiles;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each way an object's rows end is counted apart in the ledger: stored, duplicates, expired, refused. */
@SpringBootTest
class IngestOutcomesTest {

    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String QUEUE = "ingest-outcomes";
    private static final long NOW = System.currentTimeMillis();
    private static final long YEAR_1900 = -2_208_988_800_000L; // older than any tenant's retention here (36,500 days)
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
        message event {
          required int64 class_uid;
          required int64 time;
          optional group metadata { optional binary uid (STRING); }
          optional group process { optional int32 started (TIME(MILLIS,true)); }
        }""");

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, QUEUE);
    }

    @Autowired
    JdbcTemplate control;
    @Autowired
    MeterRegistry registry;
    @Autowired
    io.securitylake.subscriber.tenant.TenantStores stores;
    @TempDir
    Path tmp;
    private final LakeProbe probe = new LakeProbe();

    @Test
    void anObjectPartlyStoredBeforeCountsItsDuplicatesApartFromWhatItStored() {
        String prefix = "outcomes-" + SEED.incrementAndGet() + "-";
        String first = upload(events(prefix, 0, 6, NOW, i -> false));
        ingest(first, "done");
        String second = upload(events(prefix, 0, 10, NOW, i -> false)); // six of them stored before

        ingest(second, "done");

        assertThat(ledger(second)).containsEntry("rows_stored", 4L).containsEntry("rows_duplicate", 6L)
                .containsEntry("rows_expired", 0L).containsEntry("rows_refused", 0L);
        assertThat(probe.rows("acme", List.of(first, second))).isEqualTo(10);
    }

    @Test
    void anObjectWhoseEventsAllExpiredSaysSo() {
        String key = upload(events("outcomes-" + SEED.incrementAndGet() + "-", 0, 5, YEAR_1900, i -> false));
        ListAppender<ILoggingEvent> log = listen();
        try {
            ingest(key, "done");
            awaitLine(log, Level.INFO, key); // the ledger row is written before the line is logged
        } finally {
            stopListening(log);
        }
        assertThat(ledger(key)).containsEntry("rows_stored", 0L).containsEntry("rows_expired", 5L)
                .containsEntry("rows_duplicate", 0L).containsEntry("rows_refused", 0L);
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).filteredOn(line -> line.contains(key))
                .anySatisfy(line -> assertThat(line).contains("expired=5").contains("older than the tenant's retention"));
    }

    @Test
    void aRefusedObjectIsAWarningNamingItsKeyColumnAndReasonCountedByReason() {
        String key = upload(events("outcomes-" + SEED.incrementAndGet() + "-", 0, 10, NOW, i -> i == 3));
        double before = refused("bad-value");
        ListAppender<ILoggingEvent> log = listen();
        try {
            ingest(key, "failed");
            awaitLine(log, Level.WARN, key);
        } finally {
            stopListening(log);
        }
        assertThat(ledger(key)).containsEntry("rows_stored", 0L).containsEntry("rows_refused", 10L)
                .containsEntry("refused_reason", "bad-value").containsEntry("refused_column", "process.started");
        assertThat((String) ledger(key).get("error")).contains(key).doesNotContain("object-");
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                        .contains("s3://" + LakeTestStack.BUCKET + "/" + key).contains("reason=bad-value")
                        .contains("column=process.started"));
        assertThat(refused("bad-value")).isEqualTo(before + 1);
    }

    @Test
    void valuesNotOfTheirAttributesTypeAreStoredAsWrittenAndNamedPerAttribute() {
        MessageType schema = MessageTypeParser.parseMessageType("""
            message event {
              required binary class_uid (STRING);
              required int64 time;
              optional binary activity_id (STRING);
              optional group metadata { optional binary uid (STRING); }
            }""");
        String prefix = "outcomes-" + SEED.incrementAndGet() + "-";
        List<Group> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(new SimpleGroupFactory(schema).newGroup().append("class_uid", "6003").append("time", NOW + i)
                    .append("activity_id", i < 3 ? "Logon" : "1"));
            rows.get(i).addGroup("metadata").append("uid", prefix + i);
        }
        String key = DemoSource.CLOUD_TRAIL_MGMT.key(ACME_ACCOUNT, "us-east-1", LocalDate.now(), SEED.incrementAndGet());
        LakeTestStack.putObject(key, ParquetTestFiles.writeGroups(tmp.resolve(SEED.incrementAndGet() + ".parquet"),
                schema, CompressionCodecName.ZSTD, rows));
        double before = registry.find("lake.values.kept.as.written").tags("attribute", "activity_id", "tenant", "acme")
                .counters().stream().mapToDouble(c -> c.count()).sum();
        ListAppender<ILoggingEvent> log = listen();
        try {
            ingest(key, "done");
            awaitLine(log, Level.WARN, key);
        } finally {
            stopListening(log);
        }
        assertThat(ledger(key)).containsEntry("rows_stored", 4L);
        assertThat(registry.find("lake.values.kept.as.written").tags("attribute", "activity_id", "tenant", "acme")
                .counters().stream().mapToDouble(c -> c.count()).sum()).isEqualTo(before + 3);
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains(key).contains("activity_id=3"));
        assertThat(new JdbcTemplate(stores.dataSource("acme")).queryForList("""
                SELECT event->>'activity_id' || ' ' || jsonb_typeof(event->'class_uid') || ' ' || class_uid
                  FROM events WHERE object_key = ? ORDER BY event_uid""", String.class, key))
                .containsExactly("Logon number 6003", "Logon number 6003", "Logon number 6003", "1 number 6003");
    }

    private List<Group> events(String uidPrefix, int from, int to, long time, IntPredicate badTime) {
        List<Group> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Group row = new SimpleGroupFactory(SCHEMA).newGroup().append("class_uid", 6003L).append("time", time + i);
            row.addGroup("metadata").append("uid", uidPrefix + i);
            row.addGroup("process").append("started", badTime.test(i) ? -5 : 1000); // a time of day is never negative
            rows.add(row);
        }
        return rows;
    }

    private String upload(List<Group> rows) {
        String key = DemoSource.CLOUD_TRAIL_MGMT.key(ACME_ACCOUNT, "us-east-1", LocalDate.now(), SEED.incrementAndGet());
        Path file = ParquetTestFiles.writeGroups(tmp.resolve(SEED.incrementAndGet() + ".parquet"), SCHEMA,
                CompressionCodecName.SNAPPY, rows);
        LakeTestStack.putObject(key, file);
        return key;
    }

    private void ingest(String key, String status) {
        probe.send(LakeTestStack.queueUrl(QUEUE), objectCreated(key, 1));
        await(WAIT, key + " is " + status, () -> status.equals(probe.status(key)));
    }

    private Map<String, Object> ledger(String key) {
        return control.queryForMap("""
                SELECT rows_stored, rows_duplicate, rows_expired, rows_refused, refused_reason, refused_column, error
                  FROM lake_objects WHERE object_key = ?""", key);
    }

    private double refused(String reason) {
        return registry.find("lake.objects.refused").tags("reason", reason, "tenant", "acme").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static ListAppender<ILoggingEvent> listen() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ObjectLedger.class)).addAppender(log);
        return log;
    }

    private static void awaitLine(ListAppender<ILoggingEvent> log, Level level, String text) {
        await(WAIT, "a " + level + " line naming " + text, () -> {
            synchronized (log) { // the appender adds under this lock
                return log.list.stream().anyMatch(e -> e.getLevel() == level && e.getFormattedMessage().contains(text));
            }
        });
    }

    private static void stopListening(ListAppender<ILoggingEvent> log) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ObjectLedger.class)).detachAppender(log);
    }
}
