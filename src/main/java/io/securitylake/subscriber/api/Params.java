package io.securitylake.subscriber.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, range-checked reading of query parameters. Every refusal is a 400 whose detail names the parameter
 * and quotes at most a short, printable prefix of the value (never echoing a huge or odd input whole).
 */
public final class Params {

    static final int MAX_VALUE_LENGTH = 512;
    private static final Pattern EPOCH_MS = Pattern.compile("-?[0-9]{1,15}");
    private static final Pattern INT = Pattern.compile("-?[0-9]{1,9}");
    private static final Instant MIN_TIME = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59Z");

    private final Map<String, String[]> raw;

    Params(Map<String, String[]> raw) {
        this.raw = raw;
    }

    /** The single value of a parameter; repeated or empty is a bad request. */
    public Optional<String> one(String name) {
        String[] values = raw.get(name);
        if (values == null) {
            return Optional.empty();
        }
        if (values.length != 1) {
            throw bad(name, "is given more than once");
        }
        return Optional.of(checked(name, values[0]));
    }

    /** Every value of a repeatable parameter (also comma-separated). */
    List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String value : raw.getOrDefault(name, new String[0])) {
            for (String part : checked(name, value).split(",", -1)) {
                out.add(checked(name, part.trim()));
            }
        }
        return out;
    }

    public Optional<Integer> integer(String name, int min, int max) {
        return one(name).map(v -> toInt(name, v, min, max));
    }

    public List<Integer> integers(String name, int min, int max, int maxCount) {
        List<String> values = all(name);
        if (values.size() > maxCount) {
            throw bad(name, "takes at most " + maxCount + " values");
        }
        return values.stream().map(v -> toInt(name, v, min, max)).distinct().toList();
    }

    /** ISO-8601 instant (with offset), a date (midnight UTC), or epoch milliseconds. */
    public Optional<Instant> time(String name) {
        return one(name).map(v -> toTime(name, v));
    }

    /** A time range of a listing: {@code from} and {@code to}, each optional; both given, {@code from} comes first. */
    public record Range(Instant from, Instant to) {

        /** The range as a cursor's filters name it: {@code from=<µs>\nto=<µs>}, empty where open. */
        public String canonical() {
            return "from=" + (from == null ? "" : Cursors.toMicros(from))
                    + "\nto=" + (to == null ? "" : Cursors.toMicros(to));
        }
    }

    /** The request's {@code from} and {@code to} (ISO-8601 or epoch ms), each optional; 400 when both and out of order. */
    public Range range() {
        Instant from = time("from").orElse(null);
        Instant to = time("to").orElse(null);
        if (from != null && to != null && !from.isBefore(to)) {
            throw bad("from", "must be before 'to'");
        }
        return new Range(from, to);
    }

    public Optional<String> matching(String name, Pattern pattern, String expected) {
        return one(name).map(v -> {
            if (!pattern.matcher(v).matches()) {
                throw bad(name, "must be " + expected + ", not " + quote(v));
            }
            return v;
        });
    }

    public Optional<String> oneOf(String name, Set<String> allowed) {
        return one(name).map(v -> {
            if (!allowed.contains(v)) {
                throw bad(name, "must be one of " + allowed.stream().sorted().toList() + ", not " + quote(v));
            }
            return v;
        });
    }

    private static int toInt(String name, String v, int min, int max) {
        if (!INT.matcher(v).matches()) {
            throw bad(name, "must be an integer, not " + quote(v));
        }
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            throw bad(name, "must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }

    private static Instant toTime(String name, String v) {
        Instant t;
        try {
            if (EPOCH_MS.matcher(v).matches()) {
                t = Instant.ofEpochMilli(Long.parseLong(v));
            } else if (v.length() == 10) {
                t = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                t = OffsetDateTime.parse(v).toInstant();
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw bad(name, "must be ISO-8601 (2026-01-31T12:00:00Z) or epoch milliseconds, not " + quote(v));
        }
        if (t.isBefore(MIN_TIME) || t.isAfter(MAX_TIME)) {
            throw bad(name, "must be between 1970 and 9999, not " + quote(v));
        }
        return t;
    }

    private static String checked(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw bad(name, "must not be empty");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw bad(name, "is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        return value;
    }

    public static ApiProblem bad(String name, String why) {
        return ApiProblem.badRequest("parameter " + quote(name) + " " + why);
    }

    /** A short printable rendering of client input for an error detail. */
    public static String quote(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        StringBuilder sb = new StringBuilder("'");
        shown.codePoints().forEach(cp -> sb.append(Character.isISOControl(cp) ? "?" : Character.toString(cp)));
        return sb.append('\'').toString();
    }
}
