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
import java.time.Duration;
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
    private static final String PUBLISH_BUCKET = "bench-publish";
    /** The process-heavy set of the SigmaHQ phase: CrowdStrike process activity only. */
    private static final DemoSource[] PROCESS = {DemoSource.CROWDSTRIKE_PROCESS};

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
        boolean plainBaseline = !"false".equals(System.getProperty("bench.plain-baseline"));
        java.util.Set<String> compare = compared();
        String sigma = compare.contains("sigma") ? SigmaCorpus.folders() : null;
        if (compare.contains("sigma") && sigma == null) {
            report.put("sigma_skipped", "no SigmaHQ fixtures at " + SigmaCorpus.root().toAbsolutePath());
        }
        boolean sigmaPhase = sigma != null;
        boolean storageOnlyPhase = !"false".equals(System.getProperty("bench.storage-only")) || sigmaPhase;
        List<BenchObject> processes = sigmaPhase ? BenchFiles.of(PROCESS, dir.resolve("data"),
                Bench.longSetting("bench.process-events", events), perObject, 3_000_000) : List.of();
        List<BenchObject> processWarmup = sigmaPhase ? BenchFiles.of(PROCESS, dir.resolve("data"),
                4L * warmupPerObject, warmupPerObject, 4_000_000) : List.of();
        Path rules = Rules.starterPack(dir.resolve("rules"), null);
        try (EmbeddedLake lake = EmbeddedLake.start();
             Connection control = DriverManager.getConnection(lake.jdbcUrl("postgres"), "postgres", "")) {
            PgCpu pg = new PgCpu(control);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ((Map<String, Object>) report.get("machine")).put("postgres", serverVersion(control));

            BaselineLoader baseline = new BaselineLoader(lake.jdbcUrl("postgres"), "bench_baseline", baselineThreads, chunk);
            baseline.migrate();
            PlainLoader plain = new PlainLoader(lake.jdbcUrl("postgres"), "bench_plain", baselineThreads, chunk);
            plain.create(control);
            String queue = lake.createQueue("bench", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "300"));
            LedgerWatch watch = new LedgerWatch(lake, queue, control);
            watch.upload(SMALL_BUCKET, small);
            watch.upload(WARMUP_BUCKET, warmup);
            // a second service that only stores (lake.rules.enabled=false), on a queue of its own: the same work
            // as the loader, so that the two compare like for like
            Side storingSide = storageOnlyPhase ? new Side("storage-only", "bench", lake, control) : null;
            Map<String, String> storageOnly = serviceProperties(lake, storageOnlyPhase ? storingSide.queue : queue,
                    rules, "bench");
            storageOnly.put("lake.rules.enabled", "false");
            // the compared services (bench.compare): each its own JVM, queue and tenant (one store each, so that
            // one's background work — publishing, say — never runs on another's data)
            Side intelSide = compare.contains("intel") ? new Side("intel", "benchintel", lake, control) : null;
            Side publishSide = compare.contains("publish") ? new Side("publish", "benchpub", lake, control) : null;
            Side sigmaSide = sigmaPhase ? new Side("sigma", "benchsigma", lake, control) : null;
            // the services start at once (a start takes minutes on a busy machine), then each is waited for
            try (ServiceProcess service = BenchService.launch(serviceProperties(lake, queue, rules, "bench"),
                    jvmOptions(dir, true), dir.resolve("service.log"));
                 ServiceProcess storing = storageOnlyPhase ? BenchService.launch(storageOnly,
                         jvmOptions(dir, "service-storage-only", System.getProperty("bench.service-jvm", "-Xmx512m")),
                         dir.resolve("service-storage-only.log")) : null;
                 ServiceProcess intel = intelSide == null ? null : intelSide.launch(
                         intelProperties(lake, intelSide, rules, dir), jvmOptions(dir, "service-intel", intelJvm()), dir);
                 ServiceProcess publishing = publishSide == null ? null : publishSide.launch(
                         publishProperties(lake, publishSide, rules), jvmOptions(dir, "service-publish",
                                 System.getProperty("bench.service-jvm", "-Xmx512m")), dir);
                 ServiceProcess sigmaService = sigmaSide == null ? null : sigmaSide.launch(
                         sigmaProperties(lake, sigmaSide, sigma), jvmOptions(dir, "service-sigma",
                                 System.getProperty("bench.service-jvm", "-Xmx512m")), dir)) {
                Duration startTimeout = Duration.ofSeconds(Bench.longSetting("bench.start-timeout-s", 900));
                BenchService.ready(service, dir.resolve("service.log"), startTimeout);
                if (storing != null) {
                    BenchService.ready(storing, dir.resolve("service-storage-only.log"), startTimeout);
                }
                for (Side side : java.util.Arrays.asList(intelSide, publishSide, sigmaSide)) {
                    if (side != null) {
                        BenchService.ready(side.launched, side.log(dir), startTimeout);
                    }
                }
                // the baseline's JVM is warm (it decoded before); warm the service's the same way, off the clock
                warmup.forEach(o -> watch.announce(WARMUP_BUCKET, o));
                long warmupStart = System.nanoTime();
                watch.awaitDone(WARMUP_BUCKET, warmup.size(), 600_000, 200);
                report.put("service_warmup", Map.of("events", watch.count("tenant_bench", WARMUP_BUCKET),
                        "seconds", Bench.round((System.nanoTime() - warmupStart) / 1e9)));
                if (storing != null) {
                    storingSide.process = storing;
                    storingSide.warm(warmup, "");
                    storingSide.warm(processWarmup, "-process");
                }
                if (intel != null) {
                    intelSide.process = intel;
                    report.put("intel", intelSide.awaitFeeds(dir));
                    intelSide.warm(warmup, "");
                }
                if (publishing != null) {
                    publishSide.process = publishing;
                    lake.createBucket(PUBLISH_BUCKET);
                    publishSide.warm(warmup, "");
                }
                if (sigmaService != null) {
                    sigmaSide.process = sigmaService;
                    report.put("sigma", sigmaSide.rulesInForce(dir, sigma));
                    sigmaSide.warm(processWarmup, "-process");
                }
                Side main = new Side("service", "bench", lake, control, queue);
                main.process = service;

                // the machine is shared: rounds alternate the loaders (the phases run in the opposite order in
                // even rounds), each into its emptied table
                List<Map<String, Object>> results = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    int r = round;
                    Map<String, Object> result = new LinkedHashMap<>();
                    List<Map.Entry<String, java.util.concurrent.Callable<Map<String, Object>>>> phases = new ArrayList<>();
                    phases.add(Map.entry("baseline", () -> {
                        quiet(control, "bench_baseline");
                        PgWork work = new PgWork(control);
                        double pg0 = pg.seconds();
                        long cpu0 = os.getProcessCpuTime();
                        long start = System.nanoTime();
                        long loaded = baseline.load(objects);
                        Map<String, Object> base = phase("COPY, " + baselineThreads + " threads", loaded,
                                (System.nanoTime() - start) / 1e9, pg.seconds() - pg0,
                                (os.getProcessCpuTime() - cpu0) / 1e9);
                        base.put("postgres_work", work.since());
                        return base;
                    }));
                    if (plainBaseline) {
                        phases.add(Map.entry("baseline_plain", () -> {
                            plain.empty(control);
                            PgWork work = new PgWork(control);
                            double pg0 = pg.seconds();
                            long cpu0 = os.getProcessCpuTime();
                            long start = System.nanoTime();
                            long loaded = plain.load(objects);
                            Map<String, Object> base = phase("COPY into a plain table (time, class_uid, event jsonb; "
                                    + "two indexes), files as they are, " + baselineThreads + " threads", loaded,
                                    (System.nanoTime() - start) / 1e9, pg.seconds() - pg0,
                                    (os.getProcessCpuTime() - cpu0) / 1e9);
                            base.put("postgres_work", work.since());
                            return base;
                        }));
                    }
                    phases.add(Map.entry("service", () -> main.phase("service, default settings, every rule",
                            LAKE_BUCKET + "-" + r, objects, pg)));
                    if (compareRules) {
                        phases.add(Map.entry("service_no_rules", () -> {
                            Rules.none(rules, dir.resolve("service.log"));
                            try {
                                return main.phase("service, no Sigma rule", LAKE_BUCKET + "-bare-" + r, objects, pg);
                            } finally {
                                Rules.starterPack(rules, dir.resolve("service.log"));
                            }
                        }));
                    }
                    if (storing != null && !"false".equals(System.getProperty("bench.storage-only"))) {
                        phases.add(Map.entry("service_storage_only", () -> storingSide.phase(
                                "service, detection off (lake.rules.enabled=false)", LAKE_BUCKET + "-storage-" + r,
                                objects, pg)));
                    }
                    if (intel != null) {
                        phases.add(Map.entry("service_intel", () -> intelSide.phase("service, default settings, "
                                + "every rule, intelligence on (" + intelSide.indicators + " indicators)",
                                LAKE_BUCKET + "-intel-" + r, objects, pg)));
                    }
                    if (publishing != null) {
                        phases.add(Map.entry("service_publish", () -> publishSide.publishPhase(
                                "service, default settings, every rule, publishing on (window "
                                        + publishWindow() + ")", LAKE_BUCKET + "-publish-" + r, objects, pg)));
                    }
                    if (sigmaService != null) {
                        phases.add(Map.entry("process_detection_off", () -> storingSide.phase(
                                "process activity, detection off (lake.rules.enabled=false)",
                                LAKE_BUCKET + "-process-off-" + r, processes, pg)));
                        phases.add(Map.entry("process_sigma", () -> sigmaSide.phase(
                                "process activity, SigmaHQ process-creation rules", LAKE_BUCKET + "-process-sigma-" + r,
                                processes, pg)));
                    }
                    if (round % 2 == 0) {
                        java.util.Collections.reverse(phases);
                    }
                    Map<String, Map<String, Object>> measured = new LinkedHashMap<>();
                    for (var p : phases) {
                        measured.put(p.getKey(), p.getValue().call());
                        System.err.println("round " + round + " " + p.getKey() + ": " + measured.get(p.getKey()));
                    }
                    result.put("order", phases.stream().map(Map.Entry::getKey).toList());
                    for (String key : List.of("baseline", "baseline_plain", "service", "service_no_rules",
                            "service_storage_only", "service_intel", "service_publish", "process_detection_off",
                            "process_sigma")) {
                        if (measured.containsKey(key)) {
                            result.put(key, measured.get(key));
                        }
                    }
                    ratios(result);
                    results.add(result);
                    System.err.println("round " + round + ": " + result);
                }
                report.put("rounds", results);
                report.put("baseline", best(results, "baseline"));
                report.put("service", best(results, "service"));
                report.put("ratio_service_to_baseline", ratio(best(results, "service"), best(results, "baseline")));
                report.put("ratio_per_round", results.stream().map(r -> r.get("ratio")).toList());
                if (plainBaseline) {
                    report.put("baseline_plain", best(results, "baseline_plain"));
                    report.put("ratio_service_to_plain", ratio(best(results, "service"), best(results, "baseline_plain")));
                    report.put("ratio_to_plain_per_round", results.stream().map(r -> r.get("ratio_to_plain")).toList());
                }
                if (results.get(0).containsKey("service_storage_only")) {
                    report.put("service_storage_only", best(results, "service_storage_only"));
                    report.put("ratio_storage_only_to_baseline",
                            ratio(best(results, "service_storage_only"), best(results, "baseline")));
                    report.put("ratio_storage_only_per_round",
                            results.stream().map(r -> r.get("ratio_storage_only")).toList());
                    if (plainBaseline) {
                        report.put("ratio_storage_only_to_plain_per_round",
                                results.stream().map(r -> r.get("ratio_storage_only_to_plain")).toList());
                    }
                }
                if (compareRules) {
                    report.put("service_no_rules", best(results, "service_no_rules"));
                    report.put("ratio_rules_to_no_rules", ratio(best(results, "service"), best(results, "service_no_rules")));
                    report.put("ratio_rules_to_no_rules_per_round",
                            results.stream().map(r -> r.get("ratio_rules_to_no_rules")).toList());
                }
                // best phase ÷ best phase, as the headline ratio; every round's too
                for (String[] pair : new String[][] {{"ratio_intel_to_off", "service_intel", "service"},
                        {"ratio_publish_to_off", "service_publish", "service"},
                        {"ratio_sigma_to_detection_off", "process_sigma", "process_detection_off"}}) {
                    if (results.get(0).containsKey(pair[1])) {
                        report.put(pair[0], ratio(best(results, pair[1]), best(results, pair[2])));
                    }
                }
                for (String key : List.of("ratio_intel_to_off", "ratio_publish_to_off",
                        "ratio_publish_to_off_until_published", "ratio_sigma_to_detection_off")) {
                    if (results.get(0).containsKey(key)) {
                        report.put(key + "_per_round", results.stream().map(r -> r.get(key)).toList());
                    }
                }

                List<Long> latencies = watch.latencies(SMALL_BUCKET, small);
                report.put("small_object_latency", Map.of("objects", latencies.size(), "events_per_object", 100,
                        "p50_ms", Bench.percentile(latencies, 50), "p99_ms", Bench.percentile(latencies, 99),
                        "max_ms", Bench.percentile(latencies, 100)));
                Map<String, Object> memory = BenchService.stats(service);
                memory.remove("cpu_s");
                report.put("service_memory", memory);
                if (intel != null) {
                    Map<String, Object> intelMemory = BenchService.stats(intel);
                    intelMemory.remove("cpu_s");
                    report.put("service_intel_memory", intelMemory);
                }
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
                                                    ServiceProcess service, String schema) throws Exception {
        watch.upload(bucket, objects);
        quiet(control, schema);
        Map<String, Object> before = BenchService.stats(service);
        PgWork work = new PgWork(control);
        double pg0 = pg.seconds();
        long sent = System.currentTimeMillis();
        objects.forEach(o -> watch.announce(bucket, o));
        long finished = watch.awaitDone(bucket, objects.size(), 3_600_000, 200);
        double pgCpu = pg.seconds() - pg0;
        Map<String, Object> after = BenchService.stats(service);
        Map<String, Object> served = phase(how, watch.count(schema, bucket), (finished - sent) / 1e3, pgCpu,
                ((Number) after.get("cpu_s")).doubleValue() - ((Number) before.get("cpu_s")).doubleValue());
        served.put("postgres_work", work.since());
        served.put("detections", watch.detections(schema));
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
        if (report.containsKey("ratio_service_to_plain")) {
            out.put("throughput_at_least_0.9_of_plain_copy", (Double) report.get("ratio_service_to_plain") >= 0.9);
        }
        if (report.containsKey("ratio_intel_to_off")) {
            out.put("intel_keeps_at_least_0.9", (Double) report.get("ratio_intel_to_off") >= 0.9);
        }
        if (report.containsKey("ratio_publish_to_off")) {
            out.put("publish_keeps_at_least_0.95", (Double) report.get("ratio_publish_to_off") >= 0.95);
        }
        if (report.containsKey("ratio_sigma_to_detection_off")) {
            out.put("sigma_keeps_at_least_0.8_of_detection_off", (Double) report.get("ratio_sigma_to_detection_off") >= 0.8);
        }
        out.put("peak_heap_at_most_512_mb", ((Number) memory.get("heap_peak_used_mb")).longValue() <= 512);
        out.put("small_object_p99_at_most_2_s", ((Number) latency.get("p99_ms")).longValue() <= 2000);
        return out;
    }

    private static Map<String, String> serviceProperties(EmbeddedLake lake, String queue, Path rules, String tenant) {
        return serviceProperties(lake, queue, rules.toAbsolutePath().toString(), tenant);
    }

    private static Map<String, String> serviceProperties(EmbeddedLake lake, String queue, String rules, String tenant) {
        Map<String, String> p = Bench.embeddedService(lake, queue, tenant, BenchFiles.ACCOUNT);
        p.put("lake.rules.dir", rules);
        p.put("lake.rules.reload-interval", "1s");
        p.put("server.port", "0");
        // settings under test (lake.ingest.* and the like) pass through to the service
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("lake."))
                .forEach(k -> p.put(k, System.getProperty(k)));
        return p;
    }

    /** The compared phases asked for: {@code bench.compare=intel,publish,sigma} (any of them; none by default). */
    private static java.util.Set<String> compared() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String name : System.getProperty("bench.compare", "").split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            if (!List.of("intel", "publish", "sigma").contains(n)) {
                throw new IllegalArgumentException("bench.compare takes intel, publish and sigma, not " + n);
            }
            out.add(n);
        }
        return out;
    }

    /**
     * Intelligence on: {@code bench.indicators} (1,000,000) indicators in three plain-list feeds (IPv4, domains,
     * SHA-256) that the events do not hit, plus three addresses they do. The back-in-time pass is off
     * ({@code lake.intel.lookback=0}): it runs once per new indicator, not per event, and is measured on its own.
     */
    private static Map<String, String> intelProperties(EmbeddedLake lake, Side side, Path rules, Path dir)
            throws Exception {
        Map<String, String> p = serviceProperties(lake, side.queue, rules, side.tenant);
        side.indicators = Bench.intSetting("bench.indicators", 1_000_000);
        int i = 0;
        for (var feed : IntelLists.write(dir.resolve("intel"), side.indicators).entrySet()) {
            String prefix = "lake.intel.feeds[" + i++ + "].";
            p.put(prefix + "name", feed.getKey());
            p.put(prefix + "file", feed.getValue()[0]);
            p.put(prefix + "format", "list");
            p.put(prefix + "type", feed.getValue()[1]);
            side.feeds.add(feed.getKey());
        }
        p.put("lake.intel.lookback", "0");
        return p;
    }

    /** The intelligence service's JVM: the default service's heap plus room for the indicators (~270 B each). */
    private static String intelJvm() {
        return System.getProperty("bench.intel-service-jvm", "-Xmx800m");
    }

    /** Publishing on: the tenant's detections and incidents to the embedded S3, in windows of bench.publish-window. */
    private static Map<String, String> publishProperties(EmbeddedLake lake, Side side, Path rules) {
        Map<String, String> p = serviceProperties(lake, side.queue, rules, side.tenant);
        String prefix = "lake.tenants." + side.tenant + ".publish.";
        p.put(prefix + "enabled", "true");
        p.put(prefix + "bucket", PUBLISH_BUCKET);
        p.put(prefix + "account", BenchFiles.ACCOUNT);
        p.put(prefix + "window", publishWindow());
        return p;
    }

    /**
     * The publishing window: short (10 s; windows under 5 minutes are accepted with a warning) so that the files of
     * a phase's changes are written within the phase, not after it; the cost is per record, whatever the window.
     */
    private static String publishWindow() {
        return System.getProperty("bench.publish-window", "10s");
    }

    /** SigmaHQ's process-creation rules in force, read where the fixtures keep them. */
    private static Map<String, String> sigmaProperties(EmbeddedLake lake, Side side, String folders) {
        Map<String, String> p = serviceProperties(lake, side.queue, folders, side.tenant);
        p.put("lake.rules.reload-interval", System.getProperty("lake.rules.reload-interval", "10s"));
        return p;
    }

    /** Each phase's ratios within its round. */
    @SuppressWarnings("unchecked")
    private static void ratios(Map<String, Object> round) {
        java.util.function.Function<String, Map<String, Object>> m = k -> (Map<String, Object>) round.get(k);
        round.put("ratio", ratio(m.apply("service"), m.apply("baseline")));
        if (round.containsKey("baseline_plain")) {
            round.put("ratio_to_plain", ratio(m.apply("service"), m.apply("baseline_plain")));
            round.put("ratio_baseline_to_plain", ratio(m.apply("baseline"), m.apply("baseline_plain")));
        }
        if (round.containsKey("service_storage_only")) {
            round.put("ratio_storage_only", ratio(m.apply("service_storage_only"), m.apply("baseline")));
            round.put("ratio_detection_on_to_off", ratio(m.apply("service"), m.apply("service_storage_only")));
            if (round.containsKey("baseline_plain")) {
                round.put("ratio_storage_only_to_plain", ratio(m.apply("service_storage_only"), m.apply("baseline_plain")));
            }
        }
        if (round.containsKey("service_no_rules")) {
            round.put("ratio_rules_to_no_rules", ratio(m.apply("service"), m.apply("service_no_rules")));
        }
        if (round.containsKey("service_intel")) {
            round.put("ratio_intel_to_off", ratio(m.apply("service_intel"), m.apply("service")));
        }
        if (round.containsKey("service_publish")) {
            Map<String, Object> publish = m.apply("service_publish");
            round.put("ratio_publish_to_off", ratio(publish, m.apply("service")));
            Map<String, Object> published = (Map<String, Object>) publish.get("published");
            round.put("ratio_publish_to_off_until_published", Math.round(1000.0
                    * (Long) published.get("events_per_s_until_published") / (Long) m.apply("service").get("events_per_s"))
                    / 1000.0);
        }
        if (round.containsKey("process_sigma")) {
            round.put("ratio_sigma_to_detection_off", ratio(m.apply("process_sigma"), m.apply("process_detection_off")));
        }
    }

    /** The first line of {@code log} that holds {@code text}, waited for. */
    private static String awaitLine(Path log, String text, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.contains(text)) {
                        return line.substring(Math.max(0, line.indexOf(text)));
                    }
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no line with '" + text + "' in " + log);
            }
            Thread.sleep(500);
        }
    }

    /** One compared service: its JVM, queue, tenant (own schema) and the ledger watch of its queue. */
    private static final class Side {

        final String name;
        final String tenant;
        final String schema;
        final String queue;
        final LedgerWatch watch;
        final Connection control;
        final EmbeddedLake lake;
        final List<String> feeds = new ArrayList<>();
        ServiceProcess process;
        int indicators;

        Side(String name, String tenant, EmbeddedLake lake, Connection control) {
            this(name, tenant, lake, control, lake.createQueue("bench-" + name,
                    Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "300")));
        }

        Side(String name, String tenant, EmbeddedLake lake, Connection control, String queue) {
            this.name = name;
            this.tenant = tenant;
            this.schema = "tenant_" + tenant;
            this.queue = queue;
            this.lake = lake;
            this.control = control;
            this.watch = new LedgerWatch(lake, queue, control);
        }

        Path log(Path dir) {
            return dir.resolve("service-" + name + ".log");
        }

        ServiceProcess launched;

        ServiceProcess launch(Map<String, String> properties, List<String> jvm, Path dir) {
            launched = BenchService.launch(properties, jvm, log(dir));
            return launched;
        }

        /** Off the clock: the service's JIT warmed on events of the set it is measured on. */
        void warm(List<BenchObject> objects, String suffix) throws Exception {
            if (objects.isEmpty()) {
                return;
            }
            String bucket = "bench-warmup-" + name + suffix;
            watch.upload(bucket, objects);
            objects.forEach(o -> watch.announce(bucket, o));
            watch.awaitDone(bucket, objects.size(), 600_000, 200);
        }

        Map<String, Object> phase(String how, String bucket, List<BenchObject> objects, PgCpu pg) throws Exception {
            return servicePhase(how, bucket, objects, watch, control, pg, process, schema);
        }

        /** Every feed read (its log line), and how long the reads took after the service was ready. */
        Map<String, Object> awaitFeeds(Path dir) throws Exception {
            long start = System.nanoTime();
            Map<String, Object> out = new LinkedHashMap<>();
            List<String> lines = new ArrayList<>();
            for (String feed : feeds) {
                lines.add(awaitLine(log(dir), "intel feed " + feed + " read:", 600_000));
            }
            out.put("indicators", indicators);
            out.put("feeds", lines);
            out.put("read_after_ready_s", Bench.round((System.nanoTime() - start) / 1e9));
            out.put("service_jvm", intelJvm());
            return out;
        }

        /** The rules the service loaded (its log's summary line) and where from. */
        Map<String, Object> rulesInForce(Path dir, String folders) throws Exception {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("folders", folders);
            out.put("loaded", awaitLine(log(dir), "Sigma rules (", 60_000));
            return out;
        }

        /**
         * A phase with publishing on; then waits until every change of the phase is published (each source's
         * progress past its last change) and reports that tail: objects written, seconds and service CPU after the
         * last object was stored, and the throughput if the phase ended only when all was published.
         */
        @SuppressWarnings("unchecked")
        Map<String, Object> publishPhase(String how, String bucket, List<BenchObject> objects, PgCpu pg)
                throws Exception {
            long objects0 = publishedObjects();
            Map<String, Object> served = phase(how, bucket, objects, pg);
            Map<String, Object> before = BenchService.stats(process);
            long tailStart = System.nanoTime();
            awaitPublished(600_000);
            double tail = (System.nanoTime() - tailStart) / 1e9;
            Map<String, Object> after = BenchService.stats(process);
            double seconds = ((Number) served.get("seconds")).doubleValue() + tail;
            Map<String, Object> published = new LinkedHashMap<>();
            published.put("objects_written", publishedObjects() - objects0);
            published.put("tail_s", Bench.round(tail));
            published.put("tail_java_cpu_s", Bench.round(((Number) after.get("cpu_s")).doubleValue()
                    - ((Number) before.get("cpu_s")).doubleValue()));
            published.put("events_per_s_until_published", Math.round((Long) served.get("events") / seconds));
            served.put("published", published);
            return served;
        }

        private long publishedObjects() {
            return lake.s3().listObjectsV2Paginator(b -> b.bucket(PUBLISH_BUCKET).prefix("ext/")).contents().stream()
                    .count();
        }

        private void awaitPublished(long timeoutMs) throws Exception {
            String sql = "SELECT (SELECT count(*) FROM " + schema + ".detections WHERE changed_at >= coalesce((SELECT "
                    + "window_end FROM " + schema + ".publish_progress WHERE source = 'lakesub-detections'), '-infinity'))"
                    + " + (SELECT count(*) FROM " + schema + ".incidents WHERE changed_at >= coalesce((SELECT "
                    + "window_end FROM " + schema + ".publish_progress WHERE source = 'lakesub-incidents'), '-infinity'))";
            long deadline = System.currentTimeMillis() + timeoutMs;
            try (var s = control.createStatement()) {
                while (true) {
                    try (var rs = s.executeQuery(sql)) {
                        rs.next();
                        if (rs.getLong(1) == 0) {
                            return;
                        }
                    }
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("tenant " + tenant + "'s changes not published in time");
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /** The service JVM's options; the JFR profile ({@code bench.profile}) only for the {@code profiled} one. */
    private static List<String> jvmOptions(Path dir, boolean profiled) {
        return jvmOptions(dir, profiled ? "service" : null, System.getProperty("bench.service-jvm", "-Xmx512m"));
    }

    /**
     * A service JVM's options: {@code jvm} and, with {@code bench.profile=true} and a {@code profile} name, a JFR
     * profile to {@code <dir>/<profile>.jfr}.
     */
    private static List<String> jvmOptions(Path dir, String profile, String jvm) {
        List<String> options = new ArrayList<>();
        String extra = jvm.trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        if (profile != null && Boolean.getBoolean("bench.profile")) {
            options.add("-XX:StartFlightRecording=filename=" + dir.resolve(profile + ".jfr") + ",settings=profile");
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
