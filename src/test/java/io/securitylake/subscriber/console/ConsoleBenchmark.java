package io.securitylake.subscriber.console;

import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.store.StoreSettings;
import io.securitylake.subscriber.store.ValueCompaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The console benchmark (not a unit test; {@code ./mvnw test -Pconsole-bench}): tenant globex gets N events
 * ({@code -Dbench.events}, default 1,000,000) generated in SQL over the 7 days before now, then the overview is
 * opened in the browser for each range, 5 times after a warm-up, and the Performance API tells when the timeline
 * chart was drawn and when every panel had its data, counted from navigation start. The seeded hours' value counts
 * are compacted first, as partition upkeep compacts closed hours. Also the page weight: the JS
 * and CSS the overview loads. Written to {@code target/console-bench.md}.
 */
class ConsoleBenchmark extends ApiTestSupport {

    @Test
    void measure() throws Exception {
        int n = Integer.getInteger("bench.events", 1_000_000);
        long t0 = System.nanoTime();
        generate(new JdbcTemplate(stores.dataSource("globex")), n);
        long seedSeconds = (System.nanoTime() - t0) / 1_000_000_000;
        long c0 = System.nanoTime();
        int compacted;
        try (java.sql.Connection c = stores.dataSource("globex").getConnection()) { // as partition upkeep does
            compacted = ValueCompaction.compact(c, Instant.now().truncatedTo(ChronoUnit.HOURS),
                    StoreSettings.of().valuesKept());
        }
        long compactSeconds = (System.nanoTime() - c0) / 1_000_000_000;
        StringBuilder report = new StringBuilder(String.format(
                "Console benchmark: %,d events in tenant globex over the last 7 days (seeded in %d s; %d closed hours' "
                        + "value counts compacted in %d s), %d cores, %s, load average %s%n%n"
                        + "| overview range | timeline drawn, median ms | max ms | all panels, median ms | max ms |%n"
                        + "|---|---:|---:|---:|---:|%n",
                n, seedSeconds, compacted, compactSeconds, Runtime.getRuntime().availableProcessors(),
                OffsetDateTime.now(), loadAverage()));
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.forget();
            browser.signIn(GLOBEX_KEY);
            for (String range : new String[] {"1h", "24h", "7d"}) {
                List<Double> drawn = new ArrayList<>();
                List<Double> panels = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    browser.go("/console/console.css"); // a real navigation each time, not a hash change
                    browser.go("/#/overview?range=" + range);
                    browser.wait(Duration.ofSeconds(120)).until(d -> browser.script(
                            "return performance.getEntriesByName('overview:panels-done').length") instanceof Long l && l > 0);
                    double t = ((Number) browser.script("return performance.getEntriesByName('overview:timeline-drawn')[0].startTime")).doubleValue();
                    double p = ((Number) browser.script("return performance.getEntriesByName('overview:panels-done')[0].startTime")).doubleValue();
                    if (i > 0) { // the first is the warm-up
                        drawn.add(t);
                        panels.add(p);
                    }
                }
                drawn.sort(null);
                panels.sort(null);
                report.append(String.format("| %s | %.0f | %.0f | %.0f | %.0f |%n", range, drawn.get(drawn.size() / 2),
                        drawn.get(drawn.size() - 1), panels.get(panels.size() / 2), panels.get(panels.size() - 1)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> weight = (Map<String, Object>) browser.script("""
                    const r = performance.getEntriesByType('resource');
                    const sum = (f) => r.filter(f).reduce((a, e) => a + e.decodedBodySize, 0);
                    return {js: sum(e => e.name.endsWith('.js')), css: sum(e => e.name.endsWith('.css')),
                            files: r.filter(e => /\\.(js|css)$/.test(e.name)).length};""");
            browser.go("/#/overview?range=24h");
            browser.waitFor("[data-page=overview] .uplot canvas");
            browser.screenshot("overview-bench");
            report.append(String.format("%nPage weight of the overview: %.1f KB of JavaScript and %.1f KB of CSS in %s "
                            + "files (uncompressed).%n", ((Number) weight.get("js")).doubleValue() / 1024,
                    ((Number) weight.get("css")).doubleValue() / 1024, weight.get("files")));
        }
        report.append(String.format("Load average at the end: %s%n", loadAverage()));
        System.out.println("\n" + report);
        Files.writeString(Path.of("target", "console-bench.md"), report);
    }

    private static String loadAverage() throws java.io.IOException {
        Path load = Path.of("/proc/loadavg");
        return Files.exists(load) ? Files.readString(load).trim() : "unknown";
    }

    private static void generate(JdbcTemplate db, int n) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(7, ChronoUnit.DAYS);
        db.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
            LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
            io.securitylake.subscriber.store.EventPartitions.ensure(c, first.datesUntil(first.plusDays(9)).toList());
            return null;
        });
        Long have = db.queryForObject("SELECT count(*) FROM events WHERE event_uid LIKE 'console-bench-%'", Long.class);
        for (long from = have == null ? 0 : have; from < n; from += 50_000) {
            db.update(GENERATE, from, Math.min(n, from + 50_000) - 1, Timestamp.from(start), 604_800.0 / n);
            System.out.println("generated " + Math.min(n, from + 50_000) + " of " + n);
        }
        db.execute("VACUUM ANALYZE events");
    }

    /** Events shaped as the pipeline stores them, smaller than a real one (the overview reads a few fields). */
    private static final String GENERATE = """
            INSERT INTO events (event_uid, event_time, class_uid, category_uid, severity_id, account, region, source,
                                bucket, object_key, ingested_at, event)
            SELECT 'console-bench-' || g, t, cls, cls / 1000, 1 + g % 5, '222222222222', 'us-east-1', src,
                   'aws-security-data-lake-bench', 'aws/' || src || '/f' || (g / 1000) || '.parquet', t,
                   jsonb_build_object('metadata', jsonb_build_object('uid', 'console-bench-' || g, 'version', '1.1.0'),
                     'time', (extract(epoch FROM t) * 1000)::bigint, 'class_uid', cls, 'severity_id', 1 + g % 5,
                     'src_endpoint', jsonb_build_object('ip', '10.0.' || (g % 200) || '.' || (g % 251)),
                     'actor', jsonb_build_object('user', jsonb_build_object('name', 'user' || (g % 500))),
                     'api', jsonb_build_object('operation', (ARRAY['GetObject','PutObject','AssumeRole','DescribeInstances'])[1 + g % 4]),
                     'finding_info', CASE WHEN cls = 2004 THEN jsonb_build_object('title', 'Finding ' || (g % 50)) END,
                     '_lake', jsonb_build_object('tenant', 'globex', 'bucket', 'aws-security-data-lake-bench',
                        'account', '222222222222', 'region', 'us-east-1', 'source', src, 'event_uid', 'console-bench-' || g))
              FROM generate_series(?::bigint, ?::bigint) g
              CROSS JOIN LATERAL (SELECT CAST(? AS timestamptz) + g * (CAST(? AS double precision) * interval '1 second') AS t,
                                         (ARRAY[3002, 4001, 4001, 6003, 6003, 2004, 4003])[1 + g % 7] AS cls,
                                         (ARRAY['CLOUD_TRAIL_MGMT', 'VPC_FLOW', 'ROUTE53', 'SH_FINDINGS'])[1 + g % 4] AS src) x
            ON CONFLICT (event_time, event_uid) DO NOTHING""";
}
