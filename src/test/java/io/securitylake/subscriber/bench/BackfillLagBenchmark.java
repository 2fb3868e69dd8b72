package io.securitylake.subscriber.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.securitylake.subscriber.backfill.LakeHistory;
import io.securitylake.subscriber.backfill.LakeHistory.Layout;
import io.securitylake.subscriber.backfill.LakeHistory.Written;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.EmbeddedLake;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.stack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The backfill benchmark ({@code ./mvnw -o -Pbackfill-bench test}, see docs/performance.md): the live lag (from an
 * object's announcement to its ledger row {@code done}) of a steady live feed, first alone, then while a backfill of
 * a larger history runs; and the backfill's own pace (objects/s, events/s). One service process, default settings
 * (backfill concurrency 2, two queue consumers), the embedded lake. Prints one JSON object and writes it to
 * {@code target/backfill-benchmark.json}.
 */
public final class BackfillLagBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN_KEY = "bench-admin";
    private static final String ACCOUNT = LakeTestStack.ACME_ACCOUNT;

    private BackfillLagBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int history = Bench.intSetting("bench.history-objects", 1500);
        int historyEvents = Bench.intSetting("bench.history-events", 50);
        int live = Bench.intSetting("bench.live-objects", 60);
        int liveEvents = Bench.intSetting("bench.live-events", 50);
        long intervalMs = Bench.longSetting("bench.live-interval-ms", 500);
        Path dir = Files.createDirectories(Path.of("target", "backfill-bench"));
        EmbeddedLake embedded = LakeTestStack.lake();
        String queue = LakeTestStack.queueUrl("backfill-bench-" + System.nanoTime());
        LakeHistory lake = new LakeHistory("backfill-bench-" + System.nanoTime() % 1_000_000, dir);
        JdbcTemplate control = new JdbcTemplate(embedded.postgres().getDatabase("postgres", "postgres"));

        LocalDate first = LocalDate.of(2017, 1, 1);
        int days = 3;
        List<Written> past = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            past.addAll(lake.write(DemoSource.VPC_FLOW, Layout.NATIVE_2_0, ACCOUNT, "us-east-1", first.plusDays(d),
                    history / days / 2, historyEvents));
            past.addAll(lake.write(DemoSource.CLOUD_TRAIL_MGMT, Layout.NATIVE_2_0, ACCOUNT, "us-east-1",
                    first.plusDays(d), history / days - history / days / 2, historyEvents));
        }
        LocalDate today = LocalDate.now();
        List<Written> warmup = lake.write(DemoSource.ROUTE53, Layout.NATIVE_2_0, ACCOUNT, "us-east-1", today, 40, liveEvents);
        List<Written> alone = lake.write(DemoSource.ROUTE53, Layout.NATIVE_2_0, ACCOUNT, "us-east-1", today, live, liveEvents);
        List<Written> beside = lake.write(DemoSource.ROUTE53, Layout.NATIVE_2_0, ACCOUNT, "us-east-1", today, live, liveEvents);

        Map<String, String> settings = Bench.embeddedService(embedded, queue, ACCOUNT, dir);
        settings.put("lake.admin.api-keys", ADMIN_KEY);
        for (String tuning : List.of("lake.backfill.concurrency", "lake.ingest.consumers")) {
            if (System.getProperty(tuning) != null) {
                settings.put(tuning, System.getProperty(tuning));
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        report.put("backfill_concurrency", settings.getOrDefault("lake.backfill.concurrency", "2 (default)"));
        report.put("load_average_at_start", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        report.put("history", Map.of("objects", past.size(), "events_per_object", historyEvents));
        report.put("live", Map.of("objects_per_phase", live, "events_per_object", liveEvents, "interval_ms", intervalMs));
        try (ServiceProcess service = ServiceProcess.subscriber("backfill-bench", settings, List.of("-Xmx1g"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (!service.ready()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service did not start; see " + service.log());
                }
                Thread.sleep(200);
            }
            feed(embedded, queue, lake, warmup, 100);
            awaitDone(control, warmup);

            feed(embedded, queue, lake, alone, intervalMs);
            report.put("live_lag_without_backfill_ms", lag(control, awaitDone(control, alone)));

            String uid = startBackfill(service, lake.bucket(), first, first.plusDays(days - 1));
            while (status(service, uid).path("objects_done").asLong() < 20) {
                Thread.sleep(100);
            }
            feed(embedded, queue, lake, beside, intervalMs);
            List<Written> besideDone = awaitDone(control, beside);
            JsonNode during = status(service, uid);
            report.put("live_lag_with_backfill_ms", lag(control, besideDone));
            report.put("backfill_running_throughout", "running".equals(during.path("status").asText()));
            JsonNode done;
            while (!"done".equals((done = status(service, uid)).path("status").asText())) {
                Thread.sleep(500);
            }
            double seconds = (done.path("finished").asLong() - done.path("created").asLong()) / 1000.0;
            report.put("backfill", Map.of("objects", done.path("objects_done").asLong(),
                    "events", done.path("events_stored").asLong(), "seconds", Bench.round(seconds),
                    "objects_per_s", Bench.round(done.path("objects_done").asLong() / seconds),
                    "events_per_s", Bench.round(done.path("events_stored").asLong() / seconds)));
        }
        String text = JSON.writeValueAsString(report);
        System.out.println(text);
        Files.writeString(Path.of("target", "backfill-benchmark.json"), text);
        System.exit(0);
    }

    /** Announces each object as Security Lake would (EventBridge, notified now), one every {@code intervalMs}. */
    private static void feed(EmbeddedLake embedded, String queue, LakeHistory lake, List<Written> objects,
                             long intervalMs) throws InterruptedException {
        for (Written o : objects) {
            String body = """
                    {"source":"aws.s3","time":"%s","detail":{"bucket":{"name":"%s"},"object":{"key":"%s","size":1}}}"""
                    .formatted(Instant.now(), lake.bucket(), o.key());
            embedded.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(body));
            Thread.sleep(intervalMs);
        }
    }

    private static List<Written> awaitDone(JdbcTemplate control, List<Written> objects) throws InterruptedException {
        String[] keys = LakeHistory.keys(objects).toArray(String[]::new);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (control.queryForObject("SELECT count(*) FROM lake_objects WHERE object_key = ANY (?) AND status = 'done'",
                Long.class, (Object) keys) < keys.length) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("live objects not done within 10 minutes");
            }
            Thread.sleep(200);
        }
        return objects;
    }

    /** Lag of each object, announcement to done, in ms: p50, p95, max. */
    private static Map<String, Long> lag(JdbcTemplate control, List<Written> objects) {
        List<Long> lags = control.queryForList("""
                SELECT (extract(epoch FROM finished_at - notified_at) * 1000)::bigint FROM lake_objects
                 WHERE object_key = ANY (?)""", Long.class, (Object) LakeHistory.keys(objects).toArray(String[]::new));
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("p50", Bench.percentile(lags, 50));
        out.put("p95", Bench.percentile(lags, 95));
        out.put("max", Bench.percentile(lags, 100));
        return out;
    }

    private static String startBackfill(ServiceProcess service, String bucket, LocalDate from, LocalDate to)
            throws Exception {
        String body = """
                {"bucket": "%s", "tenant": "acme", "from": "%s", "to": "%s"}""".formatted(bucket, from, to);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api(service, ""))
                .header("X-API-Key", ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("backfill refused: " + r.body());
        }
        return JSON.readTree(r.body()).path("uid").asText();
    }

    private static JsonNode status(ServiceProcess service, String uid) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api(service, "/" + uid)).header("X-API-Key", ADMIN_KEY)
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static URI api(ServiceProcess service, String path) {
        return URI.create("http://127.0.0.1:" + service.port() + "/api/v1/admin/backfill" + path);
    }
}
