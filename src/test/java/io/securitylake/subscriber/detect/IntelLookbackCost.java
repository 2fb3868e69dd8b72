package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.intel.Hit;
import io.securitylake.subscriber.intel.Indicator;
import io.securitylake.subscriber.intel.IndicatorType;
import io.securitylake.subscriber.intel.IntelIndicators;
import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.ocsf.EventNormaliser;
import io.securitylake.subscriber.ocsf.NormalisedEvent;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.ocsf.OcsfCatalog;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.stack.EmbeddedLake;
import io.securitylake.subscriber.store.EventCopy;
import io.securitylake.subscriber.store.EventJson;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a back-in-time pass costs: the demo's events of four sources (CloudTrail, VPC flow, Route 53, CrowdStrike
 * process), spread over the last 30 days, stored in an embedded PostgreSQL schema migrated like a tenant's; then 1,000
 * new indicators queued and one pass scanned to its end in chunks as route intel-lookback does (the detections are
 * built, not stored). Prints events, wall time, the JVM thread's CPU, events per second. Not a test:
 * {@code java -cp ... io.securitylake.subscriber.detect.IntelLookbackCost [events] [chunk]}.
 */
public final class IntelLookbackCost {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private IntelLookbackCost() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        Path dir = Files.createTempDirectory("lookback-cost");
        DemoSource[] sources = {DemoSource.CLOUD_TRAIL_MGMT, DemoSource.VPC_FLOW, DemoSource.ROUTE53,
                DemoSource.CROWDSTRIKE_PROCESS};
        try (EmbeddedLake lake = EmbeddedLake.start()) {
            String url = lake.jdbcUrl("postgres");
            Flyway.configure().dataSource(url, "postgres", "").schemas("tenant_cost").locations("classpath:db/tenant")
                    .load().migrate();
            Properties props = new Properties();
            props.setProperty("user", "postgres");
            props.setProperty("password", "");
            props.setProperty("currentSchema", "tenant_cost");
            ParquetEventReader reader = new ParquetEventReader();
            EventNormaliser normaliser = new EventNormaliser(OcsfCatalog.load());
            EventJson json = new EventJson();
            List<String> addresses = new ArrayList<>();
            long loadStart = System.nanoTime();
            int perDay = events / 30;
            try (Connection c = DriverManager.getConnection(url, props)) {
                for (int d = 0; d < 30; d++) {
                    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(d + 1);
                    DemoSource source = sources[d % sources.length];
                    Path file = dir.resolve("day" + d + ".parquet");
                    DemoLake.write(file, source, "111111111111", "us-east-1", day, perDay, d, DemoLake.Options.defaults());
                    String key = source.key("111111111111", "us-east-1", day, d);
                    ObjectContext context = new ObjectContext("cost", "b", key, LakeKey.parse(key), Instant.now());
                    try (EventChunks chunks = reader.open(file, 5000)) {
                        while (chunks.hasNext()) {
                            List<EventRow> rows = new ArrayList<>();
                            for (Map<String, Object> e : chunks.next()) {
                                NormalisedEvent n = normaliser.normalise(e, context);
                                rows.add(EventRow.of(n, json.toJson(n.event())));
                                if (addresses.size() < 200 && n.event().get("src_endpoint") instanceof Map<?, ?> src
                                        && src.get("ip") instanceof String ip && ip.indexOf('.') > 0) {
                                    addresses.add(ip);
                                }
                            }
                            EventCopy.copy(c, new TenantBatch("cost", "b", key, rows));
                        }
                    }
                    Files.delete(file);
                }
                c.createStatement().execute("ANALYZE events");
            }
            System.out.printf("stored %,d events in %,d s%n", perDay * 30L, (System.nanoTime() - loadStart) / 1_000_000_000L);

            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(url);
            ds.setUser("postgres");
            ds.setCurrentSchema("tenant_cost");
            Instant now = Instant.now();
            System.out.println("pass: " + pass(ds, addresses, now.minus(Duration.ofDays(30)), now, chunk));
        }
    }

    /** One pass's figures: events scanned, hits built, wall time, of it in the chunk queries, JVM thread CPU. */
    public record Pass(long scanned, long hits, long wallMs, long queryMs, long cpuMs, int chunk) {

        public double eventsPerSecond() {
            return scanned * 1000.0 / Math.max(1, wallMs);
        }

        @Override
        public String toString() {
            return String.format("%,d events scanned, %,d hits, %,d ms wall (%,d ms in the chunk queries incl. "
                    + "transfer), %,d ms JVM thread CPU; %,.0f events/s; chunk %d", scanned, hits, wallMs, queryMs,
                    cpuMs, eventsPerSecond(), chunk);
        }
    }

    /**
     * Queues 1,000 new IPv4 indicators in the tenant of {@code tenant} ({@code held} first: addresses its events
     * hold, then reserved ones no event holds) and scans one pass over {@code [from, to)} to its end in chunks as
     * route intel-lookback does; the detections are built, not stored.
     */
    public static Pass pass(DataSource tenant, List<String> held, Instant from, Instant to, int chunk)
            throws Exception {
        // a kept store (bench.pg-dir) holds the indicators of an earlier run, done: queue them anew
        new org.springframework.jdbc.core.JdbcTemplate(tenant).update(
                "DELETE FROM intel_lookback_indicators WHERE feed = 'cost-feed'");
        IntelLookbackTable table = new IntelLookbackTable(tenant);
        List<Indicator> fresh = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String value = i < held.size() ? held.get(i) : "198.18." + (i / 250) + "." + (i % 250);
            fresh.add(new Indicator("cost-feed", IndicatorType.IPV4, value, null, null, null, null, false, 80,
                    List.of(), List.of(), null));
        }
        table.queue(fresh, "cost-feed", null);
        IntelLookbackTable.Pass pass = table.start(from, to).orElseThrow();
        Map<String, Integer> severities = new HashMap<>();
        IntelIndicators lookUp = IntelIndicators.of(table.indicators(pass.id(), severities), severities,
                Clock.systemUTC());
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        long scanned = 0;
        long hits = 0;
        long t0 = System.nanoTime();
        long cpu0 = CPU.getCurrentThreadCpuTime();
        long queryNs = 0;
        while (true) {
            long q = System.nanoTime();
            List<IntelLookbackTable.StoredEvent> page = table.events(pass, chunk);
            queryNs += System.nanoTime() - q;
            for (IntelLookbackTable.StoredEvent e : page) {
                @SuppressWarnings("unchecked")
                Map<String, Object> event = mapper.readValue(e.json(), Map.class);
                EventRow row = new EventRow(e.uid(), e.time().toEpochMilli(), e.classUid(), null, null, null, null,
                        null, null);
                for (Hit hit : lookUp.matches("cost", event)) {
                    IntelDetections.of(hit, event, row);
                    hits++;
                }
            }
            scanned += page.size();
            if (page.size() < chunk) {
                table.end(pass.id(), page.size(), 0);
                break;
            }
            IntelLookbackTable.StoredEvent last = page.get(page.size() - 1);
            table.advance(pass.id(), last.time(), last.uid(), page.size(), 0);
            pass = new IntelLookbackTable.Pass(pass.id(), pass.from(), pass.to(), last.time(), last.uid());
        }
        return new Pass(scanned, hits, (System.nanoTime() - t0) / 1_000_000, queryNs / 1_000_000,
                (CPU.getCurrentThreadCpuTime() - cpu0) / 1_000_000, chunk);
    }
}
