package io.securitylake.subscriber.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetEventChunksTest {

    @TempDir
    Path dir;

    @Test
    void aRowThatFailsToConvertNamesTheRowAndFieldAndReleasesTheFile() throws Exception {
        MessageType schema = MessageTypeParser.parseMessageType("""
            message m { required int32 seq; optional group process { optional int32 at (TIME(MILLIS,true)); } }""");
        List<Group> rows = new ArrayList<>();
        for (int seq = 0; seq < 10; seq++) {
            Group row = new SimpleGroupFactory(schema).newGroup().append("seq", seq);
            row.addGroup("process").append("at", seq == 3 ? -5 : seq); // a time of day cannot be negative
            rows.add(row);
        }
        Path file = ParquetTestFiles.writeGroups(dir.resolve("rows.parquet"), schema, CompressionCodecName.SNAPPY, rows);

        EventChunks chunks = new ParquetEventReader().open(file, 100);

        assertThatThrownBy(chunks::next).isInstanceOf(UnreadableObjectException.class)
                .hasMessageContaining("rows.parquet").hasMessageContaining("row 4")
                .hasMessageContaining("field 'process.at'").hasMessageContaining("-5");
        assertThat(chunks.hasNext()).isFalse();
        assertThat(OpenFiles.handlesTo(file)).isZero();
    }

    @Test
    void eachEventIsHandedOnAsItIsReadSoThatAChunkOfDecodedEventsIsNeverHeld() throws Exception {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SEQUENCE_SCHEMA).write(dir.resolve("rows.parquet"), OcsfLikeEvents.sequence(10));
        try (EventChunks chunks = new ParquetEventReader().open(file, 4)) {
            List<String> handed = new ArrayList<>();
            List<Long> readBefore = new ArrayList<>();
            while (chunks.hasNext()) {
                handed.addAll(chunks.next(event -> {
                    readBefore.add(chunks.rowsRead());
                    return "seq " + event.get("seq");
                }));
            }
            assertThat(handed).containsExactly("seq 0", "seq 1", "seq 2", "seq 3", "seq 4", "seq 5", "seq 6", "seq 7",
                    "seq 8", "seq 9");
            // the i-th event is handed on before the next one is read, not after its whole chunk
            assertThat(readBefore).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
    }
}
