package io.securitylake.subscriber.notification;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The envelope SNS puts around a message it delivers to SQS (without raw message delivery):
 * {@code {"Type":"Notification","TopicArn":...,"Message":"<the original body as a string>"}}.
 * Only one level is unwrapped: SNS does not nest itself.
 */
final class SnsEnvelope {

    private SnsEnvelope() {
    }

    static boolean matches(JsonNode message) {
        return "Notification".equals(JsonFields.text(message, "Type")) && message.has("Message");
    }

    /** The wrapped body, which must be a string; it is parsed again by the caller. */
    static String message(JsonNode envelope) {
        JsonNode inner = envelope.get("Message");
        if (!inner.isTextual()) {
            throw new UnreadableNotificationException("SNS notification Message is not a string but JSON "
                    + inner.getNodeType().name().toLowerCase());
        }
        return inner.textValue();
    }
}
