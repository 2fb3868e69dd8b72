package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.stack.LakeTestStack;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The detections table of a tenant schema in the embedded PostgreSQL: stored once, findings updated only when newer,
 * every value as given through the COPY that carries a batch.
 */
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

    @Test
    void awkwardTextArraysAndJsonArriveAsTheyWereGiven() {
        String event = "ev-" + SEED.incrementAndGet() + " \"quoted\", back\\slash\ttab\nline, é ✓";
        String title = "title\twith\ttabs\nand a line, a \\ and \"quotes\" {braces} NULL";
        Detection d = new Detection(Detection.uidOf("awkward", event), 1_764_460_800_123L, 5, "awkward", title,
                List.of(event, "NULL", ""), List.of(new Entities.Entity("user", "dom\\al\"ice\t")), List.of("t1078", "a,b"),
                1_764_460_800_001L, 1_764_460_800_999L, "New\\", Map.of("tags", List.of("x\ny", "\\")));

        assertThat(table.store("detecttest", List.of(d))).containsExactly(d);

        Map<String, Object> row = jdbc.queryForMap("SELECT rule_title, event_uids, attacks, status, "
                + "entities = ?::jsonb AS entities_equal, detection->'tags' = ?::jsonb AS tags_equal, "
                + "(extract(epoch FROM time) * 1000)::bigint AS time, (extract(epoch FROM first_seen) * 1000)::bigint AS first, "
                + "(extract(epoch FROM last_seen) * 1000)::bigint AS last, detection->>'class_uid' AS class_uid, "
                + "incident_uid FROM detections WHERE uid = ?",
                "[{\"type\": \"user\", \"value\": \"dom\\\\al\\\"ice\\t\"}]", "[\"x\\ny\", \"\\\\\"]", d.uid());
        assertThat(row.get("rule_title")).isEqualTo(title);
        assertThat(array(row.get("event_uids"))).containsExactly(event, "NULL", "");
        assertThat(array(row.get("attacks"))).containsExactly("t1078", "a,b");
        assertThat(row.get("status")).isEqualTo("New\\");
        assertThat(row.get("entities_equal")).isEqualTo(true);
        assertThat(row.get("tags_equal")).isEqualTo(true);
        assertThat(row.get("time")).isEqualTo(1_764_460_800_123L);
        assertThat(row.get("first")).isEqualTo(1_764_460_800_001L);
        assertThat(row.get("last")).isEqualTo(1_764_460_800_999L);
        assertThat(row.get("class_uid")).isEqualTo("2004");
        assertThat(row.get("incident_uid")).isNull();
    }

    @Test
    void theCopiedBatchIsGoneFromTheSessionAtCommit() throws Exception {
        try (java.sql.Connection connection = db.getConnection()) {
            SingleConnectionDataSource one = new SingleConnectionDataSource(connection, true);
            JdbcTemplate session = new JdbcTemplate(one);
            Detection d = ruleHit("copied-once", "ev-" + SEED.incrementAndGet());
            new TransactionTemplate(new DataSourceTransactionManager(one))
                    .executeWithoutResult(status -> table.store(session, List.of(d), Map.of()));

            // the next transaction of the same session (a pooled connection's next tenant batch) starts empty
            assertThat(session.queryForObject("SELECT count(*) FROM incoming_detections", Long.class)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM detections WHERE uid = ?", Long.class, d.uid())).isEqualTo(1);
        }
    }

    @Test
    void twoBatchesInOneTransactionEachReadOnlyItsOwnRows() throws Exception {
        String findingUid = "two-batches-" + SEED.incrementAndGet();
        try (java.sql.Connection connection = db.getConnection()) {
            SingleConnectionDataSource one = new SingleConnectionDataSource(connection, true);
            JdbcTemplate session = new JdbcTemplate(one);
            new TransactionTemplate(new DataSourceTransactionManager(one)).executeWithoutResult(status -> {
                table.store(session, List.of(finding(findingUid, "e1", 1_764_000_000_000L, "New")), Map.of());
                table.store(session, List.of(finding(findingUid, "e2", 1_764_100_000_000L, "Resolved")), Map.of());
                // the second batch's update reads its own row, not the first batch's row of the same uid as well
                assertThat(session.queryForObject("SELECT count(*) FROM incoming_detections", Long.class)).isZero();
            });
        }
        assertThat(jdbc.queryForObject("SELECT status || ' ' || array_to_string(event_uids, ',') FROM detections "
                + "WHERE rule_uid = 'lake-finding' AND detection->'finding_info'->>'uid' = ?", String.class, findingUid))
                .isEqualTo("Resolved e1,e2");
    }

    @Test
    void storingOutsideATransactionIsRefusedAndStoresNothing() {
        Detection d = ruleHit("outside-a-transaction", "ev-" + SEED.incrementAndGet());

        assertThatThrownBy(() -> table.store(jdbc, List.of(d), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("detections are stored in a transaction of the caller's");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM detections WHERE uid = ?", Long.class, d.uid())).isZero();
    }

    private static List<Object> array(Object sqlArray) {
        try {
            return List.of((Object[]) ((java.sql.Array) sqlArray).getArray());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
