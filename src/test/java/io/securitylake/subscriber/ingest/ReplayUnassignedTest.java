package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.notification.LakeObject;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** A replay sends each unassigned object of the account, oldest first, through ingestion; nothing else. */
class ReplayUnassignedTest {

    private static final JdbcTemplate CONTROL = new JdbcTemplate(LakeTestStack.controlDatabase("replay_test"));
    private final List<LakeObject> ingested = new CopyOnWriteArrayList<>();
    private CamelContext camel;

    @BeforeEach
    void ingestionThatRecordsWhatItIsSent() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ingest-object").process(e -> {
                    LakeObject object = e.getMessage().getBody(LakeObject.class);
                    ingested.add(object);
                    if (object.key().contains("broken")) {
                        throw new IllegalStateException("cannot read " + object.key());
                    }
                });
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void everyUnassignedObjectOfTheAccountIsSentOldestFirstAndFailuresAreCounted() {
        String account = "5555" + System.nanoTime() % 100_000_000;
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        ledgerRow(account, "second", "unassigned", t.plusSeconds(2), 7L);
        ledgerRow(account, "first", "unassigned", t.plusSeconds(1), null);
        ledgerRow(account, "broken", "unassigned", t.plusSeconds(3), 1L);
        ledgerRow(account, "done-already", "done", t, 1L);
        ledgerRow("6666" + System.nanoTime() % 100_000_000, "other-account", "unassigned", t, 1L);

        ReplayUnassigned.Result result = new ReplayUnassigned(new LedgerTable(CONTROL), camel.createProducerTemplate()).replay(account);

        assertThat(result).isEqualTo(new ReplayUnassigned.Result(account, 3, 1));
        assertThat(ingested).extracting(LakeObject::key).containsExactly(key(account, "first"), key(account, "second"),
                key(account, "broken"));
        assertThat(ingested.get(1)).isEqualTo(new LakeObject("bucket-r", key(account, "second"), 7L, "etag-second",
                t.plusSeconds(2)));
        assertThat(ingested.get(0).size()).isNull();
    }

    @Test
    void anAccountWithNothingUnassignedReplaysNothing() {
        assertThat(new ReplayUnassigned(new LedgerTable(CONTROL), camel.createProducerTemplate()).replay("777777777777"))
                .isEqualTo(new ReplayUnassigned.Result("777777777777", 0, 0));
        assertThat(ingested).isEmpty();
    }

    private static void ledgerRow(String account, String name, String status, Instant seen, Long size) {
        CONTROL.update("""
                INSERT INTO lake_objects (bucket, object_key, size, etag, account, status, notified_at, first_seen_at)
                VALUES ('bucket-r', ?, ?, ?, ?, ?, ?, ?)""", key(account, name), size, "etag-" + name, account, status,
                Timestamp.from(seen), Timestamp.from(seen));
    }

    private static String key(String account, String name) {
        return "ext/src/region=us-east-1/accountId=" + account + "/eventDay=20261101/" + name + ".parquet";
    }
}
