package io.securitylake.subscriber.ops;

import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.stack.EmbeddedLake;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Readiness follows PostgreSQL (control and tenant stores), SQS and S3, each reached through a proxy the
 * test cuts and restores; liveness stays UP throughout, and nothing is restarted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoint.health.show-details=always", "management.endpoint.health.show-components=always",
        "lake.ops.health-timeout=2s"})
class HealthProbesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TcpProxy postgres;
    private static TcpProxy sqs;
    private static TcpProxy s3;

    @DynamicPropertySource
    static void lakeBehindProxies(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, "ops-health");
        EmbeddedLake lake = LakeTestStack.lake();
        postgres = TcpProxy.to(lake.postgres().getPort());
        sqs = TcpProxy.to(lake.sqsEndpoint().getPort());
        s3 = TcpProxy.to(lake.s3Endpoint().getPort());
        String queue = LakeTestStack.queueUrl("ops-health");
        registry.add("lake.queue-url", () -> queue.replace(":" + lake.sqsEndpoint().getPort(), ":" + sqs.port()));
        registry.add("lake.aws.sqs-endpoint", () -> "http://127.0.0.1:" + sqs.port());
        registry.add("lake.aws.s3-endpoint", () -> "http://127.0.0.1:" + s3.port());
        registry.add("spring.datasource.url", () -> viaProxy(lake.jdbcUrl("postgres")));
        registry.add("lake.tenants.globex.datasource.url", () -> viaProxy(lake.jdbcUrl("globex")));
    }

    private static String viaProxy(String jdbcUrl) {
        return jdbcUrl.replace(":" + LakeTestStack.lake().postgres().getPort() + "/", ":" + postgres.port() + "/");
    }

    @LocalServerPort
    int port;
    Actuator actuator;

    @BeforeEach
    void allReachable() {
        actuator = new Actuator(port);
        await(WAIT, "readiness is UP", () -> actuator.get("/actuator/health/readiness").statusCode() == 200);
    }

    @AfterEach
    void restore() {
        postgres.restore();
        sqs.restore();
        s3.restore();
    }

    @Test
    void readinessIsDownWhilePostgresIsUnreachableAndUpAgainWithoutRestart() {
        assertDownWhileCutThenUp(postgres, "postgres");
    }

    @Test
    void readinessIsDownWhileSqsIsUnreachableAndUpAgainWithoutRestart() {
        assertDownWhileCutThenUp(sqs, "sqs");
    }

    @Test
    void readinessIsDownWhileS3IsUnreachableAndUpAgainWithoutRestart() {
        assertDownWhileCutThenUp(s3, "s3");
    }

    @Test
    void readinessNamesTheControlDatabaseAndEveryTenantStore() {
        String body = actuator.get("/actuator/health/readiness").body();
        assertThat(body).contains("\"postgres\"", "\"control\"", "\"tenant acme\"", "\"tenant globex\"",
                "\"sqs\"", "\"s3\"");
    }

    private void assertDownWhileCutThenUp(TcpProxy proxy, String component) {
        proxy.cut();
        await(WAIT, "readiness is DOWN", () -> actuator.get("/actuator/health/readiness").statusCode() == 503);
        String down = actuator.get("/actuator/health/readiness").body();
        assertThat(down).containsPattern("\"" + component + "\":\\{\"status\":\"DOWN\"");
        assertThat(actuator.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

        proxy.restore();
        await(WAIT, "readiness is UP again", () -> actuator.get("/actuator/health/readiness").statusCode() == 200);
    }
}
