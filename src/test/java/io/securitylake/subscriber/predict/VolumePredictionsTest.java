package io.securitylake.subscriber.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.DetectionTable;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A tenant's recompute on the embedded PostgreSQL: hourly rollups in, anomalies and detections stored once;
 * the advisory lock lets one of two simultaneous runs compute.
 */
class VolumePredictionsTest {

    private static final int WEEK = VolumeModel.WEEK;
    private static final String SCHEMA = "tenant_predicttest";
    private static final String TENANT = "predicttest";
    /** Four weeks of history, then "now" 30 minutes into the hour after the last one written. */
    private static final long START = SyntheticVolumes.MONDAY;
    private static final int HOURS = 4 * WEEK;
    private static final Instant NOW = Instant.ofEpochSecond((START + HOURS) * 3600 + 1800);
    private static final int SPIKE = HOURS - 10;
    private static final int SILENT_FROM = HOURS - 5;
    private static final int NEW_FROM = HOURS - 20;
    private static DataSource db;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void tenantWithFourWeeksOfRollups() {
        db = LakeTestStack.tenantStore(SCHEMA);
        jdbc = new JdbcTemplate(db);
        jdbc.update("TRUNCATE event_rollups, volume_anomalies, detections");
        SyntheticVolumes gen = new SyntheticVolumes(11);
        double[] trail = gen.series(START, HOURS, 800, 0, 0.08);
        double[] flow = gen.series(START, HOURS, 300, 0, 0.08);
        double[] fresh = gen.series(START, HOURS, 50, 0, 0.08);
        trail[SPIKE] *= 6;
        for (int t = SILENT_FROM; t < HOURS; t++) {
            flow[t] = 0;
        }
        List<Object[]> rows = new ArrayList<>();
        for (int t = 0; t < HOURS; t++) {
            Timestamp hour = Timestamp.from(Instant.ofEpochSecond((START + t) * 3600));
            rows.add(new Object[] {hour, 3002, 3, "CLOUD_TRAIL_MGMT", "111111111111", (long) trail[t]});
            rows.add(new Object[] {hour, 4001, 4, "VPC_FLOW", "111111111111", (long) flow[t]});
            if (t >= NEW_FROM) {
                rows.add(new Object[] {hour, 1007, 1, "ext_falcon", "333333333333", (long) Math.max(1, fresh[t])});
            }
        }
        rows.removeIf(r -> (long) r[5] == 0);
        jdbc.batchUpdate("INSERT INTO event_rollups (hour, class_uid, category_uid, severity_id, source, account, region, "
                + "events) VALUES (?, ?, ?, 1, ?, ?, 'us-east-1', ?)", rows);
    }

    private static VolumePredictions predictions() {
        PredictionSettings settings = new Binder().bindOrCreate("lake.predictions", PredictionSettings.class);
        return new VolumePredictions(new RollupSeries(t -> db), new AnomalyTable(t -> db), new DetectionTable(t -> db),
                new SimpleMeterRegistry(), settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<Map<String, Object>> anomalies() {
        return jdbc.queryForList("SELECT kind, series_by, series_value, (extract(epoch FROM hour) / 3600)::bigint AS hour, "
                + "detection_uid FROM volume_anomalies ORDER BY uid");
    }

    @Test
    void aRecomputeFindsTheSpikeTheSilenceAndTheNewSourceAndStoresThemOnceWithTheirDetections() {
        VolumePredictions.Result first = predictions().recompute(TENANT);
        List<Map<String, Object>> stored = anomalies();

        assertThat(stored).anySatisfy(a -> {
            assertThat(a.get("kind")).isEqualTo("spike");
            assertThat(a.get("series_value")).isEqualTo("CLOUD_TRAIL_MGMT");
            assertThat(a.get("hour")).isEqualTo(START + SPIKE);
        });
        assertThat(stored).anySatisfy(a -> {
            assertThat(a.get("kind")).isEqualTo("silence");
            assertThat(a.get("series_value")).isEqualTo("VPC_FLOW");
            assertThat(a.get("hour")).isEqualTo(START + SILENT_FROM);
        });
        assertThat(stored).filteredOn(a -> a.get("kind").equals("new_source")).extracting(a -> a.get("series_value"))
                .containsExactlyInAnyOrder("ext_falcon", "333333333333");
        assertThat(stored).filteredOn(a -> a.get("kind").equals("silence")).extracting(a -> a.get("series_by"))
                .containsOnly("source"); // the account still sends CloudTrail
        assertThat(first.detections()).extracting(Detection::ruleUid).contains("volume-anomaly", "source-silent", "new-source");
        assertThat(first.stored()).isEqualTo(stored.size());
        long detections = jdbc.queryForObject("SELECT count(*) FROM detections", Long.class);
        assertThat(detections).isEqualTo(stored.size());
        assertThat(jdbc.queryForList("SELECT uid FROM detections", String.class))
                .containsExactlyInAnyOrderElementsOf(stored.stream().map(a -> (String) a.get("detection_uid")).toList());

        VolumePredictions.Result second = predictions().recompute(TENANT);
        assertThat(anomalies()).isEqualTo(stored);
        assertThat(second.stored()).isZero();
        assertThat(second.detections()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM detections", Long.class)).isEqualTo(detections);
    }

    @Test
    void aSilentSourceDetectionNamesTheSourceAsAResource() {
        predictions().recompute(TENANT);
        String entities = jdbc.queryForObject("SELECT entities::text FROM detections WHERE rule_uid = 'source-silent' "
                + "AND detection->'anomaly'->'series'->>'by' = 'source'", String.class);
        assertThat(entities).contains("\"type\": \"resource\"", "\"value\": \"VPC_FLOW\"");
    }

    @Test
    void aFailingTenantIsCountedAndLeavesNoDetectionsForTheRoute() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        PredictionSettings settings = new Binder().bindOrCreate("lake.predictions", PredictionSettings.class);
        VolumePredictions broken = new VolumePredictions(new RollupSeries(t -> {
            throw new IllegalStateException("store down");
        }), new AnomalyTable(t -> db), new DetectionTable(t -> db), metrics, settings, Clock.fixed(NOW, ZoneOffset.UTC));
        List<Detection> raised = broken.recomputeTenant("globex");

        assertThat(metrics.counter("lake.predictions.failures", "tenant", "globex").count()).isEqualTo(1);
        assertThat(raised).isEmpty();
    }

    @Test
    void ofTwoRunsAtOnceOnlyOneGetsTheTenants() throws Exception {
        DataSource control = LakeTestStack.controlDatabase("predictlock");
        PredictionRuns runs = new PredictionRuns(control, () -> Set.of("acme", "globex"));
        PredictionRun first = runs.begin();
        PredictionRun second = runs.begin();
        assertThat(first.tenants()).containsExactlyInAnyOrder("acme", "globex");
        assertThat(second.tenants()).isEmpty();
        assertThat(second.lock()).isNull();
        assertThat(runs.end(second)).isEmpty();
        assertThat(runs.end(first)).as("the route's result: the tenants run for").containsExactlyInAnyOrder("acme", "globex");

        PredictionRun third = runs.begin();
        assertThat(third.tenants()).hasSize(2);
        runs.end(third);
    }
}
