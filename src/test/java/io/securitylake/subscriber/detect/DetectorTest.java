package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tenant batch → its detections: findings as lake-finding, rules on the rest, the flood cap. */
class DetectorTest {

    private static final String MATCH_ALL = "title: every api call\nid: everything\nlogsource: {product: aws, service: cloudtrail}\n"
            + "detection:\n  s: {eventName|startswith: ''}\n  condition: s\n";
    private static final String ON_SEVERITY = "title: severe\nid: severe\nlogsource: {product: crowdstrike}\n"
            + "detection:\n  s: {severity_id|gte: 4}\n  condition: s\n";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObjectMapper json = new ObjectMapper();

    private Detector detector(int cap, String... rules) {
        List<String[]> files = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            files.add(new String[] {"r" + i + ".yml", rules[i]});
        }
        return new Detector(new RuleBook(files), null, new LakeMetrics(registry), cap);
    }

    private TenantBatch batch(List<Map<String, Object>> events, boolean withMaps) throws Exception {
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> e = events.get(i);
            rows.add(new EventRow("ev-" + i, 1_764_460_800_000L + i, (Integer) e.get("class_uid"), null,
                    (Integer) e.get("severity_id"), "111111111111", "us-east-1", "X", json.writeValueAsBytes(e)));
        }
        return withMaps ? new TenantBatch("acme", "b", "k", rows, events) : new TenantBatch("acme", "b", "k", rows);
    }

    @Test
    void aRuleMatchingEveryEventIsCappedPerChunkAndTheRestCounted() throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(OcsfEvent.cloudTrail("Call" + i, "ec2.amazonaws.com").map());
        }

        List<Detection> found = detector(10, MATCH_ALL).evaluate(batch(events, true));

        assertThat(found).hasSize(10).allMatch(d -> d.ruleUid().equals("everything"));
        assertThat(registry.get("lake.detections.capped").tag("rule", "everything").counter().count()).isEqualTo(15);
    }

    @Test
    void onlyFindingsAndEventsARuleMatchesAreNeededAndEvaluatingThemAloneRaisesTheSame() throws Exception {
        String stopLogging = "title: stop\nid: stop\nlogsource: {product: aws, service: cloudtrail}\n"
                + "detection:\n  s: {eventName: StopLogging}\n  condition: s\n";
        Detector detector = detector(1000, stopLogging);
        Map<String, Object> finding = new OcsfEvent().set("class_uid", 2004).set("category_uid", 2).set("severity_id", 4)
                .set("finding_info.uid", "finding-1").set("finding_info.title", "Suspicious process").map();
        Map<String, Object> stop = OcsfEvent.cloudTrail("StopLogging", "cloudtrail.amazonaws.com").map();
        Map<String, Object> benign = OcsfEvent.cloudTrail("DescribeInstances", "ec2.amazonaws.com").map();

        assertThat(detector.screen("acme", finding).needed()).isTrue();
        assertThat(detector.screen("acme", stop).needed()).isTrue();
        assertThat(detector.screen("acme", benign).needed()).isFalse();

        List<Map<String, Object>> all = List.of(finding, stop, benign);
        TenantBatch full = batch(all, true);
        List<Map<String, Object>> needed = new ArrayList<>();
        all.forEach(e -> needed.add(detector.screen("acme", e).needed() ? e : null));
        TenantBatch sparse = new TenantBatch("acme", "b", "k", full.rows(), needed);
        assertThat(detector.evaluate(sparse)).hasSize(2).isEqualTo(detector.evaluate(full));
    }

    @Test
    void aFindingIsALakeFindingAndNeverRaisedAgainByARule() throws Exception {
        Map<String, Object> falconDetection = new OcsfEvent().set("class_uid", 2004).set("category_uid", 2).set("severity_id", 5)
                .set("metadata.product.vendor_name", "CrowdStrike").set("metadata.product.name", "Falcon Insight XDR")
                .set("finding_info.uid", "ldt:abc:1").set("finding_info.title", "Credential dumping").map();
        Map<String, Object> process = OcsfEvent.process("C:\\x\\m64.exe", "m64.exe").set("severity_id", 4).map();

        List<Detection> found = detector(1000, ON_SEVERITY).evaluate(batch(List.of(falconDetection, process), true));

        assertThat(found).extracting(Detection::ruleUid).containsExactly("lake-finding", "severe");
        assertThat(found.get(0).eventUids()).containsExactly("ev-0");
        assertThat(found.get(1).eventUids()).containsExactly("ev-1");
        assertThat(found.get(1).uid()).isEqualTo(Detection.uidOf("severe", "ev-1"));
    }

    @Test
    void aBatchWithoutEventMapsIsEvaluatedFromItsJsonRowsAlike() throws Exception {
        List<Map<String, Object>> events = List.of(OcsfEvent.cloudTrail("StopLogging", "cloudtrail.amazonaws.com").map(),
                OcsfEvent.cloudTrail("DescribeTrails", "cloudtrail.amazonaws.com").map());
        Detector detector = detector(1000, "title: stop\nid: stop\nlogsource: {product: aws, service: cloudtrail}\n"
                + "detection:\n  s: {eventName: StopLogging}\n  condition: s\n");

        assertThat(detector.evaluate(batch(events, false))).isEqualTo(detector.evaluate(batch(events, true)))
                .extracting(Detection::eventUids).containsExactly(List.of("ev-0"));
    }
}
