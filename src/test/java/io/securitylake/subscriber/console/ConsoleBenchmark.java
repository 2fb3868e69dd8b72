package io.securitylake.subscriber.console;

import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.store.DailyValueCounts;
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
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The console benchmark (not a unit test; {@code ./mvnw test -Pconsole-bench}): tenant globex gets N events
 * ({@code -Dbench.events}, default 1,000,000) generated in SQL over the 7 days before now, then the overview is
 * opened in the browser for each range, 5 times after a warm-up, and the Performance API tells when the timeline
 * chart was drawn and when every panel had its data, counted from navigation start, and how long each API request
 * of the page took. The seeded hours' value counts are compacted and the closed days' summed first, as partition
 * upkeep does. Data: {@code -Dbench.data=skewed} (the default: source addresses and users Zipf-distributed, a few
 * dominate, a long tail) or {@code uniform} (every address and user equally frequent: the worst case for top values).
 * Also the page weight: the JS and CSS the overview loads. Written to {@code target/console-bench.md}.
 */
class ConsoleBenchmark extends ApiTestSupport {

    @Test
    void measure() throws Exception {
        int n = Integer.getInteger("bench.events", 1_000_000);
        String data = System.getProperty("bench.data", "skewed");
        if (!data.equals("skewed") && !data.equals("uniform")) {
            throw new IllegalArgumentException("bench.data is skewed or uniform, not " + data);
        }
        long t0 = System.nanoTime();
        generate(new JdbcTemplate(stores.dataSource("globex")), n, data.equals("skewed"));
        long seedSeconds = (System.nanoTime() - t0) / 1_000_000_000;
        long c0 = System.nanoTime();
        int compacted;
        try (java.sql.Connection c = stores.dataSource("globex").getConnection()) { // as partition upkeep does
            compacted = ValueCompaction.compact(c, Instant.now().truncatedTo(ChronoUnit.HOURS),
                    StoreSettings.of().valuesKept());
        }
        long compactSeconds = (System.nanoTime() - c0) / 1_000_000_000;
        long s0 = System.nanoTime();
        int summed;
        try (java.sql.Connection c = stores.dataSource("globex").getConnection()) {
            summed = DailyValueCounts.sum(c, LocalDate.now(ZoneOffset.UTC));
        }
        long sumSeconds = (System.nanoTime() - s0) / 1_000_000_000;
        StringBuilder report = new StringBuilder(String.format(
                "Console benchmark: %,d events (%s) in tenant globex over the last 7 days (seeded in %d s; %d closed "
                        + "hours' value counts compacted in %d s, %d closed days' summed in %d s), %d cores, %s, "
                        + "load average %s%n%n"
                        + "| overview range | timeline drawn, median ms | max ms | all panels, median ms | max ms |%n"
                        + "|---|---:|---:|---:|---:|%n",
                n, data, seedSeconds, compacted, compactSeconds, summed, sumSeconds,
                Runtime.getRuntime().availableProcessors(), OffsetDateTime.now(), loadAverage()));
        StringBuilder requests = new StringBuilder(String.format("%nThe page's API requests (resource timing, "
                + "request start to response end), median / max ms:%n%n| overview range | request | median ms | max ms |"
                + "%n|---|---|---:|---:|%n"));
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.forget();
            browser.signIn(GLOBEX_KEY);
            for (String range : new String[] {"1h", "24h", "7d"}) {
                List<Double> drawn = new ArrayList<>();
                List<Double> panels = new ArrayList<>();
                Map<String, List<Double>> byRequest = new TreeMap<>();
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
                        @SuppressWarnings("unchecked")
                        List<List<Object>> timings = (List<List<Object>>) browser.script("""
                                return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/'))
                                    .map(e => { const u = new URL(e.name);
                                      const f = u.searchParams.get('field') || u.searchParams.get('status');
                                      return [u.pathname + (f ? ' ' + f : ''), e.responseEnd - e.requestStart]; });""");
                        for (List<Object> r : timings) {
                            byRequest.computeIfAbsent((String) r.get(0), k -> new ArrayList<>())
                                    .add(((Number) r.get(1)).doubleValue());
                        }
                    }
                }
                byRequest.forEach((name, ms) -> {
                    ms.sort(null);
                    requests.append(String.format("| %s | %s | %.0f | %.0f |%n", range, name, ms.get(ms.size() / 2),
                            ms.get(ms.size() - 1)));
                });
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
        report.append(requests);
        report.append(String.format("%nLoad average at the end: %s%n", loadAverage()));
        System.out.println("\n" + report);
        Files.writeString(Path.of("target", "console-bench.md"), report);
    }

    private static String loadAverage() throws java.io.IOException {
        Path load = Path.of("/proc/loadavg");
        return Files.exists(load) ? Files.readString(load).trim() : "unknown";
    }

    private static void generate(JdbcTemplate db, int n, boolean skewed) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(7, ChronoUnit.DAYS);
        db.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
            LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
            io.securitylake.subscriber.store.EventPartitions.ensure(c, first.datesUntil(first.plusDays(9)).toList());
            return null;
        });
        Long have = db.queryForObject("SELECT count(*) FROM events WHERE event_uid LIKE 'console-bench-%'", Long.class);
        for (long from = have == null ? 0 : have; from < n; from += 50_000) {
            db.update(GENERATE, from, Math.min(n, from + 50_000) - 1, Timestamp.from(start), 604_800.0 / n, skewed);
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
                     'src_endpoint', jsonb_build_object('ip', ip),
                     'actor', jsonb_build_object('user', jsonb_build_object('name', 'user' || usr)),
                     'api', jsonb_build_object('operation', (ARRAY['GetObject','PutObject','AssumeRole','DescribeInstances'])[1 + g % 4]),
                     'finding_info', CASE WHEN cls = 2004 THEN jsonb_build_object('title', 'Finding ' || (g % 50)) END,
                     '_lake', jsonb_build_object('tenant', 'globex', 'bucket', 'aws-security-data-lake-bench',
                        'account', '222222222222', 'region', 'us-east-1', 'source', src, 'event_uid', 'console-bench-' || g))
              FROM generate_series(?::bigint, ?::bigint) g
              CROSS JOIN LATERAL (SELECT CAST(? AS timestamptz) + g * (CAST(? AS double precision) * interval '1 second') AS t,
                                         (ARRAY[3002, 4001, 4001, 6003, 6003, 2004, 4003])[1 + g % 7] AS cls,
                                         (ARRAY['CLOUD_TRAIL_MGMT', 'VPC_FLOW', 'ROUTE53', 'SH_FINDINGS'])[1 + g % 4] AS src) x
              CROSS JOIN LATERAL (SELECT CAST(? AS boolean) AS skewed) k
              -- uniform: 50,200 addresses and 500 users, each as frequent as the others; skewed: ranks drawn from a
              -- Zipf-like law (P(rank r) about 1/(r+1)) over as many addresses and users, from a hash of g
              CROSS JOIN LATERAL (SELECT CASE WHEN k.skewed
                                         THEN floor(exp(((hashint8extended(g, 1) & 1048575) / 1048576.0) * ln(50201)))::int - 1
                                         END AS ip_rank,
                                         CASE WHEN k.skewed
                                         THEN floor(exp(((hashint8extended(g, 2) & 1048575) / 1048576.0) * ln(501)))::int - 1
                                         ELSE g % 500 END AS usr) z
              CROSS JOIN LATERAL (SELECT CASE WHEN k.skewed
                                         THEN '10.' || (ip_rank / 65536) || '.' || (ip_rank / 256 % 256) || '.' || (ip_rank % 256)
                                         ELSE '10.0.' || (g % 200) || '.' || (g % 251) END AS ip) a
            ON CONFLICT (event_time, event_uid) DO NOTHING""";
}
