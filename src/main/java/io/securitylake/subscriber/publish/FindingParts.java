package io.securitylake.subscriber.publish;

import io.securitylake.subscriber.detect.Entities.Entity;
import io.securitylake.subscriber.detect.LakeFindings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What both published classes share: the metadata naming this service as product, severity captions, ATT&CK objects
 * from the stored technique uids and tactic names, and observables from the entities.
 */
final class FindingParts {

    static final Map<Integer, String> SEVERITY = Map.of(0, "Unknown", 1, "Informational", 2, "Low", 3, "Medium",
            4, "High", 5, "Critical", 6, "Fatal", 99, "Other");
    static final Map<Integer, String> ACTIVITY = Map.of(1, "Create", 2, "Update", 3, "Close");
    /** OCSF 1.1.0 observable type_id of each entity type (account has none of its own: Other). */
    private static final Map<String, Object[]> OBSERVABLE = Map.of("host", new Object[] {1, "Hostname"},
            "ip", new Object[] {2, "IP Address"}, "user", new Object[] {4, "User Name"},
            "resource", new Object[] {10, "Resource UID"}, "account", new Object[] {99, "Other"});

    private FindingParts() {
    }

    /** The class, category, activity, type and severity attributes, checked against their enums. */
    static Map<String, Object> head(int classUid, String className, int activityId, Object severityId, long timeMs)
            throws FindingSchema.InvalidFinding {
        if (!(severityId instanceof Integer severity) || !SEVERITY.containsKey(severity)) {
            throw new FindingSchema.InvalidFinding("severity_id " + severityId + " is not an OCSF severity");
        }
        if (timeMs <= 0) {
            throw new FindingSchema.InvalidFinding("time " + timeMs + " is not an epoch time");
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("activity_id", activityId);
        f.put("activity_name", ACTIVITY.get(activityId));
        f.put("category_uid", 2);
        f.put("category_name", "Findings");
        f.put("class_uid", classUid);
        f.put("class_name", className);
        f.put("type_uid", classUid * 100L + activityId);
        f.put("type_name", className + ": " + ACTIVITY.get(activityId));
        f.put("severity_id", severity);
        f.put("severity", SEVERITY.get(severity));
        f.put("time", timeMs);
        return f;
    }

    /**
     * The metadata of a published record: its uid is the finding's uid and the time of the state it carries, so a
     * rewrite of the same window gives the same uid and a consumer keeps the newest state of each finding.
     */
    static Map<String, Object> metadata(String findingUid, long changedMs, String tenant, String source,
                                        String correlationUid) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("name", LakeFindings.OWN_PRODUCT);
        product.put("vendor_name", LakeFindings.OWN_PRODUCT);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", FindingSchema.OCSF_VERSION);
        m.put("uid", findingUid + "-" + changedMs);
        m.put("product", product);
        m.put("logged_time", changedMs);
        m.put("modified_time", changedMs);
        m.put("correlation_uid", correlationUid);
        m.put("tenant_uid", tenant);
        m.put("log_name", source);
        return m;
    }

    /** Technique uids ({@code t1078}, {@code t1078.004}) and tactic names ({@code initial_access}) as OCSF attacks. */
    static List<Map<String, Object>> attacks(Object stored) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (stored instanceof List<?> list) {
            for (Object a : list) {
                String s = String.valueOf(a);
                if (s.matches("(?i)t\\d{4}(\\.\\d{3})?")) {
                    out.add(Map.of("technique", Map.of("uid", s.toUpperCase(Locale.ROOT))));
                } else if (!s.isBlank()) {
                    out.add(Map.of("tactic", Map.of("name", caption(s))));
                }
            }
        }
        return out;
    }

    /** The entities ({@code {"type", "value"}} as stored JSON, or {@link Entity} as an incident holds them) as OCSF observables. */
    static List<Map<String, Object>> observables(Object entities) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (entities instanceof List<?> list) {
            for (Object e : list) {
                Object name = e instanceof Entity entity ? entity.type() : e instanceof Map<?, ?> entity ? entity.get("type") : null;
                Object value = e instanceof Entity entity ? entity.value() : e instanceof Map<?, ?> entity ? entity.get("value") : null;
                if (name != null && value != null) {
                    Object[] type = OBSERVABLE.getOrDefault(name.toString(), new Object[] {99, "Other"});
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("name", name.toString());
                    o.put("type_id", type[0]);
                    o.put("type", type[1]);
                    o.put("value", value.toString());
                    out.add(o);
                }
            }
        }
        return out;
    }

    private static String caption(String tactic) {
        StringBuilder b = new StringBuilder();
        for (String word : tactic.split("[_\\s]+")) {
            if (!word.isEmpty()) {
                b.append(b.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return b.toString();
    }

    static Long millis(Object v) {
        return v instanceof Number n ? n.longValue() : null;
    }
}
