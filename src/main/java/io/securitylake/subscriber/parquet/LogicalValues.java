package io.securitylake.subscriber.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;

/** JSON-ready forms of Avro logical types: RFC 3339 UTC timestamps, ISO dates and times, decimals, uuids. */
final class LogicalValues {

    private static final DateTimeFormatter MILLIS = utc("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter MICROS = utc("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final DateTimeFormatter NANOS = utc("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private LogicalValues() {
    }

    /** The converter for a logical type, or null when the plain Avro type's rule applies. */
    static ValueConverter converterFor(LogicalType logical, Schema schema) {
        return switch (logical.getName()) {
            // local-timestamp-* carry no zone; they are written as UTC, as the service treats all lake times
            case "timestamp-millis", "local-timestamp-millis" -> v -> MILLIS.format(Instant.ofEpochMilli((Long) v));
            case "timestamp-micros", "local-timestamp-micros" -> v -> micros((Long) v);
            case "timestamp-nanos", "local-timestamp-nanos" -> v -> nanos((Long) v);
            case "date" -> v -> LocalDate.ofEpochDay((Integer) v).toString();
            case "time-millis" -> v -> LocalTime.ofNanoOfDay((Integer) v * 1_000_000L).toString();
            case "time-micros" -> v -> LocalTime.ofNanoOfDay((Long) v * 1_000L).toString();
            case "uuid" -> uuid(schema);
            case "decimal" -> decimal(schema, ((LogicalTypes.Decimal) logical).getScale());
            default -> null;
        };
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

    /** parquet-avro's stand-in for INT96 columns (readInt96AsFixed): Spark and Impala timestamps. */
    static boolean isInt96(Schema schema) {
        return schema.getType() == Schema.Type.FIXED && schema.getFixedSize() == 12 && "INT96".equals(schema.getName());
    }

    /** INT96: nanoseconds of the day then the Julian day, both little-endian. */
    static Object int96(Object value) {
        ByteBuffer buffer = ByteBuffer.wrap(((GenericFixed) value).bytes()).order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = buffer.getLong();
        long julianDay = Integer.toUnsignedLong(buffer.getInt());
        return nanos(Math.addExact(Math.multiplyExact(julianDay - JULIAN_DAY_OF_EPOCH, NANOS_PER_DAY), nanosOfDay));
    }

    private static String micros(long micros) {
        return MICROS.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
    }

    private static String nanos(long nanos) {
        return NANOS.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }

    private static ValueConverter uuid(Schema schema) {
        if (schema.getType() == Schema.Type.FIXED) {
            return v -> {
                ByteBuffer bytes = ByteBuffer.wrap(((GenericFixed) v).bytes());
                return new java.util.UUID(bytes.getLong(), bytes.getLong()).toString();
            };
        }
        return Object::toString;
    }

    private static ValueConverter decimal(Schema schema, int scale) {
        if (schema.getType() == Schema.Type.FIXED) {
            return v -> new BigDecimal(new BigInteger(((GenericFixed) v).bytes()), scale);
        }
        return v -> {
            ByteBuffer copy = ((ByteBuffer) v).duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return new BigDecimal(new BigInteger(bytes), scale);
        };
    }

    private static DateTimeFormatter utc(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }
}
