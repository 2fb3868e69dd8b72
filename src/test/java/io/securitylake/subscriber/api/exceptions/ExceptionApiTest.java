package io.securitylake.subscriber.api.exceptions;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT_2;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Exceptions on the running service: made through the API, applied while ingesting through the real embedded SQS,
 * S3 and PostgreSQL, counted once whatever is replayed, in the caller's tenant only; and every bad change refused.
 * Each test deletes the exceptions it made (every context shares tenant acme's store).
 */
class ExceptionApiTest extends ApiTestSupport {

    private static final LakeProbe PROBE = new LakeProbe();
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String DENIED = "event->'api'->'response'->>'error' = 'AccessDenied'";

    @TempDir
    Path tmp;

    private final List<String[]> made = new ArrayList<>();

    @AfterEach
    void deleteTheExceptionsMade() {
        for (String[] m : made) {
            Reply r = get("/api/v1/exceptions/" + m[0], m[1]);
            if (r.status() == 200) {
                send("DELETE", "/api/v1/exceptions/" + m[0], Map.of("X-API-Key", m[1], "If-Match",
                        r.json().path("version").asText()));
            }
        }
    }

    private Reply create(String body, String key) {
        Reply r = sendBody("POST", "/api/v1/exceptions", Map.of("X-API-Key", key, "Content-Type", "application/json"), body);
        if (r.status() == 201) {
            made.add(new String[] {r.json().path("uid").asText(), key});
        }
        return r;
    }

    private Reply patch(String uid, String ifMatch, String body, String key) {
        Map<String, String> headers = ifMatch == null ? Map.of("X-API-Key", key, "Content-Type", "application/json")
                : Map.of("X-API-Key", key, "Content-Type", "application/json", "If-Match", ifMatch);
        return sendBody("PATCH", "/api/v1/exceptions/" + uid, headers, body);
    }

    private String ingest(int events) {
        String key = PROBE.upload(tmp, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT_2, events);
        ingestHere(objectCreated(key, 1));
        await(WAIT, key + " is done", () -> "done".equals(PROBE.status(key)));
        return key;
    }

    private long count(String sql, Object... args) {
        return new JdbcTemplate(stores.dataSource("acme")).queryForObject(sql, Long.class, args);
    }

    private long deniedEvents(String key) {
        return count("SELECT count(*) FROM events WHERE object_key = ? AND " + DENIED, key);
    }

    private long detectionsOf(String rule, String key) {
        return count("SELECT count(*) FROM detections d WHERE rule_uid = ? AND EXISTS (SELECT 1 FROM events e "
                + "WHERE e.object_key = ? AND e.event_uid = ANY(d.event_uids))", rule, key);
    }

    @Test
    void anExceptionTakesItsEventsOutOfTheRuleAndItsCorrelationsOnceAndInItsTenantOnly() {
        Reply made = create("""
                {"rules": ["aws-access-denied"], "selection": {"recipientAccountId": "%s"},
                 "reason": "the audit account's scanner is denied by design"}""".formatted(ACME_ACCOUNT_2), ACME_KEY);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String uid = made.json().path("uid").asText();
        assertThat(made.json().path("author").asText()).contains("tenant:acme");
        assertThat(made.json().path("version").asLong()).isEqualTo(1);
        assertThat(made.json().path("sigma").asText()).contains("filter:", "condition: not selection",
                "aws-access-denied", "recipientAccountId");

        String key = ingest(2000);

        long denied = deniedEvents(key);
        assertThat(denied).as("denied calls in the object").isPositive();
        assertThat(detectionsOf("aws-access-denied", key)).as("detections of the excepted rule").isZero();
        assertThat(count("SELECT count(*) FROM correlation_events c WHERE rule_uid = 'aws-access-denied-burst' AND "
                + "EXISTS (SELECT 1 FROM events e WHERE e.object_key = ? AND e.event_uid = c.event_uid)", key))
                .as("excepted calls counted by the burst correlation").isZero();
        assertThat(detectionsOf("aws-cloudtrail-stop-logging", key)).as("another rule on the same events")
                .isEqualTo(count("SELECT count(*) FROM events WHERE object_key = ? AND event->'api'->>'operation' = 'StopLogging'", key));
        assertThat(get("/api/v1/exceptions/" + uid, ACME_KEY).json().path("excepted").asLong()).isEqualTo(denied);
        long exceptedOfRule = 0;
        for (JsonNode r : get("/api/v1/rules", ACME_KEY).json().path("items")) {
            if (r.path("uid").asText().equals("aws-access-denied")) {
                exceptedOfRule = r.path("excepted").asLong();
            }
        }
        assertThat(exceptedOfRule).as("excepted in the rule's figures").isGreaterThanOrEqualTo(denied);

        PROBE.control().update("UPDATE lake_objects SET status = 'retrying' WHERE object_key = ?", key);
        ingestHere(objectCreated(key, 1));
        await(WAIT, key + " is done again", () -> "done".equals(PROBE.status(key)) && PROBE.attempts(key) >= 2);
        assertThat(get("/api/v1/exceptions/" + uid, ACME_KEY).json().path("excepted").asLong())
                .as("excepted after a replay").isEqualTo(denied);

        assertThat(get("/api/v1/exceptions/" + uid, GLOBEX_KEY).status()).as("another tenant's exception").isEqualTo(404);
        assertThat(get("/api/v1/exceptions", GLOBEX_KEY).json().path("items").toString()).doesNotContain(uid);
        assertThat(send("DELETE", "/api/v1/exceptions/" + uid, Map.of("X-API-Key", GLOBEX_KEY, "If-Match", "1"))
                .status()).isEqualTo(404);
        JsonNode audit = get("/api/v1/tuning/audit", ACME_KEY).json().path("items");
        assertThat(audit.toString()).contains(uid, "exception.create");
    }

    @Test
    void anExpiredExceptionStopsApplyingAndSaysSo() {
        Reply made = create("""
                {"rules": ["aws-access-denied"], "selection": {"recipientAccountId": "%s"},
                 "reason": "until the scanner is fixed", "expires": "%s"}"""
                .formatted(ACME_ACCOUNT_2, Instant.now().plusSeconds(2)), ACME_KEY);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String uid = made.json().path("uid").asText();
        await(Duration.ofSeconds(30), uid + " expired",
                () -> get("/api/v1/exceptions/" + uid, ACME_KEY).json().path("expired").asBoolean());

        String key = ingest(1000);

        assertThat(detectionsOf("aws-access-denied", key)).isEqualTo(deniedEvents(key)).isPositive();
        assertThat(get("/api/v1/exceptions/" + uid, ACME_KEY).json().path("excepted").asLong()).isZero();
    }

    @Test
    void aChangeAtTheVersionSeenIsAppliedAndAuditedAndAStaleOneIsRefused() {
        Reply made = create("""
                {"rules": ["aws-access-denied"], "selection": {"recipientAccountId": "000000000001"}, "reason": "first"}""",
                ACME_KEY);
        String uid = made.json().path("uid").asText();
        assertThat(made.etag()).isEqualTo("\"1\"");

        assertThat(patch(uid, null, "{\"reason\": \"second\"}", ACME_KEY).status()).isEqualTo(428);
        Reply changed = patch(uid, "\"1\"", "{\"reason\": \"second\", \"selection\": {\"recipientAccountId\": \"000000000002\"}}", ACME_KEY);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("version").asLong()).isEqualTo(2);
        assertThat(changed.json().path("sigma").asText()).contains("000000000002").doesNotContain("000000000001");
        assertThat(patch(uid, "1", "{\"reason\": \"third\"}", ACME_KEY).status()).as("a stale version").isEqualTo(412);

        JsonNode audit = get("/api/v1/tuning/audit", ACME_KEY).json().path("items");
        JsonNode update = null;
        for (JsonNode a : audit) {
            if (a.path("target").asText().equals(uid) && a.path("action").asText().equals("exception.update")) {
                update = a;
            }
        }
        assertThat(update).as("the update in the audit").isNotNull();
        assertThat(update.path("before").path("reason").asText()).isEqualTo("first");
        assertThat(update.path("after").path("reason").asText()).isEqualTo("second");

        String sigma = changed.json().path("sigma").asText().replace(uid, uid + "-copy");
        Reply copy = create(JSON.createObjectNode().put("sigma", sigma).put("reason", "copied").toString(), ACME_KEY);
        assertThat(copy.status()).as("an exported filter given back as Sigma: " + copy.body()).isEqualTo(201);
        assertThat(copy.json().path("uid").asText()).isEqualTo(uid + "-copy");
        assertThat(create(JSON.createObjectNode().put("sigma", sigma).put("reason", "again").toString(), ACME_KEY)
                .status()).as("the same id again").isEqualTo(409);

        assertThat(send("DELETE", "/api/v1/exceptions/" + uid, Map.of("X-API-Key", ACME_KEY, "If-Match", "1"))
                .status()).isEqualTo(412);
        assertThat(send("DELETE", "/api/v1/exceptions/" + uid, Map.of("X-API-Key", ACME_KEY, "If-Match", "2"))
                .status()).isEqualTo(200);
        assertThat(get("/api/v1/exceptions/" + uid, ACME_KEY).status()).isEqualTo(404);
    }

    @Test
    void anExceptionThatCouldExceptTooMuchOrNamesWhatIsNotThereIsRefused() {
        Map<String, String> bad = Map.of(
                "{\"rules\": [\"no-such-rule\"], \"selection\": {\"recipientAccountId\": \"1\"}, \"reason\": \"r\"}", "unknown rule id",
                "{\"rules\": [\"aws-access-denied\"], \"selection\": {}, \"reason\": \"r\"}", "selection",
                "{\"rules\": [\"aws-access-denied\"], \"selection\": {\"NoSuchField\": \"x\"}, \"reason\": \"r\"}", "NoSuchField",
                "{\"rules\": [\"aws-access-denied\"], \"selection\": {\"recipientAccountId\": \"1\"}}", "reason",
                "{\"selection\": {\"recipientAccountId\": \"1\"}, \"reason\": \"r\"}", "rules",
                "{\"rules\": \"any\", \"selection\": {\"recipientAccountId\": \"1\"}, \"reason\": \"r\", \"expires\": \"2020-01-01T00:00:00Z\"}", "not in the future",
                "{\"sigma\": \"title: t\\nid: all-of-it\\nfilter:\\n  rules: any\\n  condition: not 1 of them\\n\", \"reason\": \"r\"}", "field",
                "{\"sigma\": \"title: t\\nid: a-rule\\nlogsource: {product: aws}\\ndetection: {sel: {a: b}, condition: sel}\\n\", \"reason\": \"r\"}", "not a Sigma filter",
                "{\"rules\": \"any\", \"selection\": {\"recipientAccountId\": \"1\"}, \"reason\": \"r\", \"colour\": 1}", "unknown field");
        bad.forEach((body, why) -> {
            Reply r = create(body, ACME_KEY);
            assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(body).contains(why);
        });
    }
}
