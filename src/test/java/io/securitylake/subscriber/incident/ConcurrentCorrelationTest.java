package io.securitylake.subscriber.incident;

import static io.securitylake.subscriber.detect.StoredDetections.entity;
import static io.securitylake.subscriber.detect.StoredDetections.of;
import static io.securitylake.subscriber.incident.IncidentTestStore.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.detect.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two replicas (two beans, two threads, one database) correlating at the same moment never split or repeat an incident. */
class ConcurrentCorrelationTest {

    private static final long T0 = 1_764_460_800_000L;
    private static final int ROUNDS = 20;
    private static IncidentTestStore store;
    private static ExecutorService threads;

    @BeforeAll
    static void tenantSchema() {
        store = new IncidentTestStore("tenant_" + TENANT + "_concurrent");
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
    }

    @Test
    void twoReplicasWithDetectionsOfOneUserOpenOneIncident() throws Exception {
        Incidents replicaA = store.incidents();
        Incidents replicaB = store.incidents();
        for (int round = 0; round < ROUNDS; round++) {
            String user = "user-" + System.nanoTime();
            Detection a = of("r-a", user + "-a", T0, 3, List.of(), entity("user", user));
            Detection b = of("r-b", user + "-b", T0 + 1, 3, List.of(), entity("user", user));
            List<List<IncidentChange>> changes = both(() -> replicaA.correlate(TENANT, List.of(a)),
                    () -> replicaB.correlate(TENANT, List.of(b)));

            assertThat(store.incidentOf(a)).as("round %d", round).isNotNull().isEqualTo(store.incidentOf(b));
            assertThat(store.jdbc.queryForObject("SELECT count(DISTINCT incident_uid) FROM incident_entities WHERE value = ?",
                    Long.class, user)).isEqualTo(1);
            assertThat(changes.get(0).size() + changes.get(1).size()).as("one 'created' alert").isEqualTo(1);
        }
    }

    @Test
    void twoReplicasCorrelatingTheSameDetectionRecordItOnce() throws Exception {
        Incidents replicaA = store.incidents();
        Incidents replicaB = store.incidents();
        for (int round = 0; round < ROUNDS; round++) {
            String host = "host-" + System.nanoTime();
            Detection d = of("r-same", host, T0, 3, List.of(), entity("host", host));
            List<List<IncidentChange>> changes = both(() -> replicaA.correlate(TENANT, List.of(d)),
                    () -> replicaB.correlate(TENANT, List.of(d)));

            String uid = store.incidentOf(d);
            assertThat(store.incident(uid).detectionCount()).isEqualTo(1);
            assertThat(store.jdbc.queryForObject("SELECT count(*) FROM incident_history WHERE incident_uid = ?",
                    Long.class, uid)).isEqualTo(1);
            assertThat(changes.get(0).size() + changes.get(1).size()).isEqualTo(1);
        }
    }

    private static List<List<IncidentChange>> both(java.util.concurrent.Callable<List<IncidentChange>> a,
                                                   java.util.concurrent.Callable<List<IncidentChange>> b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<List<IncidentChange>>> running = new ArrayList<>();
        for (java.util.concurrent.Callable<List<IncidentChange>> work : List.of(a, b)) {
            running.add(threads.submit(() -> {
                start.await();
                return work.call();
            }));
        }
        List<List<IncidentChange>> out = new ArrayList<>();
        for (Future<List<IncidentChange>> f : running) {
            out.add(f.get());
        }
        return out;
    }
}
