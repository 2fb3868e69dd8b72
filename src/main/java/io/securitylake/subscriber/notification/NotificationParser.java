package io.securitylake.subscriber.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.List;

/**
 * Reads every SQS body shape that announces Security Lake objects into {@link LakeObject}s:
 * EventBridge "Object Created" (with or without envelope), S3 {@code Records[]}, either wrapped by SNS.
 * An {@code s3:TestEvent}, another EventBridge detail-type or a non-created S3 record yields no object;
 * any other body is an {@link UnreadableNotificationException}. Thread-safe: one immutable reader.
 */
public class NotificationParser {

    private static final String EXPECTED =
            "expected an EventBridge 'detail', S3 'Records', SNS 'Message' or s3:TestEvent";

    private final ObjectReader reader;

    public NotificationParser() {
        this(new ObjectMapper());
    }

    public NotificationParser(ObjectMapper mapper) {
        // A reader of its own, so that a shared mapper's settings are neither changed nor relied upon.
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public List<LakeObject> parse(String body) {
        JsonNode message = readObject(body, "Notification body");
        if (SnsEnvelope.matches(message)) {
            JsonNode inner = readObject(SnsEnvelope.message(message), "SNS Message");
            return readShape(inner, "SNS Message");
        }
        return readShape(message, "Notification body");
    }

    private List<LakeObject> readShape(JsonNode message, String what) {
        if (S3RecordsNotification.matches(message)) {
            return S3RecordsNotification.read(message);
        }
        if (EventBridgeNotification.matches(message)) {
            return EventBridgeNotification.read(message);
        }
        if (isTestEvent(message)) {
            return List.of();
        }
        throw new UnreadableNotificationException(
                what + " is of no known shape: " + EXPECTED + "; found fields " + JsonFields.fieldNames(message));
    }

    private static boolean isTestEvent(JsonNode message) {
        return "s3:TestEvent".equals(JsonFields.text(message, "Event"));
    }

    private JsonNode readObject(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new UnreadableNotificationException(what + " is empty: " + EXPECTED);
        }
        JsonNode node;
        try {
            node = reader.readTree(text);
        } catch (StreamConstraintsException e) {
            // Nesting depth, name or number length beyond Jackson's limits: say which, not "not JSON".
            throw new UnreadableNotificationException(what + " is beyond the JSON reader's limits: "
                    + JsonFields.snippet(String.valueOf(e.getOriginalMessage()), JsonFields.SNIPPET_LIMIT), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new UnreadableNotificationException(what + " is not JSON" + where + ": " + EXPECTED
                    + "; it starts with '" + JsonFields.snippet(text.strip(), JsonFields.SNIPPET_LIMIT) + "'", e);
        }
        if (node == null || !node.isObject()) {
            String found = node == null ? "nothing" : node.getNodeType().name().toLowerCase();
            throw new UnreadableNotificationException(what + " is JSON " + found + ", not an object: " + EXPECTED);
        }
        return node;
    }
}
