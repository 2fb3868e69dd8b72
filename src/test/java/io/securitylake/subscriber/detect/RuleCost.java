package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.ocsf.EventNormaliser;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.ocsf.OcsfCatalog;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the Sigma rules cost per event: the demo's events of each non-finding source, normalised as ingestion does,
 * tested against every rule of a folder (default {@code rules/}) on one thread; median of the rounds, in ns of the
 * thread's CPU time per event (the machine is shared: wall time would count other work), and the matches. Not a test: {@code java -cp ... io.securitylake.subscriber.detect.RuleCost [folder]
 * [events per source] [rounds]}.
 */
public final class RuleCost {

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private RuleCost() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "rules");
        int perSource = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        List<String[]> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path f : list.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                files.add(new String[] {f.getFileName().toString(), Files.readString(f)});
            }
        }
        RuleBook.Snapshot rules = new RuleBook(files).inForce();
        for (DemoSource source : List.of(DemoSource.CLOUD_TRAIL_MGMT, DemoSource.VPC_FLOW, DemoSource.ROUTE53,
                DemoSource.CROWDSTRIKE_PROCESS)) {
            List<Map<String, Object>> events = events(source, perSource);
            long[] ns = new long[rounds];
            long matches = 0;
            for (int r = -2; r < rounds; r++) { // two rounds of warm-up
                long[] hits = {0};
                long t0 = CPU.getCurrentThreadCpuTime();
                for (Map<String, Object> event : events) {
                    rules.forEachMatch(event, rule -> hits[0]++);
                }
                if (r >= 0) {
                    ns[r] = (CPU.getCurrentThreadCpuTime() - t0) / events.size();
                    matches = hits[0];
                }
            }
            Arrays.sort(ns);
            System.out.printf("%-28s %6d ns/event (rounds %d..%d), %d matches in %d events%n", source, ns[rounds / 2],
                    ns[0], ns[rounds - 1], matches, events.size());
        }
    }

    private static List<Map<String, Object>> events(DemoSource source, int n) throws Exception {
        Path file = Files.createTempFile("rule-cost", ".parquet");
        Files.delete(file);
        DemoLake.write(file, source, "111111111111", "us-east-1", DemoLake.DEFAULT_DAY, n, 7, DemoLake.Options.defaults());
        String key = source.key("111111111111", "us-east-1", DemoLake.DEFAULT_DAY, 7);
        ObjectContext context = new ObjectContext("t", "b", key, LakeKey.parse(key), Instant.now());
        EventNormaliser normaliser = new EventNormaliser(OcsfCatalog.load());
        List<Map<String, Object>> out = new ArrayList<>();
        try (EventChunks chunks = new ParquetEventReader().open(file, 1000)) {
            while (chunks.hasNext()) {
                for (Map<String, Object> event : chunks.next()) {
                    out.add(normaliser.normalise(event, context).event());
                }
            }
        }
        Files.delete(file);
        return out;
    }
}
