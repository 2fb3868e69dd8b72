package io.securitylake.subscriber.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** STIX 2.1 bundles (shaped as the specification's examples, reserved values only) → indicators. */
class StixBundlesTest {

    static final String POISON_IVY = """
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
             "indicator_types": ["malicious-activity"], "name": "Poison Ivy Malware", "labels": ["malware", "rat"],
             "pattern": "[ file:hashes.'SHA-256' = '50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c' ]",
             "pattern_type": "stix", "valid_from": "2016-01-01T00:00:00Z", "valid_until": "2036-01-01T00:00:00Z",
             "confidence": 85,
             "kill_chain_phases": [{"kill_chain_name": "mandiant-attack-lifecycle-model", "phase_name": "establish-foothold"}]}
            """;

    static FeedLoad read(String bundle) throws IOException {
        return StixBundles.read(new ByteArrayInputStream(bundle.getBytes(StandardCharsets.UTF_8)), "spec", 40, 8192);
    }

    static String bundle(String... objects) {
        return "{\"type\": \"bundle\", \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"objects\": ["
                + String.join(",", objects) + "]}";
    }

    static String indicator(String id, String modified, String pattern) {
        return "{\"type\": \"indicator\", \"spec_version\": \"2.1\", \"id\": \"" + id + "\", \"created\": "
                + "\"2016-04-06T20:03:48.000Z\", \"modified\": \"" + modified + "\", \"pattern\": \"" + pattern
                + "\", \"pattern_type\": \"stix\", \"valid_from\": \"2016-01-01T00:00:00Z\"}";
    }

    @Test
    void anIndicatorKeepsItsValidityConfidenceLabelsPhasesAndFeed() throws IOException {
        FeedLoad load = read(bundle("{\"type\": \"malware\", \"id\": \"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\","
                + " \"name\": \"Poison Ivy\", \"is_family\": false}", POISON_IVY));

        assertThat(load.refused()).isZero();
        assertThat(load.indicators()).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo(IndicatorType.SHA256);
            assertThat(i.value()).isEqualTo("50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c");
            assertThat(i.feed()).isEqualTo("spec");
            assertThat(i.stixId()).isEqualTo("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
            assertThat(i.name()).isEqualTo("Poison Ivy Malware");
            assertThat(i.confidence()).isEqualTo(85);
            assertThat(i.labels()).containsExactly("malware", "rat");
            assertThat(i.killChainPhases()).containsExactly("mandiant-attack-lifecycle-model:establish-foothold");
            assertThat(i.validFrom()).isEqualTo(Instant.parse("2016-01-01T00:00:00Z"));
            assertThat(i.validUntil()).isEqualTo(Instant.parse("2036-01-01T00:00:00Z"));
        });
    }

    @Test
    void anOrPatternIsOneIndicatorPerValueAndAnIndicatorWithoutConfidenceTakesTheFeeds() throws IOException {
        FeedLoad load = read(bundle(indicator("indicator--1", "2020-01-01T00:00:00Z",
                "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32']")));

        assertThat(load.indicators()).extracting(Indicator::value).containsExactly("198.51.100.1", "203.0.113.33");
        assertThat(load.indicators()).allSatisfy(i -> assertThat(i.confidence()).isEqualTo(40));
    }

    @Test
    void theLaterModifiedVersionOfAnIndicatorReplacesTheEarlierWhateverTheOrder() throws IOException {
        FeedLoad load = read(bundle(
                indicator("indicator--2", "2021-05-01T00:00:00.000Z", "[domain-name:value = 'new.example']"),
                indicator("indicator--2", "2021-01-01T00:00:00.000Z", "[domain-name:value = 'old.example']"),
                indicator("indicator--3", "2021-01-01T00:00:00.000Z", "[domain-name:value = 'first.example']"),
                indicator("indicator--3", "2021-06-01T00:00:00.000Z", "[domain-name:value = 'second.example']")));

        assertThat(load.indicators()).extracting(Indicator::value).containsExactly("new.example", "second.example");
    }

    @Test
    void unsupportedPatternsAreRefusedWholeAndCountedPerReasonWhileTheRestIsRead() throws IOException {
        FeedLoad load = read(bundle(
                indicator("indicator--4", "2020-01-01T00:00:00Z",
                        "[ipv4-addr:value = '198.51.100.9' OR network-traffic:dst_port = 4444]"),
                indicator("indicator--5", "2020-01-01T00:00:00Z",
                        "[domain-name:value = 'a.example' AND domain-name:value = 'b.example']"),
                indicator("indicator--6", "2020-01-01T00:00:00Z",
                        "[url:value = 'http://example.net/x'] WITHIN 300 SECONDS"),
                indicator("indicator--7", "2020-01-01T00:00:00Z", "[url:value = 'http://example.net/ok']"),
                "{\"type\": \"indicator\", \"id\": \"indicator--8\", \"pattern\": \"alert tcp any any\", \"pattern_type\": \"snort\"}"));

        assertThat(load.indicators()).extracting(Indicator::value).containsExactly("http://example.net/ok");
        assertThat(load.refused()).isEqualTo(4);
        assertThat(load.refusedByReason()).containsEntry("unsupported object path", 1)
                .containsEntry("unsupported AND (only OR of comparisons)", 1)
                .containsEntry("unsupported qualifier", 1).containsEntry("unsupported pattern_type", 1);
        assertThat(load.examples()).contains("indicator--4: unsupported object path: network-traffic:dst_port");
    }

    @Test
    void aPatternLongerThanTheLimitIsRefusedNotRead() throws IOException {
        String huge = "[url:value = 'http://example.com/" + "a".repeat(10 * 1024 * 1024) + "']";
        FeedLoad load = read(bundle(indicator("indicator--9", "2020-01-01T00:00:00Z", huge),
                indicator("indicator--10", "2020-01-01T00:00:00Z", "[ipv4-addr:value = '203.0.113.5']")));

        assertThat(load.indicators()).extracting(Indicator::value).containsExactly("203.0.113.5");
        assertThat(load.refusedByReason()).containsOnlyKeys("pattern longer than 8192 characters");
    }

    @Test
    void aFeedThatIsNotABundleFailsWhole() {
        assertThatThrownBy(() -> read("<html>503 Service Unavailable</html>")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("[1, 2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> read("{\"type\": \"bundle\", \"id\": \"bundle--1\"}")).hasMessageContaining("objects");
        assertThatThrownBy(() -> read(bundle(POISON_IVY).substring(0, 200))).isInstanceOf(IOException.class);
    }
}
