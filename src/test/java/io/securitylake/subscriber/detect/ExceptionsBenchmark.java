package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.sigma.SigmaFilter;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a tenant's exceptions cost detection, in thread CPU per event: the starter pack on CloudTrail calls of which
 * one in ten is denied (a match of aws-access-denied), without exceptions and with {@code N} exceptions of that rule
 * (default 1,000, none of which excepts them: every one is tried, the worst case), in alternating rounds of the same
 * run. Not a unit test: {@code ./mvnw test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.securitylake.subscriber.detect.ExceptionsBenchmark}; see docs/performance.md.
 */
public final class ExceptionsBenchmark {

    private ExceptionsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int exceptions = Integer.getInteger("bench.exceptions", 1000);
        int events = Integer.getInteger("bench.events", 20_000);
        int rounds = Integer.getInteger("bench.rounds", 7);
        RuleBook rules = StarterPack.load();
        TenantBatch batch = batch(events);
        Detector plain = new Detector(rules, null, new LakeMetrics(new SimpleMeterRegistry()), 1_000_000);
        Detector tuned = new Detector(rules, null, new Fixed(rules, snapshot(exceptions)), null,
                new LakeMetrics(new SimpleMeterRegistry()), 1_000_000, new io.securitylake.subscriber.intel.IntelIndicators());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int r = 0; r < rounds + 2; r++) { // the first two rounds warm the JIT up
            for (Detector d : r % 2 == 0 ? List.of(plain, tuned) : List.of(tuned, plain)) {
                long start = cpu.getCurrentThreadCpuTime();
                int raised = d.evaluateAll(batch).detections().size();
                double nsPerEvent = (cpu.getCurrentThreadCpuTime() - start) / (double) events;
                if (r >= 2) {
                    (d == plain ? without : with).add(nsPerEvent);
                }
                if (raised == 0) {
                    throw new IllegalStateException("nothing raised: the benchmark's events match no rule");
                }
            }
        }
        double a = median(without);
        double b = median(with);
        System.out.printf("exceptions benchmark: %d events (10%% denied calls), %d exceptions of aws-access-denied (%s)%n",
                events, exceptions, Boolean.getBoolean("bench.contains") ? "contains: tried on every match" : "equals: looked up");
        System.out.printf("detection without exceptions: %.2f µs/event (median of %d rounds)%n", a / 1000, without.size());
        System.out.printf("detection with %d exceptions: %.2f µs/event; added: %.2f µs/event%n", exceptions, b / 1000,
                (b - a) / 1000);
    }

    /**
     * {@code n} exceptions of aws-access-denied, each for a user none of the events has: equal to a name (looked up by
     * it), or with {@code -Dbench.contains=true} containing it (tried on every match).
     */
    private static Exceptions.Snapshot snapshot(int n) {
        String modifier = Boolean.getBoolean("bench.contains") ? "|contains" : "";
        List<Exceptions.Entry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new Exceptions.Entry(SigmaFilter.parse("title: t\nid: x" + i + "\nfilter:\n  rules: [aws-access-denied]\n"
                    + "  selection:\n    userIdentity.userName" + modifier + ": backup-job-" + i + "\n  condition: not selection\n",
                    null), null));
        }
        return new Exceptions.Snapshot(List.of(), Map.of("aws-access-denied", entries), Long.MAX_VALUE);
    }

    private static TenantBatch batch(int n) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<EventRow> rows = new ArrayList<>();
        List<Map<String, Object>> maps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OcsfEvent e = OcsfEvent.cloudTrail(i % 3 == 0 ? "GetObject" : "DescribeInstances", "ec2.amazonaws.com")
                    .set("actor.user.name", "user-" + (i % 50));
            if (i % 10 == 0) {
                e.set("api.response.error", "AccessDenied");
            }
            Map<String, Object> m = e.map();
            rows.add(new EventRow("ev-" + i, 1_764_460_800_000L + i, 6003, null, 1, "111111111111", "us-east-1", "X",
                    json.writeValueAsBytes(m)));
            maps.add(m);
        }
        return new TenantBatch("bench", "b", "o", rows, maps);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The tenant's exceptions as a fixed snapshot: detection's cost alone, no store. */
    private static final class Fixed extends Exceptions {
        private final Snapshot snapshot;

        Fixed(RuleBook rules, Snapshot snapshot) {
            super(null, rules, Clock.systemUTC(), Long.MAX_VALUE, null);
            this.snapshot = snapshot;
        }

        @Override
        Snapshot inForce(String tenant) {
            return snapshot;
        }

        @Override
        int record(String tenant, Collection<Hit> hits) {
            return hits.size();
        }
    }
}
