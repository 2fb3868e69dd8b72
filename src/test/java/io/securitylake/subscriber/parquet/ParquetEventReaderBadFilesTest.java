package io.securitylake.subscriber.parquet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParquetEventReaderBadFilesTest {

    @TempDir
    Path dir;

    private final ParquetEventReader reader = new ParquetEventReader();

    static Stream<Arguments> unreadableBytes() {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        return Stream.of(
                Arguments.of("a zero-byte file", new byte[0], "0 bytes"),
                Arguments.of("random bytes", random, "not a Parquet file (bad magic)"),
                Arguments.of("a text file", "{\"class_uid\": 3002}\n".getBytes(StandardCharsets.UTF_8),
                        "not a Parquet file (bad magic)"),
                Arguments.of("the magic alone", "PAR1".getBytes(StandardCharsets.US_ASCII), "truncated Parquet file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBytes")
    void bytesThatAreNotAWholeParquetFileAreUnreadableWithTheReason(String what, byte[] bytes, String reason)
            throws Exception {
        Path file = Files.write(dir.resolve("bad.parquet"), bytes);

        assertThatThrownBy(() -> reader.open(file, 10))
                .isInstanceOf(UnreadableObjectException.class).hasMessageContaining(reason);
    }

    @Test
    void aFileCutInTheMiddleIsTruncated() throws Exception {
        byte[] whole = Files.readAllBytes(validFile());
        Path file = Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> reader.open(file, 10))
                .isInstanceOf(UnreadableObjectException.class).hasMessageContaining("truncated Parquet file");
    }

    @Test
    void aFooterLengthPointingOutsideTheFileIsUnreadable() throws Exception {
        byte[] bytes = Files.readAllBytes(validFile());
        int at = bytes.length - 8; // little-endian footer length, just before the trailing magic
        bytes[at] = bytes[at + 1] = bytes[at + 2] = (byte) 0xff;
        bytes[at + 3] = 0x7f;
        Path file = Files.write(dir.resolve("footer.parquet"), bytes);

        assertThatThrownBy(() -> reader.open(file, 10)).isInstanceOf(UnreadableObjectException.class)
                .hasMessageContaining("footer.parquet");
    }

    @Test
    void garbageInsideTheDataPagesIsUnreadableNotAnotherException() throws Exception {
        byte[] bytes = Files.readAllBytes(validFile());
        byte[] noise = new byte[bytes.length / 3];
        new Random(7).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, 4, noise.length); // keeps the leading magic and the footer
        Path file = Files.write(dir.resolve("garbled.parquet"), bytes);

        assertThatThrownBy(() -> {
            try (EventChunks chunks = reader.open(file, 100)) {
                chunks.forEachRemaining(chunk -> { });
            }
        }).isInstanceOf(UnreadableObjectException.class).hasMessageContaining("garbled.parquet");
    }

    @Test
    void aMissingSpoolFileIsAnIoProblemNotAnUnreadableObject() {
        assertThatThrownBy(() -> reader.open(dir.resolve("absent.parquet"), 10))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing");
    }

    private Path validFile() {
        return ParquetTestFiles.avro(OcsfLikeEvents.SEQUENCE_SCHEMA).codec(CompressionCodecName.GZIP)
                .write(dir.resolve("valid.parquet"), OcsfLikeEvents.sequence(2000));
    }
}
