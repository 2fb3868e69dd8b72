package io.securitylake.subscriber.incident;

import static io.securitylake.subscriber.detect.StoredDetections.entity;
import static io.securitylake.subscriber.detect.StoredDetections.of;
import static io.securitylake.subscriber.incident.IncidentTestStore.HOUR;
import static io.securitylake.subscriber.incident.IncidentTestStore.TENANT;
import static io.securitylake.subscriber.incident.IncidentTestStore.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.detect.Detection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Detections of one tenant's store grouped into incidents by shared entity within the window (real PostgreSQL). */
class CorrelationTest {

    private static final long T0 = 1_764_460_800_000L;
    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());
    private static IncidentTestStore store;
    private static Incidents incidents;

    @BeforeAll
    static void tenantSchema() {
        store = new IncidentTestStore("tenant_" + TENANT);
        incidents = store.incidents();
    }

    private static String unique(String what) {
        return what + "-" + SEED.incrementAndGet();
    }

    @Test
    void detectionsSharingAUserFormOneIncidentAndOthersTheirOwn() {
        String alice = unique("alice");
        Detection login = of("aws-console-login-without-mfa", unique("e"), T0, 3, List.of("t1078"), entity("user", alice),
                entity("ip", unique("198.51.100")), entity("account", "111111111111"));
        Detection key = of("aws-iam-access-key-created", unique("e"), T0 + HOUR, 2, List.of("persistence"),
                entity("user", alice), entity("account", "111111111111"));
        Detection stranger = of("aws-iam-access-key-created", unique("e"), T0 + HOUR, 2, List.of(),
                entity("user", unique("bob")), entity("account", "111111111111"));

        List<IncidentChange> changes = store.detect(incidents, login, key, stranger);

        assertThat(store.incidentOf(login)).isNotNull().isEqualTo(store.incidentOf(key));
        assertThat(store.incidentOf(stranger)).isNotNull().isNotEqualTo(store.incidentOf(login));
        Incident i = store.incident(store.incidentOf(login));
        assertThat(i.detectionCount()).isEqualTo(2);
        assertThat(i.startMs()).isEqualTo(T0);
        assertThat(i.endMs()).isEqualTo(T0 + HOUR);
        assertThat(changes).extracting(IncidentChange::change).containsOnly(IncidentChange.CREATED).hasSize(2);
    }

    @Test
    void aStepWritesOneHistoryRowPerIncidentWhateverTheDetectionsItJoined() {
        String host = unique("busy-host");
        Detection first = of("r-busy", unique("e"), T0, 2, List.of(), entity("host", host));
        store.detect(incidents, first);
        String uid = store.incidentOf(first);
        Detection[] burst = new Detection[50];
        for (int n = 0; n < burst.length; n++) {
            burst[n] = of("r-busy", unique("e"), T0 + 1 + n, n == 10 ? 4 : 2, List.of(), entity("host", host));
        }
        store.detect(incidents, burst);

        assertThat(store.incident(uid).detectionCount()).isEqualTo(51);
        assertThat(store.jdbc.queryForList("SELECT field || ' ' || coalesce(from_value, '') || '>' || to_value "
                + "FROM incident_history WHERE incident_uid = ? ORDER BY id", String.class, uid))
                .containsExactly("created >" + first.uid(), "detections 1>51", "severity_id 2>4");

        String other = unique("new-host");
        Detection[] opened = new Detection[20];
        for (int n = 0; n < opened.length; n++) {
            opened[n] = of("r-busy", unique("e"), T0 + n, 2, List.of(), entity("host", other));
        }
        store.detect(incidents, opened);
        assertThat(store.jdbc.queryForList("SELECT field || ' ' || coalesce(from_value, '') || '>' || to_value "
                + "FROM incident_history WHERE incident_uid = ? ORDER BY id", String.class, store.incidentOf(opened[0])))
                .containsExactly("created >" + opened[0].uid(), "detections 1>20");
    }

    @Test
    void anAccountAloneJoinsNothingButAResourceOfTheAccountDoes() {
        String bucket = unique("arn:aws:s3:::bucket");
        Detection a = of("aws-s3-bucket-policy-public", unique("e"), T0, 3, List.of(), entity("account", "111111111111"),
                entity("resource", bucket));
        Detection b = of("aws-s3-public-access-block-removed", unique("e"), T0 + 1, 3, List.of(),
                entity("account", "111111111111"), entity("resource", bucket));
        Detection sameAccountOnly = of("aws-guardduty-disabled", unique("e"), T0 + 2, 3, List.of(),
                entity("account", "111111111111"));
        Detection sameResourceOtherAccount = of("aws-s3-bucket-policy-public", unique("e"), T0 + 3, 3, List.of(),
                entity("account", "111111111112"), entity("resource", bucket));

        store.detect(incidents, a, b, sameAccountOnly, sameResourceOtherAccount);

        assertThat(store.incidentOf(a)).isEqualTo(store.incidentOf(b));
        assertThat(store.incidentOf(sameAccountOnly)).isNotEqualTo(store.incidentOf(a));
        assertThat(store.incidentOf(sameResourceOtherAccount)).isNotEqualTo(store.incidentOf(a));
    }

    @Test
    void aDetectionJustInsideTheWindowJoinsAndJustOutsideOpensANewIncident() {
        String host = unique("host");
        Detection first = of("crowdstrike-credential-dumping", unique("e"), T0, 4, List.of(), entity("host", host));
        Detection inside = of("crowdstrike-lolbin-download", unique("e"), T0 + WINDOW, 3, List.of(), entity("host", host));
        Detection outside = of("crowdstrike-lolbin-download", unique("e"), T0 + 2 * WINDOW + 1, 3, List.of(),
                entity("host", host));

        store.detect(incidents, first);
        store.detect(incidents, inside);
        store.detect(incidents, outside);

        assertThat(store.incidentOf(inside)).isEqualTo(store.incidentOf(first));
        assertThat(store.incidentOf(outside)).isNotNull().isNotEqualTo(store.incidentOf(first));
    }

    @Test
    void severityIsTheMaximumAndRisingItIsReportedOnce() {
        String ip = unique("203.0.113");
        Detection low = of("aws-access-denied", unique("e"), T0, 2, List.of(), entity("ip", ip));
        Detection high = of("aws-cloudtrail-stop-logging", unique("e"), T0 + 10, 4, List.of(), entity("ip", ip));
        Detection medium = of("aws-access-denied", unique("e"), T0 + 20, 3, List.of(), entity("ip", ip));

        assertThat(store.detect(incidents, low)).extracting(IncidentChange::change).containsExactly("created");
        List<IncidentChange> raised = store.detect(incidents, high);
        assertThat(store.detect(incidents, medium)).isEmpty();

        assertThat(raised).extracting(IncidentChange::change).containsExactly("severity_raised");
        assertThat(raised.get(0).json()).contains("\"severity_id\":4");
        assertThat(store.incident(store.incidentOf(low)).severityId()).isEqualTo(4);
    }

    @Test
    void attacksAreTheUnionOfTheDetections() {
        String user = unique("carol");
        store.detect(incidents, of("r1", unique("e"), T0, 3, List.of("t1078", "initial_access"), entity("user", user)));
        Detection second = of("r2", unique("e"), T0 + 5, 3, List.of("t1562.008", "t1078"), entity("user", user));
        store.detect(incidents, second);

        assertThat(store.incident(store.incidentOf(second)).attacks())
                .containsExactly("initial_access", "t1078", "t1562.008");
    }

    @Test
    void aDetectionLinkingTwoIncidentsOfOneDetectionEachMergesThemIntoTheOlderAndRecordsIt() {
        String user = unique("dave");
        String host = unique("ws");
        Detection byUser = of("r-user", unique("e"), T0, 2, List.of("a"), entity("user", user));
        Detection byHost = of("r-host", unique("e"), T0 + 10, 3, List.of("b"), entity("host", host));
        store.detect(incidents, byUser);
        store.detect(incidents, byHost);
        String older = store.incidentOf(byUser);
        String younger = store.incidentOf(byHost);
        assertThat(older).isNotEqualTo(younger);

        Detection link = of("crowdstrike-credential-dumping", unique("e"), T0 + 20, 4, List.of("c"),
                entity("user", user), entity("host", host));
        store.detect(incidents, link);

        assertThat(store.incidentOf(byHost)).isEqualTo(older);
        assertThat(store.incidentOf(link)).isEqualTo(older);
        Incident merged = store.incident(older);
        assertThat(merged.detectionCount()).isEqualTo(3);
        assertThat(merged.severityId()).isEqualTo(4);
        assertThat(merged.attacks()).containsExactly("a", "b", "c");
        assertThat(store.incident(younger).mergedInto()).isEqualTo(older);
        assertThat(store.jdbc.queryForObject("SELECT count(*) FROM incident_history WHERE incident_uid = ? "
                + "AND field = 'merged' AND from_value = ?", Long.class, older, younger)).isEqualTo(1);
        assertThat(store.jdbc.queryForObject("SELECT count(*) FROM incident_history WHERE incident_uid = ? "
                + "AND field = 'merged_into' AND to_value = ?", Long.class, younger, older)).isEqualTo(1);
        // later detections of the younger incident's host join the older one
        Detection later = of("r-host", unique("e"), T0 + 30, 2, List.of(), entity("host", host));
        store.detect(incidents, later);
        assertThat(store.incidentOf(later)).isEqualTo(older);
    }

    @Test
    void aMergeKeepsTheIncidentWithMoreDetectionsSoTheSmallerOnesRowsMove() {
        String user = unique("erin");
        String host = unique("ws");
        Detection byUser = of("r-user", unique("e"), T0, 2, List.of(), entity("user", user));
        store.detect(incidents, byUser);
        List<Detection> byHost = List.of(of("r-host", unique("e"), T0 + 10, 3, List.of(), entity("host", host)),
                of("r-host", unique("e"), T0 + 11, 3, List.of(), entity("host", host)));
        byHost.forEach(d -> store.detect(incidents, d));
        String older = store.incidentOf(byUser);
        String larger = store.incidentOf(byHost.get(0));
        assertThat(larger).isNotEqualTo(older);

        Detection link = of("crowdstrike-credential-dumping", unique("e"), T0 + 20, 4, List.of(),
                entity("user", user), entity("host", host));
        store.detect(incidents, link);

        assertThat(store.incidentOf(link)).isEqualTo(larger);
        assertThat(store.incidentOf(byUser)).isEqualTo(larger);
        assertThat(store.incident(older).mergedInto()).isEqualTo(larger);
        assertThat(store.incident(larger).detectionCount()).isEqualTo(4);
        assertThat(store.incident(larger).startMs()).isEqualTo(T0);
        // the smaller one's key now joins the survivor
        Detection later = of("r-user", unique("e"), T0 + 30, 2, List.of(), entity("user", user));
        store.detect(incidents, later);
        assertThat(store.incidentOf(later)).isEqualTo(larger);
    }

    /** An incident of one detection at {@code timeMs} on a host of its own, then also holding {@code key}. */
    private String incidentAt(long timeMs, String key) {
        Detection d = of("r-held", unique("e"), timeMs, 3, List.of(), entity("host", unique("own-host")));
        store.detect(incidents, d);
        String uid = store.incidentOf(d);
        store.jdbc.update("INSERT INTO incident_entities (type, value, incident_uid) VALUES ('host', ?, ?)", key, uid);
        return uid;
    }

    @Test
    void aKeyReadsOnlyTheIncidentsADetectionOfTheStepMayStillJoin() {
        String host = unique("year-long-host");
        String justBefore = incidentAt(T0 - WINDOW, host);
        String tooOld = incidentAt(T0 - WINDOW - 1, host);
        String justAfter = incidentAt(T0 + 2 * HOUR + WINDOW, host);
        String tooNew = incidentAt(T0 + 2 * HOUR + WINDOW + 1, host);
        String resolved = incidentAt(T0 + HOUR, host);
        String closed = incidentAt(T0 + HOUR, host);
        String merged = incidentAt(T0 + HOUR, host);
        store.jdbc.update("UPDATE incidents SET status_id = 4 WHERE uid = ?", resolved);
        store.jdbc.update("UPDATE incidents SET status_id = 5 WHERE uid = ?", closed);
        store.jdbc.update("UPDATE incidents SET merged_into = ? WHERE uid = ?", justBefore, merged);

        // a step whose detections' event times span [T0, T0 + 2 h]
        var owners = store.transactions.inTransaction(TENANT, j -> store.table.joinableOwners(j,
                List.of(new io.securitylake.subscriber.detect.Entities.Entity("host", host)), T0, T0 + 2 * HOUR, WINDOW));

        assertThat(owners.values()).hasSize(1);
        assertThat(owners.values().iterator().next()).containsExactlyInAnyOrder(justBefore, justAfter, resolved)
                .doesNotContain(tooOld, tooNew, closed, merged);
    }

    @Test
    void aDetectionJoinsTheIncidentsItMayStillJoinAndLeavesTheOldAndClosedHoldersOfItsKeyAlone() {
        String host = unique("year-long-host");
        String old = incidentAt(T0 - 3 * WINDOW, host);
        String closed = incidentAt(T0, host);
        store.jdbc.update("UPDATE incidents SET status_id = 5 WHERE uid = ?", closed);
        String resolved = incidentAt(T0 - HOUR, host);
        store.jdbc.update("UPDATE incidents SET status_id = 4 WHERE uid = ?", resolved);
        String open = incidentAt(T0 + HOUR, host);
        Incident oldBefore = store.incident(old);
        Incident closedBefore = store.incident(closed);

        Detection d = of("r-held", unique("e"), T0 + 2 * HOUR, 3, List.of(), entity("host", host));
        store.detect(incidents, d);

        assertThat(store.incidentOf(d)).isEqualTo(resolved); // the older of the two it may join, reopened
        assertThat(store.incident(resolved).status()).isEqualTo(IncidentStatus.NEW);
        assertThat(store.incident(resolved).detectionCount()).isEqualTo(3);
        assertThat(store.incident(open).mergedInto()).isEqualTo(resolved);
        assertThat(store.incident(old)).isEqualTo(oldBefore);
        assertThat(store.incident(closed)).isEqualTo(closedBefore);
    }

    @Test
    void aNewDetectionInsideTheWindowReopensAResolvedIncidentButNotAClosedOne() {
        String user = unique("erin");
        Detection first = of("r1", unique("e"), T0, 3, List.of(), entity("user", user));
        store.detect(incidents, first);
        String uid = store.incidentOf(first);
        IncidentWorkflow workflow = store.workflow();
        workflow.update(TENANT, uid, 1, new IncidentWorkflow.Update(4, false, null, null), "tenant:test");

        Detection again = of("r1", unique("e"), T0 + HOUR, 3, List.of(), entity("user", user));
        store.detect(incidents, again);
        assertThat(store.incidentOf(again)).isEqualTo(uid);
        assertThat(store.incident(uid).status()).isEqualTo(IncidentStatus.NEW);

        long version = store.incident(uid).version();
        workflow.update(TENANT, uid, version, new IncidentWorkflow.Update(5, false, null, null), "tenant:test");
        Detection afterClose = of("r1", unique("e"), T0 + 2 * HOUR, 3, List.of(), entity("user", user));
        store.detect(incidents, afterClose);
        assertThat(store.incidentOf(afterClose)).isNotEqualTo(uid);
        assertThat(store.incident(uid).status()).isEqualTo(IncidentStatus.CLOSED);
    }

    @Test
    void replayingTheSameDetectionsChangesNothingAndAlertsNobody() {
        String user = unique("frank");
        String rule = unique("r1");
        Detection a = of(rule, unique("e"), T0, 3, List.of(), entity("user", user));
        Detection b = of(rule, unique("e"), T0 + 1, 4, List.of(), entity("user", user));
        assertThat(store.detect(incidents, a, b)).hasSize(1);
        String uid = store.incidentOf(a);
        assertThat(store.incidentOf(b)).as("stored with its incident").isEqualTo(uid);
        long version = store.incident(uid).version();
        long history = store.jdbc.queryForObject("SELECT count(*) FROM incident_history", Long.class);

        // a replay hands the same detections on: stored already, in an incident already, they change nothing
        assertThat(store.detect(incidents, a, b)).isEmpty();
        assertThat(store.detect(incidents, b)).isEmpty();

        assertThat(store.registry.get("lake.detections").tag("rule", rule).counter().count())
                .as("detections counted once").isEqualTo(2);
        assertThat(store.jdbc.queryForObject("SELECT count(*) FROM detections WHERE rule_uid = ?", Long.class, rule))
                .isEqualTo(2);
        assertThat(store.incident(uid).version()).isEqualTo(version);
        assertThat(store.incident(uid).detectionCount()).isEqualTo(2);
        assertThat(store.jdbc.queryForObject("SELECT count(*) FROM incident_history", Long.class)).isEqualTo(history);
        assertThat(store.jdbc.queryForObject("SELECT count(*) FROM incidents i JOIN incident_entities e "
                + "ON e.incident_uid = i.uid WHERE e.value = ?", Long.class, user)).isEqualTo(1);
    }

    @Test
    void anInformationalDetectionJoinsNoIncident() {
        String user = unique("gina");
        Detection low = of("r-low", unique("e"), T0, 2, List.of(), entity("user", user));
        Detection info = of("r-info", unique("e"), T0 + 1, 1, List.of(), entity("user", user));

        store.detect(incidents, low, info);

        assertThat(store.incidentOf(low)).isNotNull();
        assertThat(store.incidentOf(info)).isNull();
        assertThat(store.incident(store.incidentOf(low)).detectionCount()).isEqualTo(1);
    }

    @Test
    void theGaugeCountsTheTenantsIncidentsPerStatus() {
        String user = unique("hank");
        store.detect(incidents, of("r1", unique("e"), T0, 3, List.of(), entity("user", user)));

        long open = store.jdbc.queryForObject("SELECT count(*) FROM incidents WHERE status_id = 1 AND merged_into IS NULL",
                Long.class);
        assertThat(store.registry.get("lake.incidents").tag("tenant", TENANT).tag("status", "new").gauge().value())
                .isEqualTo(open);
        assertThat(store.registry.get("lake.incidents").tag("tenant", TENANT).tag("status", "closed").gauge().value())
                .isEqualTo((double) store.jdbc.queryForObject("SELECT count(*) FROM incidents WHERE status_id = 5 "
                        + "AND merged_into IS NULL", Long.class));
    }

    @Test
    void detectionsAnEarlierAttemptStoredButDidNotCorrelateAreCorrelatedOnRedelivery() {
        String user = unique("ivy");
        Detection d = of("r1", unique("e"), T0, 3, List.of(), entity("user", user));
        // the first attempt stored the detection, then failed before correlating it
        assertThat(io.securitylake.subscriber.detect.StoredDetections.store(store.stores, TENANT, List.of(d))).hasSize(1);
        assertThat(io.securitylake.subscriber.detect.StoredDetections.store(store.stores, TENANT, List.of(d))).isEmpty();

        // the redelivery's detector hands on every detection of the batch, stored before or not
        assertThat(incidents.correlate(TENANT, List.of(d))).extracting(IncidentChange::change).containsExactly("created");
        assertThat(store.incidentOf(d)).isNotNull();
    }

    @Test
    void aBusyIncidentListsItsFirstHundredEntitiesAndStillJoinsOnEveryOne() {
        String user = unique("busy");
        java.util.List<Detection> many = new java.util.ArrayList<>();
        for (int n = 0; n < 150; n++) {
            many.add(of("aws-iam-access-key-created", unique("e"), T0 + n, 3, List.of(), entity("user", user),
                    entity("host", user + "-host-" + n)));
        }
        store.detect(incidents, many.toArray(Detection[]::new));
        String incident = store.incidentOf(many.get(0));
        assertThat(store.incident(incident).entities()).hasSize(Correlation.LISTED_ENTITIES);
        assertThat(store.incident(incident).detectionCount()).isEqualTo(150);

        Detection onTheLastHost = of("crowdstrike-credential-dumping", unique("e"), T0 + HOUR, 5, List.of(),
                entity("host", user + "-host-149"));
        store.detect(incidents, onTheLastHost);
        assertThat(store.incidentOf(onTheLastHost)).as("joined through an entity the body does not list")
                .isEqualTo(incident);
    }
}
