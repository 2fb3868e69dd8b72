package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.sigma.SigmaRule;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What rule evaluation costs a process event with every loadable SigmaHQ Windows, Linux and macOS
 * {@code process_creation} rule in force, with the rule index and without it (every rule of the event's logsources
 * evaluated), in the same run: thread CPU per event (the machine is shared: wall time would count other work),
 * median of the rounds, the two ways alternating round by round. Events: SigmaHQ's regression process events (as the
 * Sysmon source writes them), the demo's CrowdStrike process activity (Windows and Linux devices), and the same
 * CrowdStrike events as from macOS devices. Not a test: {@code java -cp target/test-classes:target/classes:<test
 * classpath> io.securitylake.subscriber.detect.RuleIndexBenchmark [fixtures folder] [synthetic events] [rounds]};
 * see docs/performance.md.
 */
public final class RuleIndexBenchmark {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private RuleIndexBenchmark() {
    }

    public static void main(String[] args) {
        Path fixtures = Path.of(args.length > 0 ? args[0] : "../shared/fixtures").resolve("sigma");
        int synthetic = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        List<String[]> files = new ArrayList<>();
        for (String os : List.of("windows", "linux", "macos")) {
            Path root = fixtures.resolve("rules").resolve(os).resolve("process_creation");
            SigmaHqCorpusTest.files(root).forEach(f -> files.add(new String[] {os + "/" + f[0], f[1]}));
        }
        RuleBook.Snapshot book = RuleBook.build(files, List.of(), RuleBook.Selection.DEFAULT);
        System.out.printf("%d process_creation rule files, %d rules in force, %d refused; %d looked up by a value%n",
                files.size(), book.rules().size(), book.refused().size(), book.index().indexedRules());

        Map<String, List<Map<String, Object>>> sets = new LinkedHashMap<>();
        sets.put("SigmaHQ regression, process", ProcessEvents.regression(fixtures.resolve("regression_data")).stream()
                .filter(e -> Integer.valueOf(1007).equals(e.get("class_uid"))).toList());
        List<Map<String, Object>> crowdstrike = ProcessEvents.demo(DemoSource.CROWDSTRIKE_PROCESS, synthetic);
        sets.put("CrowdStrike demo, Win+Linux", crowdstrike);
        sets.put("CrowdStrike demo as macOS", crowdstrike.stream().map(e -> ProcessEvents.onOs(e, 300, "macOS")).toList());

        for (Map.Entry<String, List<Map<String, Object>>> set : sets.entrySet()) {
            List<Map<String, Object>> events = set.getValue();
            long[] scan = new long[rounds];
            long[] index = new long[rounds];
            long[] matches = new long[2];
            for (int r = -2; r < rounds; r++) { // two rounds of warm-up
                long[] hits = new long[2];
                long s = cpuPerEvent(events, book::forEachMatchScanning, rule -> hits[0]++);
                long i = cpuPerEvent(events, book::forEachMatch, rule -> hits[1]++);
                if (r >= 0) {
                    scan[r] = s;
                    index[r] = i;
                    matches = hits;
                }
            }
            if (matches[0] != matches[1]) {
                throw new AssertionError(set.getKey() + ": " + matches[1] + " matches with the index, " + matches[0] + " without");
            }
            long evaluated = 0;
            for (Map<String, Object> event : events) {
                evaluated += book.index().candidates(event);
            }
            Arrays.sort(scan);
            Arrays.sort(index);
            System.out.printf("%-30s %6d events: every rule %8.2f µs/event (rounds %.2f..%.2f), index %6.2f µs/event "
                            + "(rounds %.2f..%.2f), %.1f× faster; %.1f rules evaluated an event; %d matches%n", set.getKey(),
                    events.size(), scan[rounds / 2] / 1000.0, scan[0] / 1000.0, scan[rounds - 1] / 1000.0,
                    index[rounds / 2] / 1000.0, index[0] / 1000.0, index[rounds - 1] / 1000.0,
                    scan[rounds / 2] / (double) index[rounds / 2], evaluated / (double) events.size(), matches[1]);
        }
    }

    private static long cpuPerEvent(List<Map<String, Object>> events,
                                    BiConsumer<Map<String, Object>, Consumer<SigmaRule>> match, Consumer<SigmaRule> hit) {
        long t0 = CPU.getCurrentThreadCpuTime();
        for (Map<String, Object> event : events) {
            match.accept(event, hit);
        }
        return (CPU.getCurrentThreadCpuTime() - t0) / events.size();
    }
}
