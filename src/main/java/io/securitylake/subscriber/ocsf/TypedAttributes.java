package io.securitylake.subscriber.ocsf;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Gives every integer, long and timestamp attribute of an event, at any depth, one Java type whatever the writer:
 * INT32, INT64, unsigned, decimal and double columns and numeric strings alike become {@link Integer} (integer_t)
 * or {@link Long} (long_t); {@code *_time} attributes become epoch milliseconds from seconds, milliseconds,
 * microseconds, nanoseconds or RFC 3339 text, as {@code time} does ({@link EventTime}), and a {@code *_time_dt}
 * written as a number becomes RFC 3339 text. A value that cannot be one is kept as written and its path reported.
 * Free-form attributes ({@code unmapped}, json_t) are the producer's and left alone; the top-level {@code time} is
 * {@link EventTime}'s. Stateless apart from the immutable types, so one instance serves all threads.
 */
final class TypedAttributes {

    /** What an event's walk changed or could not change; null members when nothing. */
    record Outcome(List<String> keptAsWritten, Map<String, Object> timesOriginal) {
    }

    private static final Object KEEP = new Object();

    private final AttributeTypes types;

    TypedAttributes(AttributeTypes types) {
        this.types = types;
    }

    Outcome apply(Map<String, Object> event) {
        Walk walk = new Walk();
        walk.object(event, "", true);
        return new Outcome(walk.keptAsWritten, walk.timesOriginal);
    }

    private static String at(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private final class Walk {

        private List<String> keptAsWritten;
        private Map<String, Object> timesOriginal;

        @SuppressWarnings("unchecked")
        void object(Map<String, Object> object, String path, boolean top) {
            for (Map.Entry<String, Object> entry : object.entrySet()) {
                String name = entry.getKey();
                Object value = entry.getValue();
                if (value == null || top && (name.equals("time") || name.equals("_lake"))) {
                    continue;
                }
                boolean dateTime = name.endsWith("_time_dt");
                AttributeTypes.Kind kind = dateTime ? null : types.of(name);
                if (kind == AttributeTypes.Kind.FREE_FORM) {
                    continue;
                }
                // the path is built only where it is needed: for a value kept or changed, or to descend
                if (dateTime) {
                    entry.setValue(scalar(value, path, name, this::dateTime, true));
                } else if (kind == AttributeTypes.Kind.INTEGER) {
                    entry.setValue(scalar(value, path, name, v -> integer(v, false), false));
                } else if (kind == AttributeTypes.Kind.LONG) {
                    entry.setValue(scalar(value, path, name, v -> integer(v, true), false));
                } else if (kind == AttributeTypes.Kind.TIMESTAMP) {
                    entry.setValue(scalar(value, path, name, this::millis, true));
                } else if (value instanceof Map<?, ?> child) {
                    object((Map<String, Object>) child, at(path, name), false);
                } else if (value instanceof List<?> items) {
                    String itemPath = null;
                    for (Object item : items) {
                        if (item instanceof Map<?, ?> child) {
                            if (itemPath == null) {
                                itemPath = at(path, name) + "[]";
                            }
                            object((Map<String, Object>) child, itemPath, false);
                        }
                    }
                }
            }
        }

        /**
         * The value converted, or each item of a list of them; what cannot be converted is kept and reported. A time
         * that changed keeps its original in {@link Outcome#timesOriginal}.
         */
        @SuppressWarnings("unchecked")
        private Object scalar(Object value, String path, String name, Function<Object, Object> convert,
                              boolean isTime) {
            if (value instanceof List<?> items) {
                ListIterator<Object> each = ((List<Object>) items).listIterator();
                while (each.hasNext()) {
                    Object item = each.next();
                    if (item != null) {
                        each.set(scalar(item, path, name + "[]", convert, isTime));
                    }
                }
                return value;
            }
            Object converted = convert.apply(value);
            if (converted != KEEP && converted.equals(value) && converted.getClass() == value.getClass()) {
                return value; // already of its type: nothing to record
            }
            String at = at(path, name);
            if (converted == KEEP) {
                if (keptAsWritten == null) {
                    keptAsWritten = new ArrayList<>(2);
                }
                if (!keptAsWritten.contains(at)) {
                    keptAsWritten.add(at);
                }
                return value;
            }
            if (isTime && !converted.equals(value)) {
                if (timesOriginal == null) {
                    timesOriginal = new LinkedHashMap<>(4);
                }
                timesOriginal.putIfAbsent(at, value); // a list's first changed item stands for the list
            }
            return converted;
        }

        private Object millis(Object value) {
            Long ms = EventTime.toMillis(value);
            return ms == null ? KEEP : ms;
        }

        private Object dateTime(Object value) {
            if (value instanceof String) {
                return value;
            }
            Long ms = value instanceof Number ? EventTime.toMillis(value) : null;
            return ms == null ? KEEP : Instant.ofEpochMilli(ms).toString();
        }
    }

    /** An integral value as an Integer (a long one as a Long, or always a Long when {@code wide}); else KEEP. */
    static Object integer(Object value, boolean wide) {
        long n;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            n = ((Number) value).longValue();
        } else if (value instanceof BigInteger big) {
            if (big.bitLength() >= 64) {
                return KEEP;
            }
            n = big.longValue();
        } else if (value instanceof Number || value instanceof String) {
            try {
                n = new BigDecimal(value.toString().trim()).longValueExact(); // 3002.0 is 3002; 3002.5 is not
            } catch (NumberFormatException | ArithmeticException e) {
                return KEEP;
            }
        } else {
            return KEEP;
        }
        return !wide && n == (int) n ? (Object) (int) n : (Object) n;
    }
}
