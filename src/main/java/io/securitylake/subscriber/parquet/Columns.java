package io.securitylake.subscriber.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Converters of Parquet columns, chosen once per column by physical type and annotation. Values: integers as
 * {@link Integer} (INT32) or {@link Long} (INT64, unsigned 32-bit), unsigned 64-bit beyond a long as
 * {@link BigInteger}; decimals {@link BigDecimal}; strings, enums and JSON text strings; timestamps (any unit,
 * INT96 too) RFC 3339 UTC strings; dates and times ISO strings; uuids their text; other bytes base64; non-finite
 * floats their text. Strings of a dictionary-encoded column are decoded once per dictionary entry.
 */
final class Columns {

    private Columns() {
    }

    static PrimitiveConverter of(PrimitiveType type, String path, Consumer<Object> sink) {
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        return switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> new PrimitiveConverter() {
                @Override
                public void addBoolean(boolean value) {
                    sink.accept(value);
                }
            };
            case INT32 -> new Int32(int32(annotation), path, sink);
            case INT64 -> new Int64(int64(annotation), path, sink);
            case INT96 -> new Bytes(bytes -> LogicalValues.int96(bytes.getBytes()), path, sink);
            case FLOAT -> new PrimitiveConverter() {
                @Override
                public void addFloat(float value) {
                    sink.accept(Float.isFinite(value) ? value : Float.toString(value));
                }
            };
            case DOUBLE -> new PrimitiveConverter() {
                @Override
                public void addDouble(double value) {
                    sink.accept(Double.isFinite(value) ? value : Double.toString(value));
                }
            };
            case BINARY, FIXED_LEN_BYTE_ARRAY -> new Bytes(bytes(annotation), path, sink);
        };
    }

    private static IntFunction<Object> int32(LogicalTypeAnnotation annotation) {
        if (annotation instanceof IntLogicalTypeAnnotation i && !i.isSigned() && i.getBitWidth() == 32) {
            return Integer::toUnsignedLong;
        } else if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return day -> LocalDate.ofEpochDay(day).toString();
        } else if (annotation instanceof TimeLogicalTypeAnnotation) {
            return ms -> LocalTime.ofNanoOfDay(ms * 1_000_000L).toString();
        } else if (annotation instanceof DecimalLogicalTypeAnnotation d) {
            return unscaled -> BigDecimal.valueOf(unscaled, d.getScale());
        }
        return Integer::valueOf;
    }

    private static LongFunction<Object> int64(LogicalTypeAnnotation annotation) {
        if (annotation instanceof IntLogicalTypeAnnotation i && !i.isSigned()) {
            return n -> n >= 0 ? (Object) n : new BigInteger(Long.toUnsignedString(n));
        } else if (annotation instanceof TimestampLogicalTypeAnnotation t) {
            // a timestamp without adjustedToUTC carries no zone; it is read as UTC, as the service reads all lake times
            return switch (t.getUnit()) {
                case MILLIS -> LogicalValues::millis;
                case MICROS -> LogicalValues::micros;
                case NANOS -> LogicalValues::nanos;
            };
        } else if (annotation instanceof TimeLogicalTypeAnnotation t) {
            long nanosPerUnit = t.getUnit() == TimeUnit.MICROS ? 1_000L : t.getUnit() == TimeUnit.MILLIS ? 1_000_000L : 1L;
            return n -> LocalTime.ofNanoOfDay(n * nanosPerUnit).toString();
        } else if (annotation instanceof DecimalLogicalTypeAnnotation d) {
            return unscaled -> BigDecimal.valueOf(unscaled, d.getScale());
        }
        return Long::valueOf;
    }

    private static Function<Binary, Object> bytes(LogicalTypeAnnotation annotation) {
        if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
            return Binary::toStringUsingUTF8;
        } else if (annotation instanceof DecimalLogicalTypeAnnotation d) {
            return bytes -> new BigDecimal(new BigInteger(bytes.getBytes()), d.getScale());
        } else if (annotation instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
            return bytes -> {
                ByteBuffer buffer = ByteBuffer.wrap(bytes.getBytes());
                return new UUID(buffer.getLong(), buffer.getLong()).toString();
            };
        }
        return bytes -> LogicalValues.base64(bytes.getBytes());
    }

    private static FieldConversionException failed(String path, RuntimeException e) {
        return new FieldConversionException(path, e);
    }

    private static final class Int32 extends PrimitiveConverter {
        private final IntFunction<Object> convert;
        private final String path;
        private final Consumer<Object> sink;

        Int32(IntFunction<Object> convert, String path, Consumer<Object> sink) {
            this.convert = convert;
            this.path = path;
            this.sink = sink;
        }

        @Override
        public void addInt(int value) {
            Object converted;
            try {
                converted = convert.apply(value);
            } catch (RuntimeException e) {
                throw failed(path, e);
            }
            sink.accept(converted);
        }
    }

    private static final class Int64 extends PrimitiveConverter {
        private final LongFunction<Object> convert;
        private final String path;
        private final Consumer<Object> sink;

        Int64(LongFunction<Object> convert, String path, Consumer<Object> sink) {
            this.convert = convert;
            this.path = path;
            this.sink = sink;
        }

        @Override
        public void addLong(long value) {
            Object converted;
            try {
                converted = convert.apply(value);
            } catch (RuntimeException e) {
                throw failed(path, e);
            }
            sink.accept(converted);
        }
    }

    /** Byte columns; a dictionary's entries are converted once each, when first used. */
    private static final class Bytes extends PrimitiveConverter {
        private final Function<Binary, Object> convert;
        private final String path;
        private final Consumer<Object> sink;
        private Dictionary dictionary;
        private Object[] decoded;

        Bytes(Function<Binary, Object> convert, String path, Consumer<Object> sink) {
            this.convert = convert;
            this.path = path;
            this.sink = sink;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary dictionary) {
            this.dictionary = dictionary;
            this.decoded = new Object[dictionary.getMaxId() + 1];
        }

        @Override
        public void addValueFromDictionary(int id) {
            Object value = decoded[id];
            if (value == null) {
                value = convert(dictionary.decodeToBinary(id));
                decoded[id] = value;
            }
            sink.accept(value);
        }

        @Override
        public void addBinary(Binary value) {
            sink.accept(convert(value));
        }

        private Object convert(Binary value) {
            try {
                return convert.apply(value);
            } catch (RuntimeException e) {
                throw failed(path, e);
            }
        }
    }
}
