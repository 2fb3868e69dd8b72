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
import org.apache.parquet.schema.MessageTypeParser;
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

    private static Map<String, Object> readOnly(Path file) {
        List<Map<String, Object>> events = new ArrayList<>();
        try (EventChunks chunks = new ParquetEventReader().open(file, 10)) {
            chunks.forEachRemaining(events::addAll);
        }
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
