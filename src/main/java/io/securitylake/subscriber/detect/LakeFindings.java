package io.securitylake.subscriber.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A finding that arrives from the lake is a detection of rule {@code lake-finding}, keyed by its finding uid
 * ({@code finding_info.uid} in OCSF 1.1+, {@code finding.uid} in 1.0): a later event of the same finding (a new
 * status, a new last-seen time) updates that detection rather than adding one.
 */
final class LakeFindings {

    /** Security Finding, Vulnerability, Compliance, Detection Finding, Data Security (category 2, Findings). */
    static final Set<Integer> CLASSES = Set.of(2001, 2002, 2003, 2004, 2006);

    private LakeFindings() {
    }

    static boolean isFinding(Map<String, Object> event) {
        return event.get("class_uid") instanceof Integer c && CLASSES.contains(c);
    }

    static Detection detection(Map<String, Object> event, String eventUid, long timeMs, Integer severityId) {
        Map<String, Object> info = info(event);
        String findingUid = text(info.get("uid"), eventUid);
        String title = text(info.get("title"), text(event.get("class_name"), "Finding"));
        long firstSeen = millis(info.get("first_seen_time"), millis(info.get("created_time"), timeMs));
        long lastSeen = millis(info.get("last_seen_time"), millis(info.get("modified_time"), timeMs));
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, Object> findingInfo = new LinkedHashMap<>();
        findingInfo.put("uid", findingUid);
        findingInfo.put("title", title);
        if (info.get("desc") != null) {
            findingInfo.put("desc", info.get("desc"));
        }
        if (info.get("types") != null) {
            findingInfo.put("types", info.get("types"));
        }
        details.put("finding_info", findingInfo);
        details.put("source_class_uid", event.get("class_uid"));
        if (event.get("metadata") instanceof Map<?, ?> metadata && metadata.get("product") instanceof Map<?, ?> product) {
            details.put("product", product.get("name"));
        }
        return new Detection(Detection.uidOf(Detection.LAKE_FINDING, findingUid), timeMs,
                severityId == null ? 0 : severityId, Detection.LAKE_FINDING, title, List.of(eventUid),
                Entities.of(event), attacks(event, info), firstSeen, lastSeen, status(event), details);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(Map<String, Object> event) {
        if (event.get("finding_info") instanceof Map<?, ?> info) {
            return (Map<String, Object>) info;
        }
        if (event.get("finding") instanceof Map<?, ?> finding) {
            return (Map<String, Object>) finding;
        }
        return Map.of();
    }

    /** ATT&CK technique uids and tactic names, from the finding's attacks (1.1+) or the event's (1.0). */
    private static List<String> attacks(Map<String, Object> event, Map<String, Object> info) {
        List<String> out = new ArrayList<>();
        for (Object source : new Object[] {info.get("attacks"), event.get("attacks")}) {
            for (Object v : OcsfPaths.values(source, new String[] {"technique", "uid"})) {
                add(out, v.toString().toLowerCase());
            }
            for (Object v : OcsfPaths.values(source, new String[] {"tactic", "name"})) {
                add(out, v.toString().toLowerCase().replace(' ', '_'));
            }
        }
        return out;
    }

    private static void add(List<String> out, String value) {
        if (!out.contains(value)) {
            out.add(value);
        }
    }

    private static String status(Map<String, Object> event) {
        Object status = event.get("status") != null ? event.get("status") : event.get("state");
        return status == null ? null : status.toString();
    }

    private static String text(Object value, String otherwise) {
        return value == null || value.toString().isBlank() ? otherwise : value.toString();
    }

    private static long millis(Object value, long otherwise) {
        return value instanceof Number n ? n.longValue() : otherwise;
    }
}
