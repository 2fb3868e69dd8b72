package io.securitylake.subscriber.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimeTest {

    private static final long MS = 1_700_000_000_123L; // 2023-11-14T22:13:20.123Z
    private static final Instant INGESTED = Instant.parse("2024-02-01T10:00:00Z");

    @Test
    void numbersInEveryUnitBecomeMilliseconds() {
        assertThat(EventTime.toMillis(1_700_000_000)).isEqualTo(1_700_000_000_000L);
        assertThat(EventTime.toMillis(1_700_000_000L)).isEqualTo(1_700_000_000_000L);
        assertThat(EventTime.toMillis(MS)).isEqualTo(MS);
        assertThat(EventTime.toMillis(MS * 1000 + 456)).isEqualTo(MS);
        assertThat(EventTime.toMillis(MS * 1_000_000 + 456_789)).isEqualTo(MS);
        assertThat(EventTime.toMillis(1_700_000_000.123)).isEqualTo(MS);
        assertThat(EventTime.toMillis(1.700000000123e12)).isEqualTo(MS);
    }

    @Test
    void unitBoundariesFollowTheThresholds() {
        assertThat(EventTime.toMillis(99_999_999_999L)).isEqualTo(99_999_999_999_000L);       // seconds
        assertThat(EventTime.toMillis(100_000_000_000L)).isEqualTo(100_000_000_000L);          // ms
        assertThat(EventTime.toMillis(100_000_000_000_000L)).isEqualTo(100_000_000_000_000L);  // still ms
        assertThat(EventTime.toMillis(100_000_000_000_001L)).isEqualTo(100_000_000_000L);      // micros
        assertThat(EventTime.toMillis(100_000_000_000_000_001L)).isEqualTo(100_000_000_000L);  // nanos
        assertThat(EventTime.toMillis(0)).isEqualTo(0L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2023-11-14T22:13:20.123Z|1700000000123", "2023-11-14T23:13:20.123+01:00|1700000000123",
            "2023-11-14 22:13:20.123z|1700000000123", "2023-11-14t22:13:20.123Z|1700000000123",
            "2023-11-14T22:13:20.123456789Z|1700000000123", "2023-11-14T22:13:20.123|1700000000123",
            "2023-11-14|1699920000000", "1700000000123|1700000000123", "1700000000|1700000000000",
            "' 1700000000123 '|1700000000123", "1700000000.123|1700000000123", "1700000000123456|1700000000123"})
    void stringsInIsoOrNumericFormBecomeMilliseconds(String text, long expected) {
        assertThat(EventTime.toMillis(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "yesterday", "2023-13-45T99:00:00Z", "12:00", "0x1234", "NaN"})
    void unreadableStringsGiveNull(String text) {
        assertThat(EventTime.toMillis(text)).isNull();
    }

    @Test
    void dateTimeObjectsAndOddTypes() {
        assertThat(EventTime.toMillis(Instant.ofEpochMilli(MS))).isEqualTo(MS);
        assertThat(EventTime.toMillis(OffsetDateTime.ofInstant(Instant.ofEpochMilli(MS), ZoneOffset.ofHours(2))))
                .isEqualTo(MS);
        assertThat(EventTime.toMillis(new Date(MS))).isEqualTo(MS);
        assertThat(EventTime.toMillis(true)).isNull();
        assertThat(EventTime.toMillis(Map.of("a", 1))).isNull();
        assertThat(EventTime.toMillis(List.of(1))).isNull();
        assertThat(EventTime.toMillis(null)).isNull();
        assertThat(EventTime.toMillis(Double.NaN)).isNull();
        assertThat(EventTime.toMillis(Long.MIN_VALUE)).isNull();
    }

    @Test
    void millisecondsAsLongAreKeptWithoutAnOriginal() {
        assertThat(EventTime.resolve(MS, null, null, INGESTED)).isEqualTo(new EventTime(MS, null, null));
    }

    @Test
    void aConvertedValueKeepsTheOriginal() {
        assertThat(EventTime.resolve(1_700_000_000, null, null, INGESTED))
                .isEqualTo(new EventTime(1_700_000_000_000L, null, 1_700_000_000));
        assertThat(EventTime.resolve("2023-11-14T22:13:20.123Z", null, null, INGESTED))
                .isEqualTo(new EventTime(MS, null, "2023-11-14T22:13:20.123Z"));
    }

    @Test
    void fallbacksInOrderTimeDtThenEventDayThenIngestedAt() {
        assertThat(EventTime.resolve(null, "2023-11-14T22:13:20.123Z", "20231114", INGESTED))
                .isEqualTo(new EventTime(MS, "time_dt", null));
        assertThat(EventTime.resolve(null, MS, "20231114", INGESTED)).isEqualTo(new EventTime(MS, "time_dt", null));
        assertThat(EventTime.resolve("bad", "also bad", "20231114", INGESTED))
                .isEqualTo(new EventTime(1_699_920_000_000L, "event_day", "bad"));
        assertThat(EventTime.resolve(null, null, "2023-11-14", INGESTED))
                .isEqualTo(new EventTime(INGESTED.toEpochMilli(), "ingested_at", null));
        assertThat(EventTime.resolve(null, null, "20231399", INGESTED).source()).isEqualTo("ingested_at");
    }
}
