package io.securitylake.subscriber.ocsf;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The event time in epoch milliseconds, whatever unit or form the producer wrote, and where it came from.
 *
 * @param epochMs  the time to store in {@code time}
 * @param source   null when {@code time} itself was usable, else "time_dt", "event_day" or "ingested_at"
 * @param original the producer's {@code time} when it was changed or unusable (null when kept as is or absent)
 */
record EventTime(long epochMs, String source, Object original) {

    private static final long SECONDS_BELOW = 100_000_000_000L;            // year 5138 in seconds, 1973 in ms
    private static final long MICROS_ABOVE = 100_000_000_000_000L;         // 1973 in micros, year 5138 in ms
    private static final long NANOS_ABOVE = 100_000_000_000_000_000L;      // 1973 in nanos
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?\\d*\\.?\\d+(?:[eE][-+]?\\d+)?");

    static EventTime resolve(Object time, Object timeDt, String eventDay, Instant ingestedAt) {
        Long ms = toMillis(time);
        if (ms != null) {
            boolean unchanged = time instanceof Long l && l == ms.longValue();
            return new EventTime(ms, null, unchanged ? null : time);
        }
        Long fallback = toMillis(timeDt);
        if (fallback != null) {
            return new EventTime(fallback, "time_dt", time);
        }
        fallback = eventDay(eventDay);
        if (fallback != null) {
            return new EventTime(fallback, "event_day", time);
        }
        return new EventTime(ingestedAt.toEpochMilli(), "ingested_at", time);
    }

    /** Epoch ms from a number in s/ms/µs/ns, a numeric or RFC 3339 string, or a date-time object; else null. */
    static Long toMillis(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return fromLong(((Number) value).longValue());
        } else if (value instanceof String s) {
            return fromText(s.trim());
        } else if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? fromLong(big.longValue()) : null;
        } else if (value instanceof Number n) {
            return fromDouble(n.doubleValue());
        } else if (value instanceof Instant i) {
            return i.toEpochMilli();
        } else if (value instanceof OffsetDateTime t) {
            return t.toInstant().toEpochMilli();
        } else if (value instanceof ZonedDateTime t) {
            return t.toInstant().toEpochMilli();
        } else if (value instanceof Date d) {
            return d.getTime();
        }
        return null;
    }

    private static Long fromLong(long n) {
        if (n < SECONDS_BELOW) {
            return n > Long.MIN_VALUE / 1000 ? n * 1000 : null;
        } else if (n > NANOS_ABOVE) {
            return n / 1_000_000;
        } else if (n > MICROS_ABOVE) {
            return n / 1000;
        }
        return n;
    }

    private static Long fromDouble(double d) {
        double ms = d < SECONDS_BELOW ? d * 1000 : d > NANOS_ABOVE ? d / 1e6 : d > MICROS_ABOVE ? d / 1e3 : d;
        return Double.isFinite(ms) && Math.abs(ms) < 9e18 ? (long) Math.floor(ms) : null;
    }

    private static Long fromText(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (INTEGER.matcher(s).matches()) {
            try {
                return fromLong(Long.parseLong(s));
            } catch (NumberFormatException tooBig) {
                return null;
            }
        }
        if (DECIMAL.matcher(s).matches()) {
            return fromDouble(Double.parseDouble(s));
        }
        return s.length() >= 10 && Character.isDigit(s.charAt(0)) ? fromIso(s) : null;
    }

    /** RFC 3339 (space or 't' separator, 'z' allowed); without an offset the time is taken as UTC. */
    private static Long fromIso(String s) {
        String iso = s.toUpperCase(Locale.ROOT);
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeParseException notDate) {
                    return null;
                }
            }
        }
    }

    /** Start of a Security Lake {@code eventDay=YYYYMMDD} partition, UTC. */
    private static Long eventDay(String day) {
        if (day == null || day.length() != 8) {
            return null;
        }
        try {
            return LocalDate.parse(day, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC)
                    .toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
