package io.securitylake.subscriber.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.api.security.ApiKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every API test class (same properties): the service on the embedded lake with API
 * keys for acme (one plaintext, one configured as its SHA-256), globex, the admin and the operator; plus an
 * HTTP client and a way to store events as the pipeline would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTestSupport {

    protected static final String ACME_KEY = "acme-test-key";
    protected static final String ACME_KEY_2 = "acme-second-key";
    protected static final String GLOBEX_KEY = "globex-test-key";
    protected static final String ADMIN_KEY = "admin-test-key";
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        // Tomcat logs a refused request's quote once per connection processor, then only at DEBUG: every time,
        // so that a log check sees what the first refusal would have logged whatever ran before it
        System.setProperty("org.apache.juli.logging.UserDataHelper.CONFIG", "INFO_ALL");
    }

    @DynamicPropertySource
    protected static void lake(DynamicPropertyRegistry r) {
        LakeTestStack.register(r, "api");
        r.add("lake.tenants.acme.api-keys", () -> ACME_KEY + ",sha256:" + java.util.HexFormat.of()
                .formatHex(ApiKeys.sha256(ACME_KEY_2)));
        r.add("lake.tenants.globex.api-keys", () -> GLOBEX_KEY);
        r.add("lake.admin.api-keys", () -> ADMIN_KEY);
        r.add("lake.operator.username", () -> "operator");
        r.add("lake.operator.password", () -> "operator-secret");
        r.add("lake.api.cursor-secret", () -> "test-cursor-secret");
        // threat-intelligence feeds of values no other test's events hold (IntelApiTest)
        r.add("lake.intel.feeds[0].name", () -> "api-shared");
        r.add("lake.intel.feeds[0].file", () -> IntelApiTest.SHARED_FEED.toString());
        r.add("lake.intel.feeds[1].name", () -> "api-globex");
        r.add("lake.intel.feeds[1].file", () -> IntelApiTest.GLOBEX_FEED.toString());
        r.add("lake.intel.feeds[1].format", () -> "list");
        r.add("lake.intel.feeds[1].type", () -> "domain-name");
        r.add("lake.intel.feeds[1].tenant", () -> "globex");
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected TenantStores stores;
    @Autowired
    private org.apache.camel.CamelContext camel;

    /** The stores are migrated in the background after start-up; a test that writes to them waits for that. */
    @org.junit.jupiter.api.BeforeEach
    void storesMigrated() {
        LakeTestStack.await(java.time.Duration.ofSeconds(120), "the tenant stores are migrated",
                () -> camel.getRouteController().getRouteStatus("lake-notifications").isStarted());
    }

    /**
     * Hands the objects an SQS message body announces to this context's route ingest-object, as its SQS consumer
     * would: the API tests' contexts share queue "api" (a subclass cannot name another: the base class's property
     * source is applied last), and a context with rules of its own must not take another test's object.
     */
    protected void ingestHere(String messageBody) {
        try (org.apache.camel.ProducerTemplate template = camel.createProducerTemplate()) {
            for (var object : new io.securitylake.subscriber.notification.NotificationParser().parse(messageBody)) {
                template.requestBody("direct:ingest-object", object);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The schemas are migrated by a start-up task: wait for readiness before storing or reading events. */
    @BeforeEach
    void ready() {
        LakeTestStack.await(java.time.Duration.ofSeconds(60), "the service is ready",
                () -> get("/actuator/health/readiness", null).status() == 200);
    }

    public record Reply(int status, String contentType, String body, String etag) {
        public Reply(int status, String contentType, String body) {
            this(status, contentType, body, null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    protected Reply get(String pathAndQuery, String key) {
        return send("GET", pathAndQuery, key == null ? Map.of() : Map.of("X-API-Key", key));
    }

    protected Reply send(String method, String pathAndQuery, Map<String, String> headers) {
        return send(method, pathAndQuery, headers, HttpRequest.BodyPublishers.noBody());
    }

    /** A request with a body (PATCH, POST). */
    protected Reply sendBody(String method, String pathAndQuery, Map<String, String> headers, String body) {
        return send(method, pathAndQuery, headers, HttpRequest.BodyPublishers.ofString(body));
    }

    private Reply send(String method, String pathAndQuery, Map<String, String> headers,
                       HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .method(method, body);
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().firstValue("ETag").orElse(null));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    protected static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    protected static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A source name of this test's own, so counts are not disturbed by other tests' rows. */
    protected static String uniqueSource() {
        return "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Stores one event in the tenant's table, shaped as the pipeline writes it. */
    /** Makes the daily partitions of the given times' days in the tenant's events table (the service does so per chunk). */
    protected void partitionsFor(String tenant, Instant... times) {
        java.util.List<java.time.LocalDate> days = java.util.Arrays.stream(times)
                .map(t -> java.time.LocalDate.ofInstant(t, java.time.ZoneOffset.UTC)).toList();
        new JdbcTemplate(stores.dataSource(tenant)).execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
            io.securitylake.subscriber.store.EventPartitions.ensure(c, days);
            return null;
        });
    }

    protected void store(String tenant, TestEvent e) {
        partitionsFor(tenant, e.time());
        new JdbcTemplate(stores.dataSource(tenant)).update("""
                INSERT INTO events (event_uid, event_time, class_uid, category_uid, severity_id, account, region,
                                    source, bucket, object_key, event)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (event_time, event_uid) DO NOTHING""",
                e.uid(), Timestamp.from(e.time()), e.classUid(), e.classUid() / 1000, e.severityId(), e.account(),
                "us-east-1", e.source(), LakeTestStack.BUCKET, "test/" + e.source(), e.json(tenant));
    }

    public record TestEvent(String uid, Instant time, int classUid, int severityId, String account, String source,
                     String srcIp, String user) {

        String json(String tenant) {
            try {
                return JSON.writeValueAsString(Map.of(
                        "metadata", Map.of("uid", uid, "version", "1.1.0"),
                        "time", time.toEpochMilli(),
                        "class_uid", classUid,
                        "severity_id", severityId,
                        "src_endpoint", Map.of("ip", srcIp),
                        "actor", Map.of("user", Map.of("name", user)),
                        "message", "ünïcödé & \"quotes\" <tags>",
                        "_lake", Map.of("tenant", tenant, "bucket", LakeTestStack.BUCKET, "key", "test/" + source,
                                "ingested_at", Instant.now().toString(), "account", account, "source", source,
                                "event_uid", uid)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A source of the test's own in tenant acme's hourly rollups: three weeks of a steady daily shape, ending
     * {@code silentHours} settled hours before now (the predictions learn from it; a silence shows when above 0).
     */
    protected String sourceWithHourlyHistory(int silentHours) {
        String source = "test_" + uniqueSource().substring(5).toUpperCase();
        long nowHour = Math.floorDiv(Instant.now().getEpochSecond(), 3600);
        long settled = Math.floorDiv(Instant.now().minus(java.time.Duration.ofMinutes(20)).getEpochSecond(), 3600);
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        for (long h = nowHour - 21 * 24; h < settled - silentHours; h++) {
            long events = 200 + Math.round(150 * Math.sin(Math.PI * Math.floorMod(h, 24L) / 24)) + Math.floorMod(h * 7919, 11L);
            rows.add(new Object[] {Timestamp.from(Instant.ofEpochSecond(h * 3600)), source, events});
        }
        new JdbcTemplate(stores.dataSource("acme")).batchUpdate("INSERT INTO event_rollups (hour, class_uid, category_uid, "
                + "severity_id, source, account, region, events) VALUES (?, 3002, 3, 1, ?, '111111111112', 'us-east-1', ?)", rows);
        return source;
    }

    protected static void assertProblem(Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("status").asInt()).isEqualTo(status);
        assertThat(r.json().path("title").asText()).isNotBlank();
        assertThat(r.json().has("detail")).isTrue();
        assertThat(r.body()).doesNotContain("at io.", "at org.", "SQL", "postgres");
    }
}
