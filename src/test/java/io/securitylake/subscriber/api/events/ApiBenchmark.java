package io.securitylake.subscriber.api.events;

import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.api.Cursors;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The API benchmark (not a unit test; run with {@code ./mvnw test -Papi-bench}): tenant globex gets 1,000,000
 * events generated in SQL (30 days, ~1 KB of realistic OCSF jsonb each), then each scenario is called over
 * HTTP, warmed up (30 rounds of all, then 20) and measured 200 times, and p50/p95 are printed and written to
 * {@code target/api-bench.md}. {@code -Dbench.events=N} changes the size.
 */
class ApiBenchmark extends ApiTestSupport {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DAY_FROM = "2026-01-15T00:00:00Z";
    private static final String DAY_TO = "2026-01-16T00:00:00Z";

    @Autowired
    Cursors cursors;

    @Test
    void measure() throws IOException {
        int n = Integer.getInteger("bench.events", 1_000_000);
        JdbcTemplate db = new JdbcTemplate(stores.dataSource("globex"));
        generate(db, n);
        // a cursor at the middle of the whole listing, as a client gets after ~5000 pages of 100
        Map<String, Object> middle = db.queryForMap("SELECT event_time, event_uid FROM events "
                + "ORDER BY event_time DESC, event_uid DESC OFFSET ? LIMIT 1", n / 2);
        String unfiltered = new EventFilter(null, null, List.of(), null, null, null, null, null).canonical();
        String deep = cursors.encode("globex", EventQueries.LISTING, unfiltered, List.of(
                Cursors.toMicros(((Timestamp) middle.get("event_time")).toInstant()), (String) middle.get("event_uid")));
        Map<String, String> scenarios = new java.util.LinkedHashMap<>();
        scenarios.put("first page, unfiltered (limit 100)", "/api/v1/events?limit=100");
        scenarios.put("first page, class_uid=3002 & severity_id_min=3", "/api/v1/events?class_uid=3002&severity_id_min=3&limit=100");
        scenarios.put("first page, source=VPC_FLOW & one day", "/api/v1/events?source=VPC_FLOW&from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("first page, account & class_uid=4001", "/api/v1/events?account=222222222223&class_uid=4001");
        scenarios.put("deep page (cursor after 500k), limit 100", "/api/v1/events?limit=100&cursor=" + deep);
        scenarios.put("count, one day", "/api/v1/events/count?from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("count, one day, class_uid=3002", "/api/v1/events/count?class_uid=3002&from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("timeline, one day, 1h", "/api/v1/stats/timeline?interval=1h&from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("timeline, one day, 1h by class_uid", "/api/v1/stats/timeline?interval=1h&by=class_uid&from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.put("top src_endpoint.ip, one day", "/api/v1/stats/top?field=src_endpoint.ip&from=" + DAY_FROM + "&to=" + DAY_TO);
        scenarios.values().forEach(path -> warmUp(path, 30)); // JIT and caches warm for every scenario alike
        StringBuilder report = new StringBuilder("| scenario | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|\n");
        scenarios.forEach((name, path) -> {
            double[] ms = measure(path);
            report.append(String.format("| %s | %.1f | %.1f | %.1f |%n", name, pct(ms, 50), pct(ms, 95), ms[ms.length - 1]));
        });
        String header = String.format("API benchmark: %,d events in tenant globex, %d cores, %s%n%n", n,
                Runtime.getRuntime().availableProcessors(), OffsetDateTime.now());
        System.out.println("\n" + header + report);
        Files.writeString(Path.of("target", "api-bench.md"), header + report);
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

    private static void generate(JdbcTemplate db, int n) {
        Long have = db.queryForObject("SELECT count(*) FROM events WHERE event_uid LIKE 'bench-%'", Long.class);
        List<Long> timings = new ArrayList<>();
        db.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
            io.securitylake.subscriber.store.EventPartitions.ensure(c, START.atZone(java.time.ZoneOffset.UTC).toLocalDate()
                    .datesUntil(START.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(32)).toList());
            return null;
        });
        for (long from = have == null ? 0 : have; from < n; from += 100_000) {
            long t0 = System.nanoTime();
            db.update(GENERATE, from, Math.min(n, from + 100_000) - 1, Timestamp.from(START), 2_592_000.0 / n);
            timings.add((System.nanoTime() - t0) / 1_000_000);
        }
        db.execute("VACUUM ANALYZE events");
        System.out.println("generated " + n + " events, ms per 100k: " + timings);
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
