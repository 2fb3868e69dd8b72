package io.securitylake.subscriber.detect;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;

/** Detections made and stored the way the detector does, for the tests of the stages after it (incidents). */
public final class StoredDetections {

    private StoredDetections() {
    }

    public static Entities.Entity entity(String type, String value) {
        return new Entities.Entity(type, value);
    }

    /** A rule's detection of one event at {@code timeMs}. */
    public static Detection of(String rule, String eventUid, long timeMs, int severityId, List<String> attacks,
                               Entities.Entity... entities) {
        return new Detection(Detection.uidOf(rule, eventUid), timeMs, severityId, rule, "title of " + rule,
                List.of(eventUid), Arrays.asList(entities), attacks, timeMs, timeMs, null,
                Map.of("finding_info", Map.of("uid", rule, "title", "title of " + rule)));
    }

    /** What the detector raises from these events with the starter pack (no store). */
    public static List<Detection> evaluate(List<Map<String, Object>> events) {
        List<io.securitylake.subscriber.store.EventRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> e = events.get(i);
            rows.add(new io.securitylake.subscriber.store.EventRow("event-" + i, ((Number) e.get("time")).longValue(),
                    (Integer) e.get("class_uid"), null, (Integer) e.get("severity_id"), null, null, null, new byte[0]));
        }
        return new Detector(StarterPack.load(), null, new io.securitylake.subscriber.ops.LakeMetrics(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), 1000)
                .evaluate(new io.securitylake.subscriber.store.TenantBatch("t", "b", "k", rows, events));
    }

    /**
     * The threat-intel detections the detector raises for one stored event of the tenant: matched among the
     * tenant's indicators in force (shared feeds and its own), built as ingest builds them (no store).
     */
    public static List<Detection> intel(io.securitylake.subscriber.intel.IntelIndicators indicators, String tenant,
                                        String eventUid, long timeMs, int classUid, Map<String, Object> event) {
        io.securitylake.subscriber.store.EventRow row = new io.securitylake.subscriber.store.EventRow(eventUid, timeMs,
                classUid, classUid / 1000, 1, null, null, null, new byte[0]);
        return indicators.matches(tenant, event).stream().map(hit -> IntelDetections.of(hit, event, row)).toList();
    }

    /** The detections table on the given stores. */
    public static DetectionTable table(Function<String, DataSource> stores) {
        return new DetectionTable(stores);
    }

    /** Stores them; returns those stored for the first time (what the detector hands on to correlation). */
    public static List<Detection> store(Function<String, DataSource> stores, String tenant, List<Detection> detections) {
        return new DetectionTable(stores).store(tenant, detections);
    }
}
