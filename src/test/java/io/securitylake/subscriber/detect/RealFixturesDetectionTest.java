package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.sigma.SigmaCorrelation;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The starter pack and the lake-finding step on the real Security Lake files of the shared fixtures folder
 * (OCSF 1.0.0-rc.2 and 1.1.0, system property {@code lake.fixtures}; skipped without them): exactly the
 * detections an analyst would expect from each.
 */
class RealFixturesDetectionTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("1.0.0-rc.2_CLOUD_TRAIL_authentication_ConsoleLogin.test.gz.parquet", List.of("aws-console-login-without-mfa")),
                Arguments.of("1.0.0-rc.2_CLOUD_TRAIL_account_change_CreateUser.test.gz.parquet", List.of("aws-iam-user-created")),
                Arguments.of("1.0.0-rc.2_CLOUD_TRAIL_authentication_AssumeRole.test.gz.parquet", List.of()),
                Arguments.of("1.0.0-rc.2_CLOUD_TRAIL_api_activity_general_CT_events__CreateLoadBalancer.test.gz.parquet", List.of()),
                Arguments.of("1.0.0-rc.2_SH_FINDINGS_example0.json.gz.parquet", List.of("lake-finding")),
                Arguments.of("1.0.0-rc.2_VPC_FLOW_example0.gz.parquet", List.of()),
                Arguments.of("1.0.0-rc.2_ROUTE53_example0.json.gz.parquet", List.of()),
                Arguments.of("1.1.0_EKS_test.parquet", List.of()));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("fixtures")
    void aRealSecurityLakeFileRaisesExactlyTheExpectedDetections(String file, List<String> rules) {
        Path path = fixtureDir().resolve(file);
        List<Map<String, Object>> events = new ArrayList<>();
        try (EventChunks chunks = new ParquetEventReader().open(path, 1000)) {
            chunks.forEachRemaining(events::addAll);
        }
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            rows.add(new EventRow(file + "#" + i, (Long) events.get(i).get("time"), (Integer) events.get(i).get("class_uid"),
                    null, (Integer) events.get(i).get("severity_id"), null, null, null, new byte[0]));
        }
        Detector detector = new Detector(StarterPack.load(), null, new LakeMetrics(new SimpleMeterRegistry()), 1000);

        List<Detection> found = detector.evaluate(new TenantBatch("t", "b", file, rows, events));

        assertThat(found).extracting(Detection::ruleUid).containsExactlyElementsOf(rules);
        if (rules.contains("lake-finding")) {
            assertThat(found.get(0).ruleTitle()).startsWith("EC2.19");
            assertThat(found.get(0).uid()).isEqualTo(Detection.uidOf("lake-finding",
                    "arn:aws:securityhub:us-east-1:123456789100:subscription/cis-aws-foundations-benchmark/v/1.2.0/3.9/finding/randomsample"));
            assertThat(found.get(0).firstSeenMs()).isEqualTo(1635449619417L);
            assertThat(found.get(0).lastSeenMs()).isEqualTo(1659636565316L);
        }
        if (rules.contains("aws-console-login-without-mfa")) {
            assertThat(found.get(0).entities()).contains(new Entities.Entity("user", "anaya"), new Entities.Entity("ip", "192.0.2.0"));
        }
    }

    @Test
    void theRealVpcFlowFileFeedsThePortScanWithTheSourceAddressAndPortOfEachRefusedFlow() {
        String file = "1.0.0-rc.2_VPC_FLOW_example0.gz.parquet";
        List<Map<String, Object>> events = new ArrayList<>();
        try (EventChunks chunks = new ParquetEventReader().open(fixtureDir().resolve(file), 1000)) {
            chunks.forEachRemaining(events::addAll);
        }
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            rows.add(new EventRow(file + "#" + i, (Long) events.get(i).get("time"), (Integer) events.get(i).get("class_uid"),
                    null, null, null, null, null, new byte[0]));
        }
        Detector detector = new Detector(StarterPack.load(), null, new LakeMetrics(new SimpleMeterRegistry()), 1000);

        Map<SigmaCorrelation, List<CorrelationTable.Hit>> hits = detector.evaluateAll(new TenantBatch("t", "b", file, rows, events)).hits();

        long refused = events.stream().filter(e -> Integer.valueOf(2).equals(e.get("disposition_id"))).count();
        List<CorrelationTable.Hit> scan = hits.entrySet().stream().filter(e -> e.getKey().uid().equals("aws-vpcflow-port-scan"))
                .flatMap(e -> e.getValue().stream()).toList();
        assertThat(refused).isPositive();
        assertThat(scan).hasSize((int) refused).allSatisfy(h -> {
            assertThat(h.groupKey()).matches("\\[\"[0-9a-f.:]+\"\\]");
            assertThat(h.value()).matches("[0-9]+");
        });
    }

    private static Path fixtureDir() {
        String root = System.getProperty("lake.fixtures");
        assumeTrue(root != null && !root.isBlank(), "system property lake.fixtures is not set");
        Path dir = Path.of(root, "parquet");
        assumeTrue(Files.isDirectory(dir), "no fixtures at " + dir);
        return dir;
    }
}
