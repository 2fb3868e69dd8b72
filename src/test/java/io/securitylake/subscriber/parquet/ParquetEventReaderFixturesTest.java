package io.securitylake.subscriber.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.stack.Fixtures;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real Security Lake files in the shared fixtures folder (system property {@code lake.fixtures}); skipped without them. */
class ParquetEventReaderFixturesTest {

    private final ParquetEventReader reader = new ParquetEventReader();

    static Stream<Path> fixtures() throws IOException {
        Path dir = fixtureDir();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> parquet = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
            assertThat(parquet).as("fixture files in %s", dir).hasSize(8);
            return parquet.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everySecurityLakeFileYieldsOneJsonReadyEvent(Path file) {
        Map<String, Object> event = onlyEvent(file);

        assertThat(event.get("class_uid")).isInstanceOf(Integer.class);
        assertThat(event.get("time")).isInstanceOf(Long.class);
        assertThat((Long) event.get("time")).isBetween(1_000_000_000_000L, 10_000_000_000_000L); // millis, not seconds or micros
        assertThat(((Map<?, ?>) event.get("metadata")).get("version")).isInstanceOf(String.class);
        assertThat(event.get("unmapped")).isInstanceOf(Map.class);
        assertJsonReady(event, "");
    }

    @Test
    void theEksFileHasRfc3339DateTimesListsOfPlainRecordsAndItsMap() {
        Map<String, Object> event = onlyEvent(fixtureDir().resolve("1.1.0_EKS_test.parquet"));

        assertThat(event).containsEntry("time", 1631047050642L)
                .containsEntry("time_dt", "2021-09-07T20:37:30.642Z")
                .containsEntry("start_time_dt", "2021-09-07T20:37:30.502Z")
                .containsEntry("type_uid", 600301L)
                .containsEntry("class_uid", 6003);
        assertThat(((Map<?, ?>) event.get("metadata")).get("profiles")).isEqualTo(List.of("cloud", "datetime"));
        Map<?, ?> user = (Map<?, ?>) ((Map<?, ?>) event.get("actor")).get("user");
        assertThat(user.get("groups")).isEqualTo(List.of(Map.of("name", "system:bootstrappers"),
                Map.of("name", "system:nodes"), Map.of("name", "system:authenticated")));
        @SuppressWarnings("unchecked")
        Map<String, Object> unmapped = (Map<String, Object>) event.get("unmapped");
        assertThat(unmapped).containsEntry("kind", "Event").hasSizeGreaterThan(50);
        assertThat(((Map<?, ?>) event.get("api")).containsKey("group")).as("null struct omitted").isFalse();
    }

    @Test
    void theRc2FilesKeepTypeUidAsAnInteger() {
        Map<String, Object> event = onlyEvent(fixtureDir().resolve("1.0.0-rc.2_VPC_FLOW_example0.gz.parquet"));

        assertThat(event).containsEntry("type_uid", 400105).containsEntry("time", 1649721732000L);
    }

    private Map<String, Object> onlyEvent(Path file) {
        List<Map<String, Object>> events = new ArrayList<>();
        try (EventChunks chunks = reader.open(file, 1000)) {
            chunks.forEachRemaining(events::addAll);
            assertThat(chunks.rowsRead()).isEqualTo(1);
        }
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    /** Only JSON types, no null record fields, and no list element wrapped as {"array": ...} or {"element": ...}. */
    private static void assertJsonReady(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                assertThat(key).as(path).isInstanceOf(String.class);
                assertThat(item).as(path + "." + key).isNotNull();
                assertJsonReady(item, path + "." + key);
            });
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> element) {
                    assertThat(element.keySet()).as(path + "[]").isNotEqualTo(java.util.Set.of("array"))
                            .isNotEqualTo(java.util.Set.of("element"));
                }
                assertJsonReady(item, path + "[]");
            }
        } else {
            assertThat(value).as(path).isInstanceOfAny(String.class, Integer.class, Long.class, Float.class,
                    Double.class, Boolean.class, BigDecimal.class);
        }
    }

    private static Path fixtureDir() {
        return Fixtures.folder("parquet");
    }
}
