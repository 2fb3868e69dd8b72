package io.securitylake.subscriber.store;

import io.securitylake.subscriber.stack.LakeTestStack;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the hourly value counts (tenant migration V24) cost a store: the same chunks COPYed into a tenant schema
 * migrated to V21 (without them) and one migrated to the latest, alternating which goes first round by round; each
 * event ~1 KB of JSON with the four counted fields, over 24 hours, 200 distinct source addresses, 50 users and 40
 * operations. Prints the time each schema took per round and their ratio. Not a unit test: run its {@code main}
 * from the test class path (docs/performance.md).
 */
public final class HourlyValuesCost {

    private HourlyValuesCost() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        try (Connection without = LakeTestStack.tenantSchema("tenant_cost_without_" + run, "21");
             Connection with = LakeTestStack.tenantSchema("tenant_cost_with_" + run, null)) {
            EventJson json = new EventJson();
            for (int round = 0; round < rounds; round++) {
                Map<String, Long> ms = new LinkedHashMap<>();
                for (int k = 0; k < 2; k++) {
                    boolean counted = (round + k) % 2 == 1;
                    Connection db = counted ? with : without;
                    long start = System.nanoTime();
                    for (int first = 0; first < events; first += 1000) {
                        EventCopy.copy(db, chunk(json, round, first, Math.min(1000, events - first)));
                    }
                    ms.put(counted ? "with" : "without", (System.nanoTime() - start) / 1_000_000);
                    try (Statement s = db.createStatement()) {
                        s.execute("CHECKPOINT");
                    }
                }
                System.out.printf("round %d: without %d ms, with %d ms, ratio (without/with) %.3f%n", round + 1,
                        ms.get("without"), ms.get("with"), (double) ms.get("without") / ms.get("with"));
            }
        }
        System.exit(0);
    }

    private static TenantBatch chunk(EventJson json, int round, int first, int n) {
        List<EventRow> rows = new ArrayList<>(n);
        for (int i = first; i < first + n; i++) {
            Map<String, Object> e = cloudTrail(round, i, "1.1.0", Map.of("requestParameters", "{\"userName\":\"user"
                    + (i % 50) + "\",\"policyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}",
                    "recipientAccountId", "111111111111"));
            rows.add(row(json, round, i, e));
        }
        return new TenantBatch("cost", "bucket", "key", rows);
    }

    /** The {@code i}th CloudTrail event of a round: 200,000 to a day from 2026-11-20, 50 users, 40 operations. */
    static Map<String, Object> cloudTrail(int round, int i, String version, Map<String, Object> unmapped) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("class_uid", 6003);
        e.put("time", time(i));
        e.put("metadata", Map.of("uid", "r" + round + "-" + i, "version", version,
                "product", Map.of("name", "CloudTrail", "vendor_name", "AWS", "version", "1.09")));
        e.put("src_endpoint", Map.of("ip", "10.0." + (i % 200 / 100) + "." + (i % 100), "domain", "example.com"));
        e.put("actor", Map.of("user", Map.of("name", "user" + (i % 50), "type", "IAMUser",
                "uid_alt", "arn:aws:iam::111111111111:user/user" + (i % 50))));
        e.put("api", Map.of("operation", "Operation" + (i % 40), "service", Map.of("name", "iam.amazonaws.com"),
                "request", Map.of("uid", "req-" + round + "-" + i)));
        e.put("cloud", Map.of("account", Map.of("uid", "111111111111"), "region", "us-east-1", "provider", "AWS"));
        e.put("http_request", Map.of("user_agent", "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64 prompt/off"));
        e.put("unmapped", unmapped);
        e.put("severity_id", 1);
        e.put("status", "Success");
        return e;
    }

    /** The stored row of {@link #cloudTrail}'s event. */
    static EventRow row(EventJson json, int round, int i, Map<String, Object> event) {
        return new EventRow("r" + round + "-" + i, time(i), 6003, 6, 1, "111111111111", "us-east-1", "CLOUD_TRAIL",
                json.toJson(event));
    }

    private static long time(int i) {
        return Instant.parse("2026-11-20T00:00:00Z").toEpochMilli() + (long) i * 86_400_000L / 200_000;
    }
}
