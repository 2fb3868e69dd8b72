package io.securitylake.subscriber.ocsf;

import static io.securitylake.subscriber.ocsf.EventFields.intValue;

import java.util.Map;
import java.util.Optional;

/**
 * Reads an event's OCSF ids, derives {@code category_uid} and {@code type_uid} where absent, and fills
 * {@code class_name}, {@code category_name}, {@code severity}, {@code activity_name} and {@code type_name}
 * only where the producer left them out: what a producer wrote is evidence and is never overwritten.
 */
final class NameEnricher {

    /** The ids that queries filter on; null where the event has none. */
    record Ids(Integer classUid, Integer categoryUid, Integer severityId) {
    }

    private final OcsfCatalog catalog;

    NameEnricher(OcsfCatalog catalog) {
        this.catalog = catalog;
    }

    Ids enrich(Map<String, Object> event, String version) {
        Integer classUid = intValue(event.get("class_uid"));
        Integer categoryUid = intValue(event.get("category_uid"));
        Integer severityId = intValue(event.get("severity_id"));
        Integer activityId = intValue(event.get("activity_id"));
        Integer typeUid = intValue(event.get("type_uid"));

        if (categoryUid == null && classUid != null) {
            categoryUid = classUid / 1000;
            addIfAbsent(event, "category_uid", categoryUid);
        }
        if (typeUid == null && classUid != null && activityId != null) {
            typeUid = classUid * 100 + activityId;
            addIfAbsent(event, "type_uid", (long) typeUid); // OCSF types type_uid as long
        }

        if (classUid != null && absent(event, "class_name")) {
            put(event, "class_name", catalog.className(version, classUid));
        }
        if (categoryUid != null && absent(event, "category_name")) {
            put(event, "category_name", catalog.categoryName(version, categoryUid));
        }
        if (severityId != null && absent(event, "severity")) {
            put(event, "severity", catalog.severityName(version, severityId));
        }
        if (classUid != null && activityId != null && absent(event, "activity_name")) {
            put(event, "activity_name", catalog.activityName(version, classUid, activityId));
        }
        if (typeUid != null && absent(event, "type_name")) {
            // the producer's type_uid names the type, even where it disagrees with class_uid/activity_id
            put(event, "type_name", catalog.typeName(version, typeUid / 100, typeUid % 100));
        }
        return new Ids(classUid, categoryUid, severityId);
    }

    private static boolean absent(Map<String, Object> event, String field) {
        return event.get(field) == null;
    }

    private static void addIfAbsent(Map<String, Object> event, String field, Object value) {
        if (absent(event, field)) {
            event.put(field, value);
        }
    }

    private static void put(Map<String, Object> event, String field, Optional<String> name) {
        name.ifPresent(n -> event.put(field, n));
    }
}
