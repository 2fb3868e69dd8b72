package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.stack.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Correlation rules evaluated batch by batch with their state in a tenant schema of the embedded PostgreSQL: counts
 * across objects, a replay or a second replica counts nothing twice and a window fires once, a new instance goes
 * on where the last one stopped, windows are tumbling and aligned, old windows expire, the flood cap holds.
 */
class CorrelationEngineTest {

    private static final String SCHEMA = "tenant_correlationtest";
    private static final String TENANT = "correlationtest";
    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());
    /** 2025-11-30T00:00:00Z, the start of a 5-minute window. */
    private static final long T0 = 1_764_460_800_000L;
    private static final long MINUTE = 60_000L;
    private static PGSimpleDataSource db;
    private static JdbcTemplate jdbc;

    /** The service's own clock (when matches are recorded), far from the events' times: late data is the norm here. */
    private final SettableClock clock = new SettableClock(java.time.Instant.parse("2026-12-07T09:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObjectMapper json = new ObjectMapper();
    private final String run = "r" + SEED.incrementAndGet();

    @BeforeAll
    static void tenantSchema() {
        db = LakeTestStack.tenantStore(SCHEMA);
        jdbc = new JdbcTemplate(db);
    }

    /** ≥ 5 failed console logins by one user from one IP in 5 minutes; the rule uid is unique to the test. */
    private String burst(String condition) {
        return "title: login burst\nid: burst-" + run + "\nlevel: high\ntags: [attack.t1110]\ncorrelation:\n  type: event_count\n"
                + "  rules: [failed]\n  group-by: [userIdentity.userName, sourceIPAddress]\n  timespan: 5m\n  condition: " + condition + "\n"
                + "---\ntitle: failed login\nname: failed\nlogsource: {product: aws, service: cloudtrail}\n"
                + "detection:\n  s: {eventName: ConsoleLogin, status: Failure}\n  condition: s\n";
    }

    private String scan() {
        return "title: port scan\nid: scan-" + run + "\ncorrelation:\n  type: value_count\n  rules: [blocked]\n"
                + "  group-by: [src_endpoint.ip]\n  timespan: 5m\n  condition:\n    field: dst_endpoint.port\n    gte: 20\n"
                + "---\ntitle: blocked\nname: blocked\nlogsource: {product: aws, service: vpcflow}\n"
                + "detection:\n  s: {disposition_id: 2}\n  condition: s\n";
    }

    private Detector detector(int cap, String file) {
        return new Detector(new RuleBook(List.<String[]>of(new String[] {"c.yml", file})),
                new Correlator(new CorrelationTable(t -> db), clock), new LakeMetrics(registry), cap);
    }

    private static OcsfEvent failedLogin(String user, String ip) {
        return OcsfEvent.consoleLogin().set("status", "Failure").set("actor.user.name", user).set("src_endpoint.ip", ip);
    }

    /** A batch of one object: event i has uid {@code <run>-<object>-i} and the time given. */
    private TenantBatch batch(String object, List<OcsfEvent> events, List<Long> times) throws Exception {
        List<EventRow> rows = new ArrayList<>();
        List<Map<String, Object>> maps = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> e = events.get(i).set("time", times.get(i)).map();
            rows.add(new EventRow(run + "-" + object + "-" + i, times.get(i), (Integer) e.get("class_uid"), null, 1,
                    "111111111111", "us-east-1", "X", json.writeValueAsBytes(e)));
            maps.add(e);
        }
        return new TenantBatch(TENANT, "b", object, rows, maps);
    }

    private TenantBatch logins(String object, String user, long... times) throws Exception {
        List<OcsfEvent> events = new ArrayList<>();
        List<Long> t = new ArrayList<>();
        for (long time : times) {
            events.add(failedLogin(user, "198.51.100.7"));
            t.add(time);
        }
        return batch(object, events, t);
    }

    private List<Map<String, Object>> detections(String rule) {
        return jdbc.queryForList("SELECT uid, array_to_string(event_uids, ',') AS events, entities::text AS entities, "
                + "detection::text AS body, (extract(epoch FROM time) * 1000)::bigint AS t FROM detections WHERE rule_uid = ? "
                + "ORDER BY time", rule);
    }

    private long stateRows(String rule) {
        return jdbc.queryForObject("SELECT count(*) FROM correlation_events WHERE rule_uid = ?", Long.class, rule);
    }

    /** Each window's running count beside the rows it holds: (window start, running count, rows). */
    private List<List<Long>> runningCounts(String rule) {
        return jdbc.query("SELECT w.window_start_ms, w.events, (SELECT count(*) FROM correlation_events e "
                + "WHERE e.rule_uid = w.rule_uid AND e.group_key = w.group_key AND e.window_start_ms = w.window_start_ms) "
                + "FROM correlation_windows w WHERE w.rule_uid = ? ORDER BY 1, w.group_key",
                (rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)), rule);
    }

    @Test
    void eventsOfTwoObjectsInOneWindowFireOnceWhenTheThresholdIsCrossed() throws Exception {
        Detector detector = detector(1000, burst("{gte: 5}"));

        detect(detector, logins("a", "alice", T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE));
        assertThat(detections("burst-" + run)).isEmpty();
        detect(detector, logins("b", "alice", T0 + 4 * MINUTE, T0 + 4 * MINUTE + 30_000));

        List<Map<String, Object>> fired = detections("burst-" + run);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).get("events")).isEqualTo(String.join(",", run + "-a-0", run + "-a-1", run + "-a-2",
                run + "-b-0", run + "-b-1"));
        assertThat(fired.get(0).get("entities")).isEqualTo("[{\"type\": \"user\", \"value\": \"alice\"}, "
                + "{\"type\": \"ip\", \"value\": \"198.51.100.7\"}]");
        assertThat(fired.get(0).get("uid")).isEqualTo(Detection.uidOf("burst-" + run, "[\"alice\",\"198.51.100.7\"]@" + T0));
        assertThat((String) fired.get(0).get("body")).contains("\"count\": 5", "\"window_start_time\": " + T0,
                "\"window_end_time\": " + (T0 + 5 * MINUTE));
        assertThat(registry.get("lake.detections").tag("rule", "burst-" + run).counter().count()).isEqualTo(1);

        // more events of the window that fired: the same detection, following the window
        detect(detector, logins("c", "alice", T0 + 4 * MINUTE + 40_000, T0 + 4 * MINUTE + 50_000));
        detect(detector, logins("a", "alice", T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE));
        List<Map<String, Object>> followed = detections("burst-" + run);
        assertThat(followed).hasSize(1);
        assertThat(followed.get(0).get("events").toString().split(",")).hasSize(7);
        assertThat((String) followed.get(0).get("body")).contains("\"count\": 7");
        assertThat(followed.get(0).get("t")).isEqualTo(T0 + 4 * MINUTE + 50_000);
        assertThat(registry.get("lake.detections").tag("rule", "burst-" + run).counter().count()).isEqualTo(1);
        // the base rule feeds the correlation only (generate: false): it raised nothing of its own
        assertThat(jdbc.queryForObject("SELECT count(*) FROM detections WHERE ? = ANY(event_uids) AND rule_uid <> ?",
                Long.class, run + "-a-0", "burst-" + run)).isZero();
    }

    @Test
    void aReplayedObjectCountsNothingTwiceAndTheWindowStaysOneDetection() throws Exception {
        Detector detector = detector(1000, burst("{gte: 5}"));
        TenantBatch a = logins("a", "bob", T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE);

        detect(detector, a);
        detect(detector, a);
        detect(detector, a);
        assertThat(detections("burst-" + run)).as("three events, however often replayed, are not five").isEmpty();
        assertThat(stateRows("burst-" + run)).isEqualTo(3);

        TenantBatch b = logins("b", "bob", T0 + 4 * MINUTE, T0 + 4 * MINUTE + 1000);
        detect(detector, b);
        detect(detector, b);
        detect(detector, a);

        assertThat(detections("burst-" + run)).hasSize(1);
        assertThat(stateRows("burst-" + run)).isEqualTo(5);
        assertThat(registry.get("lake.detections").tag("rule", "burst-" + run).counter().count()).isEqualTo(1);
        assertThat(runningCounts("burst-" + run)).as("the window's running count: the rows really inserted")
                .containsExactly(List.of(T0, 5L, 5L));
    }

    @Test
    void twoReplicasOnOneDatabaseShareTheWindowAndFireOnce() throws Exception {
        Detector one = detector(1000, burst("{gte: 5}"));
        Detector two = detector(1000, burst("{gte: 5}"));

        detect(one, logins("a", "carol", T0 + MINUTE, T0 + 2 * MINUTE));
        detect(two, logins("b", "carol", T0 + 2 * MINUTE, T0 + 3 * MINUTE));
        assertThat(detections("burst-" + run)).isEmpty();

        // both replicas take the same redelivered object at the same time
        TenantBatch c = logins("c", "carol", T0 + 4 * MINUTE);
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> detectTogether(one, c, together));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> detectTogether(two, c, together));
        CompletableFuture.allOf(first, second).join();

        assertThat(detections("burst-" + run)).hasSize(1);
        assertThat(detections("burst-" + run).get(0).get("events").toString().split(",")).hasSize(5);
        assertThat(runningCounts("burst-" + run)).as("the replicas' shared event counted once")
                .containsExactly(List.of(T0, 5L, 5L));
    }

    @Test
    void twoReplicasRecordingTheSameMatchesAtOnceRaiseTheRunningCountByTheRowsInsertedOnly() throws Exception {
        Detector one = detector(1000, burst("{gte: 500}"));
        Detector two = detector(1000, burst("{gte: 500}"));
        long[] times = new long[200];
        for (int i = 0; i < times.length; i++) {
            times[i] = T0 + i * 1000L; // all in [T0, T0+5m)
        }
        TenantBatch a = logins("a", "pat", times);
        for (int round = 0; round < 3; round++) {
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> detectTogether(one, a, together));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> detectTogether(two, a, together));
            CompletableFuture.allOf(first, second).join();
        }

        assertThat(runningCounts("burst-" + run)).containsExactly(List.of(T0, 200L, 200L));
    }

    private void detectTogether(Detector detector, TenantBatch batch, CyclicBarrier barrier) {
        try {
            barrier.await();
            detect(detector, batch);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNewInstanceGoesOnWithTheStateTheLastOneLeft() throws Exception {
        detect(detector(1000, burst("{gte: 5}")), logins("a", "dave", T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE));

        Detector restarted = detector(1000, burst("{gte: 5}"));
        detect(restarted, logins("b", "dave", T0 + 4 * MINUTE));

        assertThat(detections("burst-" + run)).hasSize(1);
    }

    @Test
    void windowsAreTumblingAndAlignedSoABurstAcrossABoundaryIsTwoWindows() throws Exception {
        Detector detector = detector(1000, burst("{gte: 5}"));

        // 3 in [T0, T0+5m), 3 in [T0+5m, T0+10m): six within 4 minutes, but no window holds five
        detect(detector, logins("a", "erin", T0 + 3 * MINUTE, T0 + 4 * MINUTE, T0 + 4 * MINUTE + 59_000,
                T0 + 5 * MINUTE, T0 + 6 * MINUTE, T0 + 7 * MINUTE));

        assertThat(detections("burst-" + run)).isEmpty();
        detect(detector, logins("b", "erin", T0 + 8 * MINUTE, T0 + 9 * MINUTE));
        assertThat(detections("burst-" + run)).hasSize(1);
    }

    @Test
    void groupsAreCountedApartAndAnEventWithoutAGroupByFieldIsNotCounted() throws Exception {
        Detector detector = detector(1000, burst("{gte: 5}"));
        List<OcsfEvent> events = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(failedLogin("frank", "198.51.100.7"));
            events.add(failedLogin("grace", "198.51.100.7"));
            events.add(failedLogin("frank", "198.51.100.7").set("src_endpoint.ip", null));
            times.addAll(List.of(T0 + i * MINUTE, T0 + i * MINUTE, T0 + i * MINUTE));
        }

        detect(detector, batch("a", events, times));

        assertThat(detections("burst-" + run)).isEmpty();
        assertThat(stateRows("burst-" + run)).isEqualTo(8);
    }

    @Test
    void aValueCountFiresOnDistinctValuesNotOnRepeats() throws Exception {
        Detector detector = detector(1000, scan());
        List<OcsfEvent> repeats = new ArrayList<>();
        List<OcsfEvent> scan = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            repeats.add(OcsfEvent.vpcFlow(22, 2).set("src_endpoint.ip", "203.0.113.9"));
            scan.add(OcsfEvent.vpcFlow(1000 + i, 2));
            times.add(T0 + i * 1000);
        }

        detect(detector, batch("a", repeats, times));
        assertThat(detections("scan-" + run)).isEmpty();
        detect(detector, batch("b", scan, times));

        List<Map<String, Object>> fired = detections("scan-" + run);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).get("entities")).isEqualTo("[{\"type\": \"ip\", \"value\": \"203.0.113.50\"}]");
        assertThat((String) fired.get(0).get("body")).contains("\"field\": \"dst_endpoint.port\"", "\"count\": 30");
    }

    @Test
    void aValueCountKeepsOneStateRowPerGroupWindowAndValue() throws Exception {
        Detector detector = detector(1000, scan());
        List<OcsfEvent> repeats = new ArrayList<>();
        List<OcsfEvent> scan = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            repeats.add(OcsfEvent.vpcFlow(22, 2).set("src_endpoint.ip", "203.0.113.10"));
            scan.add(OcsfEvent.vpcFlow(1000 + i % 10, 2).set("src_endpoint.ip", "203.0.113.11")); // 10 ports, 3 times each
            times.add(T0 + i * 1000);
        }

        detect(detector, batch("a", repeats, times));
        detect(detector, batch("b", scan, times));
        detect(detector, batch("c", scan, times)); // other events, the same ports

        assertThat(jdbc.queryForList("SELECT group_key || ' ' || count(*) FROM correlation_events WHERE rule_uid = ? "
                + "GROUP BY group_key ORDER BY group_key", String.class, "scan-" + run))
                .as("one row per (group, window, value): 30 flows to one port are one row, 90 to ten ports ten")
                .containsExactly("[\"203.0.113.10\"] 1", "[\"203.0.113.11\"] 10");
        assertThat(jdbc.queryForList("SELECT events FROM correlation_windows WHERE rule_uid = ? ORDER BY group_key",
                Long.class, "scan-" + run)).containsExactly(1L, 10L);
        assertThat(jdbc.queryForObject("SELECT event_uid FROM correlation_events WHERE rule_uid = ? AND value = '1003'",
                String.class, "scan-" + run)).as("a value's row is its first event").isEqualTo(run + "-b-3");
        assertThat(detections("scan-" + run)).isEmpty();
    }

    @Test
    void windowsATimespanPastTheirEndExpireAndTheStateStaysSmall() throws Exception {
        Detector detector = detector(1000, burst("{gte: 5}"));
        detect(detector, logins("a", "heidi", T0, T0 + MINUTE));
        detect(detector, logins("b", "heidi", T0 + 5 * MINUTE));
        assertThat(stateRows("burst-" + run)).isEqualTo(3);

        // the newest event is in [T0+10m, T0+15m): the window [T0, T0+5m) ended a whole timespan ago, but was
        // recorded a moment ago: it is kept for its idle hold
        detect(detector, logins("c", "ivan", T0 + 11 * MINUTE));
        assertThat(stateRows("burst-" + run)).isEqualTo(4);

        clock.advance(Correlator.MIN_IDLE_HOLD.plusMillis(1)); // a 5-minute span holds for the minimum, 15 minutes
        detect(detector, logins("c", "ivan", T0 + 11 * MINUTE)); // the next batch of the rule expires what is idle

        assertThat(jdbc.queryForList("SELECT window_start_ms FROM correlation_events WHERE rule_uid = ? ORDER BY 1",
                Long.class, "burst-" + run)).containsExactly(T0 + 5 * MINUTE, T0 + 10 * MINUTE);
        assertThat(runningCounts("burst-" + run)).as("the expired window's count goes with its rows")
                .containsExactly(List.of(T0 + 5 * MINUTE, 1L, 1L), List.of(T0 + 10 * MINUTE, 1L, 1L));
    }

    @Test
    void anUpperBoundedConditionIsJudgedOnceTheWindowHasClosed() throws Exception {
        Detector detector = detector(1000, burst("{lte: 2}"));
        detect(detector, logins("a", "judy", T0 + MINUTE, T0 + 2 * MINUTE));
        detect(detector, logins("b", "mallory", T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE));
        assertThat(detections("burst-" + run)).as("open windows are not judged").isEmpty();

        detect(detector, logins("c", "oscar", T0 + 10 * MINUTE));
        detect(detector, logins("c", "oscar", T0 + 10 * MINUTE));

        List<Map<String, Object>> fired = detections("burst-" + run);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).get("events")).isEqualTo(run + "-a-0," + run + "-a-1");
        assertThat(stateRows("burst-" + run)).as("the judged window expired").isEqualTo(1);
    }

    @Test
    void aJudgedWindowOutlivesAFailureToStoreItsDetectionSoTheRedeliveryRaisesIt() throws Exception {
        Detector detector = detector(1000, burst("{lte: 2}"));
        detect(detector, logins("a", "trent", T0 + MINUTE, T0 + 2 * MINUTE));
        TenantBatch closing = logins("c", "trent", T0 + 10 * MINUTE);

        // the batch that closes the window raises its detection, then route correlate fails to store it
        detector.detect(closing);
        assertThat(detections("burst-" + run)).isEmpty();

        detect(detector, closing); // the redelivery
        assertThat(detections("burst-" + run)).hasSize(1);
        assertThat(stateRows("burst-" + run)).as("expired once stored").isEqualTo(1);
    }

    @Test
    void aLateObjectIsCountedInTheWindowsOfItsOwnEventsWhateverNewerEventsTheRuleHasSeen() throws Exception {
        Detector detector = detector(1000, burst("{gte: 5}"));
        // another object, a day newer, has closed every window of T0's day
        detect(detector, logins("new", "walter", T0 + 24 * 60 * MINUTE));

        // a late object, its events read in two chunks: the first chunk's windows survive until the second
        detect(detector, logins("late", "victor", T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE));
        assertThat(stateRows("burst-" + run)).as("the late chunk's matches, recorded").isEqualTo(4);
        detect(detector, logins("late2", "victor", T0 + 4 * MINUTE, T0 + 4 * MINUTE + 1000));

        List<Map<String, Object>> fired = detections("burst-" + run);
        assertThat(fired).hasSize(1);
        assertThat((String) fired.get(0).get("body")).contains("\"count\": 5", "\"window_start_time\": " + T0);
    }

    @Test
    void aClosedWindowIsKeptWhileRecentlyRecordedAndExpiresAfterItsIdleHold() throws Exception {
        Detector detector = detector(1000, burst("{gte: 5}"));
        detect(detector, logins("new", "yvonne", T0 + 24 * 60 * MINUTE));
        detect(detector, logins("late", "xavier", T0 + MINUTE, T0 + 2 * MINUTE));

        clock.advance(Correlator.MIN_IDLE_HOLD.minusMillis(1));
        detect(detector, logins("new", "yvonne", T0 + 24 * 60 * MINUTE));
        assertThat(stateRows("burst-" + run)).as("idle for less than its hold").isEqualTo(3);

        clock.advance(java.time.Duration.ofMillis(2));
        detect(detector, logins("new", "yvonne", T0 + 24 * 60 * MINUTE));
        assertThat(stateRows("burst-" + run)).as("idle past its hold: only the open window is left").isEqualTo(1);
    }

    /**
     * Five matches ten seconds apart, the first at {@code phase} into a 5-minute window: they fire when all five fall
     * in one window (at its start, its middle, ending on its last millisecond), not when they straddle its end.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "first match {0} ms into the window: fires {1}")
    @org.junit.jupiter.params.provider.CsvSource({"0, true", "150000, true", "259999, true", "260000, false",
            "280000, false"})
    void aBurstFiresOnlyWhenItsMatchesShareOneWindow(long phase, boolean fires) throws Exception {
        Detector detector = detector(1000, burst("{gte: 5}"));
        long first = T0 + phase;

        detect(detector, logins("a", "zoe", first, first + 10_000, first + 20_000, first + 30_000, first + 40_000));

        List<Map<String, Object>> fired = detections("burst-" + run);
        assertThat(fired).as("a burst starting " + phase + " ms into the window").hasSize(fires ? 1 : 0);
        if (fires) {
            assertThat((String) fired.get(0).get("body")).contains("\"window_start_time\": " + T0,
                    "\"window_end_time\": " + (T0 + 5 * MINUTE));
        }
    }

    @Test
    void theFloodCapHoldsForMatchesFeedingACorrelation() throws Exception {
        Detector detector = detector(10, burst("{gte: 11}"));
        long[] times = new long[25];
        for (int i = 0; i < times.length; i++) {
            times[i] = T0 + i * 1000;
        }

        detect(detector, logins("a", "peggy", times));

        assertThat(stateRows("burst-" + run)).isEqualTo(10);
        assertThat(detections("burst-" + run)).isEmpty();
        assertThat(registry.get("lake.detections.capped").tag("rule", "burst-" + run).counter().count()).isEqualTo(15);
    }

    /** The exchange route detect would hand the detector (it leaves the batch's detections on it). */
    /**
     * Route detect as it runs: evaluate the batch, store its detections and count the new ones (route correlate's
     * part), expire old windows.
     */
    @SuppressWarnings("unchecked")
    private void detect(Detector detector, TenantBatch batch) {
        BatchDetections found = detector.detect(batch);
        for (Detection d : new DetectionTable(t -> db).store(batch.tenant(), found.detections())) {
            new LakeMetrics(registry).detectionRaised(batch.tenant(), d.ruleUid());
        }
        detector.expire(found);
    }
}
