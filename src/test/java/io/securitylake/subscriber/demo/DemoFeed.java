package io.securitylake.subscriber.demo;

import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Behaves like Security Lake for the local run: every few seconds it writes OCSF Parquet objects for the
 * demo accounts into the bucket and announces them on the queue, in the notification shapes real
 * deployments send; and it logs how many events each tenant's store holds.
 */
public final class DemoFeed {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFeed.class);
    private static final List<Feed> FEEDS = List.of(
            new Feed(DemoSource.CLOUD_TRAIL_MGMT, "111111111111"),
            new Feed(DemoSource.VPC_FLOW, "111111111111"),
            new Feed(DemoSource.ROUTE53, "111111111111"),
            new Feed(DemoSource.SH_FINDINGS, "111111111111"),
            new Feed(DemoSource.CROWDSTRIKE_DETECTIONS, "111111111112"),
            new Feed(DemoSource.CROWDSTRIKE_PROCESS, "111111111112"),
            new Feed(DemoSource.CLOUD_TRAIL_MGMT, "222222222222"),
            new Feed(DemoSource.VPC_FLOW, "222222222222"),
            new Feed(DemoSource.CROWDSTRIKE_DETECTIONS, "222222222222"),
            new Feed(DemoSource.CROWDSTRIKE_PROCESS, "222222222222"),
            new Feed(DemoSource.SH_FINDINGS, "999999999999"));

    private final String bucket;
    private final String queueUrl;
    private final Duration interval;
    private final int rounds;
    private final TenantStores stores;
    private final SplittableRandom random = new SplittableRandom(42);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-feed");
        t.setDaemon(true);
        return t;
    });
    private S3Client s3;
    private SqsClient sqs;
    private int round;

    private record Feed(DemoSource source, String account) {
    }

    public DemoFeed(Environment env, TenantStores stores) {
        this.bucket = env.getRequiredProperty("lake.demo.bucket");
        this.queueUrl = env.getRequiredProperty("lake.demo.queue-url");
        this.interval = Duration.ofSeconds(env.getProperty("lake.demo.interval-seconds", Integer.class, 15));
        this.rounds = env.getProperty("lake.demo.rounds", Integer.class, 20);
        this.stores = stores;
        var region = Region.of(env.getProperty("lake.aws.region", "us-east-1"));
        this.s3 = S3Client.builder().region(region).forcePathStyle(true).credentialsProvider(DefaultCredentialsProvider.builder().build())
                .endpointOverride(java.net.URI.create(env.getRequiredProperty("lake.aws.s3-endpoint"))).build();
        this.sqs = SqsClient.builder().region(region).credentialsProvider(DefaultCredentialsProvider.builder().build())
                .endpointOverride(java.net.URI.create(env.getRequiredProperty("lake.aws.sqs-endpoint"))).build();
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::publishRound, 2, interval.toSeconds(), TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::logCounts, 10, 10, TimeUnit.SECONDS);
    }

    public void stop() {
        timer.shutdownNow();
        s3.close();
        sqs.close();
    }

    private void publishRound() {
        if (round >= rounds) {
            return;
        }
        round++;
        try {
            Path dir = Files.createTempDirectory("demo-feed");
            for (Feed feed : FEEDS) {
                long seed = random.nextLong();
                int events = 200 + random.nextInt(800);
                Path file = dir.resolve(seed + ".parquet");
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                DemoLake.write(file, feed.source(), feed.account(), "us-east-1", today, events, seed,
                        DemoLake.Options.defaults());
                String key = feed.source().key(feed.account(), "us-east-1", today, seed);
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(DemoNotifications.any(random, bucket, key,
                        file.toFile().length())));
                Files.delete(file);
            }
            Files.delete(dir);
            LOG.info("demo feed round {}/{}: {} objects announced", round, rounds, FEEDS.size());
        } catch (IOException | RuntimeException e) {
            LOG.warn("demo feed round failed: {}", e.toString());
        }
    }

    private void logCounts() {
        Map<String, Long> counts = new TreeMap<>();
        stores.all().forEach((tenant, ds) -> counts.put(tenant,
                new JdbcTemplate(ds).queryForObject("SELECT count(*) FROM events", Long.class)));
        LOG.info("events stored per tenant at {}: {}", Instant.now(), counts);
    }
}
