package io.securitylake.subscriber.intel;

import io.securitylake.subscriber.stack.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Look-ups of an event's values among the indicators in force: each field, networks, validity, revocation. */
class IntelIndicatorsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String SHA256 = "50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c";

    private final SettableClock clock = new SettableClock(T0);
    private final IntelIndicators intel = new IntelIndicators(clock);

    private static Indicator of(IndicatorType type, String value) {
        return Indicator.listed("f", type, type.normalise(value), 50);
    }

    private List<String> fields(Map<String, Object> event) {
        return intel.matches("acme", event).stream().map(h -> h.field() + "=" + h.indicator().value()).toList();
    }

    @Test
    void everyKindOfFieldIsLookedUpAmongItsKindOfIndicator() {
        intel.replace("f", null, null, List.of(of(IndicatorType.IPV4, "198.51.100.0/24"), of(IndicatorType.IPV6, "2001:db8:a1::/48"),
                of(IndicatorType.DOMAIN, "evil.example"), of(IndicatorType.URL, "http://example.com/drop.exe"),
                of(IndicatorType.SHA256, SHA256), of(IndicatorType.MD5, "1a79a4d60de6718e8e5b326e338ae533"),
                of(IndicatorType.EMAIL, "mallory@example.org"), of(IndicatorType.IPV4, "203.0.113.9")));

        assertThat(fields(Map.of("src_endpoint", Map.of("ip", "198.51.100.200", "hostname", "EVIL.example."))))
                .containsExactly("src_endpoint.ip=198.51.100.0/24", "src_endpoint.hostname=evil.example");
        assertThat(fields(Map.of("dst_endpoint", Map.of("ip", "2001:db8:a1::66")))).containsExactly("dst_endpoint.ip=2001:db8:a1:0:0:0:0:0/48");
        assertThat(fields(Map.of("dst_endpoint", Map.of("ip", "2001:db8:a2::66")))).isEmpty();
        assertThat(fields(Map.of("query", Map.of("hostname", "evil.example"),
                "answers", List.of(Map.of("rdata", "203.0.113.9"), Map.of("rdata", "cname.example")))))
                .containsExactly("query.hostname=evil.example", "answers.rdata=203.0.113.9");
        assertThat(fields(Map.of("url", Map.of("url_string", "http://example.com/drop.exe")))).hasSize(1);
        assertThat(fields(Map.of("file", Map.of("hashes", List.of(Map.of("algorithm_id", 3, "value", SHA256.toUpperCase()))))))
                .containsExactly("file.hashes=" + SHA256);
        assertThat(fields(Map.of("process", Map.of("file", Map.of("hashes", List.of(
                Map.of("algorithm_id", 1, "value", "1a79a4d60de6718e8e5b326e338ae533")))))))
                .containsExactly("process.file.hashes=1a79a4d60de6718e8e5b326e338ae533");
        assertThat(fields(Map.of("email", Map.of("from", "Mallory@Example.org", "to", List.of("bob@example.com")))))
                .containsExactly("email.from=mallory@example.org");
        assertThat(fields(Map.of("observables", List.of(Map.of("type_id", 2, "name", "x", "value", "198.51.100.1"),
                Map.of("type_id", 4, "name", "user", "value", "evil.example")))))
                .as("a user name is no domain").containsExactly("observables=198.51.100.0/24");
        assertThat(fields(Map.of("src_endpoint", Map.of("ip", "192.0.2.1", "hostname", "good.example")))).isEmpty();
    }

    @Test
    void aReadReturnsWhatTheFeedsLastSetDidNotHoldForTheBackInTimeScan() {
        Indicator kept = of(IndicatorType.IPV4, "198.51.100.1");
        assertThat(intel.replace("f", null, null, List.of(kept))).as("a first read brings all").containsExactly(kept);

        Indicator added = of(IndicatorType.DOMAIN, "new.example");
        Indicator sameAgain = of(IndicatorType.IPV4, "198.51.100.1");
        assertThat(intel.replace("f", null, null, List.of(sameAgain, added))).containsExactly(added);
        assertThat(intel.replace("other", null, null, List.of(sameAgain))).as("each feed its own").containsExactly(sameAgain);
    }

    @Test
    void anEventMatchingOneIndicatorByTwoFieldsIsOneHit() {
        intel.replace("f", null, null, List.of(of(IndicatorType.IPV4, "203.0.113.0/24")));

        assertThat(intel.matches("acme", Map.of("src_endpoint", Map.of("ip", "203.0.113.1"),
                "dst_endpoint", Map.of("ip", "203.0.113.2")))).singleElement()
                .satisfies(h -> assertThat(h.field()).isEqualTo("src_endpoint.ip"));
    }

    @Test
    void anIndicatorExpiringWhileInForceStopsMatchingWithoutANewRead() {
        Indicator expiring = new Indicator("f", IndicatorType.IPV4, "198.51.100.5", "indicator--e", null,
                T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofHours(1)), false, 80, List.of(), List.of(), T0);
        Indicator later = new Indicator("f", IndicatorType.IPV4, "198.51.100.6", "indicator--l", null,
                T0.plus(Duration.ofHours(1)), null, false, 80, List.of(), List.of(), T0);
        Indicator revoked = new Indicator("f", IndicatorType.IPV4, "198.51.100.7", "indicator--r", null,
                null, null, true, 80, List.of(), List.of(), T0);
        intel.replace("f", null, null, List.of(expiring, later, revoked));
        Map<String, Object> event = Map.of("observables", List.of(Map.of("type_id", 2, "value", "198.51.100.5"),
                Map.of("type_id", 2, "value", "198.51.100.6"), Map.of("type_id", 2, "value", "198.51.100.7")));

        assertThat(fields(event)).containsExactly("observables=198.51.100.5");
        assertThat(intel.matches("acme", event)).isNotEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(fields(event)).as("expired, and the later one now valid").containsExactly("observables=198.51.100.6");
        clock.advance(Duration.ofDays(3650));
        assertThat(fields(event)).containsExactly("observables=198.51.100.6");
        intel.replace("f", null, null, List.of(expiring, revoked));
        assertThat(intel.matches("acme", event)).isEmpty();
    }
}
