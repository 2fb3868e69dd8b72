package io.securitylake.subscriber.incident;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Incidents formed while ingesting, through the real embedded SQS, S3 and PostgreSQL: routes detect → correlate →
 * alert. Every detection worth one ends in an incident; each created incident is announced once; a redelivered or
 * replayed object changes no incident and announces nothing.
 */
@SpringBootTest
class IncidentFlowTest {

    private static final LakeProbe PROBE = new LakeProbe();
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String OF_OBJECT = " FROM detections d WHERE EXISTS (SELECT 1 FROM events e "
            + "WHERE e.object_key = ? AND e.event_uid = ANY(d.event_uids))";

    /** One message to direct:alert: its headers and body. */
    record Alert(String tenant, String change, long version, String uid) {
    }

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, "incident-flow");
    }

    @Autowired
    TenantStores stores;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate control;
    @TempDir
    Path tmp;

    @Test
    void ingestedDetectionsFormIncidentsAnnouncedOnceAndAReplayChangesNothing() throws Exception {
        List<Alert> alerts = alerts();
        String key = PROBE.upload(tmp, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, 2000);
        PROBE.send(LakeTestStack.queueUrl("incident-flow"), objectCreated(key, 1));
        await(WAIT, key + " is done", () -> "done".equals(PROBE.status(key)));
        JdbcTemplate acme = new JdbcTemplate(stores.dataSource("acme"));

        assertThat(acme.queryForObject("SELECT count(*)" + OF_OBJECT + " AND d.severity_id >= 2", Long.class, key))
                .isPositive();
        assertThat(acme.queryForObject("SELECT count(*)" + OF_OBJECT + " AND d.severity_id >= 2 AND d.incident_uid IS NULL",
                Long.class, key)).as("detections left out of incidents").isZero();
        List<String> created = alerts.stream().filter(a -> a.change().equals("created")).map(Alert::uid).toList();
        assertThat(created).isNotEmpty().doesNotHaveDuplicates();
        assertThat(alerts).allSatisfy(a -> assertThat(a.tenant()).isEqualTo("acme"));
        for (String uid : created) {
            assertThat(acme.queryForObject("SELECT count(*) FROM incidents WHERE uid = ?", Long.class, uid)).isEqualTo(1);
        }
        String incidents = acme.queryForObject("SELECT count(*) || '/' || coalesce(sum(version), 0) FROM incidents", String.class);
        long history = acme.queryForObject("SELECT count(*) FROM incident_history", Long.class);
        int announced = alerts.size();

        control.update("UPDATE lake_objects SET status = 'retrying' WHERE object_key = ?", key);
        PROBE.send(LakeTestStack.queueUrl("incident-flow"), objectCreated(key, 1)); // a replay
        await(WAIT, key + " is done again", () -> "done".equals(PROBE.status(key)) && PROBE.attempts(key) >= 2);

        assertThat(acme.queryForObject("SELECT count(*) || '/' || coalesce(sum(version), 0) FROM incidents", String.class))
                .isEqualTo(incidents);
        assertThat(acme.queryForObject("SELECT count(*) FROM incident_history", Long.class)).isEqualTo(history);
        assertThat(alerts).hasSize(announced);
    }

    /** Every message route correlate sends to direct:alert, from now on. */
    private List<Alert> alerts() throws Exception {
        List<Alert> out = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.ExchangeSendingEvent sending
                        && sending.getEndpoint().getEndpointUri().startsWith("direct://alert")) {
                    IncidentChange c = sending.getExchange().getMessage().getBody(IncidentChange.class);
                    out.add(new Alert(c.tenant(), c.change(), c.version(), json.readTree(c.json()).path("uid").asText()));
                }
            }
        };
        notifier.start();
        camel.getManagementStrategy().addEventNotifier(notifier);
        return out;
    }
}
