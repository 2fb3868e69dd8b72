package io.securitylake.subscriber;

import io.securitylake.subscriber.demo.DemoFeed;
import io.securitylake.subscriber.stack.EmbeddedLake;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Runs the service locally on embedded SQS, S3 and PostgreSQL with a demo feed that behaves like Security
 * Lake: {@code ./mvnw spring-boot:test-run}. Tenant {@code acme} stores in a schema of the control database,
 * tenant {@code globex} in a database of its own; account 999999999999 belongs to nobody (unassigned). Tenant
 * {@code acme} publishes its detections and incidents back to the local bucket every 30 s.
 */
public final class LocalLakeApplication {

    static final String BUCKET = "aws-security-data-lake-us-east-1-local";

    private LocalLakeApplication() {
    }

    public static void main(String[] args) {
        EmbeddedLake lake = EmbeddedLake.start();
        lake.createBucket(BUCKET);
        lake.createDatabase("globex");
        String queue = lake.createQueue("security-lake-subscriber",
                Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "300"));
        Runtime.getRuntime().addShutdownHook(new Thread(lake::close));

        System.setProperty("aws.accessKeyId", EmbeddedLake.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedLake.SECRET_KEY);
        Map<String, String> settings = Map.ofEntries(
                Map.entry("lake.queue-url", queue),
                Map.entry("lake.aws.sqs-endpoint", lake.sqsEndpoint().toString()),
                Map.entry("lake.aws.s3-endpoint", lake.s3Endpoint().toString()),
                Map.entry("spring.datasource.url", lake.jdbcUrl("postgres")),
                Map.entry("spring.datasource.username", "postgres"),
                Map.entry("spring.datasource.password", ""),
                Map.entry("lake.tenants.acme.accounts", "111111111111,111111111112"),
                Map.entry("lake.tenants.globex.accounts", "222222222222"),
                Map.entry("lake.tenants.globex.datasource.url", lake.jdbcUrl("globex")),
                Map.entry("lake.tenants.globex.datasource.username", "postgres"),
                Map.entry("lake.tenants.globex.datasource.password", ""),
                // demo credentials of the REST API (docs/api.md): never use these outside a local run
                Map.entry("lake.tenants.acme.api-keys", "acme-demo-key"),
                Map.entry("lake.tenants.globex.api-keys", "globex-demo-key"),
                Map.entry("lake.admin.api-keys", "admin-demo-key"),
                Map.entry("lake.operator.username", "operator"),
                Map.entry("lake.operator.password", "operator"),
                Map.entry("server.port", "8080"),
                Map.entry("lake.routes-reload", "true"),
                Map.entry("lake.demo.bucket", BUCKET),
                // a backfill request may leave the bucket out
                Map.entry("lake.backfill.bucket", BUCKET),
                Map.entry("lake.demo.queue-url", queue),
                // acme gives its detections and incidents back to the lake (docs/publishing.md): a short window, so
                // they appear under ext/subscriber-*/ of the local bucket within a minute
                Map.entry("lake.tenants.acme.publish.enabled", "true"),
                Map.entry("lake.tenants.acme.publish.bucket", BUCKET),
                Map.entry("lake.tenants.acme.publish.account", "111111111111"),
                Map.entry("lake.tenants.acme.publish.window", "30s"),
                // the demo's threat intelligence: the attack stories' addresses (docs/intel.md)
                Map.entry("lake.intel.feeds[0].name", "demo-stix"),
                Map.entry("lake.intel.feeds[0].file", demoIntelBundle().toString()));
        settings.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
        System.out.printf("%nEmbedded lake: SQS %s, S3 %s, PostgreSQL %s%n", lake.sqsEndpoint(), lake.s3Endpoint(),
                lake.jdbcUrl("postgres"));
        SpringApplication.from(SubscriberApplication::main).with(Demo.class).run(args);
    }

    /** Not a {@code @Configuration}: component scanning in the tests must not pick the demo feed up. */
    static class Demo {

        @Bean(initMethod = "start", destroyMethod = "stop")
        DemoFeed demoFeed(org.springframework.core.env.Environment env,
                          io.securitylake.subscriber.tenant.TenantStores stores) {
            return new DemoFeed(env, stores);
        }
    }

    /** The demo's STIX 2.1 bundle (a test resource), as a file the feed is read from. */
    static java.nio.file.Path demoIntelBundle() {
        try (java.io.InputStream in = LocalLakeApplication.class.getResourceAsStream("/demo/intel-demo.stix.json")) {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("intel-demo", ".stix.json");
            java.nio.file.Files.copy(java.util.Objects.requireNonNull(in, "demo/intel-demo.stix.json"), file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
