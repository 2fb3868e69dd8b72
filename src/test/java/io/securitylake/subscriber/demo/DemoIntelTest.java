package io.securitylake.subscriber.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.intel.IntelSettings;
import io.securitylake.subscriber.intel.FeedState;
import io.securitylake.subscriber.intel.IntelFeeds;
import io.securitylake.subscriber.intel.IntelIndicators;
import io.securitylake.subscriber.ops.LakeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run's STIX bundle: read whole but for its one unsupported indicator, it matches the addresses the
 * attack stories sign in from (DemoScenarios), for both demo tenants, and nothing the random traffic uses.
 */
class DemoIntelTest {

    @TempDir
    Path tmp;

    @Test
    void theDemoBundleHitsTheStoriesAddressesOnly() throws IOException {
        Path bundle = tmp.resolve("intel-demo.stix.json");
        try (InputStream in = getClass().getResourceAsStream("/demo/intel-demo.stix.json")) {
            Files.copy(in, bundle);
        }
        IntelIndicators indicators = new IntelIndicators(Clock.systemUTC());
        IntelFeeds feeds = new IntelFeeds(IntelSettings.of("max-feed-bytes", "1048576", "fetch-timeout", "5s")
                .withFeeds(List.of(IntelSettings.Feed.of("name", "demo-stix", "file", bundle))), indicators,
                new LakeMetrics(new SimpleMeterRegistry()), Clock.systemUTC());

        feeds.poll("demo-stix");

        FeedState state = feeds.states(null).get(0);
        assertThat(state.status()).isEqualTo("ok");
        assertThat(state.indicatorsByType()).containsOnly(Map.entry("ipv6-addr", 2), Map.entry("domain-name", 1));
        assertThat(state.refusedByReason()).containsOnly(Map.entry("unsupported object path", 1));
        for (String[] story : new String[][] {{"acme", "2001:db8:a1::66"}, {"globex", "2001:db8:b2::66"}}) {
            assertThat(indicators.matches(story[0], Map.of("src_endpoint", Map.of("ip", story[1]))))
                    .singleElement().satisfies(h -> assertThat(h.indicator().confidence()).isEqualTo(85));
        }
        assertThat(indicators.matches("acme", Map.of("src_endpoint", Map.of("ip", "2001:db8:a1::99")))).as("the careless user").isEmpty();
        for (String domain : DemoValues.DOMAINS) {
            assertThat(indicators.matches("acme", Map.of("query", Map.of("hostname", domain)))).isEmpty();
        }
    }
}
