package io.securitylake.subscriber.api.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * GET /api/v1/predictions/volume, GET /api/v1/anomalies and POST /api/v1/admin/predictions/recompute on the
 * service, over hourly rollups written for a source of the test's own.
 */
class PredictionApiTest extends ApiTestSupport {

    private static final Map<String, String> ADMIN = Map.of("X-API-Key", ADMIN_KEY);


    @Test
    void aSeriesWithHistoryHasABandEveryHourAndTheNext24HoursAsForecast() {
        String source = sourceWithHourlyHistory(0);
        JsonNode body = get("/api/v1/predictions/volume" + query(Map.of("by", "source", "value", source)), ACME_KEY).json();

        assertThat(body.path("status").asText()).isEqualTo("ok");
        List<JsonNode> items = StreamSupport.stream(body.path("items").spliterator(), false).toList();
        assertThat(items).hasSize(7 * 24 + 1 + 24);
        JsonNode past = items.get(100);
        assertThat(past.path("observed").asDouble()).isBetween(past.path("lower").asDouble(), past.path("upper").asDouble());
        JsonNode future = items.get(items.size() - 1);
        assertThat(future.path("observed").isNull()).isTrue();
        assertThat(future.path("expected").asDouble()).isPositive();
        assertThat(future.path("time").asLong()).isGreaterThan(Instant.now().plus(Duration.ofHours(23)).toEpochMilli());
    }

    @Test
    void aSeriesOfADayIsInsufficientHistoryNotAnInventedBand() {
        String source = "test_" + uniqueSource().substring(5).toUpperCase();
        Instant t = Instant.now().minus(Duration.ofHours(3));
        store("acme", new TestEvent("ev-" + source, t, 3002, 1, LakeTestStack.ACME_ACCOUNT, source, "192.0.2.1", "alice"));

        Reply r = get("/api/v1/predictions/volume" + query(Map.of("by", "source", "value", source)), ACME_KEY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("insufficient_history");
        assertThat(StreamSupport.stream(r.json().path("items").spliterator(), false))
                .allSatisfy(h -> assertThat(h.path("expected").isNull()).isTrue())
                .anySatisfy(h -> assertThat(h.path("observed").asDouble()).isEqualTo(1.0));
    }

    @Test
    void badRequestsAre400Problems() {
        String v = "/api/v1/predictions/volume";
        assertProblem(get(v + "?by=user", ACME_KEY), 400);
        assertProblem(get(v + "?by=source", ACME_KEY), 400);
        assertProblem(get(v + "?value=VPC_FLOW", ACME_KEY), 400);
        assertProblem(get(v + "?by=account&value=12345", ACME_KEY), 400);
        assertProblem(get(v + "?by=class&value=abc", ACME_KEY), 400);
        assertProblem(get(v + "?by=source&value=NEVER_SEEN_SOURCE_X", ACME_KEY), 400);
        assertProblem(get(v + "?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z", ACME_KEY), 400);
        assertProblem(get(v + "?to=" + Instant.now().plus(Duration.ofDays(3)).toEpochMilli(), ACME_KEY), 400);
        assertProblem(get(v + "?from=2026-02-01&to=2026-01-01", ACME_KEY), 400);
        assertProblem(get(v + "?interval=1h", ACME_KEY), 400);
        assertProblem(get("/api/v1/anomalies?kind=burst", ACME_KEY), 400);
        assertProblem(get("/api/v1/anomalies?limit=0", ACME_KEY), 400);
        assertProblem(get("/api/v1/anomalies?cursor=forged", ACME_KEY), 400);
        assertThat(get("/api/v1/anomalies", ADMIN_KEY).status()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/admin/predictions/recompute", Map.of("X-API-Key", ACME_KEY)).status()).isEqualTo(403);
    }

    @Test
    void theAdminRecomputeFindsASilentSourceListedAsAnAnomalyAndADetectionEvenWhenAnotherTenantFails() {
        String source = sourceWithHourlyHistory(4);
        JdbcTemplate globex = new JdbcTemplate(stores.dataSource("globex"));
        globex.execute("ALTER TABLE event_rollups RENAME TO event_rollups_away");
        try {
            LakeTestStack.await(Duration.ofSeconds(60), "the silence of " + source + " is listed", () -> {
                Reply accepted = send("POST", "/api/v1/admin/predictions/recompute", ADMIN);
                assertThat(accepted.status()).isEqualTo(202);
                return silenceOf(source) != null;
            });
        } finally {
            globex.execute("ALTER TABLE event_rollups_away RENAME TO event_rollups");
        }
        JsonNode anomaly = silenceOf(source);
        assertThat(anomaly.path("hours").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(anomaly.path("series").path("by").asText()).isEqualTo("source");
        JsonNode detection = get("/api/v1/detections/" + anomaly.path("detection_uid").asText(), ACME_KEY).json();
        assertThat(detection.path("rule").path("uid").asText()).isEqualTo("source-silent");
        assertThat(detection.path("entities").toString()).contains("\"resource\"", source);
        // tenant isolation: globex lists none of acme's anomalies
        assertThat(get("/api/v1/anomalies?kind=silence&limit=1000", GLOBEX_KEY).body()).doesNotContain(source);
    }

    private JsonNode silenceOf(String source) {
        JsonNode page = get("/api/v1/anomalies?kind=silence&limit=1000", ACME_KEY).json();
        return StreamSupport.stream(page.path("items").spliterator(), false)
                .filter(a -> a.path("series").path("value").asText().equals(source)).findFirst().orElse(null);
    }
}
