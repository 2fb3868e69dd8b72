package io.securitylake.subscriber.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetEventChunksTest {

    @TempDir
    Path dir;

    @Test
    void aRowThatFailsToConvertNamesTheRowAndFieldAndReleasesTheFile() throws Exception {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SEQUENCE_SCHEMA).write(dir.resolve("rows.parquet"), OcsfLikeEvents.sequence(10));
        ValueConverter failsOnThree = value -> {
            if ((Integer) value == 3) {
                throw new ArithmeticException("boom");
            }
            return value;
        };
        RecordConverter converter = new RecordConverter(new String[] {"seq", "message", "tags"},
                new String[] {"seq", "message", "tags"}, new ValueConverter[] {failsOnThree, Object::toString, v -> v});
        ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withDataModel(new GenericData()).build();

        EventChunks chunks = new ParquetEventChunks(reader, 100, "rows.parquet", schema -> converter);

        assertThatThrownBy(chunks::next).isInstanceOf(UnreadableObjectException.class)
                .hasMessageContaining("rows.parquet").hasMessageContaining("row 4").hasMessageContaining("field 'seq'")
                .hasMessageContaining("boom");
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
