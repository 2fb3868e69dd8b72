package io.securitylake.subscriber.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.securitylake.subscriber.AwsSettings;
import io.securitylake.subscriber.SettingsFactory;
import io.securitylake.subscriber.tenant.TenantSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * CreateCustomLogSource as Security Lake answers it, from a local server replaying the API reference's responses
 * (200 with the source's provider location and role, 409 ConflictException, 403 AccessDeniedException): the request
 * each source makes (path, SigV4 signature for service securitylake in the tenant's region, body), and the outcome
 * the admin sees. Not run against AWS.
 */
class SourceRegistrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATED = """
            {"source": {"attributes": {"crawlerArn": "arn:aws:glue:eu-west-1:123456789012:crawler/%1$s",
              "databaseArn": "arn:aws:glue:eu-west-1:123456789012:database/amazon_security_lake_glue_db_eu_west_1",
              "tableArn": "arn:aws:glue:eu-west-1:123456789012:table/amazon_security_lake_table_eu_west_1_ext_%1$s"},
             "provider": {"location": "s3://aws-security-data-lake-eu-west-1-abc/ext/%1$s/",
              "roleArn": "arn:aws:iam::123456789012:role/AmazonSecurityLake-Provider-%1$s-eu-west-1"},
             "sourceName": "%1$s", "sourceVersion": "1.0"}}""";

    private HttpServer server;
    private final List<Map<String, Object>> requests = new ArrayList<>();
    private final Deque<Object[]> answers = new ArrayDeque<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(Map.of("method", exchange.getRequestMethod(), "path", exchange.getRequestURI().getPath(),
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    "date", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Date")),
                    "body", JSON.readTree(body)));
            Object[] answer = answers.removeFirst();
            byte[] out = ((String) answer[2]).getBytes(StandardCharsets.UTF_8);
            if (answer[1] != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", (String) answer[1]);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders((Integer) answer[0], out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void eachSourceIsCreatedWithItsClassForTheTenantsAccountSignedForSecurityLake() {
        answers.add(new Object[] {200, null, CREATED.formatted("lakesub-detections")});
        answers.add(new Object[] {409, "ConflictException:http://internal.amazon.com/coral/com.amazon.securitylake/",
                "{\"message\": \"The custom source lakesub-incidents already exists\", \"resourceName\": "
                        + "\"lakesub-incidents\", \"resourceType\": \"CUSTOM_LOG_SOURCE\"}"});

        List<SourceRegistration.Outcome> outcomes = registration().register("acme",
                new SourceRegistration.Request("arn:aws:iam::123456789012:role/lake-crawler", "ext-id-1", null));

        assertThat(outcomes).extracting(SourceRegistration.Outcome::source, SourceRegistration.Outcome::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lakesub-detections", "created"),
                        org.assertj.core.groups.Tuple.tuple("lakesub-incidents", "exists"));
        assertThat(outcomes.get(0).location()).isEqualTo("s3://aws-security-data-lake-eu-west-1-abc/ext/lakesub-detections/");
        assertThat(outcomes.get(0).providerRoleArn()).endsWith("role/AmazonSecurityLake-Provider-lakesub-detections-eu-west-1");
        assertThat(outcomes).allMatch(SourceRegistration.Outcome::registered);

        assertThat(requests).hasSize(2);
        for (Map<String, Object> r : requests) {
            assertThat(r.get("method")).isEqualTo("POST");
            assertThat(r.get("path")).isEqualTo("/v1/datalake/logsources/custom");
            String day = ((String) r.get("date")).substring(0, 8);
            assertThat((String) r.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + day
                    + "/eu-west-1/securitylake/aws4_request, SignedHeaders=").contains("Signature=");
        }
        JsonNode detections = (JsonNode) requests.get(0).get("body");
        assertThat(detections.path("sourceName").asText()).isEqualTo("lakesub-detections");
        assertThat(detections.path("eventClasses").toString()).isEqualTo("[\"DETECTION_FINDING\"]");
        assertThat(detections.at("/configuration/crawlerConfiguration/roleArn").asText())
                .isEqualTo("arn:aws:iam::123456789012:role/lake-crawler");
        assertThat(detections.at("/configuration/providerIdentity/externalId").asText()).isEqualTo("ext-id-1");
        assertThat(detections.at("/configuration/providerIdentity/principal").asText()).isEqualTo("123456789012");
        assertThat(((JsonNode) requests.get(1).get("body")).path("eventClasses").toString())
                .isEqualTo("[\"INCIDENT_FINDING\"]");
    }

    @Test
    void aRefusalIsReportedWithSecurityLakesTypeAndMessage() {
        answers.add(new Object[] {403, "AccessDeniedException", "{\"message\": \"User is not authorized to perform: "
                + "securitylake:CreateCustomLogSource\", \"errorCode\": \"AccessDenied\"}"});
        answers.add(new Object[] {200, null, CREATED.formatted("lakesub-incidents")});

        List<SourceRegistration.Outcome> outcomes = registration().register("acme",
                new SourceRegistration.Request("arn:aws:iam::123456789012:role/lake-crawler", "ext-id-1", "210987654321"));

        assertThat(outcomes.get(0).outcome()).isEqualTo("failed");
        assertThat(outcomes.get(0).status()).isEqualTo(403);
        assertThat(outcomes.get(0).error()).isEqualTo("AccessDeniedException: User is not authorized to perform: "
                + "securitylake:CreateCustomLogSource");
        assertThat(outcomes.get(1).outcome()).isEqualTo("created");
        assertThat(((JsonNode) requests.get(0).get("body")).at("/configuration/providerIdentity/principal").asText())
                .isEqualTo("210987654321");
    }

    @Test
    void aTenantWithoutAPublishingAccountIsRefusedBeforeAnyCall() {
        SourceRegistration registration = registration(new MockEnvironment()
                .withProperty("lake.aws.securitylake-endpoint", "http://127.0.0.1:" + server.getAddress().getPort())
                .withProperty("lake.tenants.globex.publish.enabled", "true"));

        assertThatThrownBy(() -> registration.register("globex", new SourceRegistration.Request(
                "arn:aws:iam::123456789012:role/lake-crawler", "ext-id-1", null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("publish.account");
        assertThat(requests).isEmpty();
    }

    private SourceRegistration registration() {
        return registration(new MockEnvironment()
                .withProperty("lake.aws.securitylake-endpoint", "http://127.0.0.1:" + server.getAddress().getPort())
                .withProperty("lake.tenants.acme.publish.enabled", "true")
                .withProperty("lake.tenants.acme.publish.bucket", "aws-security-data-lake-eu-west-1-abc")
                .withProperty("lake.tenants.acme.publish.account", "123456789012")
                .withProperty("lake.tenants.acme.publish.region", "eu-west-1"));
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    }

    private static SourceRegistration registration(MockEnvironment env) {
        return new SourceRegistration(SettingsFactory.bind(TenantSettings.class, env),
                SettingsFactory.bind(AwsSettings.class, env), credentials());
    }
}
