package io.securitylake.subscriber.ops;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static io.securitylake.subscriber.stack.LakeTestStack.objectCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every pipeline metric is published at /actuator/prometheus and moves when an object flows through. */
class MetricsTest extends RunningService {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int EVENTS = 5000;

    @Autowired
    JdbcTemplate control;
    @Autowired
    TenantStores stores;
    @Autowired
    MeterRegistry registry;
    @TempDir
    Path tmp;

    @Test
    void pipelineAndRouteMetricsMoveWhenAnObjectIsStored() throws Exception {
        PrometheusText before = scrape();
        long seed = System.nanoTime();
        Path file = tmp.resolve("object.parquet");
        DemoLake.write(file, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, "us-east-1", EVENTS, seed,
                CompressionCodecName.ZSTD);
        String key = DemoSource.CLOUD_TRAIL_MGMT.key(ACME_ACCOUNT, "us-east-1", LocalDate.now(), seed);
        LakeTestStack.putObject(key, file);

        send(objectCreated(key, Files.size(file)));
        AtomicLong inFlightSeen = new AtomicLong();
        await(WAIT, key + " is done", () -> {
            inFlightSeen.accumulateAndGet((long) registry.get("lake.sqs.messages.in.flight").gauge().value(), Math::max);
            return "done".equals(control.queryForList(
                    "SELECT status FROM lake_objects WHERE object_key = ?", String.class, key).stream().findFirst().orElse(null));
        });
        await(WAIT, "the object is counted", () -> scrape().sum("lake_objects_total", "status=\"done\"", "tenant=\"acme\"")
                > before.sum("lake_objects_total", "status=\"done\"", "tenant=\"acme\""));
        await(WAIT, "the queue gauge is back to 0", () -> registry.get("lake.sqs.messages.in.flight").gauge().value() == 0);
        PrometheusText after = scrape();

        List<Map<String, Object>> perClass = new JdbcTemplate(stores.dataSource("acme")).queryForList(
                "SELECT class_uid, count(*) AS n FROM events WHERE object_key = ? GROUP BY class_uid", key);
        assertThat(perClass).isNotEmpty();
        for (Map<String, Object> row : perClass) {
            String classLabel = "class_uid=\"" + row.get("class_uid") + "\"";
            assertThat(after.sum("lake_events_stored_total", "tenant=\"acme\"", classLabel)
                    - before.sum("lake_events_stored_total", "tenant=\"acme\"", classLabel))
                    .as("events stored of class %s", row.get("class_uid"))
                    .isEqualTo(((Number) row.get("n")).doubleValue());
        }
        assertThat(delta(before, after, "lake_bytes_read_total")).isEqualTo((double) Files.size(file));
        assertThat(delta(before, after, "lake_chunk_write_seconds_count")).isGreaterThanOrEqualTo(EVENTS / 1000.0);
        assertThat(delta(before, after, "lake_lag_seconds_count")).isEqualTo(1.0);
        assertThat(after.sum("lake_lag_seconds_max")).isPositive();
        assertThat(inFlightSeen.get()).as("messages in flight while the object was read").isGreaterThanOrEqualTo(1);
        assertThat(after.has("lake_sqs_messages_waiting")).isTrue();
        assertThat(delta(before, after, "camel_exchanges_total", "routeId=\"ingest-object\"")).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "camel_exchanges_total", "routeId=\"store-chunk\"")).isGreaterThanOrEqualTo(5);
        assertThat(after.has("camel_exchanges_inflight")).isTrue();
    }

    @Test
    void skippedObjectIsCountedByStatus() {
        PrometheusText before = scrape();
        String metadata = "aws/CLOUD_TRAIL_MGMT/2.0/metadata/" + System.nanoTime() + "-snap.avro";
        LakeTestStack.putObject(metadata, new byte[] {1, 2, 3});
        send(objectCreated(metadata, 3));
        await(WAIT, "the skipped object is counted", () -> scrape().sum("lake_objects_total", "status=\"skip\"")
                > before.sum("lake_objects_total", "status=\"skip\""));
    }

    private static double delta(PrometheusText before, PrometheusText after, String metric, String... labels) {
        return after.sum(metric, labels) - before.sum(metric, labels);
    }

    private PrometheusText scrape() {
        var response = actuator().get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }
}
