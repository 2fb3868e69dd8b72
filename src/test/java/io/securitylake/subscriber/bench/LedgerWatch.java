package io.securitylake.subscriber.bench;

import io.securitylake.subscriber.bench.BenchFiles.BenchObject;
import io.securitylake.subscriber.demo.DemoNotifications;
import io.securitylake.subscriber.stack.EmbeddedLake;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;

/** Feeds objects to the service through S3 and SQS and watches the service's ledger until they are done. */
final class LedgerWatch {

    private final EmbeddedLake lake;
    private final String queueUrl;
    private final Connection control;

    LedgerWatch(EmbeddedLake lake, String queueUrl, Connection control) {
        this.lake = lake;
        this.queueUrl = queueUrl;
        this.control = control;
    }

    void upload(String bucket, List<BenchObject> objects) {
        lake.createBucket(bucket);
        for (BenchObject o : objects) {
            lake.s3().putObject(b -> b.bucket(bucket).key(o.key()), RequestBody.fromFile(o.file()));
        }
    }

    void announce(String bucket, BenchObject object) {
        String body = DemoNotifications.eventBridge(bucket, object.key(), object.bytes());
        lake.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    /** Waits until {@code objects} objects of the bucket are done; returns the epoch ms the last one finished. */
    long awaitDone(String bucket, int objects, long timeoutMs, long pollMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (PreparedStatement s = control.prepareStatement("""
                SELECT count(*) FILTER (WHERE status = 'done'),
                       count(*) FILTER (WHERE status NOT IN ('done', 'processing')),
                       (extract(epoch FROM max(finished_at)) * 1000)::bigint,
                       string_agg(DISTINCT error, '; ')
                  FROM lake_objects WHERE bucket = ?""")) {
            s.setString(1, bucket);
            while (true) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(2) > 0) {
                        throw new IllegalStateException("objects did not end done: " + rs.getString(4));
                    }
                    if (rs.getInt(1) >= objects) {
                        return rs.getLong(3);
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("timed out waiting for " + objects + " objects of " + bucket);
                }
                Thread.sleep(pollMs);
            }
        }
    }

    /** One object at a time: notification sent → ledger says done (its events committed), in ms. */
    List<Long> latencies(String bucket, List<BenchObject> objects) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            long start = System.nanoTime();
            announce(bucket, objects.get(i));
            awaitDone(bucket, i + 1, 60_000, 2);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        return millis;
    }

    /** Events of the bucket's objects in the schema's events table. */
    long count(String schema, String bucket) throws SQLException {
        try (PreparedStatement s = control.prepareStatement("SELECT count(*) FROM " + schema + ".events WHERE bucket = ?")) {
            s.setString(1, bucket);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Detections in the schema's detections table, by rule uid. */
    java.util.Map<String, Long> detections(String schema) throws SQLException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (PreparedStatement s = control.prepareStatement("SELECT rule_uid, count(*) FROM " + schema
                + ".detections GROUP BY rule_uid"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }
}
