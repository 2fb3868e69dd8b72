package io.securitylake.subscriber.ingest;

import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@link WritersMatrix writers' matrix}, each writer's files stored whole through the real ingestion path
 * (SQS, S3, the reader, the store, detection) and raising the same detections.
 */
@SpringBootTest
class WritersMatrixTest {

    private static final Logger LOG = LoggerFactory.getLogger(WritersMatrixTest.class);
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String QUEUE = "writers-matrix";

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, QUEUE);
    }

    @Autowired
    TenantStores stores;
    @TempDir
    Path tmp;
    private final LakeProbe probe = new LakeProbe();

    @Test
    void everyWritersFilesAreStoredWholeAndRaiseTheSameDetections() throws IOException {
        WritersMatrix matrix = new WritersMatrix(tmp);
        Map<String, List<String>> keys = matrix.upload();
        keys.values().forEach(objects -> objects.forEach(key -> probe.announce(LakeTestStack.queueUrl(QUEUE), key)));

        List<String> table = new ArrayList<>();
        table.add("| writer | objects | events in | stored | values kept as written | detections |");
        for (Map.Entry<String, List<String>> writer : keys.entrySet()) {
            writer.getValue().forEach(key -> await(WAIT, key + " is done", () -> "done".equals(probe.status(key))));
            long stored = probe.control().queryForObject(
                    "SELECT sum(rows_stored) FROM lake_objects WHERE object_key = ANY(?)", Long.class,
                    (Object) writer.getValue().toArray(String[]::new));
            List<String> rules = WritersMatrix.detections(tenant(), "tenant_acme", writer.getValue());
            long kept = tenant().queryForObject("SELECT count(*) FROM events WHERE object_key = ANY(?) "
                    + "AND event->'_lake' ?? 'kept_as_written'", Long.class, (Object) writer.getValue().toArray(String[]::new));
            table.add("| %s | %d | %d | %d | %d | %d: %s |".formatted(writer.getKey(), writer.getValue().size(),
                    matrix.eventsPerWriter(), stored, kept, rules.size(), String.join(", ", rules)));
            assertThat(stored).as("events of %s stored", writer.getKey()).isEqualTo(matrix.eventsPerWriter());
            assertThat(rules).as("detections of %s", writer.getKey()).isEqualTo(WritersMatrix.EXPECTED_RULES);
            assertThat(kept).as("events of %s with a value not of its OCSF type", writer.getKey()).isZero();
        }
        LOG.info("writers' matrix:\n{}", String.join("\n", table));
    }

    private JdbcTemplate tenant() {
        return new JdbcTemplate(stores.dataSource("acme"));
    }
}
