package io.securitylake.subscriber.demo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The demo feed on its own, for {@code docker compose}: every {@code LAKE_DEMO_INTERVAL_SECONDS} (15) it writes
 * demo OCSF objects for the demo accounts (each holding the events of the few minutes before it is written) to {@code LAKE_DEMO_BUCKET} and announces them on {@code LAKE_QUEUE_URL},
 * through {@code LAKE_AWS_ENDPOINT} or {@code LAKE_AWS_S3_ENDPOINT} / {@code LAKE_AWS_SQS_ENDPOINT} (the bucket is created when missing). Credentials: the SDK's default chain.
 */
public final class DemoFeedMain {

    private static final List<String[]> FEEDS = List.of(
            new String[] {"CLOUD_TRAIL_MGMT", "111111111111"}, new String[] {"VPC_FLOW", "111111111111"},
            new String[] {"CROWDSTRIKE_DETECTIONS", "111111111112"}, new String[] {"ROUTE53", "222222222222"},
            new String[] {"CROWDSTRIKE_PROCESS", "222222222222"}, new String[] {"SH_FINDINGS", "999999999999"});

    private DemoFeedMain() {
    }

    public static void main(String[] args) throws Exception {
        String bucket = env("LAKE_DEMO_BUCKET", "aws-security-data-lake-us-east-1-demo");
        String queue = env("LAKE_QUEUE_URL", null);
        String endpoint = env("LAKE_AWS_ENDPOINT", "");
        URI s3Endpoint = URI.create(env("LAKE_AWS_S3_ENDPOINT", endpoint));
        URI sqsEndpoint = URI.create(env("LAKE_AWS_SQS_ENDPOINT", endpoint));
        int rounds = Integer.parseInt(env("LAKE_DEMO_ROUNDS", "20"));
        long interval = Long.parseLong(env("LAKE_DEMO_INTERVAL_SECONDS", "15"));
        Region region = Region.of(env("LAKE_AWS_REGION", "us-east-1"));
        SplittableRandom random = new SplittableRandom(42);
        try (S3Client s3 = S3Client.builder().region(region).endpointOverride(s3Endpoint).forcePathStyle(true).build();
             SqsClient sqs = SqsClient.builder().region(region).endpointOverride(sqsEndpoint).build()) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(b -> b.bucket(bucket));
            }
            Path dir = Files.createTempDirectory("demo-feed");
            for (int round = 1; round <= rounds; round++) {
                for (String[] feed : FEEDS) {
                    DemoSource source = DemoSource.valueOf(feed[0]);
                    long seed = random.nextLong();
                    DemoBatch batch = new DemoBatch(source, feed[1], "us-east-1", DemoLake.Window.before(Instant.now()),
                            200 + random.nextInt(800), seed);
                    Path file = dir.resolve(seed + ".parquet");
                    DemoLake.write(file, batch, DemoLake.Options.defaults());
                    String key = batch.key();
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
                    sqs.sendMessage(b -> b.queueUrl(queue)
                            .messageBody(DemoNotifications.any(random, bucket, key, file.toFile().length())));
                    Files.delete(file);
                }
                System.out.printf("demo feed round %d/%d: %d objects announced%n", round, rounds, FEEDS.size());
                Thread.sleep(interval * 1000);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null && fallback == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value == null ? fallback : value;
    }
}
