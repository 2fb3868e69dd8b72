package io.securitylake.subscriber.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.Entities.Entity;
import io.securitylake.subscriber.detect.StoredDetections;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's scripted attacks fire the starter rules they are written for, on entities that make them one story. */
class DemoScenariosTest {

    private static List<Detection> detections(Path dir, DemoScenarios.Scripted object) {
        Path file = dir.resolve(object.batch().seed() + ".parquet");
        DemoScenarios.write(file, object);
        List<Map<String, Object>> events = new ArrayList<>();
        try (EventChunks chunks = new ParquetEventReader().open(file, 1000)) {
            chunks.forEachRemaining(events::addAll);
        }
        return StoredDetections.evaluate(events);
    }

    @Test
    void eachTenantsStoriesFireTheirRulesOnSharedEntities(@TempDir Path dir) {
        Instant now = Instant.parse("2026-11-30T20:25:13Z");
        List<DemoScenarios.Scripted> actOne = DemoScenarios.act(1, now, 7);
        List<DemoScenarios.Scripted> actTwo = DemoScenarios.act(2, now.plusSeconds(15), 8);
        assertThat(actOne).hasSize(2);
        assertThat(actTwo).hasSize(2);
        assertThat(DemoScenarios.act(3, now, 9)).isEmpty();
        for (int tenant = 0; tenant < 2; tenant++) {
            List<Detection> first = detections(dir, actOne.get(tenant));
            List<Detection> second = detections(dir, actTwo.get(tenant));
            assertThat(first).extracting(Detection::ruleUid).containsExactlyInAnyOrder("aws-console-login-without-mfa",
                    "aws-iam-access-key-created", "aws-cloudtrail-stop-logging", "aws-console-login-without-mfa",
                    "aws-iam-mfa-device-removed");
            assertThat(second).extracting(Detection::ruleUid).containsExactly("crowdstrike-credential-dumping");
            Entity intruder = first.stream().filter(d -> d.ruleUid().equals("aws-cloudtrail-stop-logging")).findFirst()
                    .orElseThrow().entities().stream().filter(e -> e.type().equals("user")).findFirst().orElseThrow();
            assertThat(second.get(0).entities()).contains(intruder);
            assertThat(first.stream().filter(d -> d.entities().contains(intruder))).hasSize(3);
        }
    }
}
