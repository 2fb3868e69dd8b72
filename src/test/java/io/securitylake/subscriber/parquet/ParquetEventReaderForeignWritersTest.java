package io.securitylake.subscriber.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files without an embedded Avro schema, laid out as pyarrow, Spark or parquet-mr's example model write them. */
class ParquetEventReaderForeignWritersTest {

    private static final MessageType PYARROW_LIKE = MessageTypeParser.parseMessageType("""
        message schema {
          required int32 class_uid;
          required int64 time;
          optional int64 time_dt (TIMESTAMP(MILLIS,true));
          optional int64 start_time_dt (TIMESTAMP(MICROS,false));
          optional int32 event_day (DATE);
          optional group profiles (LIST) { repeated group list { optional binary element (STRING); } }
          optional group observables (LIST) { repeated group list { optional group element {
            optional binary name (STRING); optional int32 type_id; } } }
          optional group unmapped (MAP) { repeated group key_value {
            required binary key (STRING); optional binary value (STRING); } }
          optional int96 spark_ts;
        }""");

    @TempDir
    Path dir;

    @Test
    void threeLevelListsWithoutAnAvroSchemaAreListsOfTheirElements() {
        Group row = new SimpleGroupFactory(PYARROW_LIKE).newGroup()
                .append("class_uid", 3002).append("time", 1686736800123L)
                .append("time_dt", 1686736800123L).append("start_time_dt", 1686736800123456L).append("event_day", 19522);
        Group profiles = row.addGroup("profiles");
        profiles.addGroup("list").append("element", "cloud");
        profiles.addGroup("list").append("element", "host");
        Group observables = row.addGroup("observables");
        observables.addGroup("list").addGroup("element").append("name", "actor.user.name").append("type_id", 4);
        observables.addGroup("list").addGroup("element").append("name", "device.ip");
        row.addGroup("unmapped").addGroup("key_value").append("key", "k").append("value", "v");

        Map<String, Object> event = readOnly(ParquetTestFiles.writeGroups(dir.resolve("pyarrow.parquet"), PYARROW_LIKE,
                CompressionCodecName.SNAPPY, List.of(row)));

        assertThat(event).isEqualTo(OcsfLikeEvents.ordered("class_uid", 3002, "time", 1686736800123L,
                "time_dt", "2023-06-14T10:00:00.123Z", "start_time_dt", "2023-06-14T10:00:00.123456Z",
                "event_day", "2023-06-14", "profiles", List.of("cloud", "host"),
                "observables", List.of(OcsfLikeEvents.ordered("name", "actor.user.name", "type_id", 4),
                        OcsfLikeEvents.ordered("name", "device.ip")),
                "unmapped", Map.of("k", "v")));
        assertThat(event.keySet()).containsExactly("class_uid", "time", "time_dt", "start_time_dt", "event_day",
                "profiles", "observables", "unmapped");
    }

    @Test
    void sparkInt96TimestampsBecomeRfc3339Strings() {
        // 2023-06-14T10:00:00.123456789Z: Julian day 2460110, 36000.123456789 s into the day
        ByteBuffer int96 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(36_000_123_456_789L).putInt(2_460_110);
        Group row = new SimpleGroupFactory(PYARROW_LIKE).newGroup().append("class_uid", 1).append("time", 0L)
                .append("spark_ts", Binary.fromConstantByteArray(int96.array()));

        Map<String, Object> event = readOnly(ParquetTestFiles.writeGroups(dir.resolve("spark.parquet"), PYARROW_LIKE,
                CompressionCodecName.GZIP, List.of(row)));

        assertThat(event).containsEntry("spark_ts", "2023-06-14T10:00:00.123456789Z");
    }

    @Test
    void anyColumnNameParquetAllowsIsReadAndKeptAsWrittenAtAnyDepth() {
        // built with the Types API: the schema text parser takes no names with spaces or brackets, the format does
        LogicalTypeAnnotation text = LogicalTypeAnnotation.stringType();
        MessageType schema = Types.buildMessage()
                .required(PrimitiveTypeName.INT32).named("class_uid")
                .optional(PrimitiveTypeName.BINARY).as(text).named("1st seen")
                .optional(PrimitiveTypeName.BINARY).as(text).named("größe")
                .optionalGroup()
                    .optional(PrimitiveTypeName.BINARY).as(text).named("responseElements.user.arn")
                    .optional(PrimitiveTypeName.BINARY).as(text).named("Compliance.StatusReasons[].ReasonCode")
                    .optionalList().optionalGroupElement()
                        .optional(PrimitiveTypeName.BINARY).as(text).named("tag key")
                        .named("requestParameters.tags[]")
                    .named("unmapped")
                .optionalMap().key(PrimitiveTypeName.BINARY).as(text)
                    .optionalValue(PrimitiveTypeName.INT64).named("labels:map")
                .named("schema");
        Group row = new SimpleGroupFactory(schema).newGroup().append("class_uid", 3001)
                .append("1st seen", "yes").append("größe", "groß");
        Group unmapped = row.addGroup("unmapped").append("responseElements.user.arn", "arn:aws:iam::1:user/x")
                .append("Compliance.StatusReasons[].ReasonCode", "CONFIG_EVALUATIONS_EMPTY");
        unmapped.addGroup("requestParameters.tags[]").addGroup("list").addGroup("element").append("tag key", "team");
        row.addGroup("labels:map").addGroup("key_value").append("key", "a.b c").append("value", 7L);

        Map<String, Object> event = readOnly(ParquetTestFiles.writeGroups(dir.resolve("names.parquet"), schema,
                CompressionCodecName.ZSTD, List.of(row)));

        assertThat(event).isEqualTo(OcsfLikeEvents.ordered("class_uid", 3001, "1st seen", "yes", "größe", "groß",
                "unmapped", OcsfLikeEvents.ordered("responseElements.user.arn", "arn:aws:iam::1:user/x",
                        "Compliance.StatusReasons[].ReasonCode", "CONFIG_EVALUATIONS_EMPTY",
                        "requestParameters.tags[]", List.of(OcsfLikeEvents.ordered("tag key", "team"))),
                "labels:map", Map.of("a.b c", 7L)));
    }

    @Test
    void unsignedDecimalUuidAndNullItemsReadAsTheirValues() {
        MessageType schema = MessageTypeParser.parseMessageType("""
            message schema {
              optional int32 u32 (INTEGER(32,false));
              optional int64 u64 (INTEGER(64,false));
              optional int64 price (DECIMAL(10,2));
              optional fixed_len_byte_array(16) id (UUID);
              optional binary raw;
              optional group counts (LIST) { repeated group list { optional int64 element; } }
              repeated binary legacy (STRING);
            }""");
        Group row = new SimpleGroupFactory(schema).newGroup().append("u32", -1).append("u64", -1L).append("price", 300250L)
                .append("id", Binary.fromConstantByteArray(ByteBuffer.allocate(16).putLong(1).putLong(2).array()))
                .append("raw", Binary.fromConstantByteArray(new byte[] {1, 2}))
                .append("legacy", "a").append("legacy", "b");
        Group counts = row.addGroup("counts");
        counts.addGroup("list").append("element", 1L);
        counts.addGroup("list");
        counts.addGroup("list").append("element", 3L);

        Map<String, Object> event = readOnly(ParquetTestFiles.writeGroups(dir.resolve("values.parquet"), schema,
                CompressionCodecName.UNCOMPRESSED, List.of(row)));

        assertThat(event).containsEntry("u32", 4_294_967_295L)
                .containsEntry("u64", new java.math.BigInteger("18446744073709551615"))
                .containsEntry("price", new java.math.BigDecimal("3002.50"))
                .containsEntry("id", "00000000-0000-0001-0000-000000000002")
                .containsEntry("raw", "AQI=")
                .containsEntry("counts", java.util.Arrays.asList(1L, null, 3L))
                .containsEntry("legacy", List.of("a", "b"));
    }

    private static Map<String, Object> readOnly(Path file) {
        List<Map<String, Object>> events = new ArrayList<>();
        try (EventChunks chunks = new ParquetEventReader().open(file, 10)) {
            chunks.forEachRemaining(events::addAll);
        }
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
