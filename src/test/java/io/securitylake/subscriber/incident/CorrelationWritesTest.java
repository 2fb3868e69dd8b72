package io.securitylake.subscriber.incident;

import static io.securitylake.subscriber.detect.StoredDetections.entity;
import static io.securitylake.subscriber.detect.StoredDetections.of;
import static io.securitylake.subscriber.incident.IncidentTestStore.HOUR;
import static io.securitylake.subscriber.incident.IncidentTestStore.TENANT;
import static io.securitylake.subscriber.incident.IncidentTestStore.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.detect.Detection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a correlation step writes, on the real tenant store: its incidents in a fixed number of statements however
 * many it opens or changes, each as it ended the step.
 */
class CorrelationWritesTest {

    private static final long T0 = 1_764_633_600_000L;
    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());
    private static IncidentTestStore store;
    /** Statements that write (INSERT, UPDATE, DELETE) prepared on the counted store. */
    private static final AtomicLong WRITES = new AtomicLong();
    private static Incidents counted;

    @BeforeAll
    static void tenantSchema() {
        store = new IncidentTestStore("tenant_" + TENANT);
        DataSource writesCounted = countingWrites(store.db);
        counted = new Incidents(store.table, store.detections, store.bodies, new TenantTransactions(t -> writesCounted),
                store.metrics, WINDOW, 2);
    }

    private static String unique(String what) {
        return what + "-" + SEED.incrementAndGet();
    }

    @Test
    void aStepOpensItsIncidentsInOneStatementHoweverManyItOpens() {
        assertThat(writesOpening(30)).isEqualTo(writesOpening(2));
    }

    @Test
    void aStepUpdatesTheStoredIncidentsItJoinsInOneStatementHoweverManyItJoins() {
        assertThat(writesJoining(30)).isEqualTo(writesJoining(2));
    }

    @Test
    void anIncidentOpenedJoinedAndMergedWithinOneStepIsStoredAsItEndedTheStep() {
        String user = unique("ursula");
        String host = unique("hq");
        Detection byUser = of("r-user", unique("e"), T0 + 5, 2, List.of("a"), entity("user", user));
        Detection again = of("r-user", unique("e"), T0 + 7, 2, List.of("a"), entity("user", user));
        Detection byHost = of("r-host", unique("e"), T0 + 10, 3, List.of("b"), entity("host", host));
        Detection link = of("r-link", unique("e"), T0 + 20, 4, List.of("c"), entity("user", user), entity("host", host));

        List<IncidentChange> changes = counted.correlate(TENANT, List.of(link, byHost, again, byUser));

        String survivor = store.incidentOf(byUser);
        String mergedAway = Incident.uidOf(byHost.uid());
        assertThat(List.of(store.incidentOf(again), store.incidentOf(byHost), store.incidentOf(link)))
                .containsOnly(survivor);
        Incident i = store.incident(survivor);
        assertThat(i.detectionCount()).isEqualTo(4);
        assertThat(i.startMs()).isEqualTo(T0 + 5);
        assertThat(i.endMs()).isEqualTo(T0 + 20);
        assertThat(i.severityId()).isEqualTo(4);
        assertThat(i.attacks()).containsExactly("a", "b", "c");
        assertThat(i.entities()).containsExactlyInAnyOrder(entity("user", user), entity("host", host));
        assertThat(i.mergedInto()).isNull();
        assertThat(i.version()).as("one version per change of the step: 2 joins and a merge").isEqualTo(4);
        Incident gone = store.incident(mergedAway);
        assertThat(gone.mergedInto()).isEqualTo(survivor);
        assertThat(gone.endMs()).isEqualTo(T0 + 10);
        assertThat(store.jdbc.queryForList("SELECT incident_uid FROM incident_entities WHERE type = 'host' AND value = ?",
                String.class, host)).containsExactly(survivor);
        assertThat(store.jdbc.queryForList("SELECT incident_uid || ' ' || field FROM incident_history "
                + "WHERE incident_uid IN (?, ?) ORDER BY id", String.class, survivor, mergedAway))
                .containsExactly(survivor + " created", mergedAway + " created", survivor + " merged",
                        mergedAway + " merged_into", survivor + " detections", survivor + " severity_id");
        assertThat(changes).extracting(IncidentChange::uid, IncidentChange::change)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(survivor, IncidentChange.CREATED));
    }

    /** The writes of one step that opens {@code n} incidents, two detections each. */
    private long writesOpening(int n) {
        List<Detection> found = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String host = unique("open-host");
            found.add(of("r-open", unique("e"), T0 + k, 3, List.of(), entity("host", host)));
            found.add(of("r-open", unique("e"), T0 + k + 1, 3, List.of(), entity("host", host)));
        }
        long before = WRITES.get();
        assertThat(counted.correlate(TENANT, found)).hasSize(n);
        long writes = WRITES.get() - before;
        assertThat(found).allSatisfy(d -> assertThat(store.incidentOf(d)).isNotNull());
        return writes;
    }

    /** The writes of a step whose detections join {@code n} stored incidents, one each. */
    private long writesJoining(int n) {
        List<Detection> first = new ArrayList<>();
        List<Detection> next = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String host = unique("join-host");
            first.add(of("r-join", unique("e"), T0 + HOUR + k, 2, List.of(), entity("host", host)));
            next.add(of("r-join", unique("e"), T0 + 2 * HOUR + k, 2, List.of(), entity("host", host)));
        }
        counted.correlate(TENANT, first);
        long before = WRITES.get();
        counted.correlate(TENANT, next);
        long writes = WRITES.get() - before;
        for (int k = 0; k < n; k++) {
            String uid = store.incidentOf(first.get(k));
            assertThat(store.incidentOf(next.get(k))).isEqualTo(uid);
            Incident i = store.incident(uid);
            assertThat(i.detectionCount()).isEqualTo(2);
            assertThat(i.endMs()).isEqualTo(T0 + 2 * HOUR + k);
        }
        return writes;
    }

    /** The store, counting the writing statements prepared on its connections (nothing else changed). */
    private static DataSource countingWrites(DataSource db) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object out = invoke(db, method, args);
                    return out instanceof Connection c ? countingWrites(c) : out;
                });
    }

    private static Connection countingWrites(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args[0] instanceof String sql) {
                        String verb = sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                        if (List.of("INSERT", "UPDATE", "DELETE").contains(verb)) {
                            WRITES.incrementAndGet();
                        }
                    }
                    return invoke(c, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
