package io.securitylake.subscriber.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain lists (a value a line) and CSV files (a named column), of the feed's one type. */
class PlainListsTest {

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aListSkipsCommentsAndBlankLinesAndRefusesValuesNotOfItsType() throws IOException {
        FeedLoad load = PlainLists.read(text("# blocklist of the day\n198.51.100.7\r\n\n203.0.113.0/24\nnot-an-ip\n"),
                "blocklist", IndicatorType.IPV4, null, 60, 100);

        assertThat(load.indicators()).extracting(Indicator::value).containsExactly("198.51.100.7", "203.0.113.0/24");
        assertThat(load.indicators()).allSatisfy(i -> {
            assertThat(i.confidence()).isEqualTo(60);
            assertThat(i.stixId()).isNull();
            assertThat(i.feed()).isEqualTo("blocklist");
        });
        assertThat(load.refusedByReason()).containsExactly(java.util.Map.entry("not an IPv4 address", 1));
    }

    @Test
    void aCsvTakesTheNamedColumnAlsoFromACommentedHeaderAndQuotedCells() throws IOException {
        String csv = """
                ################################################################
                # URLhaus-style database dump (CSV)                            #
                ################################################################
                # id,dateadded,url,url_status,threat
                "1","2024-01-01 00:00:00","http://example.com/a.exe","online","malware_download"
                "2","2024-01-01 00:00:01","http://example.net/b,c.exe","offline","malware_download"
                "3","2024-01-01 00:00:02"
                """;
        FeedLoad load = PlainLists.read(text(csv), "urls", IndicatorType.URL, "url", 50, 1000);

        assertThat(load.indicators()).extracting(Indicator::value)
                .containsExactly("http://example.com/a.exe", "http://example.net/b,c.exe");
        assertThat(load.refused()).isEqualTo(1);
        assertThat(load.examples()).containsExactly("line 7: line without column url");
    }

    @Test
    void aCsvWithoutItsColumnFailsWhole() {
        assertThatThrownBy(() -> PlainLists.read(text("a,b\n1,2\n"), "f", IndicatorType.URL, "url", 50, 1000))
                .isInstanceOf(IOException.class).hasMessageContaining("column url");
    }

    @Test
    void aTenMegabyteLineIsRefusedAndSkippedAndTheLinesAroundItRead() throws IOException {
        InputStream huge = new InputStream() {
            private long left = 10L * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }
        };
        InputStream in = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                text("evil.example\n"), huge, text("\nbad.example\n"))));

        FeedLoad load = PlainLists.read(in, "domains", IndicatorType.DOMAIN, null, 50, 4096);

        assertThat(load.indicators()).extracting(Indicator::value).containsExactly("evil.example", "bad.example");
        assertThat(load.refusedByReason()).containsExactly(java.util.Map.entry("line longer than 4096 characters", 1));
        assertThat(load.examples()).containsExactly("line 2: line longer than 4096 characters");
    }
}
