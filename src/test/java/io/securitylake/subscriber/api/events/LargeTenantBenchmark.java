package io.securitylake.subscriber.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.api.Cursors;
import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.detect.IntelLookbackCost;
import io.securitylake.subscriber.detect.RuleBook;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.store.EventPartitions;
import io.securitylake.subscriber.store.PartitionUpkeep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The large-tenant benchmark (not a unit test; {@code ./mvnw test -Ptenant-bench}, see docs/performance.md): tenant
 * globex is filled with {@code bench.events} events (default 1,000,000) generated in SQL over 30 days (~1 KB of
 * realistic OCSF jsonb each, through the same daily partitions and rollup trigger as ingestion), then, in one run:
 * the fill's time and disk bytes per event; detections and incidents seeded for those events through their tables
 * ({@code bench.detections-per-million}, default 10,000, {@code bench.detections-per-incident}, default 10), cloned
 * from those the service made of a first mixed object set, and their tables' size per million events; each API
 * scenario over HTTP (warmed up, 200 calls, p50/p95), events, detections and incidents; with
 * {@code bench.lookback=true}, one threat-intelligence back-in-time pass over the 30 days (IntelLookbackCost's) with
 * an ingest round into the empty tenant beside it; the longest write stall while the oldest day is dropped; and the
 * service's ingest rate, detection on (the starter pack in force), into that tenant against an empty one (tenant
 * acme), in alternating rounds of the mixed set (a quarter findings; {@code bench.ingest-set=plain}: CloudTrail and
 * VPC flow only). Writes {@code target/tenant-bench.md}.
 */
class LargeTenantBenchmark extends ApiTestSupport {

    /**
     * The fill's first day: its 30 days end where the demo's objects begin (DemoLake.DEFAULT_DAY), so that the ingest rounds'
     * events, detections and incidents are the newest of the tenant, as live data is, and its seeded incidents lie
     * behind them.
     */
    private static final Instant START = DemoLake.DEFAULT_DAY.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final String DAY_FROM = START.plus(Duration.ofDays(14)).toString();
    private static final String DAY_TO = START.plus(Duration.ofDays(15)).toString();
    private static final String WEEK_FROM = START.plus(Duration.ofDays(8)).toString();

    /** The ingest phase's objects: the mixed set, a quarter of it the lake's findings (detections, incidents). */
    private static final DemoSource[] MIXED = {DemoSource.CROWDSTRIKE_DETECTIONS, DemoSource.CROWDSTRIKE_PROCESS,
            DemoSource.CLOUD_TRAIL_MGMT, DemoSource.VPC_FLOW};
    private static final DemoSource[] PLAIN = {DemoSource.CLOUD_TRAIL_MGMT, DemoSource.VPC_FLOW};

    @Autowired
    Cursors cursors;
    @Autowired
    RuleBook rules;

    /** The back-in-time pass is the benchmark's own (lookback phase): the service's timer must not take it over. */
    @DynamicPropertySource
    static void benchmarkOnly(DynamicPropertyRegistry r) {
        r.add("lake.intel.lookback-interval", () -> "24h");
    }

    @Test
    void measure() throws Exception {
        int n = Integer.getInteger("bench.events", 1_000_000);
        JdbcTemplate db = new JdbcTemplate(stores.dataSource("globex"));
        StringBuilder report = new StringBuilder(String.format("Large-tenant benchmark: %,d events in tenant globex, "
                + "%d cores, %s%n%n", n, Runtime.getRuntime().availableProcessors(), OffsetDateTime.now()));
        DemoSource[] set = "plain".equals(System.getProperty("bench.ingest-set", "mixed")) ? PLAIN : MIXED;
        section(report, fill(db, n));
        section(report, seedDetections(db, n, set));
        if (!Boolean.getBoolean("bench.ingest-only")) { // a kept fill's ingest rate alone, e.g. before and after a change
            section(report, api(db, n));
            if (Boolean.getBoolean("bench.lookback")) {
                section(report, lookback(db, set));
            }
            section(report, stall(db));
        }
        section(report, ingest(Integer.getInteger("bench.ingest-rounds", 2), set));
        System.out.println("\n" + report);
    }

    /** Each phase's table is written as soon as it is measured: a long run cut short keeps what it measured. */
    private static void section(StringBuilder report, String table) throws java.io.IOException {
        report.append(table).append('\n');
        System.out.println("\n" + table);
        Files.writeString(Path.of("target", "tenant-bench.md"), report);
    }

    private String api(JdbcTemplate db, int n) {
        // a cursor at the middle of the whole listing, as a client gets after ~5000 pages of 100
        Map<String, Object> middle = db.queryForMap("SELECT event_time, event_uid FROM events "
                + "ORDER BY event_time DESC, event_uid DESC OFFSET ? LIMIT 1", n / 2);
        String unfiltered = new EventFilter(null, null, List.of(), null, null, null, null, null).canonical();
        String deep = cursors.encode("globex", EventQueries.LISTING, unfiltered, List.of(
                Cursors.toMicros(((Timestamp) middle.get("event_time")).toInstant()), (String) middle.get("event_uid")));
        Map<String, String> scenarios = new LinkedHashMap<>();
        scenarios.put("first page, unfiltered (limit 100)", "/api/v1/events?limit=100");
        scenarios.put("first page, class_uid=3002 & severity_id_min=3", "/api/v1/events?class_uid=3002&severity_id_min=3&limit=100");
        scenarios.put("first page, source=VPC_FLOW & one day", "/api/v1/events?source=VPC_FLOW&from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("first page, account & class_uid=4001", "/api/v1/events?account=222222222223&class_uid=4001");
        scenarios.put("deep page (cursor at the middle), limit 100", "/api/v1/events?limit=100&cursor=" + deep);
        scenarios.put("count, one day", "/api/v1/events/count?from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("count, one day, class_uid=3002", "/api/v1/events/count?class_uid=3002&from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("timeline, one day, 1h", "/api/v1/stats/timeline?interval=1h&from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("timeline, one day, 1h by class_uid", "/api/v1/stats/timeline?interval=1h&by=class_uid&from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("timeline, 7 days, 1h", "/api/v1/stats/timeline?interval=1h&from=" + WEEK_FROM + "&to=" + DAY_TO);
        scenarios.put("timeline, 7 days, 1d by category_uid", "/api/v1/stats/timeline?interval=1d&by=category_uid&from=" + WEEK_FROM + "&to=" + DAY_TO);
        scenarios.put("top src_endpoint.ip, one day", "/api/v1/stats/top?field=src_endpoint.ip&from=" + DAY_FROM + "&to=" + DAY_TO);
        String incident = db.queryForObject("SELECT uid FROM incidents WHERE uid = 'inc-' || md5('bench-inc-' || ?)",
                String.class, seededDetections(n) / 2 / detectionsPerIncident());
        String rule = db.queryForObject("SELECT rule_uid FROM detections GROUP BY rule_uid ORDER BY count(*) DESC LIMIT 1",
                String.class);
        scenarios.put("detections, first page (limit 100)", "/api/v1/detections?limit=100");
        scenarios.put("detections, rule=" + rule, "/api/v1/detections?rule=" + rule);
        scenarios.put("detections, severity_id_min=4", "/api/v1/detections?severity_id_min=4");
        scenarios.put("detections, one day", "/api/v1/detections?from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("detections of one incident", "/api/v1/detections?incident=" + incident);
        scenarios.put("incidents, first page (most recent)", "/api/v1/incidents?limit=100");
        scenarios.put("incidents, the queue (sort=severity)", "/api/v1/incidents?sort=severity&limit=100");
        scenarios.put("incidents, status=open & severity_id_min=4", "/api/v1/incidents?status=open&severity_id_min=4");
        scenarios.put("incidents, one day", "/api/v1/incidents?from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("one incident with notes and history", "/api/v1/incidents/" + incident);
        scenarios.values().forEach(path -> warmUp(path, 30)); // JIT and caches warm for every scenario alike
        StringBuilder out = new StringBuilder("| scenario | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|\n");
        scenarios.forEach((name, path) -> {
            double[] ms = measure(path);
            out.append(String.format("| %s | %.1f | %.1f | %.1f |%n", name, pct(ms, 50), pct(ms, 95), ms[ms.length - 1]));
        });
        return out.toString();
    }

    /** Detections seeded per million events, and detections per incident. */
    private static long seededDetections(int n) {
        return Long.getLong("bench.detections-per-million", 10_000) * n / 1_000_000;
    }

    private static int detectionsPerIncident() {
        return Integer.getInteger("bench.detections-per-incident", 10);
    }

    /**
     * Detections and incidents for the generated events, through the tenant's own tables: the service first makes
     * some of a mixed object set (its findings and rule matches, their incidents, keys and history), and those are
     * the templates the seeded rows are cloned from (bodies, entities, keys, history), so that a row weighs what the
     * service's rows weigh. Detection k names a generated finding event (class 2004) at its time; detections
     * {@code i × per .. (i + 1) × per - 1} are incident i's. Reports the tables' size per million events.
     */
    private String seedDetections(JdbcTemplate db, int n, DemoSource[] set) throws Exception {
        Timestamp templatesAfter = Timestamp.from(START.plus(Duration.ofDays(40)));
        if (db.queryForObject("SELECT count(*) FROM incidents WHERE created_at >= ?", Long.class, templatesAfter) == 0) {
            Path dir = Files.createTempDirectory("tenant-bench");
            ingestOnce(new LakeProbe(), dir, LakeTestStack.queueUrl("api"), LakeTestStack.GLOBEX_ACCOUNT, MIXED, 4, 5_000);
            LakeTestStack.await(Duration.ofMinutes(10), "the service made incidents of the template objects",
                    () -> db.queryForObject("SELECT count(*) FROM incidents WHERE created_at >= ?", Long.class,
                            templatesAfter) > 0);
        }
        long detections = seededDetections(n);
        int per = detectionsPerIncident();
        long incidents = (detections + per - 1) / per;
        long stride = Math.max(10, n / Math.max(1, detections)); // events per detection
        double step = 2_592_000.0 / n;
        String eventOf = "((%s) * " + stride + " / 10 * 10 + 7)"; // a generated event of class 2004 (g % 10 = 7)
        String timeOf = "(CAST(? AS timestamptz) + " + eventOf + " * (" + step + " * interval '1 second'))";
        String detectionTemplates = """
                WITH tpl AS (SELECT row_number() OVER (ORDER BY uid) - 1 AS n, * FROM detections
                              WHERE detected_at >= ? ORDER BY uid LIMIT 500),
                     m AS (SELECT count(*) AS c FROM tpl)
                """;
        String incidentTemplates = """
                WITH tpl AS (SELECT row_number() OVER (ORDER BY uid) - 1 AS n, * FROM incidents
                              WHERE created_at >= ? AND merged_into IS NULL ORDER BY uid LIMIT 500),
                     m AS (SELECT count(*) AS c FROM tpl)
                """;
        Timestamp start = Timestamp.from(START);
        long t0 = System.nanoTime();
        // a kept fill (bench.pg-dir) is seeded once: its ingest rounds' incidents must not be cloned as templates
        boolean seeded = db.queryForObject("SELECT count(*) FROM incident_history WHERE incident_uid = 'inc-' || "
                + "md5('bench-inc-' || ?)", Long.class, incidents - 1) > 0;
        if (!seeded) {
            for (long from = 0; from < detections; from += 100_000) {
                db.update(detectionTemplates + """
                        INSERT INTO detections (uid, time, severity_id, rule_uid, rule_title, event_uids, entities, attacks,
                                                first_seen, last_seen, status, detection, incident_uid, detected_at)
                        SELECT 'det-' || md5('bench-det-' || k), x.t, tpl.severity_id, tpl.rule_uid, tpl.rule_title,
                               ARRAY['bench-' || %s], tpl.entities, tpl.attacks, x.t, x.t, tpl.status, tpl.detection,
                               'inc-' || md5('bench-inc-' || (k / %d)), x.t + interval '5 minutes'
                          FROM generate_series(?::bigint, ?::bigint) k
                          CROSS JOIN LATERAL (SELECT %s AS t) x
                          JOIN tpl ON tpl.n = k %% (SELECT c FROM m)
                        ON CONFLICT (uid) DO NOTHING""".formatted(eventOf.formatted("k"), per, timeOf.formatted("k")),
                        templatesAfter, from, Math.min(detections, from + 100_000) - 1, start);
            }
            String incidentsFrom = """
                      FROM generate_series(0::bigint, ?::bigint) i
                      JOIN tpl ON tpl.n = i % (SELECT c FROM m)
                    """;
            db.update(incidentTemplates + """
                    INSERT INTO incidents (uid, status_id, severity_id, version, start_time, end_time, detection_count,
                                           entities, attacks, title, created_at, modified_at)
                    SELECT 'inc-' || md5('bench-inc-' || i), 1 + i %% 5, tpl.severity_id, tpl.version, %s, %s, %d,
                           tpl.entities, tpl.attacks, tpl.title, %s, %s
                    """.formatted(timeOf.formatted("i * " + per), timeOf.formatted("(i + 1) * " + per + " - 1"), per,
                    timeOf.formatted("i * " + per), timeOf.formatted("(i + 1) * " + per + " - 1"))
                    + incidentsFrom + "ON CONFLICT (uid) DO NOTHING", templatesAfter, start, start, start, start,
                    incidents - 1);
            db.update(incidentTemplates + """
                    INSERT INTO incident_entities (type, value, incident_uid, ends_by)
                    SELECT e.type, e.value, o.uid, CASE WHEN o.status_id = 5 THEN '-infinity'
                           ELSE (date_trunc('day', o.end_time AT TIME ZONE 'UTC') + interval '2 days') AT TIME ZONE 'UTC' END
                    """ + incidentsFrom + """
                      JOIN incident_entities e ON e.incident_uid = tpl.uid
                      JOIN incidents o ON o.uid = 'inc-' || md5('bench-inc-' || i)
                    ON CONFLICT DO NOTHING""", templatesAfter, incidents - 1);
            if (db.queryForObject("SELECT count(*) FROM incident_history WHERE incident_uid = 'inc-' || md5('bench-inc-0')",
                    Long.class) == 0) {
                db.update(incidentTemplates + """
                        INSERT INTO incident_history (incident_uid, version, actor, time, field, from_value, to_value)
                        SELECT 'inc-' || md5('bench-inc-' || i), h.version, h.actor, h.time, h.field, h.from_value, h.to_value
                        """ + incidentsFrom + """
                          JOIN incident_history h ON h.incident_uid = tpl.uid""", templatesAfter, incidents - 1);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        db.execute("VACUUM ANALYZE detections, incidents, incident_entities, incident_history");
        double millions = db.queryForObject("SELECT count(*) FROM events", Long.class) / 1e6;
        StringBuilder out = new StringBuilder(String.format("Detections and incidents: %,d detections (%,d per million "
                + "events) in %,d incidents seeded in %.0f s, cloned from %,d detections and %,d incidents the service "
                + "made of %s%n%n| table | rows | MB | MB per million events | bytes per row |%n|---|---:|---:|---:|---:|%n",
                detections, Long.getLong("bench.detections-per-million", 10_000), incidents, seconds,
                db.queryForObject("SELECT count(*) FROM detections WHERE detected_at >= ?", Long.class, templatesAfter),
                db.queryForObject("SELECT count(*) FROM incidents WHERE created_at >= ?", Long.class, templatesAfter),
                Arrays.toString(MIXED)));
        for (String table : List.of("detections", "incidents", "incident_entities", "incident_history")) {
            long rows = db.queryForObject("SELECT count(*) FROM " + table, Long.class);
            long bytes = db.queryForObject("SELECT pg_total_relation_size('" + table + "')", Long.class);
            out.append(String.format("| %s | %,d | %.1f | %.2f | %,.0f |%n", table, rows, bytes / 1048576.0,
                    bytes / 1048576.0 / millions, bytes / (double) Math.max(1, rows)));
        }
        return out.toString();
    }

    /**
     * One threat-intelligence back-in-time pass over the 30 days of the large tenant (IntelLookbackCost's: 1,000 new
     * IPv4 indicators, 200 of them addresses the events hold; the detections built, not stored), with an ingest round
     * into the empty tenant while it runs, against rounds alone before and after it.
     */
    private String lookback(JdbcTemplate db, DemoSource[] set) throws Exception {
        int chunk = Integer.getInteger("bench.lookback-chunk", 5000);
        List<String> held = db.queryForList("SELECT DISTINCT event->'src_endpoint'->>'ip' FROM events "
                + "WHERE event_uid LIKE 'bench-%' AND event_time < ? LIMIT 200", String.class,
                Timestamp.from(START.plus(Duration.ofHours(1))));
        int objects = Integer.getInteger("bench.ingest-objects", 4);
        int perObject = Integer.getInteger("bench.ingest-object-events", 25_000);
        Path dir = Files.createTempDirectory("tenant-bench");
        LakeProbe probe = new LakeProbe();
        String queue = LakeTestStack.queueUrl("api");
        ingestOnce(probe, dir, queue, LakeTestStack.ACME_ACCOUNT, set, 4, 5_000); // warm-up, off the clock
        double before = ingestOnce(probe, dir, queue, LakeTestStack.ACME_ACCOUNT, set, objects, perObject);
        java.util.concurrent.CompletableFuture<IntelLookbackCost.Pass> pass = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return IntelLookbackCost.pass(stores.dataSource("globex"), held, START,
                                START.plus(Duration.ofDays(31)), chunk);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        double during = ingestOnce(probe, dir, queue, LakeTestStack.ACME_ACCOUNT, set, objects, perObject);
        IntelLookbackCost.Pass result = pass.get();
        double after = ingestOnce(probe, dir, queue, LakeTestStack.ACME_ACCOUNT, set, objects, perObject);
        return String.format("| back-in-time pass over the 30 days (chunks of %d, 1,000 indicators) | |%n|---|---:|%n"
                        + "| events scanned | %,d |%n| wall time, s | %.0f |%n| events/s | %,.0f |%n"
                        + "| of the wall time in the chunk queries (PostgreSQL reading and sending the jsonb), s | %.0f |%n"
                        + "| JVM thread CPU (parsing, looking up), s | %.0f |%n| hits built as detections | %,d |%n"
                        + "| ingest into the empty tenant, events/s: before / during the pass / after | %,.0f / %,.0f / %,.0f |%n",
                chunk, result.scanned(), result.wallMs() / 1e3, result.eventsPerSecond(), result.queryMs() / 1e3,
                result.cpuMs() / 1e3, result.hits(), before, during, after);
    }

    /**
     * The longest write while a day is dropped: a writer inserts 100-event batches into the tenant's events (the
     * same table, partitions and trigger as ingestion) without pause, first alone, then while the service's
     * partition upkeep detaches and drops the oldest day; the longest single write of each window is the stall.
     */
    private String stall(JdbcTemplate db) throws Exception {
        Long oldestDayRows = db.queryForObject("SELECT count(*) FROM events WHERE event_time < ?", Long.class,
                Timestamp.from(START.plus(Duration.ofDays(1))));
        Writer alone = Writer.start(db, 0);
        Thread.sleep(15_000);
        alone.stop();
        Writer during = Writer.start(db, 1_000_000);
        Thread.sleep(3_000);
        long t0 = System.nanoTime();
        PartitionUpkeep.dropDaysBefore(stores, "globex", LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(1));
        double dropMs = (System.nanoTime() - t0) / 1e6;
        Thread.sleep(3_000);
        during.stop();
        Long left = db.queryForObject("SELECT count(*) FROM events WHERE event_time < ?", Long.class,
                Timestamp.from(START.plus(Duration.ofDays(1))));
        assertThat(left).as("the oldest day is dropped").isZero();
        return String.format("| writes of 100 events | batches | p50 ms | p99 ms | longest ms |%n|---|---:|---:|---:|---:|%n"
                        + "| alone | %s |%n| while the oldest day (%,d events) is dropped (upkeep took %.0f ms) | %s |%n",
                alone.summary(), oldestDayRows, dropMs, during.summary());
    }

    /** Inserts 100-event batches one after another on its own thread, timing each. */
    private static final class Writer {
        private final List<Double> ms = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private Thread thread;

        static Writer start(JdbcTemplate db, long firstUid) {
            Writer w = new Writer();
            w.thread = new Thread(() -> {
                for (long g = firstUid; w.running; g += 100) {
                    long t0 = System.nanoTime();
                    db.update(GENERATE.replace("'bench-'", "'stall-'"), g, g + 99,
                            Timestamp.from(START.plus(Duration.ofDays(20))), 0.01);
                    w.ms.add((System.nanoTime() - t0) / 1e6);
                }
            }, "stall-writer");
            w.thread.start();
            return w;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        String summary() {
            double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return String.format("%d | %.1f | %.1f | %.1f", sorted.length, pct(sorted, 50), pct(sorted, 99),
                    sorted[sorted.length - 1]);
        }
    }

    /**
     * The service's ingest rate into the large tenant against an empty one: objects of the demo's CloudTrail and
     * VPC flow events for each tenant's account, all announced at once, first notification to last object done;
     * the tenants alternate in rounds (the machine is shared).
     */
    private String ingest(int rounds, DemoSource[] set) throws Exception {
        int objects = Integer.getInteger("bench.ingest-objects", 4);
        int perObject = Integer.getInteger("bench.ingest-object-events", 25_000);
        Path dir = Files.createTempDirectory("tenant-bench");
        LakeProbe probe = new LakeProbe();
        String queue = LakeTestStack.queueUrl("api");
        JdbcTemplate acme = new JdbcTemplate(stores.dataSource("acme"));
        JdbcTemplate globex = new JdbcTemplate(stores.dataSource("globex"));
        StringBuilder out = new StringBuilder(String.format("Ingest: %d objects of %,d events a round (%s), %d rules "
                + "in force for each tenant (%d for acme)%n%n", objects, perObject, Arrays.toString(set),
                rules.active("globex").size(), rules.active("acme").size()));
        out.append("| round | empty tenant (acme), events/s | detections, incidents made | large tenant (globex), events/s "
                + "| detections, incidents made | ratio |\n|---|---:|---:|---:|---:|---:|\n");
        ingestOnce(probe, dir, queue, LakeTestStack.ACME_ACCOUNT, set, 4, 5_000); // warm-up, off the clock
        StringBuilder statements = new StringBuilder();
        for (int round = 1; round <= rounds; round++) {
            Timestamp t0 = Timestamp.from(Instant.now());
            resetStatements(acme);
            double empty = ingestOnce(probe, dir, queue, LakeTestStack.ACME_ACCOUNT, set, objects, perObject);
            String emptyMade = made(acme, t0);
            statements.append(statements(acme, "round " + round + ", empty tenant (acme)"));
            Timestamp t1 = Timestamp.from(Instant.now());
            resetStatements(globex);
            double large = ingestOnce(probe, dir, queue, LakeTestStack.GLOBEX_ACCOUNT, set, objects, perObject);
            statements.append(statements(globex, "round " + round + ", large tenant (globex)"));
            out.append(String.format("| %d | %,.0f | %s | %,.0f | %s | %.2f |%n", round, empty, emptyMade, large,
                    made(globex, t1), large / empty));
        }
        return out.append(statements).toString();
    }

    /** With {@code -Dbench.pg-statements=true} (the server loads pg_stat_statements): each round's statements anew. */
    private static void resetStatements(JdbcTemplate tenant) {
        if (Boolean.getBoolean("bench.pg-statements")) {
            tenant.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            tenant.queryForList("SELECT pg_stat_statements_reset()");
        }
    }

    /**
     * The tenant database's statements that took the most time since the reset (one tenant ingests at a time), with
     * their rows per call: what one tenant's round pays that the other's does not.
     */
    private static String statements(JdbcTemplate tenant, String title) {
        if (!Boolean.getBoolean("bench.pg-statements")) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.format("%nStatements, %s%n%n| ms | calls | rows | rows per call "
                + "| statement |%n|---:|---:|---:|---:|---|%n", title));
        tenant.query("SELECT round(total_exec_time), calls, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 200) "
                + "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                + "ORDER BY total_exec_time DESC LIMIT 15", rs -> {
                    out.append(String.format("| %,d | %,d | %,d | %.1f | `%s` |%n", rs.getLong(1), rs.getLong(2),
                            rs.getLong(3), rs.getLong(3) / (double) Math.max(1, rs.getLong(2)),
                            rs.getString(4).replace("|", "\\|")));
                });
        return out.toString();
    }

    /** Detections and incidents the service wrote into a tenant since {@code since} (when the objects were done). */
    private static String made(JdbcTemplate tenant, Timestamp since) {
        return String.format("%,d, %,d",
                tenant.queryForObject("SELECT count(*) FROM detections WHERE detected_at >= ?", Long.class, since),
                tenant.queryForObject("SELECT count(*) FROM incidents WHERE created_at >= ?", Long.class, since));
    }

    private static double ingestOnce(LakeProbe probe, Path dir, String queue, String account, DemoSource[] set,
                                     int objects, int perObject) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            keys.add(probe.upload(dir, set[i % set.length], account, perObject));
        }
        long t0 = System.nanoTime();
        keys.forEach(k -> probe.announce(queue, k));
        LakeTestStack.await(Duration.ofMinutes(30), "the objects are stored",
                () -> keys.stream().allMatch(k -> "done".equals(probe.status(k))));
        return objects * (double) perObject / ((System.nanoTime() - t0) / 1e9);
    }

    private double[] measure(String path) {
        Reply check = get(path, GLOBEX_KEY);
        assertThat(check.status()).as(path + " → " + check.body()).isEqualTo(200);
        warmUp(path, 20);
        double[] ms = new double[200];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            Reply r = get(path, GLOBEX_KEY);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            assertThat(r.status()).isEqualTo(200);
        }
        Arrays.sort(ms);
        return ms;
    }

    private void warmUp(String path, int times) {
        for (int i = 0; i < times; i++) {
            get(path, GLOBEX_KEY);
        }
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Generates the events not there yet, 100,000 per statement; reports the time and the disk they take. */
    private static String fill(JdbcTemplate db, int n) {
        Long have = db.queryForObject("SELECT count(*) FROM events WHERE event_uid LIKE 'bench-%'", Long.class);
        db.execute((ConnectionCallback<Void>) c -> {
            LocalDate first = LocalDate.ofInstant(START, ZoneOffset.UTC);
            EventPartitions.ensure(c, first.datesUntil(first.plusDays(32)).toList());
            return null;
        });
        long t0 = System.nanoTime();
        for (long from = have == null ? 0 : have; from < n; from += 100_000) {
            db.update(GENERATE, from, Math.min(n, from + 100_000) - 1, Timestamp.from(START), 2_592_000.0 / n);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        db.execute("VACUUM ANALYZE events");
        Long events = db.queryForObject("SELECT count(*) FROM events", Long.class);
        Long eventBytes = db.queryForObject("SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
                + "WHERE inhparent = 'events'::regclass", Long.class);
        Long rollupBytes = db.queryForObject("SELECT pg_total_relation_size('event_rollups')", Long.class);
        return String.format("| fill | value |%n|---|---:|%n| events generated now | %,d |%n| seconds | %.0f |%n"
                        + "| events/s | %,.0f |%n| events in the tenant | %,d |%n| disk, events with indexes and TOAST, bytes/event | %,.0f |%n"
                        + "| disk, hourly rollups, MB | %.1f |%n", n - (have == null ? 0 : have), seconds,
                (n - (have == null ? 0 : have)) / Math.max(seconds, 1e-9), events, eventBytes / (double) events,
                rollupBytes / 1048576.0);
    }

    private static final String GENERATE = """
            INSERT INTO events (event_uid, event_time, class_uid, category_uid, severity_id, account, region, source,
                                bucket, object_key, ingested_at, event)
            SELECT 'bench-' || g, t, cls, cls / 1000, g % 7, acct, reg, src, 'aws-security-data-lake-bench',
                   'aws/' || src || '/2.0/region=' || reg || '/accountId=' || acct || '/f' || (g / 1000) || '.parquet',
                   t + interval '5 minutes',
                   jsonb_build_object(
                     'metadata', jsonb_build_object('uid', 'bench-' || g, 'version', '1.1.0',
                        'product', jsonb_build_object('name', src, 'vendor_name', 'AWS'),
                        'profiles', jsonb_build_array('cloud', 'datetime')),
                     'time', (extract(epoch FROM t) * 1000)::bigint, 'class_uid', cls, 'category_uid', cls / 1000,
                     'activity_id', g % 4, 'type_uid', cls * 100 + g % 4, 'severity_id', g % 7, 'status_id', 1,
                     'src_endpoint', jsonb_build_object('ip', '10.' || (g % 50) || '.' || ((g / 7) % 256) || '.' || (g % 13),
                        'port', 1024 + g % 50000),
                     'dst_endpoint', jsonb_build_object('ip', '172.16.' || (g % 200) || '.' || (g % 251), 'port', 443),
                     'actor', jsonb_build_object('user', jsonb_build_object('name', 'user' || (g % 500),
                        'uid', 'AIDA' || substr(md5(g::text), 1, 16), 'type', 'IAMUser')),
                     'api', jsonb_build_object('operation', (ARRAY['GetObject','PutObject','AssumeRole','DescribeInstances'])[1 + g % 4],
                        'service', jsonb_build_object('name', 's3.amazonaws.com'), 'request', jsonb_build_object('uid', md5(g::text))),
                     'cloud', jsonb_build_object('provider', 'AWS', 'region', reg, 'account', jsonb_build_object('uid', acct)),
                     'finding_info', CASE WHEN cls = 2004 THEN jsonb_build_object('title', 'Finding ' || (g % 50), 'uid', md5(g::text)) END,
                     'message', 'benchmark event ' || g || ' ' || md5(g::text) || md5((g + 1)::text),
                     '_lake', jsonb_build_object('tenant', 'globex', 'bucket', 'aws-security-data-lake-bench',
                        'ingested_at', t + interval '5 minutes', 'account', acct, 'region', reg, 'source', src,
                        'event_uid', 'bench-' || g))
              FROM generate_series(?::bigint, ?::bigint) g
              CROSS JOIN LATERAL (SELECT CAST(? AS timestamptz) + g * (CAST(? AS double precision) * interval '1 second') AS t,
                                         (ARRAY[3002, 3002, 4001, 4001, 4001, 6003, 6003, 2004, 4003, 1007])[1 + g % 10] AS cls,
                                         (ARRAY['222222222222', '222222222223'])[1 + g % 2] AS acct,
                                         (ARRAY['us-east-1', 'eu-west-1'])[1 + (g / 3) % 2] AS reg,
                                         (ARRAY['CLOUD_TRAIL_MGMT', 'VPC_FLOW', 'ROUTE53', 'SH_FINDINGS', 'crowdstrike'])[1 + (g / 11) % 5] AS src) x
            ON CONFLICT (event_time, event_uid) DO NOTHING""";
}
