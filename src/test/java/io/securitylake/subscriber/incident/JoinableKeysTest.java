package io.securitylake.subscriber.incident;

import static io.securitylake.subscriber.detect.StoredDetections.entity;
import static io.securitylake.subscriber.detect.StoredDetections.of;
import static io.securitylake.subscriber.incident.IncidentTestStore.HOUR;
import static io.securitylake.subscriber.incident.IncidentTestStore.TENANT;
import static io.securitylake.subscriber.incident.IncidentTestStore.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.Entities.Entity;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bound ({@code ends_by}) each correlation key carries, by which a step's key read visits only the holders it may
 * still join: set at insert from the incident's end, raised when the incident grows past it, carried by a merge,
 * '-infinity' when the incident is Closed; on the real tenant store.
 */
class JoinableKeysTest {

    /** A UTC day boundary. */
    private static final long DAY0 = 1_764_633_600_000L;
    private static final long DAY = 24 * HOUR;
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
    void aKeysBoundIsItsIncidentsEndRoundedUpToTheNextDayPlusADay() {
        assertThat(IncidentTable.endsBy(DAY0)).isEqualTo(DAY0 + 2 * DAY);
        assertThat(IncidentTable.endsBy(DAY0 + DAY - 1)).isEqualTo(DAY0 + 2 * DAY);
        assertThat(IncidentTable.endsBy(DAY0 - 1)).isEqualTo(DAY0 + DAY);

        String host = unique("h");
        Detection d = of("r-bound", unique("e"), DAY0 + 5 * HOUR, 3, List.of(), entity("host", host),
                entity("user", unique("u")));
        store.detect(incidents, d);

        assertThat(bounds(store.incidentOf(d))).containsOnly(DAY0 + 2 * DAY).hasSize(2);
    }

    @Test
    void aKeyHeldByAnOldAClosedAMergedAndARecentIncidentReadsOnlyTheRecentOne() {
        String host = unique("year-long-host");
        String old = openedAt(DAY0 - 30 * DAY, host);
        String closed = openedAt(DAY0 - HOUR, host);
        store.workflow().update(TENANT, closed, 1, new IncidentWorkflow.Update(IncidentStatus.CLOSED.id(), false, null,
                null), "tenant:test");
        // two incidents of their own hosts, merged by a detection naming both; the merged one keeps no key
        String otherHost = unique("other-host");
        String winner = openedAt(DAY0 - 3 * HOUR, otherHost);
        String loser = openedAt(DAY0 - 2 * HOUR, host);
        Detection link = of("r-link", unique("e"), DAY0 - HOUR, 3, List.of(), entity("host", host),
                entity("host", otherHost));
        store.detect(incidents, link);
        assertThat(store.incident(loser).mergedInto()).isEqualTo(winner);

        assertThat(bounds(closed)).containsOnly(Long.MIN_VALUE).isNotEmpty();
        assertThat(bounds(loser)).isEmpty();
        assertThat(bounds(old)).containsOnly(IncidentTable.endsBy(DAY0 - 30 * DAY)).isNotEmpty();
        // a step at [DAY0, DAY0 + 1 h] visits, in the key's index, only the holders bound at or after DAY0 - window
        assertThat(visited(host, DAY0)).containsExactlyInAnyOrder(winner);
        assertThat(owners(host, DAY0, DAY0 + HOUR)).containsExactly(winner);
    }

    @Test
    void aHolderWhoseBoundIsBelowTheStepsReachIsNotReadEvenIfItsIncidentWouldJoin() {
        String host = unique("h");
        String uid = openedAt(DAY0, host);
        assertThat(owners(host, DAY0 + HOUR, DAY0 + HOUR)).containsExactly(uid);

        // the read trusts the bound: one set too low hides the holder (so every writer must keep it right)
        store.jdbc.update("UPDATE incident_entities SET ends_by = ? WHERE incident_uid = ?",
                Timestamp.from(Instant.ofEpochMilli(DAY0 - WINDOW - 1)), uid);

        assertThat(owners(host, DAY0 + HOUR, DAY0 + HOUR)).isEmpty();
    }

    @Test
    void anIncidentGrowingPastItsBoundRaisesAllItsKeysSoItsFirstKeyStillJoinsLater() {
        String firstHost = unique("first-host");
        String user = unique("u");
        Detection first = of("r-grow", unique("e"), DAY0 + HOUR, 3, List.of(), entity("host", firstHost),
                entity("user", user));
        store.detect(incidents, first);
        String uid = store.incidentOf(first);
        // the user is active every 20 hours for five days; each detection joins the incident and moves its end on
        for (int n = 1; n <= 6; n++) {
            Detection next = of("r-grow", unique("e"), DAY0 + HOUR + n * 20 * HOUR, 3, List.of(), entity("user", user));
            store.detect(incidents, next);
            assertThat(store.incidentOf(next)).isEqualTo(uid);
        }
        long end = DAY0 + HOUR + 6 * 20 * HOUR;
        assertThat(store.incident(uid).endMs()).isEqualTo(end);
        assertThat(bounds(uid)).containsOnly(IncidentTable.endsBy(end)).hasSize(2);

        // the first host, not seen since the first detection, shows up again within the window of the end
        Detection again = of("r-grow", unique("e"), end + 20 * HOUR, 3, List.of(), entity("host", firstHost));
        store.detect(incidents, again);
        assertThat(store.incidentOf(again)).isEqualTo(uid);
    }

    @Test
    void aMergeGivesTheMovedKeysTheBoundOfTheMergedEndNotTheirOldOne() {
        String hostA = unique("host-a");
        String hostB = unique("host-b");
        // the older incident runs three days on host A; the younger one was seen on host B only early on
        String winner = openedAt(DAY0 - 20 * HOUR, hostA);
        for (long t = DAY0 + 2 * HOUR; t <= DAY0 + 68 * HOUR; t += 22 * HOUR) {
            store.detect(incidents, of("r-merge", unique("e"), t, 3, List.of(), entity("host", hostA)));
        }
        String loser = openedAt(DAY0 - 21 * HOUR, hostB);
        assertThat(loser).isNotEqualTo(winner);
        assertThat(bounds(loser)).containsOnly(IncidentTable.endsBy(DAY0 - 21 * HOUR));
        // a detection naming both, early (within the younger one's window): the merge does not move the end
        Detection link = of("r-merge", unique("e"), DAY0 + 2 * HOUR, 3, List.of(), entity("host", hostA),
                entity("host", hostB));
        store.detect(incidents, link);
        long end = DAY0 + 68 * HOUR;

        assertThat(store.incident(loser).mergedInto()).isEqualTo(winner);
        assertThat(store.incident(winner).endMs()).isEqualTo(end);
        assertThat(bounds(winner)).containsOnly(IncidentTable.endsBy(end)).hasSize(4);
        assertThat(bounds(loser)).isEmpty();
        Detection later = of("r-merge", unique("e"), end + 20 * HOUR, 3, List.of(), entity("host", hostB));
        store.detect(incidents, later);
        assertThat(store.incidentOf(later)).isEqualTo(winner);
    }

    @Test
    void aResolvedIncidentKeepsItsKeysBoundAndIsReopenedByANewDetectionAClosedOneIsNot() {
        String user = unique("u");
        String resolved = openedAt(DAY0, "r-" + user, user);
        store.workflow().update(TENANT, resolved, 1, new IncidentWorkflow.Update(IncidentStatus.RESOLVED.id(), false,
                null, null), "tenant:test");
        assertThat(bounds(resolved)).containsOnly(IncidentTable.endsBy(DAY0)).isNotEmpty();

        Detection again = of("r-reopen", unique("e"), DAY0 + HOUR, 3, List.of(), entity("user", user));
        store.detect(incidents, again);
        assertThat(store.incidentOf(again)).isEqualTo(resolved);
        assertThat(store.incident(resolved).status()).isEqualTo(IncidentStatus.NEW);

        Incident reopened = store.incident(resolved);
        store.workflow().update(TENANT, resolved, reopened.version(), new IncidentWorkflow.Update(
                IncidentStatus.CLOSED.id(), false, null, null), "tenant:test");
        assertThat(bounds(resolved)).containsOnly(Long.MIN_VALUE);
        Detection afterClose = of("r-reopen", unique("e"), DAY0 + 2 * HOUR, 3, List.of(), entity("user", user));
        store.detect(incidents, afterClose);
        assertThat(store.incidentOf(afterClose)).isNotEqualTo(resolved);
    }

    /** An incident of one detection at {@code timeMs} holding {@code host} (and a user of its own, or the one given). */
    private String openedAt(long timeMs, String host, String... user) {
        Detection d = of("r-held", unique("e"), timeMs, 3, List.of(), entity("host", host),
                entity("user", user.length > 0 ? user[0] : unique("own-user")));
        store.detect(incidents, d);
        return store.incidentOf(d);
    }

    /** The bounds of an incident's keys, epoch ms ('-infinity': {@link Long#MIN_VALUE}). */
    private static List<Long> bounds(String incidentUid) {
        return store.jdbc.queryForList("SELECT CASE WHEN ends_by = '-infinity' THEN " + Long.MIN_VALUE
                + " ELSE (extract(epoch FROM ends_by) * 1000)::bigint END FROM incident_entities WHERE incident_uid = ?",
                Long.class, incidentUid);
    }

    /** The holders of a host key that a step from {@code fromMs} visits: those bound at or after its reach. */
    private static List<String> visited(String host, long fromMs) {
        return store.jdbc.queryForList("SELECT incident_uid FROM incident_entities WHERE type = 'host' AND value = ? "
                + "AND ends_by >= ?", String.class, host, Timestamp.from(Instant.ofEpochMilli(fromMs - WINDOW)));
    }

    private static Set<String> owners(String host, long fromMs, long toMs) {
        Map<Entity, Set<String>> owners = store.transactions.inTransaction(TENANT, j -> store.table.joinableOwners(j,
                List.of(new Entity("host", host)), fromMs, toMs, WINDOW));
        return owners.getOrDefault(new Entity("host", host), Set.of());
    }
}
