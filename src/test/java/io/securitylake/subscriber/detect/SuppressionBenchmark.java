package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A flood suppressed: a rule that matches {@code N} events (default 100,000) of one host within one hour, in chunks of
 * the service's size (1,000 events), each chunk detected, its detections stored and its windows expired as route
 * detect and route correlate do it, against a tenant schema of the embedded PostgreSQL. With {@code suppress: {by:
 * [src_endpoint.ip], for: 1h}} the run must leave one detection whose count is {@code N}; without it, every match is a
 * detection of its own ({@code N} of them: the cap is the chunk). Rounds alternate the two in the same run; the wall
 * time of a round gives events a second. Not a unit test: {@code ./mvnw test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.securitylake.subscriber.detect.SuppressionBenchmark}; see
 * docs/performance.md.
 */
public final class SuppressionBenchmark {

    /** 2025-11-30T00:00:00Z, the start of an hour. */
    private static final long T0 = 1_764_460_800_000L;
    private static final long HOUR = 3_600_000L;
    private static final int CHUNK = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SuppressionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 100_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        PGSimpleDataSource db = LakeTestStack.tenantStore("tenant_suppressionbench");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        List<TenantBatch> chunks = chunks(events);
        List<Double> suppressed = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int r = 0; r < rounds + 1; r++) { // the first pair of rounds warms the JIT up
            for (boolean suppress : r % 2 == 0 ? List.of(true, false) : List.of(false, true)) {
                String rule = "bench-" + run + "-" + r + (suppress ? "-s" : "-p");
                Detector detector = new Detector(new RuleBook(List.<String[]>of(new String[] {"r.yml", rule(rule, suppress)})),
                        new Correlator(new CorrelationTable(t -> db), Clock.systemUTC()),
                        new LakeMetrics(new SimpleMeterRegistry()), CHUNK);
                DetectionTable table = new DetectionTable(t -> db);
                long start = System.nanoTime();
                for (TenantBatch chunk : chunks) {
                    detect(detector, table, chunk);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                check(jdbc, rule, suppress, events);
                if (r > 0) {
                    (suppress ? suppressed : plain).add(events / seconds);
                }
                System.out.printf("round %d %s: %.1f s, %.0f events/s%n", r, suppress ? "suppressed" : "not suppressed",
                        seconds, events / seconds);
            }
        }
        double a = median(plain);
        double b = median(suppressed);
        System.out.printf("suppression benchmark: %d matches of one host in one hour, chunks of %d, %d rounds each "
                + "(shared machine)%n", events, CHUNK, plain.size());
        System.out.printf("without suppression: %.0f events/s (%d detections)%n", a, events);
        System.out.printf("suppressed by host for 1h: %.0f events/s (1 detection, count %d); ratio %.2f%n", b, events, b / a);
        System.exit(0);
    }

    private static String rule(String uid, boolean suppress) {
        return "title: " + uid + "\nid: " + uid + "\nlevel: low\nlogsource: {product: aws, service: cloudtrail}\n"
                + "detection:\n  s: {eventName: GetObject}\n  condition: s\n"
                + (suppress ? "suppress: {by: [src_endpoint.ip], for: 1h}\n" : "");
    }

    /** What the run must leave: one detection counting every match, or one detection per match. */
    private static void check(JdbcTemplate jdbc, String rule, boolean suppress, int events) {
        Map<String, Object> found = jdbc.queryForMap("SELECT count(*) AS n, max((detection->>'count')::bigint) AS count "
                + "FROM detections WHERE rule_uid = ?", rule);
        long n = ((Number) found.get("n")).longValue();
        long count = found.get("count") == null ? 0 : ((Number) found.get("count")).longValue();
        if (suppress ? n != 1 || count != events : n != events) {
            throw new IllegalStateException("rule " + rule + " left " + n + " detections (count " + count + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static void detect(Detector detector, DetectionTable table, TenantBatch batch) {
        BatchDetections found = detector.detect(batch);
        table.store(batch.tenant(), found.detections());
        detector.expire(found);
    }

    /** {@code n} GetObject calls of one host, spread evenly over one hour, in chunks of the service's size. */
    private static List<TenantBatch> chunks(int n) throws Exception {
        List<TenantBatch> out = new ArrayList<>();
        long step = HOUR / n;
        for (int from = 0; from < n; from += CHUNK) {
            List<EventRow> rows = new ArrayList<>();
            List<Map<String, Object>> maps = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + CHUNK); i++) {
                long time = T0 + i * step;
                Map<String, Object> m = OcsfEvent.cloudTrail("GetObject", "s3.amazonaws.com")
                        .set("src_endpoint.ip", "198.51.100.7").set("time", time).map();
                rows.add(new EventRow("ev-" + i, time, 6003, null, 1, "111111111111", "us-east-1", "X",
                        JSON.writeValueAsBytes(m)));
                maps.add(m);
            }
            out.add(new TenantBatch("suppressionbench", "b", "o-" + from, rows, maps));
        }
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
