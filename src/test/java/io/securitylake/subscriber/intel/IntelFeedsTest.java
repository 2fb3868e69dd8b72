package io.securitylake.subscriber.intel;

import io.securitylake.subscriber.stack.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.ops.LakeMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds read by route intel-poll's steps: a good read replaces the set in force, a failed one (HTTP 500, not JSON)
 * keeps the last good set, shows its error and is retried with back-off; one bad feed does not stop another.
 */
class IntelFeedsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IntelIndicators indicators = new IntelIndicators(clock);
    private HttpServer server;
    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private IntelFeeds feeds(IntelSettings.Feed... feeds) {
        return new IntelFeeds(IntelSettings.of("max-retry-delay", "2m", "max-feed-bytes", "1048576", "fetch-timeout", "5s")
                .withFeeds(List.of(feeds)), indicators, new LakeMetrics(registry), clock);
    }

    private static IntelSettings.Feed stixUrl(String name, URI url) {
        return IntelSettings.Feed.of("name", name, "url", url, "allow-insecure", true);
    }

    private static IntelSettings.Feed listFile(String name, Path file, String tenant) {
        return IntelSettings.Feed.of("name", name, "file", file, "format", "list", "type", "ipv4-addr", "tenant", tenant,
                "interval", "10m");
    }

    private static Map<String, Object> connection(String ip) {
        return Map.of("class_uid", 4001, "dst_endpoint", Map.of("ip", ip));
    }

    private URI serve(AtomicInteger status, AtomicReference<String> body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feed.json", exchange -> {
            byte[] bytes = (status.get() == 200 ? body.get() : "Internal Server Error").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/feed.json");
    }

    private static String bundleOf(String ip) {
        return StixBundlesTest.bundle(StixBundlesTest.indicator("indicator--" + ip.replace('.', '-'),
                "2026-01-01T00:00:00Z", "[ipv4-addr:value = '" + ip + "']"));
    }

    @Test
    void aFeedAnswering500KeepsItsLastGoodSetRetriesWithBackOffAndRecovers() throws IOException {
        AtomicInteger status = new AtomicInteger(200);
        AtomicReference<String> body = new AtomicReference<>(bundleOf("198.51.100.10"));
        IntelFeeds feeds = feeds(stixUrl("vendor", serve(status, body)));

        assertThat(feeds.due()).containsExactly("vendor");
        feeds.poll("vendor");
        assertThat(state(feeds).status()).isEqualTo("ok");
        assertThat(state(feeds).nextPoll()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(feeds.due()).isEmpty();

        status.set(500);
        clock.advance(Duration.ofHours(1));
        feeds.poll("vendor");
        FeedState failing = state(feeds);
        assertThat(failing.status()).isEqualTo("failing");
        assertThat(failing.lastError()).contains("HTTP 500");
        assertThat(failing.failures()).isEqualTo(1);
        assertThat(failing.indicators()).isEqualTo(1);
        assertThat(failing.nextPoll()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(indicators.matches("acme", connection("198.51.100.10"))).as("last good set in force").hasSize(1);
        assertThat(registry.get("lake.intel.feed.errors").tag("feed", "vendor").counter().count()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(29));
        assertThat(feeds.due()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(feeds.due()).containsExactly("vendor");
        feeds.poll("vendor");
        assertThat(state(feeds).nextPoll()).as("back-off doubled").isEqualTo(clock.instant().plusSeconds(60));
        feeds.poll("vendor");
        feeds.poll("vendor");
        assertThat(state(feeds).nextPoll()).as("back-off capped").isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));

        status.set(200);
        body.set(bundleOf("203.0.113.20"));
        feeds.poll("vendor");
        FeedState recovered = state(feeds);
        assertThat(recovered.status()).isEqualTo("ok");
        assertThat(recovered.failures()).isZero();
        assertThat(recovered.lastError()).isNull();
        assertThat(recovered.lastSuccess()).isEqualTo(clock.instant());
        assertThat(indicators.matches("acme", connection("203.0.113.20"))).hasSize(1);
        assertThat(indicators.matches("acme", connection("198.51.100.10"))).as("the new set replaced the old").isEmpty();
    }

    @Test
    void aBundleThatIsNotJsonFailsItsFeedOnlyAndAnotherFeedIsRead() throws IOException {
        Path broken = Files.writeString(tmp.resolve("broken.json"), "198.51.100.1\n198.51.100.2\n");
        Path good = Files.writeString(tmp.resolve("good.txt"), "198.51.100.3\n203.0.113.0/24\n");
        IntelFeeds feeds = feeds(IntelSettings.Feed.of("name", "broken", "file", broken), listFile("good", good, null));

        feeds.due().forEach(feeds::poll);

        assertThat(feeds.states(null)).extracting(FeedState::name, FeedState::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("broken", "failing"),
                        org.assertj.core.groups.Tuple.tuple("good", "ok"));
        assertThat(feeds.states(null).get(0).lastError()).isNotBlank();
        assertThat(feeds.states(null).get(1).indicatorsByType()).containsExactly(Map.entry("ipv4-addr", 2));
        assertThat(indicators.matches("globex", connection("203.0.113.99"))).singleElement()
                .satisfies(h -> assertThat(h.indicator().value()).isEqualTo("203.0.113.0/24"));
        assertThat(registry.get("lake.intel.indicators").tag("feed", "good").tag("type", "ipv4-addr").gauge().value())
                .isEqualTo(2);
    }

    @Test
    void aTenantsFeedIsSeenAndMatchedForThatTenantOnly() throws IOException {
        Path own = Files.writeString(tmp.resolve("own.txt"), "198.51.100.77\n");
        IntelFeeds feeds = feeds(listFile("acme-own", own, "acme"));
        feeds.poll("acme-own");

        assertThat(indicators.matches("acme", connection("198.51.100.77"))).hasSize(1);
        assertThat(indicators.matches("globex", connection("198.51.100.77"))).isEmpty();
        assertThat(feeds.states("globex")).isEmpty();
        assertThat(feeds.states("acme")).extracting(FeedState::name).containsExactly("acme-own");
        assertThat(indicators.search("globex", null, null, "198.51", 0, 10)).isEmpty();
        assertThat(indicators.search("acme", null, null, "198.51", 0, 10)).hasSize(1);
        assertThat(indicators.search("acme", null, null, "198.51.100.77", 0, 10)).hasSize(1);
        assertThat(indicators.search("globex", null, null, "198.51.100.77", 0, 10)).isEmpty();
    }

    private static FeedState state(IntelFeeds feeds) {
        return feeds.states(null).get(0);
    }
}
