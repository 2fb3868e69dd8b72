package io.securitylake.subscriber.ocsf;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** Tolerant reads of event fields: producers write ids as Integer, Long or numeric strings. */
final class EventFields {

    private EventFields() {
    }

    /** The value at a nested path of objects, or null when any step is missing or not an object. */
    static Object at(Map<String, Object> event, String... path) {
        Object current = event;
        for (String step : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    /** An integral number or numeric string that fits an int; anything else is null. */
    static Integer intValue(Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            return n == (int) n ? (int) n : null;
        }
        if (value instanceof String s) {
            try {
                return Integer.valueOf(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (value instanceof Number n) {
            try {
                return new BigDecimal(n.toString()).intValueExact(); // 3001.0 is 3001; 3001.5 is not an id
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    /** A non-blank string, or a number's text (account ids sometimes arrive as numbers); else null. */
    static String text(Object value) {
        if (value instanceof String s) {
            return s.isBlank() ? null : s;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value.toString();
        }
        return null;
    }
}
