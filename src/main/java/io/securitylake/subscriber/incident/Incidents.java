package io.securitylake.subscriber.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.DetectionTable;
import io.securitylake.subscriber.detect.IntelDetections;
import io.securitylake.subscriber.detect.TenantDetections;
import io.securitylake.subscriber.ops.LakeMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Route {@code correlate}'s steps: the detections route {@code detect} raised for a batch → stored in the tenant's
 * store, and those not yet in an incident → the tenant's incidents (see {@link Correlation}), in one transaction
 * under the tenant's correlation lock; then the incidents created or raised in severity, for {@code direct:alert}.
 * A detection stored before is stored again as a no-op (a lake finding's newer state updates it) and one already in
 * an incident is skipped, so a replay, a redelivery or a second replica changes nothing and alerts nobody twice.
 */
@Component("incidents")
public class Incidents {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Incidents.class);
    /** A correlation step slower than this is logged: it holds the tenant's correlation lock meanwhile. */
    private static final long SLOW_MS = 5_000;

    private final IncidentTable incidents;
    private final DetectionTable detections;
    private final IncidentBodies bodies;
    private final TenantTransactions transactions;
    private final LakeMetrics metrics;
    private final long windowMs;
    private final int minSeverityId;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    Incidents(IncidentTable incidents, DetectionTable detections, IncidentBodies bodies, TenantTransactions transactions,
              LakeMetrics metrics, IncidentSettings incidentSettings) {
        this(incidents, detections, bodies, transactions, metrics, incidentSettings.window().toMillis(),
                incidentSettings.minSeverityId());
    }

    public Incidents(IncidentTable incidents, DetectionTable detections, IncidentBodies bodies,
                     TenantTransactions transactions, LakeMetrics metrics, long windowMs, int minSeverityId) {
        this.incidents = incidents;
        this.detections = detections;
        this.bodies = bodies;
        this.transactions = transactions;
        this.metrics = metrics;
        this.windowMs = windowMs;
        this.minSeverityId = minSeverityId;
    }

    /** Route correlate's step: stores and correlates the tenant's detections, gives the incidents changed. */
    public List<IncidentChange> correlateDetections(TenantDetections found) {
        return correlate(found.tenant(), found.detections());
    }

    /**
     * Stores a tenant's detections and correlates those not yet in an incident; returns the incidents created or
     * raised in severity.
     */
    public List<IncidentChange> correlate(String tenant, List<Detection> found) {
        if (found.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        Correlation.Step step = transactions.inTransaction(tenant,
                jdbc -> new Correlation(incidents, detections, jdbc, windowMs, minSeverityId).run(tenant, found));
        for (Detection d : step.added()) {
            metrics.detectionRaised(tenant, d.ruleUid());
            String feed = IntelDetections.feedOf(d);
            if (feed != null) {
                metrics.intelMatched(tenant, feed);
            }
        }
        Map<String, Integer> touched = step.touched();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (ms > SLOW_MS) {
            LOG.warn("correlating {} detections of tenant {} took {} ms ({} incidents touched)", found.size(), tenant,
                    ms, touched.size());
        }
        if (touched.isEmpty()) {
            return List.of();
        }
        List<IncidentChange> changes = new ArrayList<>();
        transactions.inTransaction(tenant, jdbc -> {
            for (Map.Entry<String, Integer> t : touched.entrySet()) {
                incidents.find(jdbc, t.getKey(), false).filter(i -> i.mergedInto() == null).ifPresent(i -> {
                    String change = t.getValue() == null ? IncidentChange.CREATED
                            : i.severityId() > t.getValue() ? IncidentChange.SEVERITY_RAISED : null;
                    if (change != null) {
                        changes.add(new IncidentChange(tenant, i.uid(), change, i.version(),
                                write(bodies.bodies(jdbc, List.of(i)).get(0))));
                    }
                });
            }
            metrics.incidents(tenant, byStatus(incidents.countByStatus(jdbc)));
            return null;
        });
        return changes;
    }

    /** Incident counts per status (new, in_progress, on_hold, resolved, closed; zeros included), for the gauges. */
    static Map<String, Long> byStatus(Map<Integer, Long> counts) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (IncidentStatus s : IncidentStatus.values()) {
            out.put(s.name().toLowerCase(java.util.Locale.ROOT), counts.getOrDefault(s.id(), 0L));
        }
        return out;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
