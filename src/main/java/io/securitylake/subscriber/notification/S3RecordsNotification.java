package io.securitylake.subscriber.notification;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A native S3 event notification, {@code {"Records":[...]}}, as S3 sends it straight to a queue.
 * Only {@code ObjectCreated:*} records become objects. Keys in this shape are URL-encoded
 * ({@code +} for a space, {@code %3D} for {@code =}) and are decoded here.
 */
final class S3RecordsNotification {

    private static final String OBJECT_CREATED = "ObjectCreated:";

    private S3RecordsNotification() {
    }

    static boolean matches(JsonNode message) {
        return message.has("Records");
    }

    static List<LakeObject> read(JsonNode message) {
        JsonNode records = message.get("Records");
        if (!records.isArray()) {
            throw new UnreadableNotificationException("S3 notification Records is not a JSON array");
        }
        List<LakeObject> objects = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            String what = "S3 record " + i;
            if (!record.isObject()) {
                throw new UnreadableNotificationException(what + " is not a JSON object");
            }
            // A record without eventName is malformed, not merely uninteresting.
            String eventName = JsonFields.requiredText(record, what, "eventName");
            if (!eventName.startsWith(OBJECT_CREATED)) {
                continue;
            }
            if (!record.path("s3").isObject()) {
                throw new UnreadableNotificationException(what + " has no s3 object");
            }
            String bucket = JsonFields.requiredText(record, what, "s3", "bucket", "name");
            String key = decode(JsonFields.requiredText(record, what, "s3", "object", "key"), what);
            objects.add(new LakeObject(bucket, key,
                    JsonFields.wholeNumber(record, "s3", "object", "size"),
                    JsonFields.text(record, "s3", "object", "eTag"),
                    JsonFields.instant(record, "eventTime")));
        }
        return objects;
    }

    private static String decode(String key, String what) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnreadableNotificationException(what + " has a key that is not URL-encoded as S3 encodes it: '"
                    + JsonFields.snippet(key, JsonFields.SNIPPET_LIMIT) + "'", e);
        }
    }
}
