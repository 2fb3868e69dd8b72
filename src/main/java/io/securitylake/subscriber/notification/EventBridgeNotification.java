package io.securitylake.subscriber.notification;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The EventBridge S3 event that Security Lake sends to subscribers, with the full envelope
 * ({@code detail-type}, {@code id}, ...) or with only {@code source}, {@code time} and {@code detail}
 * as in Security Lake's documented sample. Keys in this shape are literal, not URL-encoded.
 */
final class EventBridgeNotification {

    static final String OBJECT_CREATED = "Object Created";

    private EventBridgeNotification() {
    }

    static boolean matches(JsonNode message) {
        return message.has("detail");
    }

    /** One object for "Object Created" (or no detail-type at all); none for any other detail-type. */
    static List<LakeObject> read(JsonNode message) {
        JsonNode detailType = message.get("detail-type");
        if (detailType != null && !detailType.isNull()) {
            if (!detailType.isTextual()) {
                throw new UnreadableNotificationException("EventBridge detail-type is not a string");
            }
            if (!OBJECT_CREATED.equals(detailType.textValue())) {
                return List.of();
            }
        }
        JsonNode detail = message.get("detail");
        if (!detail.isObject()) {
            throw new UnreadableNotificationException("EventBridge detail is not a JSON object");
        }
        String bucket = JsonFields.requiredText(detail, "EventBridge detail", "bucket", "name");
        String key = JsonFields.requiredText(detail, "EventBridge detail", "object", "key");
        return List.of(new LakeObject(bucket, key,
                JsonFields.wholeNumber(detail, "object", "size"),
                JsonFields.text(detail, "object", "etag"),
                JsonFields.instant(message, "time")));
    }
}
