package io.securitylake.subscriber.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Timestamps are written as java.time's formatter writes them, for every instant, the fast years and the others. */
class LogicalValuesTest {

    private static final DateTimeFormatter MILLIS = formatter("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter MICROS = formatter("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final DateTimeFormatter NANOS = formatter("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");
    private static final long[] EDGES = {0, 1, -1, 999, -999, 1_000, -1_000, 86_399_999, 86_400_000, -86_400_001,
            253_402_300_799_999L, 253_402_300_800_000L, -62_167_219_200_000L, -62_167_219_200_001L,
            1_718_323_200_000L, 1_718_409_599_999L};

    @Test
    void millisecondTimestampsReadAsTheFormatterWritesThem() {
        for (long millis : EDGES) {
            assertThat(LogicalValues.millis(millis)).as("%d ms", millis).isEqualTo(MILLIS.format(Instant.ofEpochMilli(millis)));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long millis = random.nextLong(-400_000_000_000_000L, 400_000_000_000_000L); // ±12,000 years
            assertThat(LogicalValues.millis(millis)).as("%d ms", millis).isEqualTo(MILLIS.format(Instant.ofEpochMilli(millis)));
        }
    }

    @Test
    void microsecondAndNanosecondTimestampsReadAsTheFormatterWritesThem() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            long micros = random.nextLong();
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            assertThat(LogicalValues.micros(micros)).as("%d µs", micros).isEqualTo(MICROS.format(at));
            long nanos = random.nextLong();
            Instant atNanos = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
            assertThat(LogicalValues.nanos(nanos)).as("%d ns", nanos).isEqualTo(NANOS.format(atNanos));
        }
        for (long millis : EDGES) {
            assertThat(LogicalValues.micros(millis * 1_000 + 7)).isEqualTo(MICROS.format(Instant.ofEpochMilli(millis).plusNanos(7_000)));
        }
    }

    private static DateTimeFormatter formatter(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }
}
