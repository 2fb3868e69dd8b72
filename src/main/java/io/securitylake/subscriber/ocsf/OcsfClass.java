package io.securitylake.subscriber.ocsf;

import java.util.Map;

/**
 * One OCSF event class as one schema version defines it.
 *
 * @param uid        {@code class_uid}
 * @param name       the schema's stable name, e.g. {@code api_activity}; the same name across versions means the same class
 * @param caption    the display name that fills {@code class_name}
 * @param activities {@code activity_id} → caption, as listed by that version (may be empty)
 */
record OcsfClass(int uid, String name, String caption, Map<Integer, String> activities) {

    /** OCSF numbers classes as {@code category_uid * 1000 + n}. */
    int categoryUid() {
        return uid / 1000;
    }
}
