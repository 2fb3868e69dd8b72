package io.securitylake.subscriber.detect;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.GLOBEX_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.intel.FeedState;
import io.securitylake.subscriber.intel.IntelFeeds;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Threat intelligence through the real ingestion path (embedded SQS, S3, PostgreSQL): route intel-poll reads acme's
 * own feed; every stored VPC flow of acme whose address lies in the feed's network is one threat-intel detection,
 * in acme's store only, in an incident, once whatever is redelivered or replayed.
 */
@SpringBootTest
class IntelFlowTest {

    private static final LakeProbe PROBE = new LakeProbe();
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NETWORK = "203.0.113.0/24";
    private static final String OF_OBJECT = " FROM detections d WHERE rule_uid = 'threat-intel' AND EXISTS "
            + "(SELECT 1 FROM events e WHERE e.object_key = ? AND e.event_uid = ANY(d.event_uids))";
    private static final String IN_NETWORK = "((event->'src_endpoint'->>'ip')::inet <<= '" + NETWORK + "'::inet "
            + "OR (event->'dst_endpoint'->>'ip')::inet <<= '" + NETWORK + "'::inet)";

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, "intel-flow");
        Path feed;
        try {
            feed = Files.createTempFile("acme-blocklist", ".txt");
            Files.writeString(feed, "# acme's own blocklist\n" + NETWORK + "\n");
            feed.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("lake.intel.feeds[0].name", () -> "acme-blocklist");
        registry.add("lake.intel.feeds[0].file", feed::toString);
        registry.add("lake.intel.feeds[0].format", () -> "list");
        registry.add("lake.intel.feeds[0].type", () -> "ipv4-addr");
        registry.add("lake.intel.feeds[0].tenant", () -> "acme");
        registry.add("lake.intel.feeds[0].confidence", () -> "70");
        registry.add("lake.intel.poll-interval", () -> "1s");
    }

    @Autowired
    TenantStores stores;
    @Autowired
    IntelFeeds feeds;
    @Autowired
    MeterRegistry meters;
    @TempDir
    Path tmp;

    @Test
    void eachFlowOfAListedNetworkIsOneDetectionInItsTenantOnlyAndOnceUnderReplay() throws IOException {
        await(WAIT, "acme's feed read by route intel-poll", () -> "ok".equals(feeds.states("acme").get(0).status()));
        FeedState state = feeds.states("acme").get(0);
        assertThat(state.indicatorsByType()).containsExactly(Map.entry("ipv4-addr", 1));
        assertThat(feeds.states("globex")).as("a tenant's own feed is not another's").isEmpty();
        double matchedBefore = matched();

        String acme = PROBE.upload(tmp, DemoSource.VPC_FLOW, ACME_ACCOUNT, 400);
        String globex = PROBE.upload(tmp, DemoSource.VPC_FLOW, GLOBEX_ACCOUNT, 400);
        PROBE.send(LakeTestStack.queueUrl("intel-flow"), objectCreated(acme, 1));
        PROBE.send(LakeTestStack.queueUrl("intel-flow"), objectCreated(globex, 1));
        await(WAIT, "both objects done", () -> "done".equals(PROBE.status(acme)) && "done".equals(PROBE.status(globex)));

        long expected = store("acme").queryForObject("SELECT count(*) FROM events WHERE object_key = ? AND "
                + IN_NETWORK, Long.class, acme);
        assertThat(expected).as("flows of the listed network in the object").isPositive();
        assertThat(detections("acme", acme)).isEqualTo(expected);
        assertThat(matched() - matchedBefore).as("lake.intel.matches of the feed").isEqualTo(expected);
        assertThat(store("globex").queryForObject("SELECT count(*) FROM events WHERE object_key = ? AND " + IN_NETWORK,
                Long.class, globex)).as("globex has flows of the network too").isPositive();
        assertThat(store("globex").queryForObject("SELECT count(*)" + OF_OBJECT, Long.class, globex))
                .as("acme's feed never matches globex's events").isZero();

        List<Map<String, Object>> rows = store("acme").queryForList("SELECT severity_id, incident_uid, "
                + "detection->'indicator'->>'feed' AS feed, detection->'indicator'->>'value' AS value, "
                + "detection->'indicator'->>'confidence' AS confidence" + OF_OBJECT, acme);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("feed")).isEqualTo("acme-blocklist");
            assertThat(r.get("value")).isEqualTo(NETWORK);
            assertThat(r.get("confidence")).isEqualTo("70");
            assertThat(r.get("severity_id")).as("confidence 70: Medium").isEqualTo(3);
            assertThat(r.get("incident_uid")).as("in an incident").isNotNull();
        });

        PROBE.send(LakeTestStack.queueUrl("intel-flow"), objectCreated(acme, 1)); // a lost acknowledgement
        PROBE.control().update("UPDATE lake_objects SET status = 'retrying' WHERE object_key = ?", acme);
        PROBE.send(LakeTestStack.queueUrl("intel-flow"), objectCreated(acme, 1)); // a replay
        await(WAIT, acme + " done again", () -> "done".equals(PROBE.status(acme)) && PROBE.attempts(acme) >= 2);

        assertThat(detections("acme", acme)).as("a replay raises no detection again").isEqualTo(expected);
        assertThat(matched() - matchedBefore).isEqualTo(expected);
    }

    private double matched() {
        Counter c = meters.find("lake.intel.matches").tag("tenant", "acme").tag("feed", "acme-blocklist").counter();
        return c == null ? 0 : c.count();
    }

    private long detections(String tenant, String key) {
        return store(tenant).queryForObject("SELECT count(*)" + OF_OBJECT, Long.class, key);
    }

    private JdbcTemplate store(String tenant) {
        return new JdbcTemplate(stores.dataSource(tenant));
    }
}
