package io.securitylake.subscriber.ingest;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT_2;
import static io.securitylake.subscriber.stack.LakeTestStack.GLOBEX_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.UNCLAIMED;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static io.securitylake.subscriber.stack.LakeTestStack.putObject;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ExchangeBuilder;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole flow through the real embedded SQS, S3 and PostgreSQL: notification in, tenant rows out. */
@SpringBootTest
class IngestFlowTest {

    private static final Logger LOG = LoggerFactory.getLogger(IngestFlowTest.class);
    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String QUEUE = "ingest-flow";

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, QUEUE);
    }

    @Autowired
    JdbcTemplate control;
    @Autowired
    TenantStores stores;
    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    MeterRegistry registry;
    @TempDir
    Path tmp;
    private final LakeProbe probe = new LakeProbe();

    @Test
    void objectsOfTwoTenantsLandCompletelyInTheirOwnStoreAndNowhereElse() throws IOException {
        List<String> acmeKeys = new ArrayList<>();
        List<String> globexKeys = new ArrayList<>();
        int perObject = 3000;
        acmeKeys.add(probe.upload(tmp, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, perObject));
        acmeKeys.add(probe.upload(tmp, DemoSource.CROWDSTRIKE_DETECTIONS, ACME_ACCOUNT_2, perObject));
        globexKeys.add(probe.upload(tmp, DemoSource.VPC_FLOW, GLOBEX_ACCOUNT, perObject));
        globexKeys.add(probe.upload(tmp, DemoSource.CROWDSTRIKE_PROCESS, GLOBEX_ACCOUNT, perObject));

        long start = System.nanoTime();
        acmeKeys.forEach(k -> send(objectCreated(k, 1)));
        globexKeys.forEach(k -> send(objectCreated(k, 1)));
        List<String> all = new ArrayList<>(acmeKeys);
        all.addAll(globexKeys);
        all.forEach(k -> await(WAIT, k + " is done", () -> "done".equals(status(k))));
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("ingest throughput: {} events in {} s = {} events/s", 4 * perObject,
                String.format("%.2f", seconds), Math.round(4 * perObject / seconds));

        for (String key : acmeKeys) {
            assertThat(count("acme", key)).as("acme rows of " + key).isEqualTo(perObject);
            assertThat(count("globex", key)).as("globex must not hold " + key).isZero();
            assertThat(ledgerRows(key)).isEqualTo(perObject);
        }
        for (String key : globexKeys) {
            assertThat(count("globex", key)).as("globex rows of " + key).isEqualTo(perObject);
            assertThat(count("acme", key)).as("acme must not hold " + key).isZero();
        }
        assertThat(stores.dataSource("acme")).isNotSameAs(stores.dataSource("globex"));
        assertThat(LakeTestStack.spoolDir()).as("spooled objects are deleted").isEmptyDirectory();
        Map<String, Object> tenantOfEvents = new JdbcTemplate(stores.dataSource("globex")).queryForMap(
                "SELECT count(*) FILTER (WHERE event->'_lake'->>'tenant' = 'globex') AS own, count(*) AS total "
                        + "FROM events WHERE object_key = ?", globexKeys.get(0));
        assertThat(tenantOfEvents.get("own")).isEqualTo(tenantOfEvents.get("total"));
    }

    @Test
    void queueConsumerPollsAgainAtOnceAfterAMessageInsteadOfPausingBetweenObjects() {
        // without greedy polling each consumer rests the scheduler's delay (500 ms) after every message
        var consumer = (ScheduledPollConsumer) camel.getRoute("lake-notifications").getConsumer();
        assertThat(consumer.isGreedy()).isTrue();
    }

    @Test
    void redeliveredMessageDoesNotDuplicateEvents() throws IOException {
        String key = probe.upload(tmp, DemoSource.ROUTE53, ACME_ACCOUNT, 500);
        send(objectCreated(key, 1));
        await(WAIT, key + " is done", () -> "done".equals(status(key)));
        // a lost-ack redelivery, and a replay after the ledger lost track of the object
        send(objectCreated(key, 1));
        control.update("UPDATE lake_objects SET status = 'retrying' WHERE object_key = ?", key);
        send(objectCreated(key, 1));
        await(WAIT, key + " is done again", () -> "done".equals(status(key)) && attempts(key) >= 2);
        assertThat(count("acme", key)).isEqualTo(500);
    }

    @Test
    void objectAlreadyDoneIsNotReadAgainWhenItsNotificationIsRedelivered() throws IOException {
        String key = probe.upload(tmp, DemoSource.ROUTE53, ACME_ACCOUNT, 300);
        send(objectCreated(key, 1));
        await(WAIT, key + " is done", () -> "done".equals(status(key)));
        await(WAIT, "the queue is empty", () -> queueDepth() == 0);
        double bytesBefore = registry.get("lake.bytes.read").counter().count();
        double doneBefore = doneObjects();

        send(objectCreated(key, 1));
        await(WAIT, "the redelivered object is counted", () -> doneObjects() > doneBefore);
        await(WAIT, "the queue is empty", () -> queueDepth() == 0);

        assertThat(attempts(key)).as("the ledger did not claim the object again").isEqualTo(1);
        assertThat(registry.get("lake.bytes.read").counter().count()).as("bytes read from S3").isEqualTo(bytesBefore);
        assertThat(doneObjects()).as("counted once as done without reading").isEqualTo(doneBefore + 1);
        assertThat(count("acme", key)).isEqualTo(300);
    }

    @Test
    void chunkPartlyStoredAlreadyIsCompletedWithoutDuplicates() {
        String key = DemoSource.CLOUD_TRAIL_MGMT.key(ACME_ACCOUNT, "us-east-1", LocalDate.now(), SEED.incrementAndGet());
        String prefix = "overlap-" + SEED.get() + "-";
        storeChunk(key, rows(prefix, 0, 4));   // stored by COPY
        storeChunk(key, rows(prefix, 2, 10));  // COPY refuses events 2 and 3; the insert skips them
        assertThat(count("acme", key)).isEqualTo(10);
        assertThat(new JdbcTemplate(stores.dataSource("acme")).queryForObject(
                "SELECT count(DISTINCT event_uid) FROM events WHERE object_key = ?", Long.class, key)).isEqualTo(10);
    }

    @Test
    void accountThatNoTenantClaimsEndsUnassignedAndStoresNothing() throws IOException {
        String key = probe.upload(tmp, DemoSource.SH_FINDINGS, UNCLAIMED, 100);
        send(objectCreated(key, 1));
        await(WAIT, key + " is unassigned", () -> "unassigned".equals(status(key)));
        assertThat(count("acme", key)).isZero();
        assertThat(count("globex", key)).isZero();
        assertThat(control.queryForObject("SELECT account FROM lake_objects WHERE object_key = ?", String.class, key))
                .isEqualTo(UNCLAIMED);
    }

    @Test
    void testEventAndIcebergMetadataStoreNothingAndAreAcknowledged() {
        send("""
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2014-10-13T15:57:02.089Z","Bucket":"b"}""");
        String metadata = "aws/CLOUD_TRAIL_MGMT/2.0/metadata/" + SEED.incrementAndGet() + "-snap.avro";
        putObject(metadata, new byte[] {1, 2, 3});
        send(objectCreated(metadata, 3));
        await(WAIT, metadata + " is skipped", () -> "skipped".equals(status(metadata)));
        await(WAIT, "the queue is empty", () -> queueDepth() == 0);
    }

    @Test
    void unreadableMessageIsKeptForTheOperatorAndDeletedAndLoggedByIdAndLengthOnly() {
        String body = "not json secret-" + SEED.incrementAndGet();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(RejectedMessages.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            send(body);
            await(WAIT, "the body is rejected", () -> control.queryForObject(
                    "SELECT count(*) FROM lake_rejected_messages WHERE body = ?", Long.class, body) == 1);
            await(WAIT, "the queue is empty", () -> queueDepth() == 0);
        } finally {
            logger.detachAppender(log);
        }
        String id = control.queryForObject("SELECT message_id FROM lake_rejected_messages WHERE body = ?", String.class, body);
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> line.contains(id)).singleElement().satisfies(line -> {
                    assertThat(line).contains("bytes=" + body.length()).doesNotContain("secret-");
                });
    }

    @Test
    void corruptObjectIsFailedWhileTheOtherObjectsOfItsMessageAreStored() throws IOException {
        String good = probe.upload(tmp, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, 200);
        String bad = DemoSource.CLOUD_TRAIL_MGMT.key(ACME_ACCOUNT, "us-east-1", LocalDate.now(), SEED.incrementAndGet());
        putObject(bad, "PAR1 this is not parquet PAR1".getBytes());
        send("""
                {"Records":[%s,%s]}""".formatted(record(bad), record(good)));
        await(WAIT, bad + " is failed", () -> "failed".equals(status(bad)));
        await(WAIT, good + " is done", () -> "done".equals(status(good)));
        assertThat(count("acme", good)).isEqualTo(200);
        assertThat(control.queryForObject("SELECT error FROM lake_objects WHERE object_key = ?", String.class, bad))
                .contains("Unreadable");
        assertThat(LakeTestStack.spoolDir()).as("a failed object's spool file is deleted too").isEmptyDirectory();
        await(WAIT, "the queue is empty", () -> queueDepth() == 0);
    }

    private void storeChunk(String key, List<EventRow> rows) {
        Exchange exchange = ExchangeBuilder.anExchange(camel)
                .withBody(List.of(new TenantBatch("acme", LakeTestStack.BUCKET, key, rows)))
                .build();
        assertThat(producer.send("direct:store-chunk", exchange).getException()).isNull();
    }

    private static List<EventRow> rows(String uidPrefix, int from, int to) {
        List<EventRow> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(new EventRow(uidPrefix + i, 1_718_323_200_000L + i, 6003, 6, 1, ACME_ACCOUNT, "us-east-1",
                    "CLOUD_TRAIL_MGMT", ("{\"n\":" + i + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return rows;
    }

    private static String record(String key) {
        String encoded = java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8);
        return """
                {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
                 "eventTime":"%s","s3":{"bucket":{"name":"%s"},"object":{"key":"%s","size":1}}}"""
                .formatted(java.time.Instant.now(), LakeTestStack.BUCKET, encoded);
    }

    private String status(String key) {
        return probe.status(key);
    }

    private double doneObjects() {
        return registry.find("lake.objects").tags("status", "done", "tenant", "acme").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private int attempts(String key) {
        return probe.attempts(key);
    }

    private long ledgerRows(String key) {
        return control.queryForObject("SELECT rows_stored FROM lake_objects WHERE object_key = ?", Long.class, key);
    }

    private long count(String tenant, String key) {
        return probe.rows(tenant, List.of(key));
    }

    private void send(String body) {
        probe.send(LakeTestStack.queueUrl(QUEUE), body);
    }

    private long queueDepth() {
        return probe.depth(LakeTestStack.queueUrl(QUEUE));
    }
}
