package io.securitylake.subscriber.detect;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code lake.rules.enabled=false}: every event is stored and nothing is detected, not even the lake's findings. */
@SpringBootTest
class DetectionOffFlowTest {

    private static final LakeProbe PROBE = new LakeProbe();
    private static final Duration WAIT = Duration.ofSeconds(180);

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, "detect-off");
        registry.add("lake.rules.enabled", () -> "false");
    }

    @Autowired
    TenantStores stores;
    @TempDir
    Path tmp;

    @Test
    void findingsAndRuleMatchesAreStoredAsEventsButRaiseNoDetection() throws IOException {
        String findings = PROBE.upload(tmp, DemoSource.SH_FINDINGS, ACME_ACCOUNT, 200);
        String calls = PROBE.upload(tmp, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, 2000);
        for (String key : new String[] {findings, calls}) {
            PROBE.send(LakeTestStack.queueUrl("detect-off"), objectCreated(key, 1));
        }
        for (String key : new String[] {findings, calls}) {
            await(WAIT, key + " is done", () -> "done".equals(PROBE.status(key)));
        }

        JdbcTemplate acme = new JdbcTemplate(stores.dataSource("acme"));
        assertThat(acme.queryForObject("SELECT count(*) FROM events WHERE object_key = ?", Long.class, findings))
                .isEqualTo(200);
        assertThat(acme.queryForObject("SELECT count(*) FROM events WHERE object_key = ? "
                + "AND event->'api'->>'operation' = 'StopLogging'", Long.class, calls)).as("events a rule matches").isPositive();
        assertThat(acme.queryForObject("SELECT count(*) FROM detections d WHERE EXISTS (SELECT 1 FROM events e "
                + "WHERE e.object_key IN (?, ?) AND e.event_uid = ANY(d.event_uids))", Long.class, findings, calls))
                .as("detections of the two objects").isZero();
        assertThat(acme.queryForObject("SELECT count(*) FROM correlation_events c WHERE EXISTS (SELECT 1 FROM events e "
                + "WHERE e.object_key = ? AND e.event_uid = c.event_uid)", Long.class, calls)).as("correlation state").isZero();
    }
}
