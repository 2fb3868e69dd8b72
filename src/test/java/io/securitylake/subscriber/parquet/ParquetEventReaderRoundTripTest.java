package io.securitylake.subscriber.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParquetEventReaderRoundTripTest {

    @TempDir
    Path dir;

    private final ParquetEventReader reader = new ParquetEventReader();

    static Stream<Arguments> codecsAndListLayouts() {
        return Stream.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.GZIP,
                        CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD)
                .flatMap(codec -> Stream.of(Arguments.of(codec, true), Arguments.of(codec, false)));
    }

    @ParameterizedTest(name = "{0}, legacy lists {1}")
    @MethodSource("codecsAndListLayouts")
    void everyValueRoundTripsToTheExpectedMap(CompressionCodecName codec, boolean legacyLists) {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SCHEMA).codec(codec).legacyLists(legacyLists)
                .write(dir.resolve("events.parquet"), OcsfLikeEvents.records());

        List<Map<String, Object>> events = readAll(file, 10);

        assertThat(events).isEqualTo(OcsfLikeEvents.expected());
        for (int i = 0; i < events.size(); i++) {
            assertSameRecordKeyOrder(events.get(i), OcsfLikeEvents.expected().get(i));
        }
    }

    @ParameterizedTest(name = "legacy lists {0}")
    @MethodSource("listLayouts")
    void fileReallyUsesTheRequestedListLayout(boolean legacyLists) {
        Path file = ParquetTestFiles.avro(OcsfLikeEvents.SCHEMA).legacyLists(legacyLists)
                .write(dir.resolve("layout.parquet"), OcsfLikeEvents.records());

        String repeated = ParquetTestFiles.parquetSchema(file).getType("observables").asGroupType().getType(0).getName();

        assertThat(repeated).isEqualTo(legacyLists ? "array" : "list");
    }

    static Stream<Boolean> listLayouts() {
        return Stream.of(true, false);
    }

    private List<Map<String, Object>> readAll(Path file, int chunkSize) {
        List<Map<String, Object>> events = new ArrayList<>();
        try (EventChunks chunks = reader.open(file, chunkSize)) {
            chunks.forEachRemaining(events::addAll);
        }
        return events;
    }

    /** Map equality ignores order; records must also keep the schema's field order (Avro maps need not). */
    @SuppressWarnings("unchecked")
    static void assertSameRecordKeyOrder(Map<String, Object> actual, Map<String, Object> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, Object> entry : expected.entrySet()) {
            if (entry.getValue() instanceof Map<?, ?> nested && !"unmapped".equals(entry.getKey())) {
                assertSameRecordKeyOrder((Map<String, Object>) actual.get(entry.getKey()), (Map<String, Object>) nested);
            }
        }
    }
}
