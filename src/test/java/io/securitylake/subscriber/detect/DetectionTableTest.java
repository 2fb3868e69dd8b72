package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.stack.LakeTestStack;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The detections table of a tenant schema in the embedded PostgreSQL: stored once, findings updated only when newer. */
class DetectionTableTest {

    private static final String SCHEMA = "tenant_detecttest";
    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());
    private static PGSimpleDataSource db;
    private static DetectionTable table;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void tenantSchema() {
        db = LakeTestStack.tenantStore(SCHEMA);
        table = new DetectionTable(tenant -> db);
        jdbc = new JdbcTemplate(db);
    }

    private static Detection ruleHit(String rule, String eventUid) {
        return new Detection(Detection.uidOf(rule, eventUid), 1_764_460_800_000L, 4, rule, "title of " + rule,
                List.of(eventUid), List.of(new Entities.Entity("user", "alice")), List.of("t1078"),
                1_764_460_800_000L, 1_764_460_800_000L, null, Map.of());
    }

    private static Detection finding(String findingUid, String eventUid, long lastSeen, String status) {
        return new Detection(Detection.uidOf(Detection.LAKE_FINDING, findingUid), lastSeen, 3, Detection.LAKE_FINDING,
                "finding " + findingUid, List.of(eventUid), List.of(), List.of(), 1_700_000_000_000L, lastSeen, status,
                Map.of("finding_info", Map.of("uid", findingUid)));
    }

    @Test
    void theSameDetectionStoredTwiceIsOneRow() {
        String event = "ev-" + SEED.incrementAndGet();
        Detection d = ruleHit("aws-root-account-use", event);

        assertThat(table.store("detecttest", List.of(d))).containsExactly(d);
        assertThat(table.store("detecttest", List.of(d, ruleHit("aws-root-account-use", event)))).isEmpty();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM detections WHERE uid = ?", Long.class, d.uid())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM detections WHERE ? = ANY(event_uids)", Long.class, event)).isEqualTo(1);
    }

    @Test
    void aLaterEventOfAFindingUpdatesItsDetectionAndAnEarlierOneDoesNot() {
        String findingUid = "arn:aws:securityhub:us-east-1:111111111111:finding/" + SEED.incrementAndGet();
        table.store("detecttest", List.of(finding(findingUid, "e1", 1_764_000_000_000L, "New")));
        assertThat(table.store("detecttest", List.of(finding(findingUid, "e2", 1_764_100_000_000L, "Resolved")))).isEmpty();
        table.store("detecttest", List.of(finding(findingUid, "e0", 1_763_000_000_000L, "In Progress")));

        Map<String, Object> row = jdbc.queryForMap("SELECT count(*) OVER () AS n, status, event_uids::text AS events, "
                + "(extract(epoch FROM last_seen) * 1000)::bigint AS last_seen FROM detections WHERE rule_uid = 'lake-finding' "
                + "AND detection->'finding_info'->>'uid' = ?", findingUid);
        assertThat(row.get("n")).isEqualTo(1L);
        assertThat(row.get("status")).isEqualTo("Resolved");
        assertThat(row.get("events")).isEqualTo("{e1,e2}");
        assertThat(row.get("last_seen")).isEqualTo(1_764_100_000_000L);
    }

    @Test
    void twoEventsOfOneFindingInOneBatchAreOneDetectionWithBothEvents() {
        String findingUid = "f-" + SEED.incrementAndGet();
        List<Detection> fresh = table.store("detecttest", List.of(finding(findingUid, "a", 2_000L, "New"),
                finding(findingUid, "b", 3_000L, "In Progress")));

        assertThat(fresh).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT status || ' ' || array_to_string(event_uids, ',') FROM detections WHERE uid = ?",
                String.class, fresh.get(0).uid())).isEqualTo("In Progress a,b");
    }
}
