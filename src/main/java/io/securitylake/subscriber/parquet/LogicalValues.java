package io.securitylake.subscriber.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;


/** JSON-ready forms of Parquet timestamps (RFC 3339 UTC, any unit, INT96) and of bytes (base64). */
final class LogicalValues {

    private static final DateTimeFormatter MILLIS = utc("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter MICROS = utc("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final DateTimeFormatter NANOS = utc("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final long FIRST_FAST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    /** Nanoseconds in one unit of a fraction of 0, 1, … 9 digits. */
    private static final long[] FRACTION_NANOS = {1_000_000_000L, 100_000_000L, 10_000_000L, 1_000_000L, 100_000L,
            10_000L, 1_000L, 100L, 10L, 1L};

    private LogicalValues() {
    }

    static String base64(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate(); // reading must not move the record's buffer
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return base64(bytes);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** INT96 (Spark, Impala): nanoseconds of the day then the Julian day, both little-endian. */
    static String int96(byte[] bytes) {
        if (bytes.length != 12) {
            throw new IllegalArgumentException("an INT96 value is 12 bytes, not " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = buffer.getLong();
        long julianDay = Integer.toUnsignedLong(buffer.getInt());
        return nanos(Math.addExact(Math.multiplyExact(julianDay - JULIAN_DAY_OF_EPOCH, NANOS_PER_DAY), nanosOfDay));
    }

    static String millis(long millis) {
        return utc(Math.floorDiv(millis, 1_000L), Math.floorMod(millis, 1_000L), 3, MILLIS);
    }

    static String micros(long micros) {
        return utc(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L), 6, MICROS);
    }

    static String nanos(long nanos) {
        return utc(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L), 9, NANOS);
    }

    /**
     * {@code uuuu-MM-dd'T'HH:mm:ss.<digits>'Z'}, as {@code formatter} writes it, for the years 0–9999, written
     * directly: a timestamp column is in every OCSF event, and the formatter (fractions through BigDecimal) made
     * an eighth of all the bytes the reading thread allocated. Other years take the formatter (its sign rules).
     */
    private static String utc(long epochSecond, long fraction, int digits, DateTimeFormatter formatter) {
        long day = Math.floorDiv(epochSecond, 86_400L);
        if (day < FIRST_FAST_DAY || day > LAST_FAST_DAY) {
            return formatter.format(Instant.ofEpochSecond(epochSecond, fraction * FRACTION_NANOS[digits]));
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        int second = (int) Math.floorMod(epochSecond, 86_400L);
        char[] text = new char[21 + digits];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, second / 3600, 2);
        text[13] = ':';
        put(text, 14, second / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, second % 60, 2);
        text[19] = '.';
        put(text, 20, fraction, digits);
        text[20 + digits] = 'Z';
        return new String(text);
    }

    /** {@code value} in {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void put(char[] text, int at, long value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static DateTimeFormatter utc(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }
}
