package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.sigma.RuleRefused;
import io.securitylake.subscriber.sigma.SigmaParser;
import io.securitylake.subscriber.sigma.SigmaRule;
import io.securitylake.subscriber.sigma.Suppression;
import io.securitylake.subscriber.stack.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import io.securitylake.subscriber.tenant.TenantSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Suppressed rules with their state in a tenant schema of the embedded PostgreSQL: a flood of one group is one
 * detection whose count is every match, across batches, never capped, never counted twice under replay.
 */
class SuppressionTest {

    private static final String TENANT = "suppressiontest";
    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());
    /** 2025-11-30T00:00:00Z, the start of an hour. */
    private static final long T0 = 1_764_460_800_000L;
    private static final long HOUR = 3_600_000L;
    private static PGSimpleDataSource db;
    private static JdbcTemplate jdbc;

    private final SettableClock clock = new SettableClock(java.time.Instant.parse("2026-12-07T09:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObjectMapper json = new ObjectMapper();
    private final String run = "s" + SEED.incrementAndGet();

    @BeforeAll
    static void tenantSchema() {
        db = LakeTestStack.tenantStore("tenant_" + TENANT);
        jdbc = new JdbcTemplate(db);
    }

    private String failedLogins(String suppress) {
        return "title: failed login\nid: failed-" + run + "\nlevel: low\nlogsource: {product: aws, service: cloudtrail}\n"
                + "detection:\n  s: {eventName: ConsoleLogin, status: Failure}\n  condition: s\n" + suppress;
    }

    private Detector detector(int cap, String rule) {
        return new Detector(new RuleBook(List.<String[]>of(new String[] {"r.yml", rule})),
                new Correlator(new CorrelationTable(t -> db), clock), new LakeMetrics(registry), cap);
    }

    /** A batch of one object: {@code n} failed logins of {@code user} (null: no user) from {@code start}, a second apart. */
    private TenantBatch logins(String object, String user, int n, long start) throws Exception {
        List<EventRow> rows = new ArrayList<>();
        List<Map<String, Object>> maps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OcsfEvent e = OcsfEvent.consoleLogin().set("status", "Failure").set("src_endpoint.ip", "198.51.100.7")
                    .set("time", start + i * 1000L);
            if (user != null) {
                e.set("actor.user.name", user);
            }
            Map<String, Object> m = e.map();
            rows.add(new EventRow(run + "-" + object + "-" + i, start + i * 1000L, (Integer) m.get("class_uid"), null, 1,
                    "111111111111", "us-east-1", "X", json.writeValueAsBytes(m)));
            maps.add(m);
        }
        return new TenantBatch(TENANT, "b", object, rows, maps);
    }

    @SuppressWarnings("unchecked")
    private void detect(Detector detector, TenantBatch batch) {
        BatchDetections found = detector.detect(batch);
        new DetectionTable(t -> db).store(batch.tenant(), found.detections());
        detector.expire(found);
    }

    private List<Map<String, Object>> detections() {
        return jdbc.queryForList("SELECT uid, entities::text AS entities, (detection->>'count')::bigint AS count, "
                + "(extract(epoch FROM last_seen) * 1000)::bigint AS last, detection::text AS body FROM detections "
                + "WHERE rule_uid = ? ORDER BY entities::text, time", "failed-" + run);
    }

    @Test
    void aFloodOfOneGroupIsOneDetectionWhoseCountIsEveryMatchWhateverTheCapOrAReplay() throws Exception {
        Detector detector = detector(1000, failedLogins("suppress: {by: [userIdentity.userName], for: 1h}\n"));

        detect(detector, logins("a", "alice", 1500, T0));
        detect(detector, logins("b", "alice", 1500, T0 + 1500_000));
        detect(detector, logins("c", "bob", 2, T0 + 60_000));
        detect(detector, logins("a", "alice", 1500, T0)); // a replay

        List<Map<String, Object>> found = detections();
        assertThat(found).hasSize(2);
        assertThat(found.get(0).get("entities").toString()).contains("alice");
        assertThat(found.get(0).get("count")).as("alice's matches in the hour").isEqualTo(3000L);
        assertThat(found.get(0).get("last")).isEqualTo(T0 + 1500_000 + 1499_000L);
        assertThat(found.get(0).get("uid")).isEqualTo(Detection.uidOf("failed-" + run, "[\"alice\"]@" + T0));
        assertThat((String) found.get(0).get("body")).contains("\"suppression\"", "\"for_ms\": 3600000");
        assertThat(found.get(1).get("count")).as("bob's").isEqualTo(2L);
        assertThat(registry.find("lake.detections.capped").counters()).as("a suppressed rule is never capped").isEmpty();

        detect(detector, logins("d", "alice", 3, T0 + HOUR));
        assertThat(detections()).as("the next hour is a detection of its own").hasSize(3);
    }

    @Test
    void aMatchWithoutTheFieldsOfItsGroupIsADetectionOfItsOwn() throws Exception {
        Detector detector = detector(1000, failedLogins("suppress: {by: [dst_endpoint.ip], for: 1h}\n"));

        detect(detector, logins("a", "alice", 3, T0)); // a console login has no destination address

        assertThat(detections()).hasSize(3).allSatisfy(d -> assertThat(d.get("count")).isNull());
    }

    @Test
    void aTenantsSettingSuppressesARuleForThatTenantOnlyOverTheRuleFile() {
        Suppressions suppressions = new Suppressions(TenantSettings.of("tenants.acme.accounts", "111111111111",
                "tenants.acme.suppress.failed-" + run + ".by", "sourceIPAddress, userIdentity.userName",
                "tenants.acme.suppress.failed-" + run + ".for", "30m",
                "tenants.globex.accounts", "222222222222"));
        SigmaRule plain = SigmaParser.parse("r.yml", "r", failedLogins(""));
        SigmaRule suppressedInFile = SigmaParser.parse("r.yml", "r", failedLogins("suppress: {by: [userIdentity.userName], for: 1h}\n"));

        assertThat(suppressions.of("acme", plain).spanMs()).isEqualTo(1_800_000L);
        assertThat(suppressions.of("acme", plain).groupBy()).hasSize(2);
        assertThat(suppressions.of("globex", plain)).isNull();
        assertThat(suppressions.of("acme", suppressedInFile).spanMs()).as("the tenant's over the file's").isEqualTo(1_800_000L);
        assertThat(suppressions.of("globex", suppressedInFile).spanMs()).isEqualTo(3_600_000L);
        assertThat(suppressions.of("acme", plain)).as("made once per rule").isSameAs(suppressions.of("acme", plain));
    }

    @Test
    void aSuppressionTheEngineCannotHonourIsRefusedWithTheRule() {
        assertThatThrownBy(() -> SigmaParser.parse("r.yml", "r", failedLogins("suppress: {by: [NoSuchField], for: 1h}\n")))
                .isInstanceOf(RuleRefused.class).hasMessageContaining("NoSuchField");
        assertThatThrownBy(() -> SigmaParser.parse("r.yml", "r", failedLogins("suppress: {by: [userIdentity.userName], for: 9d}\n")))
                .isInstanceOf(RuleRefused.class).hasMessageContaining("7d");
        assertThatThrownBy(() -> SigmaParser.parse("r.yml", "r", failedLogins("suppress: {for: 1h}\n")))
                .isInstanceOf(RuleRefused.class).hasMessageContaining("by");
        assertThatThrownBy(() -> Suppression.of("userIdentity.userName", Duration.ofMillis(10)))
                .isInstanceOf(RuleRefused.class).hasMessageContaining("1s to 7d");
        assertThat(Suppression.of("userIdentity.userName, sourceIPAddress", Duration.ofHours(1)).by()).hasSize(2);
    }
}
