package io.securitylake.subscriber.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void rowIsElevenTabSeparatedColumnsEndedByANewline() {
        CopyText text = new CopyText(16);
        text.add(new EventRow("u1", 1_718_323_200_123L, 2004, 2, 3, "111", "us-east-1", "CLOUD_TRAIL_MGMT",
                utf8("{\"a\":\"b\"}")), "bucket", "key.parquet");
        assertThat(text.text()).isEqualTo(
                "u1\t2024-06-14T00:00:00.123Z\t2004\t2\t3\t111\tus-east-1\tCLOUD_TRAIL_MGMT\tbucket\tkey.parquet\t{\"a\":\"b\"}\n");
    }

    @Test
    void absentValuesAreNull() {
        CopyText text = new CopyText(16);
        text.add(new EventRow("u", 0, null, null, null, null, null, null, utf8("{}")), "b", "k");
        assertThat(text.text()).isEqualTo("u\t1970-01-01T00:00:00Z\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\tb\tk\t{}\n");
    }

    @Test
    void backslashTabNewlineAndReturnAreEscapedAndNulReplaced() {
        CopyText text = new CopyText(16);
        text.add(new EventRow("a\\b\tc\nd\re\u0000f", 0, null, null, null, null, null, null,
                utf8("{\"p\":\"C:\\\\x\\n\"}")), "b", "k");
        assertThat(text.text()).startsWith("a\\\\b\\tc\\nd\\re\uFFFDf\t")
                .endsWith("\t{\"p\":\"C:\\\\\\\\x\\\\n\"}\n");
    }

    @Test
    void multiByteCharactersPassUnchanged() {
        CopyText text = new CopyText(16);
        text.add(new EventRow("é😀中", 0, null, null, null, null, null, null, utf8("{\"m\":\"ü\"}")), "b", "k");
        assertThat(text.text()).startsWith("é😀中\t").endsWith("{\"m\":\"ü\"}\n");
    }

    @Test
    void clearedTextKeepsNothingOfAnEarlierCopy() {
        // a thread reuses its text: rows left by a COPY cut short (maybe another tenant's) must not reach the next
        CopyText text = new CopyText(16);
        text.add(new EventRow("tenant-a", 0, null, null, null, null, null, null, utf8("{\"big\":\"" + "x".repeat(500) + "\"}")),
                "b", "k");
        text.clear();
        text.add(new EventRow("tenant-b", 0, null, null, null, null, null, null, utf8("{}")), "b", "k");
        assertThat(text.text()).isEqualTo("tenant-b\t1970-01-01T00:00:00Z\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\tb\tk\t{}\n");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
