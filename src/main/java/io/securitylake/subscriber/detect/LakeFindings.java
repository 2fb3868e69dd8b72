package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.sigma.OcsfPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A finding that arrives from the lake is a detection of rule {@code lake-finding}, keyed by its finding uid
 * ({@code finding_info.uid} in OCSF 1.1+, {@code finding.uid} in 1.0): a later event of the same finding (a new
 * status, a new last-seen time) updates that detection rather than adding one. Another tool's Incident Finding
 * (2005, which has no {@code finding_info}) is one too, keyed by {@code metadata.correlation_uid} where it has one,
 * titled by its {@code desc}; it joins incidents by its entities as any detection does. A finding or incident
 * this service published itself (product {@value #OWN_PRODUCT}) is never read back as a detection.
 */
public final class LakeFindings {

    /** Security Finding, Vulnerability, Compliance, Detection Finding, Incident, Data Security (category 2). */
    static final Set<Integer> CLASSES = Set.of(2001, 2002, 2003, 2004, 2005, 2006);
    static final int INCIDENT_FINDING = 2005;
    /** The {@code metadata.product.name} of what this service writes to the lake itself. */
    public static final String OWN_PRODUCT = "Security Lake Subscriber";

    private LakeFindings() {
    }

    static boolean isFinding(Map<String, Object> event) {
        return event.get("class_uid") instanceof Integer c && CLASSES.contains(c) && !isOwn(event);
    }

    /** Whether this service wrote the event itself (a finding or incident it published to the lake). */
    public static boolean isOwn(Map<String, Object> event) {
        return event.get("metadata") instanceof Map<?, ?> metadata && metadata.get("product") instanceof Map<?, ?> product
                && OWN_PRODUCT.equals(product.get("name"));
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
        if (event.get("class_uid") instanceof Integer c && c == INCIDENT_FINDING) {
            Map<String, Object> incident = new LinkedHashMap<>();
            if (event.get("metadata") instanceof Map<?, ?> metadata && metadata.get("correlation_uid") != null) {
                incident.put("uid", metadata.get("correlation_uid"));
            }
            if (event.get("desc") != null) {
                incident.put("title", event.get("desc"));
            }
            incident.put("first_seen_time", event.get("start_time"));
            incident.put("last_seen_time", event.get("end_time") != null ? event.get("end_time") : event.get("modified_time"));
            return incident;
        }
        return Map.of();
    }

    /**
     * ATT&CK technique uids and tactic names, from the finding's attacks (1.1+) or the event's (1.0), the tactic
     * as {@code tactic} (1.1+) or as the list {@code tactics} (1.0).
     */
    private static List<String> attacks(Map<String, Object> event, Map<String, Object> info) {
        List<String> out = new ArrayList<>();
        for (Object source : new Object[] {info.get("attacks"), event.get("attacks")}) {
            for (Object v : OcsfPaths.values(source, new String[] {"technique", "uid"})) {
                add(out, v.toString().toLowerCase());
            }
            for (String[] tactic : new String[][] {{"tactic", "name"}, {"tactics", "name"}}) {
                for (Object v : OcsfPaths.values(source, tactic)) {
                    add(out, v.toString().toLowerCase().replace(' ', '_'));
                }
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
