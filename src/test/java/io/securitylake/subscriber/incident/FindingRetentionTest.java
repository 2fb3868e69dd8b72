package io.securitylake.subscriber.incident;

import static io.securitylake.subscriber.detect.StoredDetections.entity;
import static io.securitylake.subscriber.detect.StoredDetections.of;
import static io.securitylake.subscriber.incident.IncidentTestStore.HOUR;
import static io.securitylake.subscriber.incident.IncidentTestStore.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.detect.Detection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detections and incidents past the tenant's finding retention are deleted; what an analyst still works on stays
 * (real PostgreSQL).
 */
class FindingRetentionTest {

    private static final long OLD = 1_700_000_000_000L;
    private static final long RECENT = OLD + 400L * 24 * HOUR;
    private static final Instant CUTOFF = Instant.ofEpochMilli(OLD + 30L * 24 * HOUR);
    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());
    private static IncidentTestStore store;

    @BeforeAll
    static void tenantSchema() {
        store = new IncidentTestStore("tenant_retention");
    }

    private static String unique(String what) {
        return what + "-" + SEED.incrementAndGet();
    }

    private static Detection detection(long time, String user) {
        return of("aws-iam-access-key-created", unique("e"), time, 3, List.of(), entity("user", user));
    }

    @Test
    void closedIncidentsAndLooseDetectionsPastRetentionGoWhileOpenIncidentsAndRecentDetectionsStay() {
        Incidents incidents = store.incidents();
        Detection closedOld = detection(OLD, unique("closed"));
        Detection openOld = detection(OLD, unique("open"));
        Detection recent = detection(RECENT, unique("recent"));
        store.detect(incidents, closedOld, openOld, recent);
        String closed = store.incidentOf(closedOld);
        String open = store.incidentOf(openOld);
        store.workflow().update(TENANT, closed, store.incident(closed).version(),
                new IncidentWorkflow.Update(5, false, null, null), "analyst");
        store.workflow().addNote(TENANT, closed, "analyst", "false positive");
        // a detection that joined no incident (under the incidents' severity floor)
        Detection looseOld = of("aws-access-denied", unique("e"), OLD, 1, List.of(), entity("user", unique("x")));
        store.detect(incidents, looseOld);

        FindingRetention.Expired expired = new FindingRetention(store.table, store.detections, store.transactions,
                null).expire(TENANT, CUTOFF);

        assertThat(expired.incidents()).isEqualTo(1);
        assertThat(expired.detections()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM incidents WHERE uid = ?", closed)).as("the closed incident").isZero();
        assertThat(count("SELECT count(*) FROM incident_notes WHERE incident_uid = ?", closed)).isZero();
        assertThat(count("SELECT count(*) FROM incident_history WHERE incident_uid = ?", closed)).isZero();
        assertThat(count("SELECT count(*) FROM incident_entities WHERE incident_uid = ?", closed)).isZero();
        assertThat(count("SELECT count(*) FROM detections WHERE uid = ?", closedOld.uid())).isZero();
        assertThat(count("SELECT count(*) FROM detections WHERE uid = ?", looseOld.uid())).isZero();
        assertThat(count("SELECT count(*) FROM incidents WHERE uid = ?", open)).as("the open incident").isOne();
        assertThat(count("SELECT count(*) FROM detections WHERE uid = ?", openOld.uid())).as("its detection").isOne();
        assertThat(count("SELECT count(*) FROM detections WHERE uid = ?", recent.uid())).isOne();
    }

    private static long count(String sql, String arg) {
        return store.jdbc.queryForObject(sql, Long.class, arg);
    }
}
