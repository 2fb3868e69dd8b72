package io.securitylake.subscriber.hunt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.securitylake.subscriber.AwsSettings;
import io.securitylake.subscriber.SettingsFactory;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * The lake engine against a local peer of the Athena and Glue APIs (AWS JSON 1.1, the SDK clients pointed at it by
 * {@code lake.hunts.athena.endpoint}) answering with recorded response shapes ({@code src/test/resources/athena}):
 * which table it reads, the query and parameters it sends (the tenant's accounts and event days in every query,
 * every value bound), the workgroup it makes, the polling, the paging and a failed query. Not run against AWS.
 */
class AthenaEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FROM = Instant.parse("2025-06-09T22:00:00Z");
    private static final Instant TO = Instant.parse("2025-06-11T00:00:00Z");

    private HttpServer server;
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean fail;
    private int polls;
    private AthenaEngine engine;
    private HuntBook book;

    @BeforeEach
    void start() throws IOException {
        // the SDK signs every call; the local peer does not check signatures
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "AKIAEXAMPLE"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "example-secret"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_target", target);
            requests.add(body);
            String file = target;
            int status = 200;
            if (target.endsWith("GetTables") && body.has("NextToken")) {
                file += ".page2";
            } else if (target.endsWith("GetWorkGroup")) {
                file += ".missing";
                status = 400;
            } else if (target.endsWith("GetQueryExecution")) {
                file += fail ? ".failed" : polls++ == 0 ? ".running" : "";
            } else if (target.endsWith("GetQueryResults") && body.has("NextToken")) {
                file += ".page2";
            }
            byte[] reply;
            try (InputStream in = getClass().getResourceAsStream("/athena/" + file + ".json")) {
                reply = in == null ? "{}".getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        MockEnvironment env = new MockEnvironment()
                .withProperty("lake.aws.region", "us-east-1")
                .withProperty("lake.tenants.acme.accounts", "111111111111,111111111112")
                .withProperty("lake.hunts.athena.output-location", "s3://athena-results-example/")
                .withProperty("lake.hunts.athena.bytes-scanned-limit", "1000000000")
                .withProperty("lake.hunts.athena.poll-interval", "10ms")
                .withProperty("lake.hunts.athena.endpoint", "http://127.0.0.1:" + server.getAddress().getPort())
                .withProperty("lake.hunts.dir", Path.of("hunts").toString());
        TenantSettings tenants = SettingsFactory.bind(TenantSettings.class, env);
        HuntSettings hunts = SettingsFactory.bind(HuntSettings.class, env);
        TenantDirectory directory = new TenantDirectory(tenants, new JdbcTemplate(LakeTestStack.controlDatabase("huntathena")));
        directory.claim("111111111113", "acme");
        engine = new AthenaEngine(hunts, SettingsFactory.bind(AwsSettings.class, env), tenants, directory);
        book = new HuntBook(hunts);
    }

    @AfterEach
    void stop() {
        engine.destroy();
        server.stop(0);
    }

    private JsonNode request(String target) {
        return requests.stream().filter(r -> r.path("_target").asText().endsWith(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + target + " request"));
    }

    @Test
    void everyLakeHuntReadsOnlyTheTenantsPartitionsWithEveryValueBound() {
        List<Hunt> lakeHunts = book.all().stream().filter(h -> h.lake() != null).toList();
        assertThat(lakeHunts).hasSizeGreaterThanOrEqualTo(7);
        for (Hunt hunt : lakeHunts) {
            Map<String, Object> params = HuntEngine.values(hunt, JSON.createObjectNode());
            AthenaSql sql = AthenaSql.of(hunt, "db", "tbl", List.of("111111111111", "111111111112"),
                    new HuntEngine.Run(params, FROM, TO, null, 100));
            assertThat(sql.sql()).as(hunt.id())
                    .contains("FROM \"db\".\"tbl\" WHERE accountid IN (?, ?) AND eventday BETWEEN ? AND ?)")
                    .doesNotContain("{table}", "111111111111", "20250609", Long.toString(FROM.toEpochMilli()));
            assertThat(sql.sql().chars().filter(c -> c == '?').count()).as(hunt.id()).isEqualTo(sql.parameters().size());
            assertThat(sql.parameters()).as(hunt.id()).contains("'111111111111'", "'111111111112'", "'20250609'",
                    "'20250610'", Long.toString(FROM.toEpochMilli()), Long.toString(TO.toEpochMilli()));
        }
    }

    @Test
    void aTextValueIsALiteralWithItsQuotesDoubled() {
        assertThat(AthenaSql.literal("o'brien' OR '1'='1")).isEqualTo("'o''brien'' OR ''1''=''1'");
        assertThat(AthenaSql.literal(5L)).isEqualTo("5");
        assertThat(AthenaSql.literal(null)).isEqualTo("NULL");
    }

    @Test
    void aHuntRunsOnTheNewestTableInTheTenantsWorkgroupAndPagesAthenasResult() {
        Hunt hunt = book.byId("denied-api-calls").orElseThrow();
        HuntResult first = engine.run("acme", hunt, new HuntEngine.Run(Map.of("min_denied", 2L), FROM, TO, null, 2));

        assertThat(request("GetTables").path("DatabaseName").asText()).isEqualTo("amazon_security_lake_glue_db_us_east_1");
        JsonNode created = request("CreateWorkGroup");
        assertThat(created.path("Name").asText()).isEqualTo("lake-hunt-acme");
        assertThat(created.at("/Configuration/BytesScannedCutoffPerQuery").asLong()).isEqualTo(1_000_000_000L);
        assertThat(created.at("/Configuration/EnforceWorkGroupConfiguration").asBoolean()).isTrue();
        assertThat(created.at("/Configuration/ResultConfiguration/OutputLocation").asText()).isEqualTo("s3://athena-results-example/");
        JsonNode started = request("StartQueryExecution");
        assertThat(started.path("WorkGroup").asText()).isEqualTo("lake-hunt-acme");
        assertThat(started.path("QueryString").asText())
                .contains("FROM \"amazon_security_lake_glue_db_us_east_1\".\"amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0\" "
                        + "WHERE accountid IN (?, ?, ?) AND eventday BETWEEN ? AND ?)")
                .doesNotContain("111111111111");
        List<String> parameters = new ArrayList<>();
        started.path("ExecutionParameters").forEach(p -> parameters.add(p.asText()));
        // in the order of the ? they stand for: {table} comes first in this hunt's FROM, then its WHERE and HAVING
        assertThat(parameters).containsExactly("'111111111111'", "'111111111112'", "'111111111113'", "'20250609'",
                "'20250610'", Long.toString(FROM.toEpochMilli()), Long.toString(TO.toEpochMilli()), "2");
        assertThat(polls).isEqualTo(2);

        assertThat(first.columns()).extracting(HuntResult.Column::name).containsExactly("principal", "account", "denied", "operations");
        assertThat(first.columns()).extracting(HuntResult.Column::type).containsExactly("varchar", "varchar", "bigint", "array");
        assertThat(first.rows()).hasSize(2);
        assertThat(first.rows().get(0)).containsExactly("arn:aws:iam::111111111111:user/bob", "111111111111", 12L,
                "[GetSecretValue, ListUsers]");
        assertThat(first.rows().get(1).get(3)).isNull();
        assertThat(request("GetQueryResults").path("MaxResults").asInt()).isEqualTo(3);
        assertThat(first.next()).isEqualTo("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111|AUj1Wz1PYvjK7mFqAbCdEfExAmPlEnExTtOkEn");

        int startsBefore = (int) requests.stream().filter(r -> r.path("_target").asText().endsWith("StartQueryExecution")).count();
        HuntResult second = engine.run("acme", hunt, new HuntEngine.Run(Map.of("min_denied", 2L), FROM, TO,
                first.next().toString(), 2));
        assertThat(second.rows()).extracting(r -> r.get(0)).containsExactly("arn:aws:iam::111111111111:user/carol");
        assertThat(second.next()).isNull();
        assertThat(requests.stream().filter(r -> r.path("_target").asText().endsWith("StartQueryExecution")).count())
                .as("a next page reads the same result").isEqualTo(startsBefore);
    }

    @Test
    void aQueryAthenaFailedIsRefusedWithAthenasReason() {
        fail = true;
        Hunt hunt = book.byId("vpc-top-talkers").orElseThrow();
        assertThatThrownBy(() -> engine.run("acme", hunt, new HuntEngine.Run(Map.of("top", 5L), FROM, TO, null, 10)))
                .isInstanceOf(HuntRefused.class).hasMessageContaining("Bytes scanned limit was exceeded");
        assertThat(request("StartQueryExecution").path("QueryString").asText())
                .contains("amazon_security_lake_table_us_east_1_vpc_flow_2_0");
    }
}
