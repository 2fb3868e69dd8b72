package io.securitylake.subscriber.publish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored detection (its API body) → an OCSF 1.1.0 Detection Finding (class 2004) in the state it had when it last
 * changed: {@code time} is that change, {@code finding_info} the detection (uid, rule as title and analytic, creation,
 * change, first and last seen times, the events that raised it), {@code metadata.correlation_uid} its incident.
 */
final class DetectionFindings {

    static final int CLASS_UID = 2004;
    /** The finding status captions of OCSF 1.1.0 (status_id 1..4). */
    private static final List<String> STATUS = List.of("New", "In Progress", "Suppressed", "Resolved");

    private DetectionFindings() {
    }

    static Map<String, Object> finding(Map<String, Object> detection, long changedMs, String tenant, String source)
            throws FindingSchema.InvalidFinding {
        Object uid = detection.get("uid");
        Long detectedAt = FindingParts.millis(detection.get("detected_at"));
        int activity = detectedAt != null && detectedAt >= changedMs ? 1 : 2;
        Map<String, Object> f = FindingParts.head(CLASS_UID, "Detection Finding", activity, detection.get("severity_id"),
                changedMs);
        status(f, detection.get("status"));
        f.put("start_time", detection.get("first_seen_time"));
        f.put("end_time", detection.get("last_seen_time"));
        f.put("count", count(detection));
        Map<?, ?> rule = detection.get("rule") instanceof Map<?, ?> r ? r : Map.of();
        f.put("message", rule.get("title"));
        f.put("metadata", FindingParts.metadata(String.valueOf(uid), changedMs, tenant, source, text(detection.get("incident_uid"))));
        Map<?, ?> stored = detection.get("finding_info") instanceof Map<?, ?> i ? i : Map.of();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("uid", uid);
        info.put("title", stored.get("title") != null ? stored.get("title") : rule.get("title"));
        info.put("desc", stored.get("desc"));
        info.put("created_time", detectedAt);
        info.put("modified_time", changedMs);
        info.put("first_seen_time", detection.get("first_seen_time"));
        info.put("last_seen_time", detection.get("last_seen_time"));
        info.put("types", stored.get("types") instanceof List<?> types ? types.stream().map(String::valueOf).toList() : null);
        Map<String, Object> analytic = new LinkedHashMap<>();
        analytic.put("uid", rule.get("uid"));
        analytic.put("name", rule.get("title"));
        analytic.put("type_id", 1);
        analytic.put("type", "Rule");
        info.put("analytic", analytic);
        if (detection.get("event_uids") instanceof List<?> events) {
            info.put("related_events", events.stream().map(e -> Map.of("uid", String.valueOf(e))).toList());
        }
        // OCSF 1.1.0 gives a Detection Finding its attacks in finding_info (a top-level one only with the
        // security_control profile, which this service is not)
        info.put("attacks", FindingParts.attacks(detection.get("attacks")));
        f.put("finding_info", info);
        f.put("observables", FindingParts.observables(detection.get("entities")));
        return f;
    }

    /** A stored status that is an OCSF caption keeps its id; none is New; any other text is Other (99) as given. */
    private static void status(Map<String, Object> f, Object stored) {
        String text = stored == null ? "New" : stored.toString();
        int i = STATUS.stream().map(s -> s.replace(" ", "").toLowerCase()).toList()
                .indexOf(text.replaceAll("[\\s_-]", "").toLowerCase());
        f.put("status_id", i >= 0 ? i + 1 : 99);
        f.put("status", i >= 0 ? STATUS.get(i) : text);
    }

    /** The matches a correlation window or a suppressed rule's detection stands for. */
    private static Object count(Map<String, Object> detection) {
        for (String key : new String[] {"correlation", "suppression"}) {
            if (detection.get(key) instanceof Map<?, ?> m && m.get("count") instanceof Number n) {
                return n.longValue() <= Integer.MAX_VALUE ? n.intValue() : Integer.MAX_VALUE;
            }
        }
        return null;
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }
}
