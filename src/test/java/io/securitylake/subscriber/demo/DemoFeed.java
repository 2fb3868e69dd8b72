package io.securitylake.subscriber.demo;

import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * demo accounts into the bucket, each holding the events of the few minutes before it is written, and
 * announces them on the queue, in the notification shapes real deployments send; and it logs how many
 * events each tenant's store holds. With {@code lake.demo.history-days} above 0 it first writes back-dated
 * history ({@link DemoFeedPlan#history}).
 */
public final class DemoFeed {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFeed.class);

    private final String bucket;
    private final String queueUrl;
    private final Duration interval;
    private final int rounds;
    private final int historyDays;
    private final int volumeHistoryDays;
    private final String recomputeUrl;
    private final String adminKey;
    private final TenantStores stores;
    private final SplittableRandom random = new SplittableRandom(42);
    private final DemoFeedPlan plan = new DemoFeedPlan(random);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-feed");
        t.setDaemon(true);
        return t;
    });
    private S3Client s3;
    private SqsClient sqs;
    private int round;

    public DemoFeed(Environment env, TenantStores stores) {
        this.bucket = env.getRequiredProperty("lake.demo.bucket");
        this.queueUrl = env.getRequiredProperty("lake.demo.queue-url");
        this.interval = Duration.ofSeconds(env.getProperty("lake.demo.interval-seconds", Integer.class, 15));
        this.rounds = env.getProperty("lake.demo.rounds", Integer.class, 20);
        this.historyDays = env.getProperty("lake.demo.history-days", Integer.class, 0);
        if (historyDays < 0) {
            throw new IllegalArgumentException("lake.demo.history-days must be 0 or more: " + historyDays);
        }
        this.volumeHistoryDays = env.getProperty("lake.demo.volume-history-days", Integer.class, 14);
        this.recomputeUrl = "http://localhost:" + env.getProperty("server.port", "8080") + "/api/v1/admin/predictions/recompute";
        this.adminKey = env.getProperty("lake.admin.api-keys", "").split(",")[0];
        this.stores = stores;
        var region = Region.of(env.getProperty("lake.aws.region", "us-east-1"));
        this.s3 = S3Client.builder().region(region).forcePathStyle(true).credentialsProvider(DefaultCredentialsProvider.builder().build())
                .endpointOverride(java.net.URI.create(env.getRequiredProperty("lake.aws.s3-endpoint"))).build();
        this.sqs = SqsClient.builder().region(region).credentialsProvider(DefaultCredentialsProvider.builder().build())
                .endpointOverride(java.net.URI.create(env.getRequiredProperty("lake.aws.sqs-endpoint"))).build();
    }

    public void start() {
        if (volumeHistoryDays > 0) {
            timer.execute(this::publishVolumeHistory);
        }
        if (historyDays > 0) {
            timer.execute(this::publishHistory);
        }
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
            List<DemoBatch> batches = plan.round(Instant.now());
            publish(batches);
            publishScripted(DemoScenarios.act(round, Instant.now(), random.nextLong()));
            LOG.info("demo feed round {}/{}: {} objects announced", round, rounds, batches.size());
        } catch (IOException | RuntimeException e) {
            LOG.warn("demo feed round failed: {}", e.toString());
        }
    }

    /** Back-dated objects first, oldest first, so that the live rounds continue where the history ends. */
    private void publishHistory() {
        try {
            long start = System.nanoTime();
            List<DemoBatch> batches = plan.history(Instant.now(), historyDays);
            publish(batches);
            LOG.info("demo feed history: {} objects of the last {} days and today announced in {} s", batches.size(),
                    historyDays, Duration.ofNanos(System.nanoTime() - start).toSeconds());
        } catch (IOException | RuntimeException e) {
            LOG.warn("demo feed history failed: {}", e.toString());
        }
    }

    /** A cheap fortnight of hourly volume for the predictions, with a spike and a silent source in its last hours. */
    private void publishVolumeHistory() {
        try {
            long start = System.nanoTime();
            List<DemoBatch> batches = plan.volumeHistory(Instant.now(), volumeHistoryDays);
            publish(batches);
            LOG.info("demo feed volume history: {} objects ({} events) of the last {} days announced in {} s; "
                    + "{} of {} silent for the last {} h, a spike of {} of {} {} h ago", batches.size(),
                    batches.stream().mapToInt(DemoBatch::events).sum(), volumeHistoryDays,
                    Duration.ofNanos(System.nanoTime() - start).toSeconds(), DemoFeedPlan.SILENT.source(),
                    DemoFeedPlan.SILENT.account(), DemoFeedPlan.SILENT_HOURS, DemoFeedPlan.SPIKING.source(),
                    DemoFeedPlan.SPIKING.account(), DemoFeedPlan.SPIKE_HOURS_AGO);
            recomputeOnceStored(batches.stream().mapToLong(DemoBatch::events).sum());
        } catch (IOException | RuntimeException e) {
            LOG.warn("demo feed volume history failed: {}", e.toString());
        }
    }

    /**
     * Once the tenants hold the history's events, asks the service to recompute its predictions now (the admin
     * call), instead of waiting for the hourly run: a run on half-ingested history would see silences that are not.
     */
    private void recomputeOnceStored(long events) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try {
            while (storedEvents() < events && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            var http = java.net.http.HttpClient.newHttpClient();
            var reply = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(recomputeUrl))
                    .header("X-API-Key", adminKey).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            LOG.info("demo feed: volume history stored, predictions recompute asked: {} {}", reply.statusCode(), reply.body());
        } catch (IOException e) {
            LOG.warn("demo feed: recompute not asked: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long storedEvents() {
        return stores.all().values().stream()
                .mapToLong(ds -> new JdbcTemplate(ds).queryForObject("SELECT count(*) FROM events", Long.class)).sum();
    }

    private void publish(List<DemoBatch> batches) throws IOException {
        Path dir = Files.createTempDirectory("demo-feed");
        try {
            for (DemoBatch batch : batches) {
                Path file = dir.resolve(batch.seed() + ".parquet");
                DemoLake.write(file, batch, DemoLake.Options.defaults());
                String key = batch.key();
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(DemoNotifications.any(random, bucket, key,
                        file.toFile().length())));
                Files.delete(file);
            }
        } finally {
            Files.delete(dir);
        }
    }

    /** The scripted attacks of this round (see {@link DemoScenarios}), announced like any object. */
    private void publishScripted(List<DemoScenarios.Scripted> objects) throws IOException {
        Path dir = Files.createTempDirectory("demo-scenario");
        try {
            for (DemoScenarios.Scripted object : objects) {
                Path file = dir.resolve(object.batch().seed() + ".parquet");
                DemoScenarios.write(file, object);
                String key = object.batch().key();
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(DemoNotifications.any(random, bucket, key,
                        file.toFile().length())));
                Files.delete(file);
            }
            if (!objects.isEmpty()) {
                LOG.info("demo feed round {}: {} scripted attack objects announced (see docs/incidents.md)", round,
                        objects.size());
            }
        } finally {
            Files.delete(dir);
        }
    }

    private void logCounts() {
        Map<String, Long> counts = new TreeMap<>();
        stores.all().forEach((tenant, ds) -> counts.put(tenant,
                new JdbcTemplate(ds).queryForObject("SELECT count(*) FROM events", Long.class)));
        LOG.info("events stored per tenant at {}: {}", Instant.now(), counts);
    }
}
