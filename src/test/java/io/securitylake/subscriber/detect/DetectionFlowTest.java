package io.securitylake.subscriber.detect;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.GLOBEX_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Detections raised while ingesting, through the real embedded SQS, S3 and PostgreSQL: what the rules raise
 * equals what the stored events hold, once, in the owning tenant's store only, whatever is redelivered or replayed.
 */
@SpringBootTest
class DetectionFlowTest {

    private static final io.securitylake.subscriber.stack.LakeProbe PROBE = new io.securitylake.subscriber.stack.LakeProbe();

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String OF_OBJECT = " FROM detections d WHERE EXISTS (SELECT 1 FROM events e "
            + "WHERE e.object_key = ? AND e.event_uid = ANY(d.event_uids))";

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, "detect-flow");
    }

    @Autowired
    JdbcTemplate control;
    @Autowired
    TenantStores stores;
    @Autowired
    MeterRegistry meters;
    @TempDir
    Path tmp;

    @Test
    void redeliveredAndReplayedObjectsNeverDuplicateADetection() throws IOException {
        // A newer object first, whatever other tests stored: the rule's newest event closes every window of the
        // object under test, which arrives late and must still be counted in the windows of its own events.
        String newer = PROBE.upload(tmp, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, DemoLake.DEFAULT_DAY.plusDays(7),
                500, DemoLake.Options.defaults());
        PROBE.send(LakeTestStack.queueUrl("detect-flow"), objectCreated(newer, 1));
        await(WAIT, newer + " is done", () -> "done".equals(status(newer)));
        assertThat(correlationRows("acme", newer)).as("denied calls of the newer object").isPositive();

        double counted = raised("acme", "aws-cloudtrail-stop-logging");
        String key = PROBE.upload(tmp, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, 2000);
        PROBE.send(LakeTestStack.queueUrl("detect-flow"), objectCreated(key, 1));
        await(WAIT, key + " is done", () -> "done".equals(status(key)));
        Map<String, Long> first = perRule("acme", key);
        long correlated = correlationRows("acme", key);
        assertThat(correlated).as("denied calls counted by aws-access-denied-burst").isPositive();
        assertThat(raised("acme", "aws-cloudtrail-stop-logging") - counted).as("lake.detections of the rule")
                .isEqualTo(first.get("aws-cloudtrail-stop-logging").doubleValue());

        assertThat(first.get("aws-cloudtrail-stop-logging")).isPositive()
                .isEqualTo(events("acme", key, "event->'api'->>'operation' = 'StopLogging'"));
        assertThat(first.get("aws-iam-access-key-created"))
                .isEqualTo(events("acme", key, "event->'api'->>'operation' = 'CreateAccessKey' AND event->'api'->'response'->>'error' IS NULL"));
        assertThat(first.get("aws-access-denied")).isPositive()
                .isEqualTo(events("acme", key, "event->'api'->'response'->>'error' = 'AccessDenied'"));

        PROBE.send(LakeTestStack.queueUrl("detect-flow"), objectCreated(key, 1)); // a lost acknowledgement
        control.update("UPDATE lake_objects SET status = 'retrying' WHERE object_key = ?", key);
        PROBE.send(LakeTestStack.queueUrl("detect-flow"), objectCreated(key, 1)); // a replay, after the ledger lost track
        await(WAIT, key + " is done again", () -> "done".equals(status(key)) && attempts(key) >= 2);

        assertThat(perRule("acme", key)).isEqualTo(first);
        assertThat(correlationRows("acme", key)).as("correlation state of the object, replayed").isEqualTo(correlated);
        assertThat(raised("acme", "aws-cloudtrail-stop-logging") - counted).as("a replay counts no detection again")
                .isEqualTo(first.get("aws-cloudtrail-stop-logging").doubleValue());
        assertThat(new JdbcTemplate(stores.dataSource("acme")).queryForObject(
                "SELECT count(*) FROM (SELECT unnest(event_uids) AS e, rule_uid" + OF_OBJECT + ") x GROUP BY e, rule_uid "
                        + "ORDER BY count(*) DESC LIMIT 1", Long.class, key)).as("detections of one event and rule").isEqualTo(1);
    }

    @Test
    void findingsOfTheLakeAreOneDetectionPerFindingInTheirTenantsStoreOnly() throws IOException {
        String key = PROBE.upload(tmp, DemoSource.SH_FINDINGS, GLOBEX_ACCOUNT, 300);
        PROBE.send(LakeTestStack.queueUrl("detect-flow"), objectCreated(key, 1));
        await(WAIT, key + " is done", () -> "done".equals(status(key)));

        long findings = new JdbcTemplate(stores.dataSource("globex")).queryForObject(
                "SELECT count(DISTINCT event->'finding_info'->>'uid') FROM events WHERE object_key = ?", Long.class, key);
        assertThat(findings).isPositive();
        assertThat(perRule("globex", key)).containsExactly(Map.entry("lake-finding", findings));
        assertThat(new JdbcTemplate(stores.dataSource("acme")).queryForObject(
                "SELECT count(*) FROM detections WHERE detected_at > now() - interval '10 minutes' AND rule_uid = 'lake-finding' "
                        + "AND entities @> '[{\"type\": \"account\", \"value\": \"222222222222\"}]'", Long.class))
                .as("globex findings in acme's store").isZero();
    }

    private double raised(String tenant, String rule) {
        Counter c = meters.find("lake.detections").tag("tenant", tenant).tag("rule", rule).counter();
        return c == null ? 0 : c.count();
    }

    private Map<String, Long> perRule(String tenant, String key) {
        Map<String, Long> out = new TreeMap<>();
        new JdbcTemplate(stores.dataSource(tenant)).query("SELECT rule_uid, count(*)" + OF_OBJECT + " GROUP BY rule_uid",
                rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                }, key);
        return out;
    }

    /** Correlation state rows of the object's events (a window may since have expired: compared before and after). */
    private long correlationRows(String tenant, String key) {
        return new JdbcTemplate(stores.dataSource(tenant)).queryForObject("SELECT count(*) FROM correlation_events c "
                + "WHERE EXISTS (SELECT 1 FROM events e WHERE e.object_key = ? AND e.event_uid = c.event_uid)", Long.class, key);
    }

    private long events(String tenant, String key, String where) {
        return new JdbcTemplate(stores.dataSource(tenant)).queryForObject(
                "SELECT count(*) FROM events WHERE object_key = ? AND " + where, Long.class, key);
    }

    private String status(String key) {
        return PROBE.status(key);
    }

    private int attempts(String key) {
        return PROBE.attempts(key);
    }
}
