package io.securitylake.subscriber.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetEventReaderChunkingTest {

    @TempDir
    Path dir;

    private final ParquetEventReader reader = new ParquetEventReader();

    @Test
    void rowsSpanningSeveralRowGroupsComeInFullChunksThenARemainderInOrder() {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SEQUENCE_SCHEMA).codec(CompressionCodecName.ZSTD)
                .rowGroupSize(16 * 1024).write(dir.resolve("many.parquet"), OcsfLikeEvents.sequence(2500));
        assertThat(ParquetTestFiles.rowGroupCount(file)).isGreaterThan(2);

        List<Integer> sizes = new ArrayList<>();
        List<Object> seqs = new ArrayList<>();
        try (EventChunks chunks = reader.open(file, 1000)) {
            while (chunks.hasNext()) {
                List<Map<String, Object>> chunk = chunks.next();
                sizes.add(chunk.size());
                chunk.forEach(event -> seqs.add(event.get("seq")));
            }
            assertThat(chunks.rowsRead()).isEqualTo(2500);
        }

        assertThat(sizes).containsExactly(1000, 1000, 500);
        assertThat(seqs).hasSize(2500);
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i);
        }
    }

    @Test
    void rowsReadCountsTheRowsHandedOutSoFar() {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SEQUENCE_SCHEMA).write(dir.resolve("ten.parquet"), OcsfLikeEvents.sequence(10));

        try (EventChunks chunks = reader.open(file, 4)) {
            assertThat(chunks.rowsRead()).isZero();
            chunks.next();
            assertThat(chunks.rowsRead()).isEqualTo(4);
            chunks.next();
            assertThat(chunks.next()).hasSize(2);
            assertThat(chunks.rowsRead()).isEqualTo(10);
            assertThat(chunks.hasNext()).isFalse();
            assertThatThrownBy(chunks::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void aRowCountThatIsAMultipleOfTheChunkSizeEndsWithoutAnEmptyChunk() {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SEQUENCE_SCHEMA).write(dir.resolve("six.parquet"), OcsfLikeEvents.sequence(6));

        List<Integer> sizes = new ArrayList<>();
        try (EventChunks chunks = reader.open(file, 3)) {
            chunks.forEachRemaining(chunk -> sizes.add(chunk.size()));
        }

        assertThat(sizes).containsExactly(3, 3);
    }

    @Test
    void aFileWithZeroRowsYieldsNoChunk() {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SCHEMA).codec(CompressionCodecName.GZIP)
                .write(dir.resolve("empty.parquet"), List.of());

        try (EventChunks chunks = reader.open(file, 1000)) {
            assertThat(chunks.hasNext()).isFalse();
            assertThat(chunks.rowsRead()).isZero();
        }
    }

    @Test
    void afterCloseTheFileCanBeDeletedAndNothingMoreIsRead() throws Exception {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SEQUENCE_SCHEMA).write(dir.resolve("close.parquet"), OcsfLikeEvents.sequence(50));

        EventChunks chunks = reader.open(file, 10);
        chunks.next();
        assertThat(OpenFiles.handlesTo(file)).isPositive();
        chunks.close();

        assertThat(OpenFiles.handlesTo(file)).isZero();
        assertThat(chunks.hasNext()).isFalse();
        assertThat(chunks.rowsRead()).isEqualTo(10);
        Files.delete(file);
        assertThat(file).doesNotExist();
        chunks.close(); // a second close is harmless
    }

    @Test
    void anExhaustedFileIsAlreadyReleased() throws Exception {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SEQUENCE_SCHEMA).write(dir.resolve("done.parquet"), OcsfLikeEvents.sequence(5));

        EventChunks chunks = reader.open(file, 10);
        assertThat(chunks.next()).hasSize(5);

        assertThat(chunks.hasNext()).isFalse();
        assertThat(OpenFiles.handlesTo(file)).isZero();
        Files.delete(file); // no close() yet: the reader let go of the file when it ran out of rows
        chunks.close();
    }

    @Test
    void aChunkSizeBelowOneIsRejected() {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SEQUENCE_SCHEMA).write(dir.resolve("x.parquet"), OcsfLikeEvents.sequence(1));

        assertThatThrownBy(() -> reader.open(file, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
