package io.securitylake.subscriber.incident;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.DetectionTable;
import io.securitylake.subscriber.detect.StoredDetections;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** A migrated tenant schema of the embedded PostgreSQL, with the incident beans wired on it as the service does. */
final class IncidentTestStore {

    static final String TENANT = "incidenttest";
    static final long HOUR = 3_600_000L;
    static final long WINDOW = 24 * HOUR;

    final PGSimpleDataSource db;
    final Function<String, DataSource> stores;
    final JdbcTemplate jdbc;
    final IncidentTable table = new IncidentTable();
    final DetectionTable detections;
    final IncidentBodies bodies;
    final TenantTransactions transactions;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final LakeMetrics metrics = new LakeMetrics(registry);

    IncidentTestStore(String schema) {
        db = LakeTestStack.tenantStore(schema);
        stores = tenant -> db;
        jdbc = new JdbcTemplate(db);
        detections = StoredDetections.table(stores);
        bodies = new IncidentBodies(table, detections);
        transactions = new TenantTransactions(stores);
    }

    Incidents incidents() {
        return new Incidents(table, detections, bodies, transactions, metrics, WINDOW, 2);
    }

    IncidentWorkflow workflow() {
        return new IncidentWorkflow(table, bodies, transactions, metrics);
    }

    /** Hands the detections to correlation as route detect does; route correlate stores and correlates them. */
    List<IncidentChange> detect(Incidents incidents, Detection... found) {
        return incidents.correlate(TENANT, List.of(found));
    }

    String incidentOf(Detection d) {
        return jdbc.queryForObject("SELECT incident_uid FROM detections WHERE uid = ?", String.class, d.uid());
    }

    Incident incident(String uid) {
        return transactions.inTransaction(TENANT, j -> table.find(j, uid, false).orElseThrow());
    }
}
