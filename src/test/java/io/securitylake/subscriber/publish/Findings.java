package io.securitylake.subscriber.publish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stored detections and incidents as their API bodies carry them, for the tests of what is published. */
final class Findings {

    static final long DETECTED = 1_765_000_000_000L;
    static final long CHANGED = DETECTED + 60_000;

    private Findings() {
    }

    static Map<String, Object> detection(String uid) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("uid", uid);
        d.put("time", DETECTED - 5_000);
        d.put("severity_id", 4);
        d.put("rule", Map.of("uid", "aws-root-login", "title", "Root account console login"));
        d.put("event_uids", List.of("evt-1", "evt-2"));
        d.put("entities", List.of(Map.of("type", "user", "value", "root"), Map.of("type", "ip", "value", "203.0.113.7")));
        d.put("incident_uid", "inc-1");
        d.put("attacks", List.of("t1078", "initial_access"));
        d.put("status", null);
        d.put("first_seen_time", DETECTED - 5_000);
        d.put("last_seen_time", DETECTED - 1_000);
        d.put("detected_at", DETECTED);
        d.put("class_uid", 2004);
        return d;
    }

    static Map<String, Object> incident(String uid, String assignee) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("uid", uid);
        i.put("class_uid", 2005);
        i.put("activity_id", 2);
        i.put("time", CHANGED);
        i.put("desc", "Root account console login (user root)");
        i.put("status_id", 2);
        i.put("status", "In Progress");
        i.put("severity_id", 4);
        i.put("priority_id", 3);
        i.put("priority", "High");
        i.put("assignee", assignee == null ? null : Map.of("name", assignee));
        i.put("start_time", DETECTED - 5_000);
        i.put("end_time", DETECTED - 1_000);
        i.put("entities", List.of(Map.of("type", "user", "value", "root")));
        i.put("attacks", List.of("t1078.004"));
        i.put("finding_info_list", List.of(Map.of("uid", "det-1", "title", "Root account console login",
                "analytic", Map.of("uid", "aws-root-login", "name", "Root account console login", "type_id", 1,
                        "type", "Rule"), "severity_id", 4, "first_seen_time", DETECTED - 5_000,
                "last_seen_time", DETECTED - 1_000)));
        i.put("verdict_id", 2);
        i.put("verdict", "True Positive");
        return i;
    }
}
