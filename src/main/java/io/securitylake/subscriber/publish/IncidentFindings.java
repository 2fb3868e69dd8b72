package io.securitylake.subscriber.publish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored incident (its API body, as {@code incident.IncidentBodies} makes it) → an OCSF 1.1.0 Incident Finding
 * (class 2005) in the state it had when it last changed: status, priority, verdict, assignee (or, unassigned, the
 * assignee group {@value #UNASSIGNED}: the class needs one of the two), its detections as {@code finding_info_list}.
 * An incident merged into another holds no detections any more (they moved to the survivor): it is published closed
 * (activity Close, status_id 99 with status {@value #MERGED}), its correlation uid and its one finding_info naming the
 * incident it was merged into, itself a finding (class 2005), so a consumer that keeps the latest record per incident
 * learns of the merge and where the detections went.
 */
final class IncidentFindings {

    static final int CLASS_UID = 2005;
    static final String UNASSIGNED = "unassigned";
    static final String MERGED = "Merged";
    static final int CLOSE = 3;
    static final int STATUS_OTHER = 99;

    private IncidentFindings() {
    }

    /**
     * The finding of a stored incident; {@code survivor} is the body of the incident it was merged into (null when it
     * was not merged, or when the survivor is gone: then the merged incident's reference names only its uid).
     */
    static Map<String, Object> finding(Map<String, Object> incident, Map<String, Object> survivor, long changedMs,
                                       String tenant, String source) throws FindingSchema.InvalidFinding {
        Object uid = incident.get("uid");
        Object mergedInto = incident.get("merged_into");
        int activity = mergedInto != null ? CLOSE
                : incident.get("activity_id") instanceof Integer a && FindingParts.ACTIVITY.containsKey(a) ? a : 2;
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
        f.put("metadata", FindingParts.metadata(String.valueOf(uid), changedMs, tenant, source,
                String.valueOf(mergedInto != null ? mergedInto : uid)));
        if (mergedInto != null) {
            f.put("status_id", STATUS_OTHER);
            f.put("status", MERGED);
            f.put("finding_info_list", List.of(mergedInto(String.valueOf(mergedInto), survivor)));
        } else if (incident.get("finding_info_list") instanceof List<?> infos) {
            f.put("finding_info_list", infos); // read as they are: the schema takes what it holds of each
        }
        f.put("attacks", FindingParts.attacks(incident.get("attacks")));
        f.put("observables", FindingParts.observables(incident.get("entities")));
        return f;
    }

    /** The incident a merged one went into, as the one finding it now refers to. */
    private static Map<String, Object> mergedInto(String uid, Map<String, Object> survivor) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("uid", uid);
        Object title = survivor == null ? null : survivor.get("desc");
        info.put("title", title == null || title.toString().isBlank() ? "Incident " + uid : title);
        info.put("desc", "The incident this one was merged into; its detections are there now.");
        info.put("types", List.of("Incident"));
        if (survivor != null) {
            info.put("created_time", survivor.get("created_time"));
            info.put("modified_time", survivor.get("modified_time"));
            info.put("first_seen_time", survivor.get("start_time"));
            info.put("last_seen_time", survivor.get("end_time"));
        }
        return info;
    }
}
