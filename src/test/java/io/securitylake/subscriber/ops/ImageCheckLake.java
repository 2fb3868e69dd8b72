package io.securitylake.subscriber.ops;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoNotifications;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.EmbeddedLake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The lake a container image is checked against (docker/verify-image.sh): the embedded SQS, S3 and PostgreSQL,
 * a few demo objects announced on the queue, the service's settings written as an env file for
 * {@code podman run --env-file}, then a line {@code stored acme=N globex=M} every two seconds until killed.
 * Usage: {@code ImageCheckLake <env file>}.
 */
public final class ImageCheckLake {

    private static final String BUCKET = "aws-security-data-lake-us-east-1-image";

    private ImageCheckLake() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedLake lake = EmbeddedLake.start();
        Runtime.getRuntime().addShutdownHook(new Thread(lake::close));
        lake.createBucket(BUCKET);
        lake.createDatabase("globex");
        String queue = lake.createQueue("image-check", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"));

        Path dir = Files.createTempDirectory("image-check");
        var feeds = List.of(Map.entry(DemoSource.CLOUD_TRAIL_MGMT, "111111111111"),
                Map.entry(DemoSource.CROWDSTRIKE_DETECTIONS, "111111111112"),
                Map.entry(DemoSource.VPC_FLOW, "222222222222"));
        long seed = 1;
        for (var feed : feeds) {
            Path file = dir.resolve(seed + ".parquet");
            long size = DemoLake.write(file, feed.getKey(), feed.getValue(), "us-east-1", 500, seed);
            String key = feed.getKey().key(feed.getValue(), "us-east-1", java.time.LocalDate.now(), seed++);
            lake.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(file));
            lake.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(DemoNotifications.eventBridge(BUCKET, key, size)));
        }

        String env = String.join("\n",
                "LAKE_QUEUE_URL=" + queue,
                "LAKE_AWS_SQS_ENDPOINT=" + lake.sqsEndpoint(),
                "LAKE_AWS_S3_ENDPOINT=" + lake.s3Endpoint(),
                "AWS_ACCESS_KEY_ID=" + EmbeddedLake.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY=" + EmbeddedLake.SECRET_KEY,
                "SPRING_DATASOURCE_URL=" + lake.jdbcUrl("postgres"),
                "SPRING_DATASOURCE_USERNAME=postgres",
                "SPRING_DATASOURCE_PASSWORD=",
                "LAKE_TENANTS_ACME_ACCOUNTS=111111111111,111111111112",
                "LAKE_TENANTS_GLOBEX_ACCOUNTS=222222222222",
                "LAKE_TENANTS_GLOBEX_DATASOURCE_URL=" + lake.jdbcUrl("globex"),
                "LAKE_TENANTS_GLOBEX_DATASOURCE_USERNAME=postgres",
                "LAKE_TENANTS_GLOBEX_DATASOURCE_PASSWORD=",
                "LAKE_OPS_HEALTH_BUCKET=" + BUCKET) + "\n";
        Path envFile = Path.of(args[0]);
        Files.writeString(envFile.resolveSibling(envFile.getFileName() + ".tmp"), env);
        Files.move(envFile.resolveSibling(envFile.getFileName() + ".tmp"), envFile,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("lake ready, settings in " + envFile);

        while (true) {
            System.out.printf("stored acme=%d globex=%d%n", count(lake.jdbcUrl("postgres"), "tenant_acme"),
                    count(lake.jdbcUrl("globex"), "tenant_globex"));
            Thread.sleep(2000);
        }
    }

    private static long count(String url, String schema) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + schema + ".events")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception notYetMigrated) {
            return 0;
        }
    }
}
