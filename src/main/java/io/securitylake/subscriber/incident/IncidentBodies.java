package io.securitylake.subscriber.incident;

import io.securitylake.subscriber.detect.DetectionTable;
import io.securitylake.subscriber.detect.DetectionTable.OfIncident;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An incident as the API (and an alert) shows it: an OCSF Incident Finding (class 2005) with the detections it
 * holds as {@code finding_info_list}, plus {@code uid}, {@code detection_count}, {@code entities},
 * {@code detection_uids} and {@code version}; one incident alone also carries its notes and history.
 */
@Component
public class IncidentBodies {

    private static final Map<Integer, String> SEVERITY = Map.of(0, "Unknown", 1, "Informational", 2, "Low",
            3, "Medium", 4, "High", 5, "Critical", 6, "Fatal", 99, "Other");
    private static final Map<Integer, String> PRIORITY = Map.of(0, "Unknown", 1, "Low", 2, "Medium", 3, "High",
            4, "Critical", 99, "Other");

    private final IncidentTable incidents;
    private final DetectionTable detections;

    /** OCSF Incident Finding's verdict_id (OCSF 1.1 and later). */
    public static final Map<Integer, String> VERDICTS = Map.ofEntries(Map.entry(0, "Unknown"),
            Map.entry(1, "False Positive"), Map.entry(2, "True Positive"), Map.entry(3, "Disregard"),
            Map.entry(4, "Suspicious"), Map.entry(5, "Benign"), Map.entry(6, "Test"), Map.entry(7, "Insufficient Data"),
            Map.entry(8, "Security Risk"), Map.entry(9, "Managed Externally"), Map.entry(10, "Duplicate"),
            Map.entry(99, "Other"));

    IncidentBodies(IncidentTable incidents, DetectionTable detections) {
        this.incidents = incidents;
        this.detections = detections;
    }

    /** One incident with its notes and history, or empty. */
    public Optional<Map<String, Object>> full(JdbcTemplate jdbc, String uid) {
        return incidents.find(jdbc, uid, false).map(i -> {
            Map<String, Object> body = bodies(jdbc, List.of(i)).get(0);
            body.put("notes", incidents.notes(jdbc, uid).stream().map(n -> {
                Map<String, Object> note = new LinkedHashMap<>();
                note.put("author", n.author());
                note.put("time", n.timeMs());
                note.put("text", n.text());
                return note;
            }).toList());
            body.put("history", incidents.history(jdbc, uid).stream().map(c -> {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("version", c.version());
                change.put("actor", c.actor());
                change.put("time", c.timeMs());
                change.put("field", c.field());
                change.put("from", c.from());
                change.put("to", c.to());
                return change;
            }).toList());
            return body;
        });
    }

    /** The incidents' bodies without notes and history, in the given order. */
    public List<Map<String, Object>> bodies(JdbcTemplate jdbc, List<Incident> list) {
        Map<String, List<OfIncident>> held = list.isEmpty() ? Map.of() : detections.ofIncidents(jdbc,
                list.stream().map(Incident::uid).toList()).stream().collect(Collectors.groupingBy(OfIncident::incidentUid));
        Map<String, Integer> verdicts = list.isEmpty() ? Map.of()
                : incidents.verdicts(jdbc, list.stream().map(Incident::uid).toList());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Incident i : list) {
            Map<String, Object> b = body(i, held.getOrDefault(i.uid(), List.of()));
            int verdict = verdicts.getOrDefault(i.uid(), 0);
            b.put("verdict_id", verdict);
            b.put("verdict", VERDICTS.getOrDefault(verdict, "Other"));
            out.add(b);
        }
        return out;
    }

    static Map<String, Object> body(Incident i, List<OfIncident> held) {
        int activity = i.status() == IncidentStatus.CLOSED ? 3 : i.version() == 1 ? 1 : 2;
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("uid", i.uid());
        b.put("class_uid", 2005);
        b.put("class_name", "Incident Finding");
        b.put("category_uid", 2);
        b.put("category_name", "Findings");
        b.put("activity_id", activity);
        b.put("activity_name", activity == 1 ? "Create" : activity == 2 ? "Update" : "Close");
        b.put("type_uid", 200500 + activity);
        b.put("time", i.modifiedMs());
        b.put("desc", i.title());
        b.put("status_id", i.status().id());
        b.put("status", i.status().caption());
        b.put("severity_id", i.severityId());
        b.put("severity", SEVERITY.getOrDefault(i.severityId(), "Other"));
        b.put("priority_id", i.priorityId());
        b.put("priority", PRIORITY.getOrDefault(i.priorityId(), "Other"));
        b.put("assignee", i.assignee() == null ? null : Map.of("name", i.assignee()));
        b.put("start_time", i.startMs());
        b.put("end_time", i.endMs());
        b.put("created_time", i.createdMs());
        b.put("modified_time", i.modifiedMs());
        b.put("detection_count", i.detectionCount());
        b.put("entities", i.entities());
        b.put("attacks", i.attacks());
        b.put("detection_uids", held.stream().map(OfIncident::uid).toList());
        b.put("finding_info_list", held.stream().map(IncidentBodies::findingInfo).toList());
        b.put("version", i.version());
        b.put("merged_into", i.mergedInto());
        return b;
    }

    private static Map<String, Object> findingInfo(OfIncident d) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("uid", d.uid());
        info.put("title", d.ruleTitle());
        info.put("analytic", Map.of("uid", d.ruleUid(), "name", d.ruleTitle(), "type_id", 1, "type", "Rule"));
        info.put("severity_id", d.severityId());
        info.put("first_seen_time", d.firstSeenMs());
        info.put("last_seen_time", d.lastSeenMs());
        return info;
    }
}
