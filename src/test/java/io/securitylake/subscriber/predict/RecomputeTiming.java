package io.securitylake.subscriber.predict;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.detect.DetectionTable;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Not a unit test: the time of one tenant's recompute with 10,000 series on the embedded PostgreSQL (9,900 accounts,
 * 40 sources, 50 classes, 6 categories, and all), over the window a run reads (10 weeks and 2 days, and the 48 h it
 * examines), each account sending in one hour of four. Run from the test classpath (see docs/performance.md).
 */
public final class RecomputeTiming {

    public static void main(String[] args) {
        PGSimpleDataSource db = LakeTestStack.tenantStore("tenant_predictperf");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        PredictionSettings settings = new Binder().bindOrCreate("lake.predictions", PredictionSettings.class);
        Instant now = Instant.parse("2026-03-02T10:30:00Z");
        VolumePredictions predictions = new VolumePredictions(new RollupSeries(t -> db), new AnomalyTable(t -> db),
                new DetectionTable(t -> db), new SimpleMeterRegistry(), settings, Clock.fixed(now, ZoneOffset.UTC));
        VolumePredictions.Window w = predictions.window(now);
        long t0 = System.nanoTime();
        jdbc.update("TRUNCATE event_rollups, volume_anomalies, detections");
        int rows = jdbc.update("INSERT INTO event_rollups (hour, class_uid, category_uid, severity_id, source, account, "
                + "region, events) SELECT to_timestamp((? + h) * 3600), 1000 + a % 50, 1 + a % 6, 1, 'SRC' || (a % 40), "
                + "lpad(a::text, 12, '0'), 'us-east-1', 1 + round(20 * (1.2 + sin(pi() * (? + h) / 12)))::int "
                + "FROM generate_series(0, ? - 1) h, generate_series(1, 9900) a WHERE (a + h) % 4 = 0",
                w.startHour(), w.startHour(), w.hours());
        jdbc.execute("ANALYZE event_rollups");
        System.out.printf("%,d rollup rows written in %d s%n", rows, (System.nanoTime() - t0) / 1_000_000_000);
        for (int round = 1; round <= 2; round++) {
            long start = System.nanoTime();
            VolumePredictions.Result r = predictions.recompute("predictperf");
            System.out.printf("recompute round %d: %,d series, %d anomalies found, %d new, in %,d ms%n", round, r.series(),
                    r.found(), r.stored(), (System.nanoTime() - start) / 1_000_000);
        }
        LakeTestStack.lake().close();
    }
}
