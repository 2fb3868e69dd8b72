package io.securitylake.subscriber.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoProbe;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.EmbeddedLake;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.stack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Freshness under load ({@code ./mvnw -o -Pfreshness-bench test}, see docs/performance.md): how long an analyst waits
 * from an object's announcement to (a) its detection and (b) its incident being listed by the API, first with the
 * service otherwise idle, then while it ingests a steady stream at a share of its capacity measured in the same run.
 * One service process with default settings (the starter rules, two consumers), the embedded lake. Every
 * {@code bench.probe-interval-ms} an object with one event a starter rule matches (a console login without MFA by a
 * user of its own, so its own incident) is put and announced; the API is polled every
 * {@value #POLL_MS} ms for its detection and its incident. Prints one JSON object and writes it to
 * {@code target/freshness-benchmark.json}.
 */
public final class FreshnessBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "bench-acme";
    private static final String ACCOUNT = LakeTestStack.ACME_ACCOUNT;
    private static final long POLL_MS = 200;
    private static final DemoSource[] BACKGROUND = {DemoSource.VPC_FLOW, DemoSource.ROUTE53};

    /** One probe: its user, when it was announced, when its detection and its incident were first seen. */
    private static final class Probe {
        final String user;
        final long announcedMs;
        volatile long detectedMs;
        volatile long listedMs;

        Probe(String user, long announcedMs) {
            this.user = user;
            this.announcedMs = announcedMs;
        }
    }

    private FreshnessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int objectEvents = Bench.intSetting("bench.background-events", 5000);
        int capacityObjects = Bench.intSetting("bench.capacity-objects", 24);
        int loadSeconds = Bench.intSetting("bench.load-seconds", 90);
        double share = Double.parseDouble(System.getProperty("bench.load-share", "0.7"));
        long probeEveryMs = Bench.longSetting("bench.probe-interval-ms", 3000);
        int idleProbes = Bench.intSetting("bench.idle-probes", 10);
        Path dir = Files.createDirectories(Path.of("target", "freshness-bench"));
        EmbeddedLake embedded = LakeTestStack.lake();
        String queue = LakeTestStack.queueUrl("freshness-bench-" + System.nanoTime());
        JdbcTemplate control = new JdbcTemplate(embedded.postgres().getDatabase("postgres", "postgres"));
        LakeProbe lake = new LakeProbe();
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        Map<String, String> settings = Bench.embeddedService(embedded, queue, ACCOUNT, dir);
        settings.put("lake.tenants.acme.api-keys", KEY);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        report.put("load_average_at_start", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        report.put("background", Map.of("sources", "VPC flow, Route 53 (alternating)", "events_per_object", objectEvents));
        report.put("probe", Map.of("rule", DemoProbe.RULE, "interval_ms", probeEveryMs, "poll_ms", POLL_MS));

        // background objects are written and put before the clock of their phase runs: the benchmark's own Parquet
        // writing would otherwise take CPU from the service while it is measured
        List<String> capacity = background(lake, dir, capacityObjects, objectEvents);
        List<String> warmup = background(lake, dir, 6, objectEvents);

        try (ServiceProcess service = ServiceProcess.subscriber("freshness-bench", settings, List.of("-Xmx512m"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (!service.ready()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service did not start; see " + service.log());
                }
                Thread.sleep(200);
            }
            Map<String, Probe> probes = new ConcurrentHashMap<>();
            Thread poller = poller(service, probes);

            announce(lake, queue, warmup);
            awaitDone(control, warmup);
            List<Probe> idle = probes(lake, dir, queue, probes, "idle", run, idleProbes, probeEveryMs, List.of(), 0);
            awaitSeen(idle);
            report.put("idle", latencies(idle));

            long started = System.currentTimeMillis();
            announce(lake, queue, capacity);
            awaitDone(control, capacity);
            double seconds = (lastDoneMs(control, capacity) - started) / 1000.0;
            double eventsPerS = (double) capacityObjects * objectEvents / seconds;
            report.put("capacity_events_per_s", Bench.round(eventsPerS));

            double rate = share * eventsPerS / objectEvents;
            int count = (int) Math.round(rate * loadSeconds);
            List<String> stream = background(lake, dir, count, objectEvents);
            int probeCount = (int) (loadSeconds * 1000L / probeEveryMs);
            report.put("load", Map.of("share_of_capacity", share, "objects_per_s", Bench.round(rate),
                    "events_per_s", Bench.round(rate * objectEvents), "objects", count, "seconds", loadSeconds));
            List<Probe> busy = probes(lake, dir, queue, probes, "busy", run, probeCount, probeEveryMs, stream,
                    (long) (1000 / rate));
            awaitDone(control, stream);
            awaitSeen(busy);
            report.put("under_load", latencies(busy));
            report.put("background_lag_under_load_ms", backgroundLag(control, stream));
            poller.interrupt();
        }
        String text = JSON.writeValueAsString(report);
        System.out.println(text);
        Files.writeString(Path.of("target", "freshness-benchmark.json"), text);
        System.exit(0);
    }

    /** Writes and puts {@code count} background objects (no rule matches their events by design of the set). */
    private static List<String> background(LakeProbe lake, Path dir, int count, int events) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(lake.upload(dir, BACKGROUND[i % BACKGROUND.length], ACCOUNT, events,
                    DemoLake.Options.defaults().withCodec(CompressionCodecName.ZSTD)));
        }
        return keys;
    }

    private static void announce(LakeProbe lake, String queue, List<String> keys) {
        keys.forEach(k -> lake.announce(queue, k));
    }

    /**
     * Puts and announces {@code count} probes, one every {@code everyMs}, while announcing the stream's objects one
     * every {@code streamEveryMs} in between.
     */
    private static List<Probe> probes(LakeProbe lake, Path dir, String queue, Map<String, Probe> all, String phase,
                                      String run, int count, long everyMs, List<String> stream, long streamEveryMs)
            throws InterruptedException {
        List<Probe> out = new ArrayList<>();
        long start = System.currentTimeMillis();
        int streamed = 0;
        for (int i = 0; i < count || streamed < stream.size(); ) {
            long now = System.currentTimeMillis();
            long nextProbe = i < count ? start + i * everyMs : Long.MAX_VALUE;
            long nextObject = streamed < stream.size() ? start + streamed * streamEveryMs : Long.MAX_VALUE;
            long next = Math.min(nextProbe, nextObject);
            if (next > now) {
                Thread.sleep(Math.min(next - now, 50));
                continue;
            }
            if (nextProbe <= nextObject) {
                String user = "fresh-" + run + "-" + phase + "-" + i;
                String key = DemoProbe.consoleLoginWithoutMfa(dir, ACCOUNT, user,
                        "2001:db8:f" + (phase.equals("idle") ? "1" : "2") + "::" + Integer.toHexString(i + 1),
                        System.nanoTime());
                Probe p = new Probe(user, System.currentTimeMillis());
                all.put(user, p);
                lake.announce(queue, key);
                out.add(p);
                i++;
            } else {
                lake.announce(queue, stream.get(streamed++));
            }
        }
        return out;
    }

    /** Polls the API's detections of the probe rule and the incidents, marking the probes they show. */
    private static Thread poller(ServiceProcess service, Map<String, Probe> probes) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    mark(get(service, "/api/v1/detections?rule=" + DemoProbe.RULE + "&limit=200"), probes, true);
                    mark(get(service, "/api/v1/incidents?limit=200"), probes, false);
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    System.err.println("poll failed: " + e);
                }
            }
        }, "freshness-poller");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void mark(JsonNode page, Map<String, Probe> probes, boolean detections) {
        long now = System.currentTimeMillis();
        for (JsonNode item : page.path("items")) {
            String text = item.path("entities").toString();
            for (Probe p : probes.values()) {
                if ((detections ? p.detectedMs : p.listedMs) == 0 && text.contains("\"" + p.user + "\"")) {
                    if (detections) {
                        p.detectedMs = now;
                    } else {
                        p.listedMs = now;
                    }
                }
            }
        }
    }

    private static JsonNode get(ServiceProcess service, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static void awaitSeen(List<Probe> probes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (probes.stream().anyMatch(p -> p.detectedMs == 0 || p.listedMs == 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(probes.stream().filter(p -> p.detectedMs == 0 || p.listedMs == 0)
                        .count() + " probes not seen within 5 minutes");
            }
            Thread.sleep(100);
        }
    }

    /** Announcement → detection listed and → incident listed, ms: p50, p95, p99, max. */
    private static Map<String, Object> latencies(List<Probe> probes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("probes", probes.size());
        out.put("to_detection_ms", percentiles(probes.stream().map(p -> p.detectedMs - p.announcedMs).toList()));
        out.put("to_incident_ms", percentiles(probes.stream().map(p -> p.listedMs - p.announcedMs).toList()));
        return out;
    }

    private static Map<String, Long> percentiles(List<Long> values) {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("p50", Bench.percentile(values, 50));
        out.put("p95", Bench.percentile(values, 95));
        out.put("p99", Bench.percentile(values, 99));
        out.put("max", Bench.percentile(values, 100));
        return out;
    }

    private static void awaitDone(JdbcTemplate control, List<String> keys) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (control.queryForObject("SELECT count(*) FROM lake_objects WHERE object_key = ANY (?) AND status = 'done'",
                Long.class, (Object) keys.toArray(String[]::new)) < keys.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("objects not done within 15 minutes");
            }
            Thread.sleep(200);
        }
    }

    private static long lastDoneMs(JdbcTemplate control, List<String> keys) {
        return control.queryForObject("SELECT (extract(epoch FROM max(finished_at)) * 1000)::bigint FROM lake_objects "
                + "WHERE object_key = ANY (?)", Long.class, (Object) keys.toArray(String[]::new));
    }

    /** The stream's own lag, announcement to done, ms: p50, p95, p99, max (the ingest side of the wait). */
    private static Map<String, Long> backgroundLag(JdbcTemplate control, List<String> keys) {
        return percentiles(control.queryForList("""
                SELECT (extract(epoch FROM finished_at - notified_at) * 1000)::bigint FROM lake_objects
                 WHERE object_key = ANY (?)""", Long.class, (Object) keys.toArray(String[]::new)));
    }
}
