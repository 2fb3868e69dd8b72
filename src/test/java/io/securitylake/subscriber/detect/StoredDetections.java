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

    /** The detections table on the given stores. */
    public static DetectionTable table(Function<String, DataSource> stores) {
        return new DetectionTable(stores);
    }

    /** Stores them; returns those stored for the first time (what the detector hands on to correlation). */
    public static List<Detection> store(Function<String, DataSource> stores, String tenant, List<Detection> detections) {
        return new DetectionTable(stores).store(tenant, detections);
    }
}
