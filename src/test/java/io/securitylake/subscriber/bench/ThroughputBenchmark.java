package io.securitylake.subscriber.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.securitylake.subscriber.bench.BenchFiles.BenchObject;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.EmbeddedLake;
import io.securitylake.subscriber.stack.ServiceProcess;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The benchmark ({@code ./mvnw -Pbench test}, see docs/performance.md): the service against a hand-written loader of
 * the same files into the same PostgreSQL, in one run; decode speed; small-object latency; the service's
 * peak heap and RSS. Prints one JSON object and writes it to {@code target/benchmark.json}.
 */
public final class ThroughputBenchmark {

    private static final String LAKE_BUCKET = "bench-lake";
    private static final String SMALL_BUCKET = "bench-small";
    private static final String WARMUP_BUCKET = "bench-warmup";
    private static final String STORAGE_WARMUP_BUCKET = "bench-warmup-storage";

    private ThroughputBenchmark() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        boolean smallEvents = "small".equals(System.getProperty("bench.set", "mixed"));
        long events = Bench.longSetting("bench.events", 1_000_000);
        int setDefault = smallEvents ? 50_000 : 100_000;
        int perObject = Bench.intSetting("bench.object-events", setDefault) > 0
                ? Bench.intSetting("bench.object-events", setDefault) : setDefault;
        int smallObjects = Bench.intSetting("bench.latency-objects", 50);
        int chunk = Bench.intSetting("lake.ingest.chunk-size", 1000);
        int baselineThreads = Bench.intSetting("bench.baseline-threads", 3);
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine());

        DemoSource[] sources = smallEvents ? BenchFiles.SMALL : BenchFiles.MIXED;
        List<BenchObject> objects = BenchFiles.of(sources, dir.resolve("data"), events, perObject, 1);
        List<BenchObject> small = BenchFiles.mix(dir.resolve("data"), smallObjects * 100L, 100, 1_000_000);
        // the service warms on as many events of the sources it is measured on as the loader's JVM decodes before
        // its first round (DecodeOnly)
        long decodeEvents = Bench.longSetting("bench.decode-events", 200_000);
        int warmupPerObject = Bench.intSetting("bench.warmup-object-events", (int) Math.max(1, decodeEvents / 4));
        List<BenchObject> warmup = BenchFiles.of(sources, dir.resolve("data"), 4L * warmupPerObject, warmupPerObject,
                2_000_000);
        report.put("data", Map.of("set", smallEvents ? "small" : "mixed", "objects", objects.size(), "events", events, "events_per_object", perObject,
                "parquet_mb", objects.stream().mapToLong(BenchObject::bytes).sum() >> 20));
        report.put("decode_only", DecodeOnly.measure(objects, decodeEvents, chunk));

        int rounds = Bench.intSetting("bench.rounds", 2);
        boolean compareRules = !"false".equals(System.getProperty("bench.compare-rules"));
        boolean storageOnlyPhase = !"false".equals(System.getProperty("bench.storage-only"));
        Path rules = Rules.starterPack(dir.resolve("rules"), null);
        try (EmbeddedLake lake = EmbeddedLake.start();
             Connection control = DriverManager.getConnection(lake.jdbcUrl("postgres"), "postgres", "")) {
            PgCpu pg = new PgCpu(control);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ((Map<String, Object>) report.get("machine")).put("postgres", serverVersion(control));

            BaselineLoader baseline = new BaselineLoader(lake.jdbcUrl("postgres"), "bench_baseline", baselineThreads, chunk);
            baseline.migrate();
            String queue = lake.createQueue("bench", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "300"));
            LedgerWatch watch = new LedgerWatch(lake, queue, control);
            watch.upload(SMALL_BUCKET, small);
            watch.upload(WARMUP_BUCKET, warmup);
            // a second service that only stores (lake.rules.enabled=false), on a queue of its own: the same work
            // as the loader, so that the two compare like for like
            String storageQueue = lake.createQueue("bench-storage", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "300"));
            LedgerWatch storageWatch = new LedgerWatch(lake, storageQueue, control);
            Map<String, String> storageOnly = serviceProperties(lake, storageQueue, rules);
            storageOnly.put("lake.rules.enabled", "false");
            if (storageOnlyPhase) {
                storageWatch.upload(STORAGE_WARMUP_BUCKET, warmup);
            }
            try (ServiceProcess service = BenchService.start(serviceProperties(lake, queue, rules), jvmOptions(dir, true),
                    dir.resolve("service.log"));
                 ServiceProcess storing = storageOnlyPhase ? BenchService.start(storageOnly, jvmOptions(dir, false),
                         dir.resolve("service-storage-only.log")) : null) {
                // the baseline's JVM is warm (it decoded before); warm the service's the same way, off the clock
                warmup.forEach(o -> watch.announce(WARMUP_BUCKET, o));
                long warmupStart = System.nanoTime();
                watch.awaitDone(WARMUP_BUCKET, warmup.size(), 600_000, 200);
                report.put("service_warmup", Map.of("events", watch.count("tenant_bench", WARMUP_BUCKET),
                        "seconds", Bench.round((System.nanoTime() - warmupStart) / 1e9)));
                if (storing != null) {
                    warmup.forEach(o -> storageWatch.announce(STORAGE_WARMUP_BUCKET, o));
                    storageWatch.awaitDone(STORAGE_WARMUP_BUCKET, warmup.size(), 600_000, 200);
                }

                // the machine is shared: rounds alternate the two loaders, each into an emptied table
                List<Map<String, Object>> results = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    Map<String, Object> result = new LinkedHashMap<>();
                    quiet(control, "bench_baseline");
                    PgWork work = new PgWork(control);
                    double pg0 = pg.seconds();
                    long cpu0 = os.getProcessCpuTime();
                    long start = System.nanoTime();
                    long loaded = baseline.load(objects);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Map<String, Object> base = phase("COPY, " + baselineThreads + " threads", loaded, seconds,
                            pg.seconds() - pg0, (os.getProcessCpuTime() - cpu0) / 1e9);
                    base.put("postgres_work", work.since());
                    result.put("baseline", base);

                    Map<String, Object> served = servicePhase("service, default settings, every rule",
                            LAKE_BUCKET + "-" + round, objects, watch, control, pg, service);
                    result.put("service", served);
                    if (compareRules) {
                        Rules.none(rules, dir.resolve("service.log"));
                        Map<String, Object> bare = servicePhase("service, no Sigma rule",
                                LAKE_BUCKET + "-bare-" + round, objects, watch, control, pg, service);
                        Rules.starterPack(rules, dir.resolve("service.log"));
                        result.put("service_no_rules", bare);
                        result.put("ratio_rules_to_no_rules", ratio(served, bare));
                    }
                    if (storing != null) {
                        Map<String, Object> stored = servicePhase("service, detection off (lake.rules.enabled=false)",
                                LAKE_BUCKET + "-storage-" + round, objects, storageWatch, control, pg, storing);
                        result.put("service_storage_only", stored);
                        result.put("ratio_storage_only", ratio(stored, base));
                    }
                    result.put("ratio", ratio(served, base));
                    results.add(result);
                    System.err.println("round " + round + ": " + result);
                }
                report.put("rounds", results);
                report.put("baseline", best(results, "baseline"));
                report.put("service", best(results, "service"));
                report.put("ratio_service_to_baseline", ratio(best(results, "service"), best(results, "baseline")));
                report.put("ratio_per_round", results.stream().map(r -> r.get("ratio")).toList());
                if (storageOnlyPhase) {
                    report.put("service_storage_only", best(results, "service_storage_only"));
                    report.put("ratio_storage_only_to_baseline",
                            ratio(best(results, "service_storage_only"), best(results, "baseline")));
                    report.put("ratio_storage_only_per_round",
                            results.stream().map(r -> r.get("ratio_storage_only")).toList());
                }
                if (compareRules) {
                    report.put("service_no_rules", best(results, "service_no_rules"));
                    report.put("ratio_rules_to_no_rules", ratio(best(results, "service"), best(results, "service_no_rules")));
                    report.put("ratio_rules_to_no_rules_per_round",
                            results.stream().map(r -> r.get("ratio_rules_to_no_rules")).toList());
                }

                List<Long> latencies = watch.latencies(SMALL_BUCKET, small);
                report.put("small_object_latency", Map.of("objects", latencies.size(), "events_per_object", 100,
                        "p50_ms", Bench.percentile(latencies, 50), "p99_ms", Bench.percentile(latencies, 99),
                        "max_ms", Bench.percentile(latencies, 100)));
                Map<String, Object> memory = BenchService.stats(service);
                memory.remove("cpu_s");
                report.put("service_memory", memory);
            }
        }
        report.put("targets", targets(report));
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        Files.writeString(Path.of("target", "benchmark.json"), json);
        System.out.println(json);
    }

    /** The service stores the objects (new to the ledger under this bucket) into its emptied tenant: one phase. */
    private static Map<String, Object> servicePhase(String how, String bucket, List<BenchObject> objects,
                                                    LedgerWatch watch, Connection control, PgCpu pg,
                                                    ServiceProcess service) throws Exception {
        watch.upload(bucket, objects);
        quiet(control, "tenant_bench");
        Map<String, Object> before = BenchService.stats(service);
        PgWork work = new PgWork(control);
        double pg0 = pg.seconds();
        long sent = System.currentTimeMillis();
        objects.forEach(o -> watch.announce(bucket, o));
        long finished = watch.awaitDone(bucket, objects.size(), 3_600_000, 200);
        double pgCpu = pg.seconds() - pg0;
        Map<String, Object> after = BenchService.stats(service);
        Map<String, Object> served = phase(how, watch.count("tenant_bench", bucket), (finished - sent) / 1e3, pgCpu,
                ((Number) after.get("cpu_s")).doubleValue() - ((Number) before.get("cpu_s")).doubleValue());
        served.put("postgres_work", work.since());
        served.put("detections", watch.detections("tenant_bench"));
        return served;
    }

    /**
     * Empties the loader's table and makes the phase's PostgreSQL CPU its own: the server's background work on
     * the previous phase's data (the checkpoint of its dirty pages, autovacuum of its table) would otherwise be
     * counted in this one. Autovacuum is off for both loaders' tables: it runs later in production, the same
     * for either.
     */
    private static void quiet(Connection control, String schema) throws Exception {
        try (var s = control.createStatement()) {
            // every table of the tenant but Flyway's: events, rollups, detections and whatever the analyst layer keeps
            List<String> tables = new java.util.ArrayList<>();
            try (var rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema
                    + "' AND tablename <> 'flyway_schema_history' AND tablename NOT LIKE 'events\\_%'")) {
                while (rs.next()) {
                    tables.add(schema + "." + rs.getString(1));
                }
            }
            s.execute("TRUNCATE " + String.join(", ", tables));
            // the events table is partitioned by day: storage parameters belong to each partition
            List<String> partitions = new java.util.ArrayList<>();
            try (var rs = s.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    + "WHERE i.inhparent = '" + schema + ".events'::regclass")) {
                while (rs.next()) {
                    partitions.add(rs.getString(1));
                }
            }
            for (String partition : partitions) {
                s.execute("ALTER TABLE " + schema + "." + partition + " SET (autovacuum_enabled = false)");
            }
            s.execute("CHECKPOINT");
        }
    }

    private static Map<String, Object> phase(String how, long events, double seconds, double pgCpu, double javaCpu) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("how", how);
        out.put("events", events);
        out.put("seconds", Bench.round(seconds));
        out.put("events_per_s", Math.round(events / seconds));
        out.put("postgres_cpu_s", Bench.round(pgCpu));
        out.put("java_cpu_s", Bench.round(javaCpu));
        out.put("postgres_cpu_us_per_event", Math.round(pgCpu * 1e6 / events));
        out.put("java_cpu_us_per_event", Math.round(javaCpu * 1e6 / events));
        return out;
    }

    private static double ratio(Map<String, Object> service, Map<String, Object> baseline) {
        return Math.round(1000.0 * (Long) service.get("events_per_s") / (Long) baseline.get("events_per_s")) / 1000.0;
    }

    /** The round in which the loader was fastest: the one least disturbed by the machine's other work. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> best(List<Map<String, Object>> rounds, String loader) {
        return rounds.stream().map(r -> (Map<String, Object>) r.get(loader))
                .max(java.util.Comparator.comparingLong(m -> (Long) m.get("events_per_s"))).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> targets(Map<String, Object> report) {
        Map<String, Object> memory = (Map<String, Object>) report.get("service_memory");
        Map<String, Object> latency = (Map<String, Object>) report.get("small_object_latency");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("throughput_at_least_0.9_of_baseline", (Double) report.get("ratio_service_to_baseline") >= 0.9);
        if (report.containsKey("ratio_storage_only_to_baseline")) {
            out.put("storage_only_at_least_0.9_of_baseline", (Double) report.get("ratio_storage_only_to_baseline") >= 0.9);
        }
        if (report.containsKey("ratio_rules_to_no_rules")) {
            out.put("rules_keep_at_least_0.9_of_no_rules", (Double) report.get("ratio_rules_to_no_rules") >= 0.9);
        }
        out.put("peak_heap_at_most_512_mb", ((Number) memory.get("heap_peak_used_mb")).longValue() <= 512);
        out.put("small_object_p99_at_most_2_s", ((Number) latency.get("p99_ms")).longValue() <= 2000);
        return out;
    }

    private static Map<String, String> serviceProperties(EmbeddedLake lake, String queue, Path rules) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lake.rules.dir", rules.toAbsolutePath().toString());
        p.put("lake.rules.reload-interval", "1s");
        p.put("lake.queue-url", queue);
        p.put("lake.aws.sqs-endpoint", lake.sqsEndpoint().toString());
        p.put("lake.aws.s3-endpoint", lake.s3Endpoint().toString());
        p.put("spring.datasource.url", lake.jdbcUrl("postgres"));
        p.put("spring.datasource.username", "postgres");
        p.put("spring.datasource.password", "");
        p.put("lake.tenants.bench.accounts", BenchFiles.ACCOUNT);
        p.put("lake.tenants.bench.retention-days", "36500"); // the generated events are of a fixed past day
        p.put("server.port", "0");
        p.put("aws.accessKeyId", EmbeddedLake.ACCESS_KEY);
        p.put("aws.secretAccessKey", EmbeddedLake.SECRET_KEY);
        // settings under test (lake.ingest.* and the like) pass through to the service
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("lake."))
                .forEach(k -> p.put(k, System.getProperty(k)));
        return p;
    }

    /** The service JVM's options; the JFR profile ({@code bench.profile}) only for the {@code profiled} one. */
    private static List<String> jvmOptions(Path dir, boolean profiled) {
        List<String> options = new ArrayList<>();
        String extra = System.getProperty("bench.service-jvm", "-Xmx512m").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        if (profiled && Boolean.getBoolean("bench.profile")) {
            options.add("-XX:StartFlightRecording=filename=" + dir.resolve("service.jfr") + ",settings=profile");
        }
        return options;
    }

    private static Map<String, Object> machine() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?"));
        out.put("memory_gb", Math.round(((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1e9));
        out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return out;
    }

    private static String serverVersion(Connection c) throws Exception {
        try (var s = c.createStatement(); var rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " embedded (zonky), same machine, fsync off";
        }
    }
}
