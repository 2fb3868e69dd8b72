package io.securitylake.subscriber.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Writes OCSF event maps the way a real writer lays them out, with the Java Parquet API and an explicit schema
 * inferred from the events: pyarrow (every integer INT64, three-level {@code list/element} lists, {@code unmapped}
 * a struct whose fields are its keys, dictionary pages), pyarrow with maps, Spark ({@code time} TIMESTAMP_MICROS,
 * other {@code *_time} INT96, integer ids DECIMAL(10,0), legacy {@code bag/array} lists), Firehose/Glue through
 * Hive's serde (integers and times as numeric strings, {@code bag/array_element} lists, MAP_KEY_VALUE maps).
 */
public enum WriterShapes {

    PYARROW_ZSTD(CompressionCodecName.ZSTD, Lists.THREE_LEVEL, false, Ints.INT64, Times.PLAIN),
    PYARROW_SNAPPY(CompressionCodecName.SNAPPY, Lists.THREE_LEVEL, false, Ints.INT64, Times.PLAIN),
    PYARROW_MAPS(CompressionCodecName.SNAPPY, Lists.THREE_LEVEL, true, Ints.INT64, Times.PLAIN),
    SPARK(CompressionCodecName.SNAPPY, Lists.SPARK_LEGACY, true, Ints.DECIMAL_IDS, Times.SPARK),
    FIREHOSE_GLUE(CompressionCodecName.GZIP, Lists.HIVE, true, Ints.STRINGS, Times.STRINGS);

    private enum Lists { THREE_LEVEL, SPARK_LEGACY, HIVE }

    private enum Ints { INT64, DECIMAL_IDS, STRINGS }

    private enum Times { PLAIN, SPARK, STRINGS }

    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
    private static final LogicalTypeAnnotation TEXT = LogicalTypeAnnotation.stringType();

    private final CompressionCodecName codec;
    private final Lists lists;
    private final boolean unmappedAsMap;
    private final Ints ints;
    private final Times times;

    WriterShapes(CompressionCodecName codec, Lists lists, boolean unmappedAsMap, Ints ints, Times times) {
        this.codec = codec;
        this.lists = lists;
        this.unmappedAsMap = unmappedAsMap;
        this.ints = ints;
        this.times = times;
    }

    /** The events in one file of this shape; their schema is inferred from all of them. */
    public Path write(Path file, List<Map<String, Object>> events) {
        Node root = new Node();
        events.forEach(event -> root.merge(event));
        MessageType schema = new MessageType("schema", root.fields("", this));
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withCompressionCodec(codec).withDictionaryEncoding(true)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (Map<String, Object> event : events) {
                Group row = groups.newGroup();
                fill(row, event, "");
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private boolean isMap(String path) {
        return unmappedAsMap && path.equals("unmapped");
    }

    /** What the events hold at one place: a struct's fields, a list's items, or a leaf's Java types. */
    private static final class Node {
        final Map<String, Node> fields = new LinkedHashMap<>();
        Node items;
        Class<?> leaf;
        boolean isMap;

        @SuppressWarnings("unchecked")
        void merge(Object value) {
            if (value instanceof Map<?, ?> map) {
                isMap = true;
                ((Map<String, Object>) map).forEach((k, v) -> {
                    if (v != null) {
                        fields.computeIfAbsent(k, n -> new Node()).merge(v);
                    }
                });
            } else if (value instanceof List<?> list) {
                if (items == null) {
                    items = new Node();
                }
                list.stream().filter(v -> v != null).forEach(items::merge);
            } else if (leaf == null || leaf == Integer.class && value instanceof Long) {
                leaf = value.getClass();
            }
        }

        List<Type> fields(String path, WriterShapes shape) {
            return fields.entrySet().stream().map(e -> e.getValue().type(e.getKey(),
                    path.isEmpty() ? e.getKey() : path + "." + e.getKey(), shape)).toList();
        }

        Type type(String name, String path, WriterShapes shape) {
            if (items != null) {
                Type element = items.type(shape.lists == Lists.THREE_LEVEL ? "element"
                        : shape.lists == Lists.SPARK_LEGACY ? "array" : "array_element", path + "[]", shape);
                return Types.optionalGroup().as(LogicalTypeAnnotation.listType())
                        .addField(Types.repeatedGroup().addField(element)
                                .named(shape.lists == Lists.THREE_LEVEL ? "list" : "bag")).named(name);
            }
            if (isMap && shape.isMap(path)) {
                Type value = Types.optional(PrimitiveTypeName.BINARY).as(TEXT).named("value");
                Type key = Types.required(PrimitiveTypeName.BINARY).as(TEXT).named("key");
                boolean hive = shape.lists == Lists.HIVE;
                return Types.optionalGroup().as(hive ? LogicalTypeAnnotation.MapKeyValueTypeAnnotation.getInstance()
                                : LogicalTypeAnnotation.mapType())
                        .addField(Types.repeatedGroup().addField(key).addField(value).named(hive ? "map" : "key_value"))
                        .named(name);
            }
            if (isMap) {
                return new GroupType(Type.Repetition.OPTIONAL, name,
                        fields.isEmpty() ? List.of(Types.optional(PrimitiveTypeName.BOOLEAN).named("empty"))
                                : fields(path, shape));
            }
            return shape.leaf(name, leaf);
        }
    }

    private Type leaf(String name, Class<?> type) {
        boolean isTime = name.equals("time") || name.endsWith("_time");
        if ((type == Integer.class || type == Long.class) && isTime && times != Times.PLAIN) {
            if (times == Times.STRINGS) {
                return Types.optional(PrimitiveTypeName.BINARY).as(TEXT).named(name);
            }
            return name.equals("time")
                    ? Types.optional(PrimitiveTypeName.INT64)
                            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name)
                    : Types.optional(PrimitiveTypeName.INT96).named(name);
        }
        if (type == Integer.class || type == Long.class) {
            return switch (ints) {
                case INT64 -> Types.optional(PrimitiveTypeName.INT64).named(name);
                case STRINGS -> Types.optional(PrimitiveTypeName.BINARY).as(TEXT).named(name);
                case DECIMAL_IDS -> name.endsWith("_id") || name.endsWith("_uid")
                        ? Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(5)
                                .as(LogicalTypeAnnotation.decimalType(0, 10)).named(name)
                        : Types.optional(type == Integer.class ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64)
                                .named(name);
            };
        }
        if (type == Double.class || type == Float.class) {
            return Types.optional(PrimitiveTypeName.DOUBLE).named(name);
        }
        if (type == Boolean.class) {
            return Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
        }
        return Types.optional(PrimitiveTypeName.BINARY).as(TEXT).named(name);
    }

    @SuppressWarnings("unchecked")
    private void fill(Group group, Map<String, Object> values, String path) {
        GroupType type = group.getType();
        values.forEach((name, value) -> {
            if (value == null || !type.containsField(name)) {
                return;
            }
            String at = path.isEmpty() ? name : path + "." + name;
            Type field = type.getType(name);
            if (value instanceof List<?> list) {
                Group listGroup = group.addGroup(name);
                Type element = field.asGroupType().getType(0).asGroupType().getType(0);
                for (Object item : list) {
                    Group slot = listGroup.addGroup(0);
                    if (item != null) {
                        put(slot, element, item, at + "[]");
                    }
                }
            } else if (value instanceof Map<?, ?> map && isMap(at)) {
                Group mapGroup = group.addGroup(name);
                ((Map<String, Object>) map).forEach((k, v) -> {
                    Group entry = mapGroup.addGroup(0).append("key", k);
                    if (v != null) {
                        entry.append("value", v.toString());
                    }
                });
            } else {
                put(group, field, value, at);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void put(Group group, Type field, Object value, String path) {
        String name = field.getName();
        if (value instanceof Map<?, ?> map) {
            fill(group.addGroup(name), (Map<String, Object>) map, path);
            return;
        }
        if (!field.isPrimitive()) {
            throw new IllegalArgumentException(path + ": a value where the schema has a group");
        }
        switch (field.asPrimitiveType().getPrimitiveTypeName()) {
            case INT64 -> group.append(name, name.equals("time") && times == Times.SPARK
                    ? ((Number) value).longValue() * 1000 : ((Number) value).longValue());
            case INT32 -> group.append(name, ((Number) value).intValue());
            case INT96 -> group.append(name, int96(((Number) value).longValue()));
            case DOUBLE -> group.append(name, ((Number) value).doubleValue());
            case BOOLEAN -> group.append(name, (Boolean) value);
            case FIXED_LEN_BYTE_ARRAY -> group.append(name, decimal(((Number) value).longValue(), 5));
            default -> group.append(name, value.toString());
        }
    }

    /** Spark's INT96: nanoseconds of the day and the Julian day, little-endian, from epoch milliseconds. */
    private static Binary int96(long epochMs) {
        Instant at = Instant.ofEpochMilli(epochMs);
        long day = Math.floorDiv(at.getEpochSecond(), 86_400L);
        long nanosOfDay = Math.floorMod(at.getEpochSecond(), 86_400L) * 1_000_000_000L + at.getNano();
        ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(nanosOfDay).putInt((int) (day + JULIAN_DAY_OF_EPOCH));
        return Binary.fromConstantByteArray(bytes.array());
    }

    /** A big-endian two's complement unscaled value in {@code length} bytes, as a fixed-length decimal holds it. */
    private static Binary decimal(long unscaled, int length) {
        byte[] minimal = BigInteger.valueOf(unscaled).toByteArray();
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, unscaled < 0 ? (byte) 0xff : 0);
        System.arraycopy(minimal, 0, bytes, length - minimal.length, minimal.length);
        return Binary.fromConstantByteArray(bytes);
    }
}
