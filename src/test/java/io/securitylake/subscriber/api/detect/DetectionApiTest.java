package io.securitylake.subscriber.api.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.detect.TestDetections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** GET /api/v1/detections, /detections/{uid} and /rules over detections stored as the detector stores them. */
class DetectionApiTest extends ApiTestSupport {

    private static final Instant T = Instant.parse("2026-05-01T08:00:00Z");

    private static String uniqueRule() {
        return "test-rule-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<String> storeFive(String tenant, String rule) {
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            uids.add(TestDetections.store(stores, tenant, rule, rule + "-event-" + i, T.plusSeconds(i), 1 + i));
        }
        return uids;
    }

    private static List<String> uids(JsonNode page) {
        return StreamSupport.stream(page.path("items").spliterator(), false).map(d -> d.path("uid").asText()).toList();
    }

    @Test
    void detectionsPageNewestFirstThroughSignedCursors() {
        String rule = uniqueRule();
        List<String> stored = storeFive("acme", rule);

        JsonNode first = get("/api/v1/detections" + query(Map.of("rule", rule, "limit", "2")), ACME_KEY).json();
        JsonNode second = get("/api/v1/detections" + query(Map.of("rule", rule, "limit", "2",
                "cursor", first.path("next_cursor").asText())), ACME_KEY).json();
        JsonNode third = get("/api/v1/detections" + query(Map.of("rule", rule, "limit", "2",
                "cursor", second.path("next_cursor").asText())), ACME_KEY).json();

        assertThat(uids(first)).containsExactly(stored.get(4), stored.get(3));
        assertThat(uids(second)).containsExactly(stored.get(2), stored.get(1));
        assertThat(uids(third)).containsExactly(stored.get(0));
        assertThat(third.path("next_cursor").isNull()).isTrue();
    }

    @Test
    void filtersBySeverityAndTime() {
        String rule = uniqueRule();
        List<String> stored = storeFive("acme", rule);

        assertThat(uids(get("/api/v1/detections" + query(Map.of("rule", rule, "severity_id_min", "4")), ACME_KEY).json()))
                .containsExactly(stored.get(4), stored.get(3));
        assertThat(uids(get("/api/v1/detections" + query(Map.of("rule", rule, "from", T.plusSeconds(1).toString(),
                "to", String.valueOf(T.plusSeconds(3).toEpochMilli()))), ACME_KEY).json()))
                .containsExactly(stored.get(2), stored.get(1));
    }

    @Test
    void oneDetectionHasTheContractFieldsAndAnUnknownUidIsNotFound() {
        String rule = uniqueRule();
        String uid = TestDetections.store(stores, "acme", rule, "ev-" + rule, T, 4);

        JsonNode d = get("/api/v1/detections/" + uid, ACME_KEY).json();

        assertThat(d.path("uid").asText()).isEqualTo(uid);
        assertThat(d.path("time").asLong()).isEqualTo(T.toEpochMilli());
        assertThat(d.path("severity_id").asInt()).isEqualTo(4);
        assertThat(d.at("/rule/uid").asText()).isEqualTo(rule);
        assertThat(d.at("/rule/title").asText()).isEqualTo("title of " + rule);
        assertThat(d.path("event_uids")).hasSize(1);
        assertThat(d.at("/event_uids/0").asText()).isEqualTo("ev-" + rule);
        assertThat(d.at("/entities/0/type").asText()).isEqualTo("user");
        assertThat(d.at("/entities/0/value").asText()).isEqualTo("acme-user");
        assertThat(d.has("incident_uid")).isTrue();
        assertThat(d.path("incident_uid").isNull()).isTrue();
        assertProblem(get("/api/v1/detections/det-" + "0".repeat(32), ACME_KEY), 404);
    }

    @Test
    void badInputIsAProblemNeverAServerError() {
        assertProblem(get("/api/v1/detections?tenant=globex", ACME_KEY), 400);
        assertProblem(get("/api/v1/detections?rule=" + enc("x' OR 1=1 --"), ACME_KEY), 400);
        assertProblem(get("/api/v1/detections?severity_id_min=high", ACME_KEY), 400);
        assertProblem(get("/api/v1/detections?limit=0", ACME_KEY), 400);
        assertProblem(get("/api/v1/detections?limit=1001", ACME_KEY), 400);
        assertProblem(get("/api/v1/detections?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", ACME_KEY), 400);
        assertProblem(get("/api/v1/detections?cursor=not-a-cursor", ACME_KEY), 400);
        assertProblem(get("/api/v1/detections/not-a-uid", ACME_KEY), 400);
        assertProblem(get("/api/v1/rules?limit=5", ACME_KEY), 400);
        assertProblem(get("/api/v1/detections", null), 401);
        assertProblem(get("/api/v1/rules", ADMIN_KEY), 403);
    }

    @Test
    void aCursorOfTheEventsListingIsRefusedHere() {
        String source = uniqueSource();
        for (int i = 0; i < 2; i++) {
            store("acme", new TestEvent("cursor-" + source + i, T.plusSeconds(i), 3002, 1, "111111111111", source, "1.1.1.1", "a"));
        }
        String eventsCursor = get("/api/v1/events" + query(Map.of("source", source, "limit", "1")), ACME_KEY)
                .json().path("next_cursor").asText();

        assertProblem(get("/api/v1/detections" + query(Map.of("cursor", eventsCursor)), ACME_KEY), 400);
    }

    @Test
    void rulesListTheStarterPackAndLakeFindingWithTheCallersHitCounts() {
        long before = hits(get("/api/v1/rules", ACME_KEY).json(), "aws-cloudtrail-stop-logging");
        String event = "stop-" + UUID.randomUUID();
        TestDetections.store(stores, "acme", "aws-cloudtrail-stop-logging", event, T, 4);
        TestDetections.store(stores, "acme", "aws-cloudtrail-stop-logging", event, T, 4); // the same detection again

        JsonNode rules = get("/api/v1/rules", ACME_KEY).json();

        assertThat(hits(rules, "aws-cloudtrail-stop-logging")).isEqualTo(before + 1);
        assertThat(rules.path("items")).hasSizeGreaterThanOrEqualTo(21);
        assertThat(rules.at("/items/0/uid").asText()).isEqualTo("lake-finding");
        JsonNode stop = rule(rules, "aws-cloudtrail-stop-logging");
        assertThat(stop.path("level").asText()).isEqualTo("high");
        assertThat(stop.path("severity_id").asInt()).isEqualTo(4);
        assertThat(stop.path("logsource").asText()).isEqualTo("aws/cloudtrail");
        assertThat(stop.path("tags").toString()).contains("attack.t1562.008");
        assertThat(rules.path("refused").isArray()).isTrue();
    }

    static JsonNode rule(JsonNode rules, String uid) {
        for (JsonNode r : rules.path("items")) {
            if (r.path("uid").asText().equals(uid)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + uid + " in " + rules);
    }

    static long hits(JsonNode rules, String uid) {
        return rule(rules, uid).path("hits").asLong();
    }
}
