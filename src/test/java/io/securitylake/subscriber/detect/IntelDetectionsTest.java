package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.intel.IntelSettings;
import io.securitylake.subscriber.intel.Hit;
import io.securitylake.subscriber.intel.IntelFeeds;
import io.securitylake.subscriber.intel.IntelIndicators;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant batch × the indicators in force → threat-intel detections: one per event and indicator, with a uid that
 * the same event and indicator always give, the indicator named, severity from the feed or the confidence, a tenant's
 * own feed for that tenant only, capped like a rule.
 */
class IntelDetectionsTest {

    private static final String BUNDLE = """
            {"type": "bundle", "id": "bundle--1", "objects": [
             {"type": "indicator", "id": "indicator--c2", "modified": "2026-01-01T00:00:00Z", "name": "C2 server",
              "pattern": "[ipv4-addr:value = '198.51.100.0/24' OR domain-name:value = 'c2.example.net']",
              "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2099-01-01T00:00:00Z",
              "confidence": 90, "labels": ["c2"],
              "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "command-and-control"}]}]}
            """;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path tmp;

    private Detector detector(int cap) throws IOException {
        return detector(cap, new IntelIndicators(Clock.systemUTC()));
    }

    private Detector detector(int cap, IntelIndicators indicators) throws IOException {
        Path stix = Files.writeString(tmp.resolve("c2.json"), BUNDLE);
        Path globexList = Files.writeString(tmp.resolve("globex.txt"), "203.0.113.7\n");
        IntelFeeds feeds = new IntelFeeds(IntelSettings.of("max-feed-bytes", "1048576", "fetch-timeout", "5s").withFeeds(List.of(
                IntelSettings.Feed.of("name", "vendor", "file", stix),
                IntelSettings.Feed.of("name", "globex-own", "file", globexList, "format", "list", "type", "ipv4-addr",
                        "tenant", "globex", "confidence", 10, "severity", 5))), indicators, new LakeMetrics(registry),
                Clock.systemUTC());
        feeds.due().forEach(feeds::poll);
        return new Detector(new RuleBook(List.of()), null, new LakeMetrics(registry), cap, indicators);
    }

    private TenantBatch batch(String tenant, List<Map<String, Object>> events) throws IOException {
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            rows.add(new EventRow("ev-" + i, 1_764_460_800_000L + i, 4001, null, 1, "111111111111", "us-east-1", "X",
                    json.writeValueAsBytes(events.get(i))));
        }
        return new TenantBatch(tenant, "b", "k", rows, events);
    }

    private static Map<String, Object> flow(String src, String dst) {
        return OcsfEvent.vpcFlow(443, 1).set("src_endpoint.ip", src).set("dst_endpoint.ip", dst).map();
    }

    @Test
    void aHitNamesItsIndicatorAndTakesItsSeverityFromTheConfidence() throws IOException {
        List<Detection> found = detector(100).evaluate(batch("acme", List.of(flow("10.0.1.5", "198.51.100.23"),
                flow("10.0.1.5", "192.0.2.1"))));

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.ruleUid()).isEqualTo("threat-intel");
            assertThat(d.eventUids()).containsExactly("ev-0");
            assertThat(d.severityId()).as("confidence 90: High").isEqualTo(4);
            assertThat(d.attacks()).containsExactly("command_and_control");
            assertThat(d.entities()).contains(new Entities.Entity("ip", "198.51.100.23"));
            assertThat(IntelDetections.feedOf(d)).isEqualTo("vendor");
            @SuppressWarnings("unchecked")
            Map<String, Object> indicator = (Map<String, Object>) d.details().get("indicator");
            assertThat(indicator).containsEntry("value", "198.51.100.0/24").containsEntry("type", "ipv4-addr")
                    .containsEntry("stix_id", "indicator--c2").containsEntry("confidence", 90)
                    .containsEntry("valid_until", 4_070_908_800_000L).containsEntry("field", "dst_endpoint.ip")
                    .containsEntry("observed", "198.51.100.23").containsEntry("labels", List.of("c2"));
        });
    }

    @Test
    void anEventIsLookedUpOnceFromItsScreeningToItsDetections() throws IOException {
        AtomicInteger lookUps = new AtomicInteger();
        Detector detector = detector(100, new IntelIndicators(Clock.systemUTC()) {
            @Override
            public List<Hit> matches(String tenant, Map<String, Object> event) {
                lookUps.incrementAndGet();
                return super.matches(tenant, event);
            }
        });
        List<Map<String, Object>> events = List.of(flow("10.0.1.5", "198.51.100.23"), flow("10.0.1.5", "192.0.2.1"));
        List<Map<String, Object>> kept = new ArrayList<>();
        List<List<Hit>> hits = new ArrayList<>();
        for (Map<String, Object> event : events) {
            Detector.Screening screening = detector.screen("acme", event);
            kept.add(screening.needed() ? event : null);
            hits.add(screening.needed() ? screening.intelHits() : null);
        }

        List<Detection> found = detector.evaluate(new TenantBatch("acme", "b", "k", batch("acme", events).rows(), kept, hits));

        assertThat(kept).containsExactly(events.get(0), null);
        assertThat(found).singleElement().satisfies(d -> assertThat(d.eventUids()).containsExactly("ev-0"));
        assertThat(lookUps).as("once an event, when it is screened").hasValue(2);
    }

    @Test
    void theSameEventAndIndicatorAlwaysGiveTheSameUidAndOtherIndicatorsOthers() throws IOException {
        Detector detector = detector(100);
        Map<String, Object> both = OcsfEvent.dns("c2.example.net").set("src_endpoint.ip", "198.51.100.9").map();

        List<Detection> first = detector.evaluate(batch("acme", List.of(both)));
        List<Detection> again = detector(100).evaluate(batch("acme", List.of(both)));

        assertThat(first).hasSize(2).extracting(Detection::uid).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(again.stream().map(Detection::uid).toList());
    }

    @Test
    void aTenantsOwnFeedRaisesForThatTenantOnlyWithTheFeedsSeverity() throws IOException {
        Detector detector = detector(100);
        List<Map<String, Object>> events = List.of(flow("203.0.113.7", "10.0.0.1"));

        assertThat(detector.evaluate(batch("acme", events))).isEmpty();
        assertThat(detector.evaluate(batch("globex", events))).singleElement()
                .satisfies(d -> assertThat(d.severityId()).as("the feed's severity, not confidence 10's").isEqualTo(5));
    }

    @Test
    void aFindingOfTheLakeIsMatchedToo() throws IOException {
        Map<String, Object> finding = new java.util.LinkedHashMap<>(flow("198.51.100.44", "10.0.0.1"));
        finding.put("class_uid", 2004);
        finding.put("finding_info", Map.of("uid", "finding-1", "title", "Beacon"));

        assertThat(detector(100).evaluate(batch("acme", List.of(finding)))).extracting(Detection::ruleUid)
                .containsExactlyInAnyOrder("lake-finding", "threat-intel");
    }

    @Test
    void hitsAreCappedPerChunkLikeARule() throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(flow("198.51.100." + (i + 1), "10.0.0.1"));
        }

        assertThat(detector(5).evaluate(batch("acme", events))).hasSize(5);
        assertThat(registry.get("lake.detections.capped").tag("rule", "threat-intel").counter().count()).isEqualTo(7);
    }
}
