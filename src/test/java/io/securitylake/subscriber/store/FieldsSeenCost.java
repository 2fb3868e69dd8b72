package io.securitylake.subscriber.store;

import io.securitylake.subscriber.stack.LakeTestStack;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What keeping the fields seen (tenant migration V26) costs a store: the same 1,000-event chunks COPYed with the
 * service's {@link EventCopy} into three tenant schemas migrated to the latest, one batch without its paths
 * ({@link FieldPaths#NONE}), one with them, collected per event as the reading thread does (timed with the write)
 * and added after the COPY, every chunk's set inserted ("with"), and one with them added as the service adds them,
 * only those its {@link FieldsSeenMemory} does not know written ("remembered"); the order rotating round by round, a
 * checkpoint after each. Each event ~1 KB of
 * CloudTrail-like JSON over 24 hours with 40 operations, whose unmapped keys vary among 30 (so a chunk has ~60 paths).
 * Prints the wall time of each per round, their ratio, and the collection's own cost per event. Not a unit test: run
 * its {@code main} from the test class path (docs/performance.md).
 */
public final class FieldsSeenCost {

    private FieldsSeenCost() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        try (Connection without = LakeTestStack.tenantSchema("tenant_seen_without_" + run, null);
             Connection with = LakeTestStack.tenantSchema("tenant_seen_with_" + run, null);
             Connection remembered = LakeTestStack.tenantSchema("tenant_seen_remembered_" + run, null)) {
            EventJson json = new EventJson();
            FieldsSeenMemory.Written memory = new FieldsSeenMemory.Written();
            List<String> arms = List.of("without", "with", "remembered");
            for (int round = 0; round < rounds; round++) {
                Map<String, Long> ms = new LinkedHashMap<>();
                long collectNs = 0;
                for (int k = 0; k < 3; k++) {
                    String arm = arms.get((round + k) % 3);
                    boolean seen = !arm.equals("without");
                    Connection db = arm.equals("without") ? without : arm.equals("with") ? with : remembered;
                    long elapsed = 0;
                    for (int first = 0; first < events; first += 1000) {
                        List<Map<String, Object>> maps = new ArrayList<>();
                        List<EventRow> rows = chunk(json, round, first, Math.min(1000, events - first), maps);
                        long start = System.nanoTime();
                        FieldPaths paths = FieldPaths.NONE;
                        if (seen) {
                            paths = new FieldPaths();
                            for (int i = 0; i < rows.size(); i++) {
                                paths.add(rows.get(i).classUid(), rows.get(i).timeMs(), maps.get(i));
                            }
                            collectNs += System.nanoTime() - start;
                        }
                        TenantBatch batch = new TenantBatch("cost", "bucket", "key", rows, List.of(), List.of(), StoreTally.NONE, paths);
                        if (arm.equals("remembered")) {
                            EventCopy.copy(db, batch, memory);
                        } else {
                            EventCopy.copy(db, batch);
                        }
                        elapsed += System.nanoTime() - start;
                    }
                    ms.put(arm, elapsed / 1_000_000);
                    try (Statement s = db.createStatement()) {
                        s.execute("CHECKPOINT");
                    }
                }
                System.out.printf("round %d: without %d ms, with %d ms, remembered %d ms; ratio without/with %.3f, "
                                + "without/remembered %.3f; collecting the paths %.2f us/event%n", round + 1,
                        ms.get("without"), ms.get("with"), ms.get("remembered"), (double) ms.get("without") / ms.get("with"),
                        (double) ms.get("without") / ms.get("remembered"), collectNs / 1000.0 / (2.0 * events));
            }
        }
        System.exit(0);
    }

    private static List<EventRow> chunk(EventJson json, int round, int first, int n, List<Map<String, Object>> maps) {
        List<EventRow> rows = new ArrayList<>(n);
        for (int i = first; i < first + n; i++) {
            Map<String, Object> e = HourlyValuesCost.cloudTrail(round, i, "1.0.0-rc.2", Map.of(
                    "requestParameters.userName", "user" + (i % 50), "requestParameters.key" + (i % 30), "value" + i,
                    "requestParameters.policyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess",
                    "recipientAccountId", "111111111111"));
            maps.add(e);
            rows.add(HourlyValuesCost.row(json, round, i, e));
        }
        return rows;
    }
}
