package io.securitylake.subscriber.detect;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.intel.IntelFeeds;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Threat intelligence back in time through the real path (embedded SQS, S3, PostgreSQL): acme's events are stored
 * while its feed does not list an address; the feed then lists it, and route intel-lookback finds the stored events
 * of that address, chunk by chunk, as threat-intel detections with the uids the ingest's look-up gives, so that a
 * replay of the object (matched at ingest now) adds none.
 */
@SpringBootTest
class IntelLookbackFlowTest {

    private static final LakeProbe PROBE = new LakeProbe();
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Path FEED;

    static {
        try {
            FEED = Files.createTempFile("acme-lookback", ".txt");
            Files.writeString(FEED, "# acme's own, empty at first\n");
            FEED.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, "intel-lookback");
        registry.add("lake.intel.feeds[0].name", () -> "acme-lookback");
        registry.add("lake.intel.feeds[0].file", FEED::toString);
        registry.add("lake.intel.feeds[0].format", () -> "list");
        registry.add("lake.intel.feeds[0].type", () -> "ipv4-addr");
        registry.add("lake.intel.feeds[0].tenant", () -> "acme");
        registry.add("lake.intel.feeds[0].interval", () -> "1s");
        registry.add("lake.intel.feeds[0].confidence", () -> "90");
        registry.add("lake.intel.poll-interval", () -> "1s");
        registry.add("lake.intel.lookback-interval", () -> "1s");
        registry.add("lake.intel.lookback-chunk", () -> "50");
    }

    @Autowired
    TenantStores stores;
    @Autowired
    IntelFeeds feeds;
    @TempDir
    Path tmp;

    @Test
    void anAddressPublishedAfterItsEventsWereStoredFindsThemOnceAndAReplayAddsNone() throws IOException {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        String key = PROBE.upload(tmp, DemoSource.VPC_FLOW, ACME_ACCOUNT, day, 300,
                DemoLake.Options.defaults().withCodec(CompressionCodecName.ZSTD));
        PROBE.send(LakeTestStack.queueUrl("intel-lookback"), objectCreated(key, 1));
        await(WAIT, key + " stored", () -> "done".equals(PROBE.status(key)));
        String ip = store().queryForObject("SELECT event->'dst_endpoint'->>'ip' FROM events WHERE object_key = ? "
                + "AND event->'dst_endpoint'->>'ip' LIKE '%.%' ORDER BY event_uid LIMIT 1", String.class, key);
        List<String> ofIp = store().queryForList("SELECT event_uid FROM events WHERE object_key = ? AND ("
                + "event->'dst_endpoint'->>'ip' = ? OR event->'src_endpoint'->>'ip' = ?) ORDER BY event_uid",
                String.class, key, ip, ip);
        assertThat(ofIp).isNotEmpty();
        assertThat(detectionsOf(key)).as("not listed while stored").isZero();

        Files.writeString(FEED, "# acme's own\n" + ip + "\n");
        await(WAIT, "the stored events of " + ip + " found back in time", () -> detectionsOf(key) == ofIp.size());

        List<String> uids = store().queryForList("SELECT uid FROM detections d WHERE rule_uid = 'threat-intel' AND "
                + "EXISTS (SELECT 1 FROM events e WHERE e.object_key = ? AND e.event_uid = ANY(d.event_uids)) ORDER BY uid",
                String.class, key);
        assertThat(uids).as("the uids the ingest's look-up gives").containsExactlyInAnyOrderElementsOf(ofIp.stream()
                .map(uid -> Detection.uidOf(IntelDetections.RULE, uid + "\nacme-lookback\nipv4-addr:" + ip)).toList());
        await(WAIT, "the pass ended", () -> store().queryForObject("SELECT count(*) FROM intel_lookback_indicators "
                + "WHERE feed = 'acme-lookback' AND indicator_key = ? AND done_at IS NOT NULL", Long.class,
                "ipv4-addr:" + ip) == 1);

        PROBE.control().update("UPDATE lake_objects SET status = 'retrying' WHERE object_key = ?", key);
        PROBE.send(LakeTestStack.queueUrl("intel-lookback"), objectCreated(key, 1)); // a replay, matched at ingest now
        await(WAIT, key + " done again", () -> "done".equals(PROBE.status(key)) && PROBE.attempts(key) >= 2);
        assertThat(detectionsOf(key)).as("matched at ingest and back in time: stored once").isEqualTo(ofIp.size());
    }

    private long detectionsOf(String key) {
        return store().queryForObject("SELECT count(*) FROM detections d WHERE rule_uid = 'threat-intel' AND EXISTS "
                + "(SELECT 1 FROM events e WHERE e.object_key = ? AND e.event_uid = ANY(d.event_uids))", Long.class, key);
    }

    private JdbcTemplate store() {
        return new JdbcTemplate(stores.dataSource("acme"));
    }
}
