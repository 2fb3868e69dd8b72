package io.securitylake.subscriber.notification;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;

/**
 * Small readers of notification fields, and short descriptions of bad input for error messages.
 * Messages never carry a whole body: every piece of input in them is capped.
 */
final class JsonFields {

    static final int SNIPPET_LIMIT = 100;
    private static final int NAME_LIMIT = 10;

    private JsonFields() {
    }

    /** The text at a path of field names, or null when any step is missing, null or not text. */
    static String text(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** The text at a path, which must be present and not blank; {@code what} names it in the message. */
    static String requiredText(JsonNode node, String what, String... path) {
        String value = text(node, path);
        if (value == null || value.isBlank()) {
            throw new UnreadableNotificationException(what + " has no " + String.join(".", path));
        }
        return value;
    }

    /** A whole number (or a text of one), or null: size is informative, not worth refusing a message for. */
    static Long wholeNumber(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return Long.valueOf(value.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** An ISO-8601 time with a zone or offset, or null when absent or unreadable. */
    static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The first top-level field names, each and all of them capped, e.g. {@code [foo, bar]}. */
    static String fieldNames(JsonNode node) {
        StringBuilder names = new StringBuilder("[");
        Iterator<String> it = node.fieldNames();
        int count = 0;
        while (it.hasNext() && count < NAME_LIMIT && names.length() < SNIPPET_LIMIT) {
            names.append(count++ == 0 ? "" : ", ").append(snippet(it.next(), 30));
        }
        if (it.hasNext()) {
            names.append(", ...");
        }
        return names.append(']').toString();
    }

    /** The start of a text, printable, at most {@code limit} characters plus an ellipsis. */
    static String snippet(String text, int limit) {
        String start = text.length() > limit ? text.substring(0, limit) + "..." : text;
        return start.replaceAll("\\p{Cntrl}", " ");
    }

    private static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(field);
        }
        return current == null || current.isNull() ? null : current;
    }
}
