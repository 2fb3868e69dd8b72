package io.securitylake.subscriber.intel;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.ocsf.EventNormaliser;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.ocsf.OcsfCatalog;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What threat-intelligence matching costs per event with a million indicators in force, and what they weigh: the
 * demo's events of each source, normalised as ingestion does, looked up ({@link IntelIndicators#matches}, as the reading thread
 * asks once per event) among 1,000,000 synthetic indicators of every type
 * (addresses, networks of three prefix lengths, IPv6, domains, URLs, hashes); median of the rounds, in ns of the
 * thread's CPU time per event. Memory: the heap after a full GC with and without the indicators. Not a test:
 * {@code java -Xmx2g -cp ... io.securitylake.subscriber.intel.IntelCost [indicators] [events per source] [rounds]}.
 */
public final class IntelCost {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private IntelCost() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int perSource = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        List<List<Map<String, Object>>> sources = new ArrayList<>();
        List<DemoSource> names = List.of(DemoSource.CLOUD_TRAIL_MGMT, DemoSource.VPC_FLOW, DemoSource.ROUTE53,
                DemoSource.CROWDSTRIKE_PROCESS);
        for (DemoSource source : names) {
            sources.add(events(source, perSource));
        }
        long before = heap();
        IntelIndicators intel = new IntelIndicators();
        List<Indicator> indicators = synthetic(count, new SplittableRandom(42));
        long built = System.nanoTime();
        intel.replace("bench", null, null, indicators);
        long buildMs = (System.nanoTime() - built) / 1_000_000;
        indicators = null;
        long after = heap();
        System.out.printf("%,d indicators: %,d MB of heap (%d bytes each), index built in %,d ms%n", count,
                (after - before) >> 20, (after - before) / count, buildMs);
        System.out.println("by type: " + intel.counts("bench"));
        for (int s = 0; s < names.size(); s++) {
            List<Map<String, Object>> events = sources.get(s);
            long[] matchNs = new long[rounds];
            long hits = 0;
            for (int r = -2; r < rounds; r++) { // two rounds of warm-up
                long n = 0;
                long t0 = CPU.getCurrentThreadCpuTime();
                for (Map<String, Object> event : events) {
                    n += intel.matches("acme", event).size();
                }
                long t1 = CPU.getCurrentThreadCpuTime();
                if (r >= 0) {
                    matchNs[r] = (t1 - t0) / events.size();
                    hits = n;
                }
            }
            Arrays.sort(matchNs);
            System.out.printf("%-22s matches %5d ns/event (rounds %d..%d); %d hits%n",
                    names.get(s), matchNs[rounds / 2], matchNs[0], matchNs[rounds - 1], hits);
        }
        System.out.println(intel.counts("bench").size() > 0 ? "" : "no indicators?");
    }

    /** A million indicators in the proportions of public feeds: addresses and hashes most, networks few. */
    static List<Indicator> synthetic(int count, SplittableRandom random) {
        List<Indicator> out = new ArrayList<>(count);
        HexFormat hex = HexFormat.of();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            int kind = i % 100;
            IndicatorType type;
            String value;
            if (kind < 29) {
                type = IndicatorType.IPV4; // 240.0.0.0/4: reserved, never an event's address
                value = "24" + random.nextInt(10) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            } else if (kind < 35) {
                type = IndicatorType.IPV4;
                int bits = kind < 33 ? 24 : kind < 34 ? 20 : 16;
                value = "24" + random.nextInt(10) + "." + random.nextInt(256) + "." + random.nextInt(256) + ".0/" + bits;
            } else if (kind < 45) {
                type = IndicatorType.IPV6;
                value = "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + ":" + Integer.toHexString(random.nextInt(0x10000))
                        + "::" + Integer.toHexString(random.nextInt(0x10000)) + (kind == 44 ? "/64" : "");
            } else if (kind < 70) {
                type = IndicatorType.DOMAIN;
                value = "d" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + ".bad.example";
            } else if (kind < 75) {
                type = IndicatorType.URL;
                value = "http://u" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + ".bad.example/payload";
            } else if (kind < 95) {
                byte[] b = new byte[32];
                random.nextBytes(b);
                type = IndicatorType.SHA256;
                value = hex.formatHex(b);
            } else {
                byte[] b = new byte[16];
                random.nextBytes(b);
                type = IndicatorType.MD5;
                value = hex.formatHex(b);
            }
            out.add(new Indicator("bench", type, type.normalise(value), "indicator--" + i, null, now, null, false, 50,
                    List.of(), List.of(), now));
        }
        return out;
    }

    private static long heap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static List<Map<String, Object>> events(DemoSource source, int n) throws Exception {
        Path file = Files.createTempFile("intel-cost", ".parquet");
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
