package io.securitylake.subscriber.faults;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.GLOBEX_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.UNCLAIMED;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.putObject;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.ingest.ReplayUnassigned;
import io.securitylake.subscriber.stack.LakeProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Faults 3–6, 8 and 12 against one in-process service whose PostgreSQL and S3 sit behind faulty proxies.
 * Each test counts the events lost and duplicated ({@link Tally}) and requires both to be zero.
 */
@SpringBootTest
@DirtiesContext
class IngestFaultTest {

    @RegisterExtension
    static final FaultStack STACK = new FaultStack("ingest-faults", 30, 0);
    private static final Duration WAIT = Duration.ofSeconds(180);

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        STACK.register(registry);
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ReplayUnassigned replayUnassigned;
    @Autowired
    HealthEndpoint health;
    @TempDir
    Path tmp;
    final LakeProbe probe = new LakeProbe();

    @AfterEach
    void everythingAnswersAgain() {
        STACK.postgres.mode(FaultyProxy.Mode.PASS);
        STACK.s3.mode(FaultyProxy.Mode.PASS);
    }

    @Test
    void databaseDownFifteenSecondsDuringIngestionLosesNothingAndIngestionResumesByItself() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(probe.upload(tmp, DemoSource.VPC_FLOW, ACME_ACCOUNT, 5000));
        }
        keys.forEach(k -> probe.announce(STACK.queueUrl, k));
        await(WAIT, "the first events are stored", () -> probe.rows("acme", keys) > 0);

        STACK.postgres.mode(FaultyProxy.Mode.REFUSE);
        long atCut = probe.rows("acme", keys);
        await(WAIT, "readiness is DOWN", () -> Status.DOWN.equals(readiness()));
        Thread.sleep(15_000);
        assertThat(camel.getStatus()).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRouteController().getRouteStatus("lake-notifications")).isEqualTo(ServiceStatus.Started);
        STACK.postgres.mode(FaultyProxy.Mode.PASS);
        await(WAIT, "readiness is UP again", () -> Status.UP.equals(readiness()));

        keys.forEach(k -> await(WAIT, k + " is done", () -> "done".equals(probe.status(k))));
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);
        assertZero(Tally.count(probe, "3 PostgreSQL down 15 s mid-ingestion",
                "readiness DOWN then UP; chunks failed, objects left 'retrying'/'processing', messages redelivered, resumed by itself ("
                        + atCut + " of 20000 stored at the cut)", "acme", keys, 20_000));
    }

    @Test
    void missingObjectIsFailedAndNotRetried() {
        String key = DemoSource.ROUTE53.key(ACME_ACCOUNT, "us-east-1", LocalDate.now(), System.nanoTime());
        probe.announce(STACK.queueUrl, key);
        await(WAIT, key + " is failed", () -> "failed".equals(probe.status(key)));
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);
        assertThat(probe.error(key)).contains("NoSuchKey");
        assertThat(probe.attempts(key)).isEqualTo(1);
    }

    @Test
    void s3ServerErrorsAndTimeoutsAreRetriedWithBackoffThenLeftForRedelivery() {
        String key = probe.upload(tmp, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, 3000);
        STACK.s3.mode(FaultyProxy.Mode.HTTP_503);
        probe.announce(STACK.queueUrl, key);
        await(WAIT, key + " is retrying after 503s", () -> "retrying".equals(probe.status(key)));
        assertThat(probe.error(key)).contains("503");
        // 4 attempts (lake.aws.max-attempts); the first may ride a pooled connection the proxy cut when it switched
        // mode, which is not a new connection: at least 3 new ones prove the retries
        assertThat(STACK.s3.faultedConnections()).as("the SDK tried more than once").isGreaterThanOrEqualTo(3);
        await(WAIT, "the message is delivered again", () -> probe.attempts(key) >= 2);

        STACK.s3.mode(FaultyProxy.Mode.HANG);
        int before = probe.attempts(key);
        await(WAIT, "a timed-out attempt is recorded", () -> probe.attempts(key) > before
                && "retrying".equals(probe.status(key)) && probe.error(key).toLowerCase().contains("timed out"));

        STACK.s3.mode(FaultyProxy.Mode.PASS);
        await(WAIT, key + " is done", () -> "done".equals(probe.status(key)));
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);
        assertZero(Tally.count(probe, "4 S3 503 Slow Down, then S3 not answering",
                "SDK retried 4 attempts with backoff; object 'retrying', message redelivered; stored after S3 recovered ("
                        + probe.attempts(key) + " deliveries)", "acme", List.of(key), 3000));
    }

    @Test
    void badObjectsAreFailedWithTheReasonWhileTheGoodOnesOfTheSameMessageAreStored() {
        Path good = tmp.resolve("good.parquet");
        DemoLake.write(good, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, "us-east-1", 700, System.nanoTime(),
                CompressionCodecName.ZSTD);
        String goodKey = key("good");
        putObject(goodKey, good);
        String truncated = put("truncated", BadInputs.truncated(good));
        String wrongMagic = put("wrong-magic", BadInputs.wrongMagic(good));
        String empty = put("empty", new byte[0]);
        String badRow = key("bad-row");
        putObject(badRow, BadInputs.unconvertibleRow(tmp.resolve("bad-row.parquet")));
        String notOcsf = key("not-ocsf");
        putObject(notOcsf, BadInputs.notOcsf(tmp.resolve("not-ocsf.parquet"), 25));

        probe.send(STACK.queueUrl, BadInputs.records(List.of(truncated, wrongMagic, empty, badRow, notOcsf, goodKey), 0));

        await(WAIT, goodKey + " is done", () -> "done".equals(probe.status(goodKey)));
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);
        assertThat(probe.status(truncated)).isEqualTo("failed");
        assertThat(probe.error(truncated)).contains("truncated");
        assertThat(probe.error(wrongMagic)).contains("not a Parquet file");
        assertThat(probe.error(empty)).contains("empty object");
        assertThat(probe.status(badRow)).isEqualTo("failed");
        assertThat(probe.error(badRow)).contains("row 3").contains("start_of_shift");
        assertThat(probe.rows("acme", List.of(badRow))).as("a failed chunk stores nothing").isZero();
        assertThat(probe.status(notOcsf)).as("stored as events with a derived id").isEqualTo("done");
        assertThat(probe.events("acme", List.of(notOcsf))).isEqualTo(25);
        for (String k : List.of(truncated, wrongMagic, empty, badRow)) {
            assertThat(probe.attempts(k)).as(k + " is not retried").isEqualTo(1);
        }
        assertZero(Tally.count(probe, "5 bad objects in one message (truncated, wrong magic, 0 bytes, bad row) + not-OCSF + good",
                "4 'failed' with the reason, not retried; not-OCSF stored (derived ids, fallback time); good stored",
                "acme", List.of(goodKey, notOcsf), 725));
    }

    @Test
    void badMessagesAreHandledAndTheConsumerKeepsGoing() {
        probe.send(STACK.queueUrl, "not json at all " + System.nanoTime());
        probe.send(STACK.queueUrl, "{\"hello\":\"world\",\"n\":" + System.nanoTime() + "}");
        probe.send(STACK.queueUrl, "{\"junk\":\"" + "y".repeat(256 * 1024 - 40) + "\"}");
        String unicode = "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + GLOBEX_ACCOUNT
                + "/eventDay=20261128/événement ☃ 雪 + copy (1) " + System.nanoTime() + ".gz.parquet";
        Path file = tmp.resolve("unicode.parquet");
        DemoLake.write(file, DemoSource.CLOUD_TRAIL_MGMT, GLOBEX_ACCOUNT, "us-east-1", 300, System.nanoTime(),
                CompressionCodecName.ZSTD);
        putObject(unicode, file);
        String body = BadInputs.records(List.of(unicode), 255 * 1024);
        assertThat(body.length()).isGreaterThan(250 * 1024);
        probe.send(STACK.queueUrl, body);

        await(WAIT, "the unicode key is stored", () -> "done".equals(probe.status(unicode)));
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);
        assertThat(probe.control().queryForObject("SELECT count(*) FROM lake_rejected_messages WHERE received_at > now()"
                + " - interval '5 minutes' AND (body LIKE 'not json at all%' OR body LIKE '{\"hello\"%' OR body LIKE '{\"junk\"%')",
                Long.class)).isGreaterThanOrEqualTo(3);
        assertThat(camel.getRouteController().getRouteStatus("lake-notifications")).isEqualTo(ServiceStatus.Started);
        assertZero(Tally.count(probe, "6 not JSON, unknown shape, 256 KB junk, 255 KB Records body with a unicode/space/+ key",
                "3 bodies kept in lake_rejected_messages and deleted; the padded notification's object stored",
                "globex", List.of(unicode), 300));
    }

    @Test
    void objectTakingLongerThanTheVisibilityTimeoutIsStoredOnce() throws Exception {
        Path file = tmp.resolve("long.parquet");
        long size = DemoLake.write(file, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, "us-east-1", DemoLake.DEFAULT_DAY,
                4000, System.nanoTime(), DemoLake.Options.defaults().withCodec(CompressionCodecName.UNCOMPRESSED));
        String key = key("long");
        putObject(key, file);
        STACK.s3.slowRate(Math.max(16 * 1024, size / 15)); // about 15 s to download, three visibility timeouts
        STACK.s3.mode(FaultyProxy.Mode.SLOW);
        probe.announce(STACK.queueUrl, key);

        await(WAIT, key + " is done", () -> "done".equals(probe.status(key)));
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);
        long ms = probe.control().queryForObject("SELECT duration_ms FROM lake_objects WHERE object_key = ?", Long.class, key);
        assertThat(ms).as("the scenario: processing outlasted the 5 s visibility timeout").isGreaterThan(5000);
        assertThat(probe.attempts(key)).as("never delivered twice").isEqualTo(1);
        assertZero(Tally.count(probe, "8 object read for " + ms / 1000 + " s, visibility timeout 5 s",
                "visibility extended while reading; read once (1 attempt)", "acme", List.of(key), 4000));
    }

    @Test
    void unassignedObjectsAreStoredAfterATenantClaimsTheAccountAndAReplayRuns() {
        String account = "3" + String.valueOf(System.nanoTime()).substring(0, 11);
        List<String> keys = List.of(probe.upload(tmp, DemoSource.SH_FINDINGS, account, 400),
                probe.upload(tmp, DemoSource.ROUTE53, account, 600));
        keys.forEach(k -> probe.announce(STACK.queueUrl, k));
        keys.forEach(k -> await(WAIT, k + " is unassigned", () -> "unassigned".equals(probe.status(k))));
        assertThat(probe.rows("acme", keys)).isZero();

        probe.control().update("INSERT INTO lake_account_claims (account, tenant) VALUES (?, 'acme')", account);
        ReplayUnassigned.Result result = replayUnassigned.replay(account);
        assertThat(result.objects()).isEqualTo(2);
        assertThat(result.failed()).isZero();
        keys.forEach(k -> assertThat(probe.status(k)).isEqualTo("done"));
        assertThat(replayUnassigned.replay(account).objects()).as("a second replay finds nothing").isZero();
        assertZero(Tally.count(probe, "12 unassigned account, then claimed and replayed",
                "2 objects 'unassigned', stored after claim + ReplayUnassigned.replay(account)", "acme", keys, 1000));
    }

    private Status readiness() {
        return health.healthForPath("readiness").getStatus();
    }

    private String key(String name) {
        return DemoSource.CLOUD_TRAIL_MGMT.key(ACME_ACCOUNT, "us-east-1", LocalDate.now(), System.nanoTime())
                .replace(".gz.parquet", "-" + name + ".gz.parquet");
    }

    private String put(String name, byte[] bytes) {
        String key = key(name);
        putObject(key, bytes);
        return key;
    }

    private static void assertZero(Tally tally) {
        assertThat(tally.lost()).as("events lost").isZero();
        assertThat(tally.duplicated()).as("events duplicated").isZero();
    }
}
