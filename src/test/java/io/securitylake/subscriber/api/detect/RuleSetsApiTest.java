package io.securitylake.subscriber.api.detect;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT_2;
import static io.securitylake.subscriber.stack.LakeTestStack.GLOBEX_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Per-tenant rule sets on the running service: a rules folder with a rule for every tenant, a rule of acme's own
 * folder and a folder of a tenant that does not exist; overrides made through the API and applied while ingesting
 * through the real embedded SQS, S3 and PostgreSQL, in the caller's tenant only. The rule uids are this test's own.
 */
class RuleSetsApiTest extends ApiTestSupport {

    private static final LakeProbe PROBE = new LakeProbe();
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String STOP = "rs-stop-logging";
    private static final String OWN = "rs-acme-denied";

    @TempDir
    Path tmp;
    @DynamicPropertySource
    static void rulesFolder(DynamicPropertyRegistry r) {
        r.add("lake.rules.dir", RuleSetsApiTest::folder);
    }

    private static String folder() {
        try {
            Path dir = Files.createTempDirectory("rulesets");
            Files.writeString(dir.resolve("stop.yml"), """
                    title: CloudTrail logging stopped
                    id: rs-stop-logging
                    logsource: {product: aws, service: cloudtrail}
                    detection:
                      selection: {eventName: StopLogging}
                      condition: selection
                    level: high
                    """);
            Files.createDirectories(dir.resolve("tenants/acme"));
            Files.writeString(dir.resolve("tenants/acme/denied.yml"), """
                    title: Acme's own rule - a denied call
                    id: rs-acme-denied
                    logsource: {product: aws, service: cloudtrail}
                    detection:
                      selection: {errorCode: AccessDenied}
                      condition: selection
                    level: medium
                    """);
            Files.createDirectories(dir.resolve("tenants/initech"));
            Files.writeString(dir.resolve("tenants/initech/theirs.yml"), """
                    title: A tenant that is not configured
                    id: rs-initech
                    logsource: {product: aws, service: cloudtrail}
                    detection:
                      selection: {eventName: DeleteTrail}
                      condition: selection
                    """);
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply patch(String uid, String ifMatch, String body, String key) {
        Map<String, String> headers = ifMatch == null ? Map.of("X-API-Key", key, "Content-Type", "application/json")
                : Map.of("X-API-Key", key, "Content-Type", "application/json", "If-Match", ifMatch);
        return sendBody("PATCH", "/api/v1/rules/" + uid, headers, body);
    }

    private static JsonNode rule(JsonNode rules, String uid) {
        for (JsonNode r : rules.path("items")) {
            if (r.path("uid").asText().equals(uid)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Ingests an object of CloudTrail calls of the account through route ingest-object, as the SQS consumer hands it
     * over: this context shares the API tests' queue with their other cached contexts, which must not take it.
     */
    private String ingest(String account) {
        String key = PROBE.upload(tmp, DemoSource.CLOUD_TRAIL_MGMT, account, 2000);
        ingestHere(objectCreated(key, 1));
        await(WAIT, key + " is done", () -> "done".equals(PROBE.status(key)));
        return key;
    }

    private long count(String tenant, String sql, Object... args) {
        return new JdbcTemplate(stores.dataSource(tenant)).queryForObject(sql, Long.class, args);
    }

    /** The object's events the condition selects, and the detections of the rule (at a severity) among them. */
    private long events(String tenant, String key, String condition) {
        return count(tenant, "SELECT count(*) FROM events WHERE object_key = ? AND " + condition, key);
    }

    private long detections(String tenant, String rule, String key, int severity) {
        return count(tenant, "SELECT count(*) FROM detections d WHERE rule_uid = ? AND severity_id = ? AND EXISTS "
                + "(SELECT 1 FROM events e WHERE e.object_key = ? AND e.event_uid = ANY(d.event_uids))", rule, severity, key);
    }

    private long detections(String tenant, String rule, String key) {
        return count(tenant, "SELECT count(*) FROM detections d WHERE rule_uid = ? AND EXISTS "
                + "(SELECT 1 FROM events e WHERE e.object_key = ? AND e.event_uid = ANY(d.event_uids))", rule, key);
    }

    @Test
    void eachTenantGetsItsOwnRulesAndOverridesAndNeverAnotherTenants() {
        JsonNode acme = get("/api/v1/rules", ACME_KEY).json();
        JsonNode globex = get("/api/v1/rules", GLOBEX_KEY).json();
        assertThat(acme.path("items")).extracting(r -> r.path("uid").asText())
                .containsExactly("lake-finding", STOP, OWN);
        assertThat(rule(acme, OWN).path("own").asBoolean()).isTrue();
        assertThat(rule(acme, STOP).path("version").asLong()).isZero();
        assertThat(rule(acme, STOP).path("enabled").asBoolean()).isTrue();
        assertThat(globex.path("items")).extracting(r -> r.path("uid").asText()).containsExactly("lake-finding", STOP);
        assertThat(globex.toString()).as("acme's own rule, even its file").doesNotContain(OWN, "tenants/acme");
        assertThat(acme.path("refused")).anySatisfy(r -> {
            assertThat(r.path("file").asText()).isEqualTo("tenants/initech/");
            assertThat(r.path("reason").asText()).contains("no tenant 'initech'");
        });

        Reply off = patch(STOP, "0", "{\"enabled\": false}", GLOBEX_KEY);
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.etag()).isEqualTo("\"1\"");
        assertThat(off.json().path("enabled").asBoolean()).isFalse();
        assertThat(off.json().path("overridden").asBoolean()).isTrue();
        Reply low = patch(STOP, "\"0\"", "{\"level\": \"low\"}", ACME_KEY);
        assertThat(low.status()).as(low.body()).isEqualTo(200);
        assertThat(low.json().path("level").asText()).isEqualTo("low");
        assertThat(low.json().path("severity_id").asInt()).isEqualTo(2);
        assertThat(low.json().path("rule_level").asText()).isEqualTo("high");
        assertThat(low.json().path("enabled").asBoolean()).isTrue();
        assertThat(rule(get("/api/v1/rules", GLOBEX_KEY).json(), STOP).path("level").asText()).as("globex's level")
                .isEqualTo("high");

        String acmeKey = ingest(ACME_ACCOUNT_2);
        String globexKey = ingest(GLOBEX_ACCOUNT);

        long acmeStops = events("acme", acmeKey, "event->'api'->>'operation' = 'StopLogging'");
        long acmeDenied = events("acme", acmeKey, "event->'api'->'response'->>'error' = 'AccessDenied'");
        assertThat(acmeStops).as("StopLogging calls in acme's object").isPositive();
        assertThat(acmeDenied).as("denied calls in acme's object").isPositive();
        assertThat(detections("acme", STOP, acmeKey, 2)).as("at acme's level").isEqualTo(acmeStops);
        assertThat(detections("acme", OWN, acmeKey)).as("acme's own rule").isEqualTo(acmeDenied);
        assertThat(events("globex", globexKey, "event->'api'->>'operation' = 'StopLogging'")).isPositive();
        assertThat(events("globex", globexKey, "event->'api'->'response'->>'error' = 'AccessDenied'")).isPositive();
        assertThat(detections("globex", STOP, globexKey)).as("switched off for globex").isZero();
        assertThat(detections("globex", OWN, globexKey)).as("acme's own rule on globex's events").isZero();

        JsonNode audit = get("/api/v1/tuning/audit", ACME_KEY).json().path("items");
        JsonNode change = null;
        for (JsonNode a : audit) {
            if (a.path("target").asText().equals(STOP) && a.path("action").asText().equals("rule.update")) {
                change = a;
            }
        }
        assertThat(change).as("acme's change in acme's audit").isNotNull();
        assertThat(change.path("actor").asText()).contains("acme");
        assertThat(change.path("before").path("level").asText()).isEqualTo("high");
        assertThat(change.path("after").path("level").asText()).isEqualTo("low");
        assertThat(audit.toString()).as("globex's change is not in acme's audit").doesNotContain("\"enabled\":false");

        Reply back = patch(STOP, "1", "{\"enabled\": true}", GLOBEX_KEY);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().path("overridden").asBoolean()).isFalse();
        assertThat(back.json().path("version").asLong()).isEqualTo(2);
    }

    @Test
    void aBadOrStaleChangeOrAnotherTenantsRuleIsRefused() {
        Map<String, Integer> bad = Map.of(
                "{\"level\": \"severe\"}", 400,
                "{\"level\": 3}", 400,
                "{\"enabled\": \"no\"}", 400,
                "{\"colour\": \"red\"}", 400,
                "{}", 400);
        bad.forEach((body, status) -> assertThat(patch(OWN, "0", body, ACME_KEY).status()).as(body).isEqualTo(status));
        assertThat(patch(OWN, "0", "{\"level\": \"severe\"}", ACME_KEY).body()).contains("level must be one of");
        assertThat(patch(OWN, "0", "{\"enabled\": false}", GLOBEX_KEY).status()).as("acme's own rule").isEqualTo(404);
        assertThat(patch("rs-initech", "0", "{\"enabled\": false}", ACME_KEY).status()).as("not loaded").isEqualTo(404);
        assertThat(patch("no-such-rule", "0", "{\"enabled\": false}", ACME_KEY).status()).isEqualTo(404);
        assertThat(patch(OWN, null, "{\"enabled\": false}", ACME_KEY).status()).isEqualTo(428);

        Reply first = patch(OWN, "0", "{\"level\": \"critical\"}", ACME_KEY);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(patch(OWN, "0", "{\"level\": \"low\"}", ACME_KEY).status()).as("a concurrent edit").isEqualTo(412);
        assertThat(rule(get("/api/v1/rules", ACME_KEY).json(), OWN).path("level").asText()).isEqualTo("critical");
        Reply reset = patch(OWN, "1", "{\"level\": null}", ACME_KEY);
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().path("level").asText()).as("the rule's own again").isEqualTo("medium");
    }
}
