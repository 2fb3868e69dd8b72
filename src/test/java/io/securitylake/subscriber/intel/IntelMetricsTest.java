package io.securitylake.subscriber.intel;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.stack.SettableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feeds' metrics: {@code lake.intel.indicators} per feed and type follows the set in force, also down to 0 when
 * a feed added through the API is deleted; {@code lake.intel.feed.errors} counts each failed read of its feed only.
 */
class IntelMetricsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IntelIndicators indicators = new IntelIndicators(clock);
    private final List<IntelSettings.Feed> stored = new ArrayList<>();
    @TempDir
    Path tmp;

    private IntelFeeds feeds(IntelSettings.Feed... configured) {
        IntelFeedTable table = new IntelFeedTable(null) {
            @Override
            List<IntelSettings.Feed> all() {
                return List.copyOf(stored);
            }
        };
        return new IntelFeeds(IntelSettings.of("max-feed-bytes", "1048576", "fetch-timeout", "5s")
                .withFeeds(List.of(configured)), indicators, new LakeMetrics(registry), clock,
                table);
    }

    private static IntelSettings.Feed list(String name, Path file, String type) {
        return IntelSettings.Feed.of("name", name, "file", file, "format", "list", "type", type, "interval", "10m");
    }

    private double gauge(String feed, String type) {
        return registry.get("lake.intel.indicators").tag("feed", feed).tag("type", type).gauge().value();
    }

    private double errors(String feed) {
        var c = registry.find("lake.intel.feed.errors").tag("feed", feed).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void indicatorsPerFeedAndTypeFollowTheSetInForceAndADeletedFeedDropsToZero() throws IOException {
        Path v4 = Files.writeString(tmp.resolve("v4.txt"), "192.0.2.1\n192.0.2.2\n198.51.100.0/24\n");
        Path domains = Files.writeString(tmp.resolve("domains.txt"), "evil.example\n");
        stored.add(list("stored-v4", v4, "ipv4-addr"));
        IntelFeeds feeds = feeds(list("configured-domains", domains, "domain-name"));
        feeds.due().forEach(feeds::poll);
        assertThat(gauge("stored-v4", "ipv4-addr")).isEqualTo(3);
        assertThat(gauge("configured-domains", "domain-name")).isEqualTo(1);

        Files.writeString(v4, "192.0.2.1\n");
        clock.advance(Duration.ofMinutes(10));
        feeds.due().forEach(feeds::poll);
        assertThat(gauge("stored-v4", "ipv4-addr")).as("the new read's set").isEqualTo(1);

        stored.clear(); // the admin deleted it: the next poll drops its set
        feeds.due();
        assertThat(gauge("stored-v4", "ipv4-addr")).isZero();
        assertThat(indicators.matches("acme", Map.of("src_endpoint", Map.of("ip", "192.0.2.1")))).isEmpty();
        assertThat(gauge("configured-domains", "domain-name")).isEqualTo(1);
    }

    @Test
    void feedErrorsCountEachFailedReadOfItsFeedOnly() throws IOException {
        Path good = Files.writeString(tmp.resolve("good.txt"), "192.0.2.1\n");
        IntelFeeds feeds = feeds(list("missing", tmp.resolve("missing.txt"), "ipv4-addr"), list("good", good, "ipv4-addr"));
        feeds.due().forEach(feeds::poll);
        assertThat(errors("missing")).isEqualTo(1);
        assertThat(errors("good")).isZero();
        clock.advance(Duration.ofHours(1));
        feeds.due().forEach(feeds::poll);
        assertThat(errors("missing")).isEqualTo(2);
        assertThat(errors("good")).isZero();
        assertThat(gauge("good", "ipv4-addr")).isEqualTo(1);
    }
}
