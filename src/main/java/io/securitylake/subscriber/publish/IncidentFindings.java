package io.securitylake.subscriber.publish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored incident (its API body, as {@code incident.IncidentBodies} makes it) → an OCSF 1.1.0 Incident Finding
 * (class 2005) in the state it had when it last changed: status, priority, verdict, assignee (or, unassigned, the
 * assignee group {@value #UNASSIGNED}: the class needs one of the two), its detections as {@code finding_info_list}.
 * An incident merged into another holds no detections any more, so it cannot be a valid Incident Finding.
 */
final class IncidentFindings {

    static final int CLASS_UID = 2005;
    static final String UNASSIGNED = "unassigned";

    private IncidentFindings() {
    }

    static Map<String, Object> finding(Map<String, Object> incident, long changedMs, String tenant, String source)
            throws FindingSchema.InvalidFinding {
        Object uid = incident.get("uid");
        int activity = incident.get("activity_id") instanceof Integer a && FindingParts.ACTIVITY.containsKey(a) ? a : 2;
        Map<String, Object> f = FindingParts.head(CLASS_UID, "Incident Finding", activity, incident.get("severity_id"),
                changedMs);
        f.put("status_id", incident.get("status_id"));
        f.put("status", incident.get("status"));
        f.put("start_time", incident.get("start_time"));
        f.put("end_time", incident.get("end_time"));
        f.put("desc", incident.get("desc"));
        f.put("priority_id", incident.get("priority_id"));
        f.put("verdict_id", incident.get("verdict_id"));
        f.put("verdict", incident.get("verdict"));
        if (incident.get("assignee") instanceof Map<?, ?> assignee && assignee.get("name") != null
                && !assignee.get("name").toString().isBlank()) {
            f.put("assignee", Map.of("name", assignee.get("name").toString()));
        } else {
            f.put("assignee_group", Map.of("name", UNASSIGNED));
        }
        f.put("metadata", FindingParts.metadata(String.valueOf(uid), changedMs, tenant, source, String.valueOf(uid)));
        if (incident.get("finding_info_list") instanceof List<?> infos) {
            f.put("finding_info_list", infos.stream().map(i -> info((Map<?, ?>) i)).toList());
        }
        f.put("attacks", FindingParts.attacks(incident.get("attacks")));
        f.put("observables", FindingParts.observables(incident.get("entities")));
        return f;
    }

    private static Map<String, Object> info(Map<?, ?> stored) {
        Map<String, Object> info = new LinkedHashMap<>();
        stored.forEach((k, v) -> info.put(k.toString(), v));
        return info;
    }
}
